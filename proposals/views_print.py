"""Printable views: the whole proposal on one page and as a PDF, the receipt as a PDF, and a
call's blank form to prepare a proposal offline. What they show is built in printing.py."""

from django.http import Http404
from django.shortcuts import render
from django.utils.text import slugify
from django.views import View

from programs.selectors import call_public_get

from . import permissions
from .access import ProposalMixin
from .printing import (
    call_form_content,
    document_language,
    pdf_download,
    proposal_content,
    proposal_pdf,
    required_attachment_labels,
)


class PreviewView(ProposalMixin, View):
    """The whole proposal on one page, as reviewers will read it."""

    parts = True

    def get(self, request, pk):
        return render(
            request,
            "proposals/preview.html",
            {
                "proposal": self.proposal,
                "call": self.proposal.call,
                "parts": proposal_content(self.proposal),
                "can_edit": permissions.can_edit_proposal(request.user, self.proposal),
            },
        )


class ProposalPdfView(ProposalMixin, View):
    """The preview as a PDF, in the proposal's language whatever the reader's."""

    parts = True

    def get(self, request, pk):
        return proposal_pdf(self.proposal, document_language(self.proposal))


class ReceiptPdfView(ProposalMixin, View):
    """The receipt of a submitted proposal, in the language of the person who asks."""

    def get(self, request, pk):
        proposal = self.proposal
        if proposal.reference is None:
            raise Http404
        return pdf_download(
            "pdf/receipt.html",
            {"proposal": proposal, "call": proposal.call},
            request.LANGUAGE_CODE,
            f"{proposal.reference}-receipt.pdf",
        )


class CallFormPdfView(View):
    """A call's proposal form, blank, to prepare the answers offline; public like the call."""

    def get(self, request, call_pk):
        call = call_public_get(call_pk)
        context = {
            "call": call,
            "parts": call_form_content(call),
            "required_attachments": required_attachment_labels(call),
        }
        stem = slugify(call.title)[:80] or "call"
        return pdf_download(
            "pdf/call_form.html", context, request.LANGUAGE_CODE, f"{stem}-form.pdf"
        )
