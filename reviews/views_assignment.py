"""Program officers choose a proposal's reviewers from its workspace, and read the workload of
their missions' reviewers.

The workspace's Reviewers section (`reviewer_section` gives its context) lists the reviewers,
with, for a program officer of the mission while the reviews run, a form to add one and, for
each reviewer who has not submitted, forms to replace or withdraw them. The changes are POST
only; each comes back to the section saying what happened, or why not."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from programs.access import StaffPageMixin
from proposals.models import Proposal

from . import permissions, selectors, services
from .forms import ReviewerChoiceForm
from .models import ReviewAssignment


@dataclass(frozen=True)
class ReviewerRow:
    """One reviewer of the proposal, with the officer's forms when they may be changed."""

    assignment: ReviewAssignment
    replace_form: ReviewerChoiceForm | None = None
    remove_form: ReviewerChoiceForm | None = None


def _has_started(assignment: ReviewAssignment) -> bool:
    review = getattr(assignment, "review", None)
    return review is not None and not review.is_submitted


def reviewer_section(user, proposal: Proposal) -> dict:
    """The context of the workspace's Reviewers section: every assignment (recused and
    withdrawn ones marked), the forms open to the user, and whether they may read the
    reviewers' workload. Two queries, and one more for an officer who may change them."""
    assignments = proposal.review_assignments.select_related("reviewer", "review", "withdrawn_by")
    can_change = permissions.can_change_reviewers(user, proposal)
    options = selectors.reviewer_options_for(proposal) if can_change else []
    rows = []
    for assignment in assignments:
        if not permissions.can_withdraw_reviewer(user, assignment):
            rows.append(ReviewerRow(assignment))
            continue
        name = assignment.reviewer.get_full_name()
        started = _has_started(assignment)
        rows.append(
            ReviewerRow(
                assignment,
                replace_form=ReviewerChoiceForm(
                    options=options,
                    confirm=started,
                    auto_id=f"id_replace_{assignment.pk}_%s",
                    label=_("Reviewer in place of %(name)s") % {"name": name},
                ),
                remove_form=ReviewerChoiceForm(
                    choose=False, confirm=started, auto_id=f"id_remove_{assignment.pk}_%s"
                ),
            )
        )
    return {
        "reviewer_rows": rows,
        "add_reviewer_form": (
            ReviewerChoiceForm(options=options, auto_id="id_add_%s", label=_("Reviewer to add"))
            if can_change
            else None
        ),
        "can_view_reviewer_load": permissions.can_view_reviewer_load(user),
    }


class ReviewerChangeView(StaffPageMixin, View):
    """A change to the proposal's reviewers, POST only: the proposal comes from the user's
    missions (a 404 otherwise), and only its program officers may change them (a 403 for the
    other staff who see it). Back to the workspace's Reviewers section."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.proposal = selectors.proposal_get_for_staff(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, **kwargs):
        if not permissions.can_manage_reviewers(request.user, self.proposal):
            raise PermissionDenied
        try:
            messages.success(request, self.change(request, **kwargs))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(reverse("reviews:workspace", args=[self.proposal.pk]) + "#reviewers-title")

    def change(self, request, **kwargs) -> str:
        """Make the change; return what to tell the officer."""
        raise NotImplementedError

    def assignment(self, assignment_pk: int) -> ReviewAssignment:
        return get_object_or_404(
            self.proposal.review_assignments.select_related("reviewer"), pk=assignment_pk
        )

    @staticmethod
    def valid(form: ReviewerChoiceForm) -> dict:
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        return form.cleaned_data


class ReviewerAddView(ReviewerChangeView):
    def change(self, request, **kwargs) -> str:
        form = ReviewerChoiceForm(
            request.POST,
            options=selectors.reviewer_options_for(self.proposal),
        )
        self.valid(form)
        assignment = services.reviewer_add(
            proposal=self.proposal, reviewer=form.chosen_reviewer(), actor=request.user
        )
        return _("%(name)s is asked to review this proposal.") % {
            "name": assignment.reviewer.get_full_name()
        }


class ReviewerReplaceView(ReviewerChangeView):
    def change(self, request, assignment_pk, **kwargs) -> str:
        old = self.assignment(assignment_pk)
        form = ReviewerChoiceForm(
            request.POST,
            options=selectors.reviewer_options_for(self.proposal),
            confirm=True,
        )
        data = self.valid(form)
        new = services.reviewer_replace(
            assignment=old,
            reviewer=form.chosen_reviewer(),
            actor=request.user,
            confirm=data["confirm"],
        )
        return _("%(new)s reviews this proposal in place of %(old)s.") % {
            "new": new.reviewer.get_full_name(),
            "old": old.reviewer.get_full_name(),
        }


class ReviewerRemoveView(ReviewerChangeView):
    def change(self, request, assignment_pk, **kwargs) -> str:
        assignment = self.assignment(assignment_pk)
        form = ReviewerChoiceForm(request.POST, choose=False, confirm=True)
        data = self.valid(form)
        services.reviewer_remove(assignment=assignment, actor=request.user, confirm=data["confirm"])
        return _("%(name)s no longer reviews this proposal.") % {
            "name": assignment.reviewer.get_full_name()
        }


class ReviewerLoadView(StaffPageMixin, View):
    """The reviewers of the officer's missions (every mission for an administrator), with
    their open, submitted and overdue reviews; a 404 for other staff."""

    def get(self, request):
        if not permissions.can_view_reviewer_load(request.user):
            raise Http404
        return render(
            request,
            "reviews/reviewer_load.html",
            {"rows": selectors.reviewer_load_for(request.user)},
        )
