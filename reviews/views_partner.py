"""What the applicant reads of a decision: the letter, in the reader's language."""

from django.http import Http404
from django.views import View

from proposals.access import ProposalMixin
from proposals.permissions import can_read_decision_letter
from proposals.printing import pdf_download


class DecisionLetterView(ProposalMixin, View):
    def get(self, request, pk):
        proposal = self.proposal
        if not can_read_decision_letter(request.user, proposal):
            raise Http404
        return pdf_download(
            "pdf/decision_letter.html",
            {"proposal": proposal, "call": proposal.call, "decision": proposal.decision},
            request.LANGUAGE_CODE,
            f"{proposal.reference}-decision.pdf",
        )
