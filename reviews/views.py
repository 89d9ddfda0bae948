"""Staff pages of one proposal: the workspace, screening and internal comments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from cfli.core.forms import add_service_errors
from cfli.programs.views import StaffPageMixin
from cfli.proposals.services import attachment_download_record
from cfli.proposals.views import attachment_response
from cfli.proposals.views_print import proposal_content

from . import permissions, services
from .eligibility import prefilled_checks
from .forms import CommentForm, ScreeningForm
from .selectors import proposal_get_for_staff


class StaffProposalMixin(StaffPageMixin):
    """Staff pages of one proposal: it comes from the user's missions, or it is a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.proposal = proposal_get_for_staff(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class WorkspaceView(StaffProposalMixin, View):
    """Every section, the files, the timeline, internal comments and the allowed actions."""

    def render_page(self, request, comment_form, status=200):
        proposal = self.proposal
        return render(
            request,
            "reviews/workspace.html",
            {
                "proposal": proposal,
                "call": proposal.call,
                "parts": proposal_content(proposal),
                "attachment_url": "reviews:attachment",
                "events": proposal.events.select_related("actor"),
                "comments": proposal.internal_comments.select_related("author"),
                "comment_form": comment_form,
                "can_screen": permissions.can_screen_proposal(request.user, proposal),
                "can_comment": permissions.can_comment_proposal(request.user, proposal),
                "screening": getattr(proposal, "screening", None),
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

    def get(self, request, pk, attachment_pk):
        attachment = get_object_or_404(self.proposal.attachments, pk=attachment_pk)
        attachment_download_record(attachment=attachment, actor=request.user, request=request)
        return attachment_response(attachment)
