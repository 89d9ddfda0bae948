"""Printable staff views: a proposal's PDF, for the staff of its mission, in their language."""

from django.views import View

from proposals.printing import proposal_pdf

from . import services
from .views import StaffProposalMixin


class ProposalPdfView(StaffProposalMixin, View):
    """The whole proposal as a PDF, in the reader's language; its files link to the staff's
    download. A view of the proposal's content, so on the audit trail."""

    def get(self, request, pk):
        services.staff_view_record(proposal=self.proposal, actor=request.user, request=request)
        return proposal_pdf(
            self.proposal,
            request.LANGUAGE_CODE,
            attachment_url="reviews:attachment",
            for_staff=True,
        )
