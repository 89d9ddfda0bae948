"""Staff pages of one proposal: the workspace, screening and internal comments."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from core.forms import add_service_errors
from core.htmx import is_autosave
from core.languages import language_codes
from programs.access import StaffPageMixin
from proposals.downloads import attachment_download
from proposals.models import Proposal
from proposals.permissions import can_request_information
from proposals.printing import content_version, pdf_download, proposal_content
from proposals.selectors import information_requests_of
from proposals.services import information_request_create

from . import permissions, selectors, services
from .eligibility import prefilled_checks
from .forms import (
    ApprovalForm,
    CommentForm,
    DeclarationForm,
    InformationRequestForm,
    RecommendationForm,
    ReviewForm,
    ScreeningForm,
)
from .models import ReviewAssignment
from .views_assignment import reviewer_section

# The due date the question form suggests.
INFORMATION_DELAY = timedelta(days=10)


class StaffProposalMixin(StaffPageMixin):
    """Staff pages of one proposal: it comes from the user's missions, or it is a 404."""

    # Whether the page reads the proposal's rows and attachments with it.
    with_parts = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.proposal = selectors.proposal_get_for_staff(
                request.user, kwargs["pk"], parts=self.with_parts
            )
        return super().dispatch(request, *args, **kwargs)


def decision_form_for(user, proposal: Proposal, data=None):
    """The form of the decision step open to this user, if any: the officer recommends a
    reviewed proposal; an approver decides a recommended or waiting one."""
    language = proposal.get_language_display()
    if proposal.status == Proposal.Status.REVIEWED and permissions.is_officer_of(user, proposal):
        return RecommendationForm(data, applicant_language=language)
    decision = getattr(proposal, "decision", None)
    if decision is not None and permissions.can_decide(user, proposal):
        return ApprovalForm(
            data,
            applicant_language=language,
            initial={
                "recommendation": decision.recommendation,
                "amount": decision.amount,
                "reasons_for_applicant": decision.reasons_for_applicant,
                "ge_code": decision.ge_code,
            },
        )
    return None


def decision_record(*, form, proposal: Proposal, actor) -> str:
    """Record what a valid form of `decision_form_for` says, through the decision services (their
    ValidationError goes back to the caller); return the confirmation to show."""
    if isinstance(form, RecommendationForm):
        services.decision_recommend(proposal=proposal, actor=actor, **form.cleaned_data)
        return _("The recommendation is recorded.")
    services.decision_approve(decision=proposal.decision, actor=actor, **form.cleaned_data)
    return _(
        "The decision is recorded and held: the applicant hears of it when it is released from "
        "the committee page."
    )


