"""The committee's pages of a call: the proposals ranked against the envelope, each row with the
step open to the reader on it (the officer's recommendation, the approver's decision: the
workspace's forms and services), and the committee pack, the same board as a PDF."""

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from crispy_forms.utils import render_crispy_form
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Choices
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import localize, number_format
from django.utils.html import escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from core.forms import add_service_errors
from programs.access import StaffPageMixin
from programs.models import ProposalLanguage
from proposals.models import Proposal
from proposals.printing import pdf_download

from . import permissions, selectors
from .forms import ApprovalForm, RecommendationForm
from .models import Decision
from .templatetags.ge_codes import ge_short
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
        form.helper.disable_csrf = True  # the row's <form> has its token
        if isinstance(form, RecommendationForm):
            form.initial.setdefault("amount", proposal.amount_requested_cad)
    return form


def row_step(user, proposal: Proposal) -> tuple[type, dict] | None:
    """The form `row_form` opens on the row, without making it: its class and initial values
    (making and rendering hundreds of forms is what made the page slow). A test holds the two
    together (test_each_rows_form_renders_as_the_workspace_form_of_that_row)."""
    if proposal.status == Proposal.Status.REVIEWED and permissions.is_officer_of(user, proposal):
        return RecommendationForm, {"amount": proposal.amount_requested_cad}
    decision = getattr(proposal, "decision", None)
    if decision is not None and permissions.can_decide(user, proposal):
        return ApprovalForm, {
            "recommendation": decision.recommendation,
            "amount": decision.amount,
            "reasons_for_applicant": decision.reasons_for_applicant,
            "ge_code": decision.ge_code,
        }
    return None


# What differs from one row's form to the next, rendered as stand-ins (letters only, which
# escaping leaves as they are) that each row's values replace.
SLOTS = {"pk": "cfliSlotPk", "language": "cfliSlotLanguage"}
VALUE_SLOTS = {"amount": "cfliSlotAmount", "reasons_for_applicant": "cfliSlotReasons"}
SLOT = re.compile(f"({'|'.join([*SLOTS.values(), *VALUE_SLOTS.values()])})")


class RowForms:
    """The rows' forms as `row_form` makes them and crispy renders them, at the cost of one
    rendering per kind of form rather than one per row: a kind (the form's class, its fixed
    initial choices, which of its values are empty) is rendered once with stand-ins, then each
    row fills in its own id, applicant's language, amount and reasons."""

    def __init__(self, user):
        self.user = user
        self.languages = choice_labels(ProposalLanguage)
        self.kinds: dict[tuple, list[str]] = {}

    def render(self, proposal: Proposal) -> SafeString | None:
        step = row_step(self.user, proposal)
        if step is None:
            return None
        form_class, initial = step
        fixed = tuple(
            (name, value is None if name in VALUE_SLOTS else value)
            for name, value in initial.items()
        )
        parts = self.kinds.get((form_class, fixed))
        if parts is None:
            parts = self.kinds[(form_class, fixed)] = self.kind(form_class, initial)
        # Each written as crispy writes it: the language as the help text holds it (marked safe),
        # the amount and the reasons as their widgets write a value (escaped).
        values = {
            SLOTS["pk"]: str(proposal.pk),
            SLOTS["language"]: self.languages.get(proposal.language, proposal.language),
            **{
                slot: escape(initial[name]) if initial.get(name) is not None else ""
                for name, slot in VALUE_SLOTS.items()
            },
        }
        return mark_safe("".join(values.get(part, part) for part in parts))  # noqa: S308 (as above)

    @staticmethod
    def kind(form_class, initial: dict) -> list[str]:
        """The form rendered with stand-ins, cut into text and stand-ins."""
        form = form_class(
            applicant_language=SLOTS["language"],
            auto_id=f"decision-{SLOTS['pk']}-%s",
            initial={
                name: VALUE_SLOTS[name] if name in VALUE_SLOTS and value is not None else value
                for name, value in initial.items()
            },
        )
        form.helper.disable_csrf = True
        return SLOT.split(render_crispy_form(form))


def choice_labels(choices: type[Choices]) -> dict[str, str]:
    """Choices as they read in the active language: what get_FOO_display() gives, worked out
    once for a page's hundreds of rows."""
    return {value: str(label) for value, label in choices.choices}


def url_with_pk(name: str, *args) -> Callable[[int], str]:
    """`reverse(name, args=[*args, pk])` for any pk, reversing once for a page's rows."""
    head, tail = reverse(name, args=[*args, 0]).rsplit("/0/", 1)
    return lambda pk: f"{head}/{pk}/{tail}"


