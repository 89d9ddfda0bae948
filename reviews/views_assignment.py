"""Program officers choose a proposal's reviewers on a page of their own, and read the
workload of their missions' reviewers.

The workspace's Reviewers section (`reviewer_section`) lists the reviewers and, for a program
officer of the mission, links to the proposal's Reviewers page (`ProposalReviewersView`): there,
while the reviews run, a form to add one and, for each reviewer who has not submitted, forms to
replace or withdraw them, each choice with the reviewers' workload. The workload is counted
over every assignment of the mission, so it is counted there only, when an officer sets out to
change the reviewers, not on every reading of the workspace. The changes are POST only; each
comes back to that page saying what happened, or why not."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
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


def reviewer_section(user, proposal: Proposal, assignments: list[ReviewAssignment]) -> dict:
    """The context of the workspace's Reviewers section: every assignment (recused and
    withdrawn ones marked; selectors.proposal_assignment_list), whether the user may change
    them now (a link to the proposal's Reviewers page) and whether they may read the
    reviewers' workload."""
    return {
        "reviewer_rows": [ReviewerRow(assignment) for assignment in assignments],
        "can_change_reviewers": permissions.can_change_reviewers(user, proposal),
        "can_view_reviewer_load": permissions.can_view_reviewer_load(user),
    }


def reviewer_forms(user, proposal: Proposal) -> dict:
    """The context of the proposal's Reviewers page: every assignment with the forms open to
    the user (to replace or withdraw), the form to add one, and the link to the workload.
    Two queries: the assignments, and, while they may be changed, the mission's reviewers
    with their workload."""
    can_change = permissions.can_change_reviewers(user, proposal)
    options = selectors.reviewer_options_for(proposal) if can_change else []
    rows = []
    for assignment in selectors.proposal_assignment_list(proposal):
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


class ProposalReviewersMixin(StaffPageMixin):
    """A proposal of the user's missions (a 404 otherwise), for its Reviewers page and the
    changes made from it (neither shows its content: its rows are not read)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.proposal = selectors.proposal_get_for_staff(
                request.user, kwargs["pk"], parts=False
            )
        return super().dispatch(request, *args, **kwargs)


class ProposalReviewersView(ProposalReviewersMixin, View):
    """The proposal's reviewers with the forms to change them, for its program officers (a 404
    for the other staff who see the proposal: they read the reviewers in the workspace)."""

    def get(self, request, pk):
        if not permissions.can_manage_reviewers(request.user, self.proposal):
            raise Http404
        return render(
            request,
            "reviews/proposal_reviewers.html",
            {
                "proposal": self.proposal,
                "can_change": permissions.can_change_reviewers(request.user, self.proposal),
                **reviewer_forms(request.user, self.proposal),
            },
        )


class ReviewerChangeView(ProposalReviewersMixin, View):
    """A change to the proposal's reviewers, POST only: the proposal comes from the user's
    missions (a 404 otherwise), and only its program officers may change them (a 403 for the
    other staff who see it). Back to the proposal's Reviewers page."""

    http_method_names = ["post"]

    def post(self, request, **kwargs):
        if not permissions.can_manage_reviewers(request.user, self.proposal):
            raise PermissionDenied
        try:
            messages.success(request, self.change(request, **kwargs))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("reviews:proposal-reviewers", self.proposal.pk)

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