class WorkspaceView(StaffProposalMixin, View):
    """Every section, the files, the timeline, internal comments and the allowed actions.

    The sections and files are kept rendered per proposal version and language
    (`content_version`, `{% cache %}` in the template): the proposal's rows and attachments
    are read, and its content built, only when that rendering is not kept in this process.
    """

    with_parts = False

    def render_page(
        self, request, comment_form, *, information_form=None, decision_form=None, status=200
    ):
        proposal = self.proposal
        if information_form is None and can_request_information(request.user, proposal):
            information_form = InformationRequestForm(
                initial={"due_date": timezone.localdate() + INFORMATION_DELAY}
            )
        if decision_form is None:
            decision_form = decision_form_for(request.user, proposal)
        assignments = selectors.proposal_assignment_list(proposal)
        return render(
            request,
            "reviews/workspace.html",
            {
                "proposal": proposal,
                "information_requests": information_requests_of(proposal),
                "information_form": information_form,
                "call": proposal.call,
                "parts": SimpleLazyObject(
                    lambda: proposal_content(selectors.proposal_parts_read(proposal))
                ),
                "content_version": content_version(proposal),
                "attachment_url": "reviews:attachment",
                "events": selectors.proposal_timeline(proposal),
                **reviewer_section(request.user, proposal, assignments),
                "comments": selectors.internal_comment_list(proposal),
                "comment_form": comment_form,
                "can_screen": permissions.can_screen_proposal(request.user, proposal),
                "can_comment": permissions.can_comment_proposal(request.user, proposal),
                "screening": getattr(proposal, "screening", None),
                "decision": getattr(proposal, "decision", None),
                "summary": getattr(proposal, "review_summary", None),
                "decision_form": decision_form,
                "proposal_reviews": selectors.proposal_reviews_for(
                    request.user, proposal, assignments
                ),
            },
            status=status,
        )

    def get(self, request, pk):
        services.staff_view_record(proposal=self.proposal, actor=request.user, request=request)
        return self.render_page(request, CommentForm())

    def post(self, request, pk):
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.comment_add(
                    proposal=self.proposal, actor=request.user, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Comment added."))
                return redirect("reviews:workspace", self.proposal.pk)
        return self.render_page(request, form, status=400)


class InformationRequestView(WorkspaceView):
    """A program officer asks the applicant a question, from the workspace."""

    http_method_names = ["post"]

    def post(self, request, pk):
        form = InformationRequestForm(request.POST)
        if form.is_valid():
            try:
                information_request_create(
                    proposal=self.proposal, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The question is sent. The proposal waits for the answer.")
                )
                return redirect("reviews:workspace", self.proposal.pk)
        return self.render_page(request, CommentForm(), information_form=form, status=400)


class ScreeningView(StaffProposalMixin, View):
    """The eligibility checks, prefilled where the system can tell, and the outcome."""

    def render_page(self, request, form, status=200):
        return render(
            request,
            "reviews/screening.html",
            {"proposal": self.proposal, "call": self.proposal.call, "form": form},
            status=status,
        )

    def get(self, request, pk):
        if not permissions.can_screen_proposal(request.user, self.proposal):
            raise Http404
        form = ScreeningForm(checks=prefilled_checks(self.proposal))
        return self.render_page(request, form)

    def post(self, request, pk):
        if not permissions.can_screen_proposal(request.user, self.proposal):
            raise Http404
        form = ScreeningForm(request.POST, checks=prefilled_checks(self.proposal))
        if form.is_valid():
            try:
                services.screening_record(
                    proposal=self.proposal,
                    actor=request.user,
                    checks=form.check_answers(),
                    outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The screening is recorded."))
                return redirect("reviews:workspace", self.proposal.pk)
        return self.render_page(request, form, status=400)


class AttachmentView(StaffProposalMixin, View):
    """A proposal's file for staff of its mission; each download is audited."""

    with_parts = False  # the file is read alone

    def get(self, request, pk, attachment_pk):
        attachment = get_object_or_404(self.proposal.attachments, pk=attachment_pk)
        return attachment_download(request, attachment)


# The reasons of the suggested gender-equality code, as the reviewer reads them.
GE_REASONS = {
    "principal_objective": gettext_lazy("Gender equality is the project's priority area."),
    "ratio_high": gettext_lazy("Most checklist answers are yes."),
    "ratio_medium": gettext_lazy("About half of the checklist answers are yes."),
    "ratio_low": gettext_lazy("Few checklist answers are yes."),
    "required_item_no": gettext_lazy("A required item is answered no."),
    "women_not_consulted": gettext_lazy("The proposal says women and girls were not consulted."),
    "women_consultation_unknown": gettext_lazy(
        "The proposal does not say whether women and girls were consulted."
    ),
    "no_disaggregated_targets": gettext_lazy("Targets are not broken down by sex and age."),
    "all_na": gettext_lazy("Every checklist item is marked as not applying."),
}


class ReviewerListView(StaffPageMixin, View):
    """The reviewer's assignments: what to declare, what to review, by when."""

    def get(self, request):
        return render(
            request,
            "reviews/assignment_list.html",
            {"assignments": selectors.assignment_list_for(request.user)},
        )


def review_feedback(review) -> dict:
    """What the reviewer reads beside the form and what each autosave brings up to date: the
    suggested code with its reasons (none before any checklist answer) and what is missing."""
    suggestion = selectors.ge_suggestion(review) if review.answers else None
    return {
        "suggestion": suggestion,
        "suggestion_reasons": [GE_REASONS[reason] for reason in suggestion.reasons]
        if suggestion
        else [],
        "missing": selectors.review_missing(review),
    }


class AssignmentView(StaffPageMixin, View):
    """Before the declaration: only reference, title and organization. After declaring no
    conflict: the proposal and the review form; once submitted, the review as sent.
    Recused: nothing more."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.assignment = selectors.assignment_get_for(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request, *, declaration_form=None, review_form=None, status=200):
        assignment = self.assignment
        context = {"assignment": assignment, "proposal": assignment.proposal}
        if assignment.declaration == ReviewAssignment.Declaration.PENDING:
            context["declaration_form"] = declaration_form or DeclarationForm()
        elif assignment.declaration == ReviewAssignment.Declaration.NO_CONFLICT:
            review = services.review_start(assignment=assignment, actor=request.user)
            proposal = selectors.proposal_for_reviewer(assignment)
            context.update(
                review=review,
                parts=proposal_content(proposal),
                proposal=proposal,
                call=proposal.call,
                attachment_url="reviewer:attachment",
                attachment_args=assignment.pk,
                information_requests=information_requests_of(proposal),
                other_reviews=selectors.other_reviews_for(assignment),
            )
            if review.is_submitted:
                context["reading"] = selectors.review_reading(review)
            else:
                context.update(
                    review_form=review_form or ReviewForm(review=review),
                    **review_feedback(review),
                )
            services.staff_view_record(proposal=proposal, actor=request.user, request=request)
        return render(request, "reviews/assignment.html", context, status=status)

    def get(self, request, pk):
        return self.render_page(request)

    def post(self, request, pk):
        if "declare" in request.POST:
            return self.declare(request)
        return self.save(request)

    def declare(self, request):
        form = DeclarationForm(request.POST)
        if form.is_valid():
            try:
                services.assignment_declare(
                    assignment=self.assignment,
                    actor=request.user,
                    conflict=form.cleaned_data["conflict"],
                    explanation=form.cleaned_data["explanation"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your declaration is recorded."))
                return redirect("reviewer:assignment", self.assignment.pk)
        return self.render_page(request, declaration_form=form, status=400)

    def save(self, request):
        review = services.review_start(assignment=self.assignment, actor=request.user)
        form = ReviewForm(request.POST, review=review)
        autosave = is_autosave(request)
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        if form.is_valid():
            try:
                review = services.review_save(
                    review=review, actor=request.user, data=form.review_data(), version=version
                )
                if "submit" in request.POST:
                    services.review_submit(review=review, actor=request.user)
            except ValidationError as error:
                if autosave:
                    return render(
                        request,
                        "proposals/partials/_save_status.html",
                        {"errors": error.messages, "version": version},
                        status=400,
                    )
                add_service_errors(form, error)
            else:
                if autosave:
                    return render(
                        request,
                        "reviews/partials/_review_autosave.html",
                        {
                            "saved_at": timezone.now(),
                            "version": review.version,
                            **review_feedback(review),
                        },
                    )
                messages.success(
                    request,
                    _("Your review is submitted.") if "submit" in request.POST else _("Saved."),
                )
                return redirect("reviewer:assignment", self.assignment.pk)
        return self.render_page(request, review_form=form, status=400)


class ReviewerAttachmentView(StaffPageMixin, View):
    """A file of the proposal, for a reviewer who declared no conflict; audited."""

    def get(self, request, pk, attachment_pk):
        assignment = selectors.assignment_get_for(request.user, pk)
        if assignment.declaration != ReviewAssignment.Declaration.NO_CONFLICT:
            raise Http404
        attachment = get_object_or_404(assignment.proposal.attachments, pk=attachment_pk)
        return attachment_download(request, attachment)


class DecisionView(WorkspaceView):
    """The officer's recommendation, or the approver's decision, on one proposal; with
    errors, the workspace again with the form as typed."""

    http_method_names = ["post"]

    def post(self, request, pk):
        proposal = self.proposal
        form = decision_form_for(request.user, proposal, request.POST)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                message = decision_record(form=form, proposal=proposal, actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect("reviews:workspace", proposal.pk)
        return self.render_page(request, CommentForm(), decision_form=form, status=400)


class DecisionLetterPreviewView(StaffProposalMixin, View):
    """The decision letter as the applicant will receive it, in the proposal's language (or
    the one asked for), for staff to read before release."""

    def get(self, request, pk):
        proposal = self.proposal
        decision = getattr(proposal, "decision", None)
        if decision is None or decision.decided_at is None:
            raise Http404
        language = request.GET.get("language") or proposal.language
        if language not in language_codes():
            raise Http404
        return pdf_download(
            "pdf/decision_letter.html",
            {"proposal": proposal, "call": proposal.call, "decision": decision},
            language,
            f"{proposal.reference}-decision-{language}.pdf",
            inline=True,
        )


class DecisionReleaseView(StaffPageMixin, View):
    """An approver releases the call's held decisions (all, or one): a page that says exactly
    who will be told what, then the release."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.call = selectors.call_get_for_committee(request.user, kwargs["call_pk"])
            if not permissions.can_release_decisions(request.user, self.call):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def held(self, request):
        held = selectors.decisions_held(self.call)
        only = request.GET.get("decision") or request.POST.get("decision")
        if only:
            held = [proposal for proposal in held if str(proposal.decision.pk) == only]
            if not held:
                raise Http404
        return held

    def get(self, request, call_pk):
        return render(
            request,
            "reviews/decision_release.html",
            {"call": self.call, "held": self.held(request)},
        )

    def post(self, request, call_pk):
        held = self.held(request)
        count = services.decisions_release(
            call=self.call,
            actor=request.user,
            decision_ids=[proposal.decision.pk for proposal in held],
        )
        messages.success(
            request,
            ngettext(
                "%(count)s decision released: its applicants are told.",
                "%(count)s decisions released: their applicants are told.",
                count,
            )
            % {"count": count},
        )
        return redirect("reviews:committee", self.call.pk)