# A proposal's line in the ranking, written here rather than in the template: a call has
# hundreds of them, and the template engine's cost per value (lookups, localisation, escaping)
# was most of the page's time.
RANKED_ROW = (
    '<tr id="proposal-{}"><td>{}</td>'
    '<th scope="row"><a href="{}">{}</a><span class="d-block small fw-normal">{} · {}</span></th>'
    '<td class="text-end">{}</td><td class="text-end">{}{}</td><td>{}</td><td>{}</td><td>{}</td>'
    "</tr>"
)


def html_format(template: str, *values) -> SafeString:
    """format_html() at a quarter of its cost, for a page's thousands of values: the same
    escaping (conditional_escape's), without the check for lazy text it makes on each value."""
    escaped = (v if isinstance(v, SafeData) else html.escape(str(v)) for v in values)
    return mark_safe(template.format(*escaped))  # noqa: S308 (every value escaped)


def money(amount) -> str:
    """What floatformat:"2g" writes of an amount of two decimal places (a money field's), at
    half its cost: the reader's grouping and separators, two decimals."""
    return number_format(amount, 2, force_grouping=True)


@dataclass(frozen=True)
class CommitteeRow:
    """A proposal of the board as the page shows it: its line in the ranking, rendered, and
    what its held decision and its action show, worked out once."""

    proposal: Proposal
    ranked_row: SafeString
    decision: Decision | None
    outcome: str  # the decision's recommendation, as it reads
    outcome_amount: str
    workspace_url: str
    letter_url: str
    # The step open to the reader, rendered; its URL; whether it is the form just posted, with
    # its errors (the row opens on it).
    form: SafeString | None
    action_url: str
    typed: bool


def committee_rows(user, call, board: selectors.Board, typed=(None, None)) -> list[CommitteeRow]:
    """The board's rows, in rank order; `typed` as `CommitteeView.render_page` takes it."""
    typed_pk, typed_form = typed
    forms = RowForms(user)
    suggested_code = functools.cache(ge_short)
    statuses = choice_labels(Proposal.Status)
    outcomes = choice_labels(Decision.Recommendation)
    disagreement = html_format(
        ' <span class="badge text-bg-warning">{}</span>', _("Reviewers disagree")
    )
    workspace_url = url_with_pk("reviews:workspace")
    letter_url = url_with_pk("reviews:decision-letter")
    action_url = url_with_pk("reviews:committee-decision", call.pk)
    rows = []
    for rank, proposal in enumerate(board.rows, start=1):
        summary = getattr(proposal, "review_summary", None)
        decision = getattr(proposal, "decision", None)
        outcome = outcomes.get(decision.recommendation, decision.recommendation) if decision else ""
        outcome_amount = money(decision.amount) if decision and decision.amount else ""
        url = workspace_url(proposal.pk)
        ranked_row = html_format(
            RANKED_ROW,
            proposal.pk,
            rank,
            url,
            proposal.reference,
            proposal.display_title,
            proposal.organization.name,
            money(proposal.amount_requested_cad)
            if proposal.amount_requested_cad is not None
            else "—",
            # No summary, no score: an empty cell, as the page always showed it.
            "" if summary is None else "—" if summary.score is None else localize(summary.score),
            disagreement if summary and summary.large_disagreement else "",
            (summary and suggested_code(summary.suggested_ge_code)) or "—",
            html_format("{} · CAD {}", outcome, outcome_amount)
            if outcome_amount
            else outcome or "—",
            statuses.get(proposal.status, proposal.status),
        )
        rows.append(
            CommitteeRow(
                proposal=proposal,
                ranked_row=ranked_row,
                decision=decision,
                outcome=outcome,
                outcome_amount=outcome_amount,
                workspace_url=url,
                letter_url=letter_url(proposal.pk),
                form=(
                    render_crispy_form(typed_form)
                    if proposal.pk == typed_pk
                    else forms.render(proposal)
                ),
                action_url=action_url(proposal.pk),
                typed=proposal.pk == typed_pk,
            )
        )
    return rows


class CommitteeView(CommitteePageMixin, View):
    """A call's reviewed proposals, ranked, with the envelope: approved, held and remaining; on
    each row, the recommendation or the decision open to the reader."""

    def render_page(self, request, board: selectors.Board, *, typed=None, status=200):
        """`typed`: (a proposal's id, the form just posted on it, with its errors), shown in
        that row instead of a blank form."""
        rows = committee_rows(request.user, self.call, board, typed or (None, None))
        held = {proposal.pk for proposal in board.held}
        return render(
            request,
            "reviews/committee.html",
            {
                "call": self.call,
                "board": board,
                "rows": rows,
                "held": [row for row in rows if row.proposal.pk in held],
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
