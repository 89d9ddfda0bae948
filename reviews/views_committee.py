"""The committee's pages of a call: the proposals ranked against the envelope, each row with the
step open to the reader on it (the officer's recommendation, the approver's decision: the
workspace's forms and services), and the committee pack, the same board as a PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views import View

from core.forms import add_service_errors
from programs.access import StaffPageMixin
from proposals.printing import pdf_download

from . import permissions, selectors
from .forms import RecommendationForm
from .views import decision_form_for, decision_record


class CommitteePageMixin(StaffPageMixin):
    """Pages of one call's committee: a call of the user's missions, or a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.call = selectors.call_get_for_committee(request.user, kwargs["call_pk"])
        return super().dispatch(request, *args, **kwargs)


def row_form(user, proposal, data=None):
    """The workspace's decision form, for one row of the committee: ids of its own on a page of
    many, and a recommendation's amount prefilled with what the proposal requests."""
    form = decision_form_for(user, proposal, data)
    if form is not None:
        form.auto_id = f"decision-{proposal.pk}-%s"
        if isinstance(form, RecommendationForm):
            form.initial.setdefault("amount", proposal.amount_requested_cad)
    return form


class CommitteeView(CommitteePageMixin, View):
    """A call's reviewed proposals, ranked, with the envelope: approved, held and remaining; on
    each row, the recommendation or the decision open to the reader."""

    def render_page(self, request, board: selectors.Board, *, typed=None, status=200):
        """`typed`: (a proposal's id, the form just posted on it, with its errors), shown in
        that row instead of a blank form."""
        typed_pk, typed_form = typed or (None, None)
        rows = [
            (
                proposal,
                typed_form if proposal.pk == typed_pk else row_form(request.user, proposal),
            )
            for proposal in board.rows
        ]
        return render(
            request,
            "reviews/committee.html",
            {
                "call": self.call,
                "board": board,
                "rows": rows,
                "can_release": permissions.can_release_decisions(request.user, self.call),
            },
            status=status,
        )

    def get(self, request, call_pk):
        return self.render_page(request, selectors.committee_board(self.call))


class CommitteeDecisionView(CommitteeView):
    """The officer's recommendation or the approver's decision, from a row of the committee: back
    to the committee at that row; with errors, the committee with the form as typed."""

    http_method_names = ["post"]

    def post(self, request, call_pk, pk):
        board = selectors.committee_board(self.call)
        proposal = next((row for row in board.rows if row.pk == pk), None)
        if proposal is None:
            raise Http404
        form = row_form(request.user, proposal, request.POST)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                message = decision_record(form=form, proposal=proposal, actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                committee = reverse("reviews:committee", args=[self.call.pk])
                return redirect(f"{committee}#proposal-{proposal.pk}")
        return self.render_page(request, board, typed=(proposal.pk, form), status=400)


class CommitteePackView(CommitteePageMixin, View):
    """The committee pack: the board with each proposal's summary, as a PDF in the reader's
    language, for the committee's meeting."""

    def get(self, request, call_pk):
        call = self.call
        return pdf_download(
            "pdf/committee_pack.html",
            {"call": call, "board": selectors.committee_board(call)},
            request.LANGUAGE_CODE,
            f"{slugify(call.title)[:80] or 'call'}-committee.pdf",
        )
