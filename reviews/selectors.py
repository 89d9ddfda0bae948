"""Reads for the review of proposals. Those that take a user are scoped by them: staff see
their missions' submitted proposals and calls, a reviewer only their own assignments (a 404 for
anything else). The others read from an object the caller already holds: the other reviews of
an assignment, a call's review settings (its own, or the default instruments), what a review
still lacks and the GE code it points to, the committee's board, and the review instruments
with their use. The services call these too; nothing here writes."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from programs.models import Call
from proposals.models import Proposal
from proposals.selectors import PARTS, proposal_call_list_for_staff, proposal_list_for_staff

from . import scoring
from .models import (
    CallReviewSettings,
    ChecklistItem,
    Criterion,
    GbaChecklist,
    Review,
    ReviewAssignment,
    ScoringGrid,
    Versioned,
)


def proposal_get_for_staff(user, pk: int) -> Proposal:
    """A submitted proposal of one of the user's missions, with its parts and its screening,
    summary and decision (joined: one row each at most); 404 for any other."""
    return get_object_or_404(
        proposal_list_for_staff(user)
        .select_related("screening", "decision", "review_summary")
        .prefetch_related(*PARTS),
        pk=pk,
    )


def assignment_list_for(user) -> QuerySet[ReviewAssignment]:
    """The reviewer's own assignments, newest first, recused ones included (marked)."""
    if not user.is_authenticated:
        return ReviewAssignment.objects.none()
    return (
        ReviewAssignment.objects.filter(reviewer=user)
        .exclude(proposal__status=Proposal.Status.DRAFT)
        .select_related("proposal__organization", "proposal__call__mission", "review")
        .order_by("-created_at", "-pk")
    )


def assignment_get_for(user, pk: int) -> ReviewAssignment:
    """One of the reviewer's assignments; 404 for anyone else's."""
    return get_object_or_404(assignment_list_for(user), pk=pk)


def other_reviews_for(assignment: ReviewAssignment) -> QuerySet[Review]:
    """The other submitted reviews of the same proposal: shown only once one's own is in."""
    own = getattr(assignment, "review", None)
    if own is None or not own.is_submitted:
        return Review.objects.none()
    return (
        Review.objects.filter(
            assignment__proposal=assignment.proposal_id, status=Review.Status.SUBMITTED
        )
        .exclude(pk=own.pk)
        .select_related("assignment__reviewer")
    )


def proposal_for_reviewer(assignment: ReviewAssignment) -> Proposal:
    """The proposal with its parts, for the reviewer who declared no conflict."""
    return (
        Proposal.objects.select_related(
            "call__mission", "organization", "call_priority__priority_area", "sub_theme"
        )
        .prefetch_related(*PARTS)
        .get(pk=assignment.proposal_id)
    )


COMMITTEE_STATUSES = (
    Proposal.Status.REVIEWED,
    Proposal.Status.RECOMMENDED,
    Proposal.Status.WAITLISTED,
    Proposal.Status.APPROVED,
    Proposal.Status.DECLINED,
)


def call_get_for_committee(user, pk: int) -> Call:
    """A call of the user's missions (the ones whose proposals they see); 404 otherwise."""
    return get_object_or_404(proposal_call_list_for_staff(user), pk=pk)


def committee_proposals(call: Call) -> list[Proposal]:
    """The call's reviewed proposals and what was recommended or decided, in one query."""
    return list(
        Proposal.objects.filter(call=call, status__in=COMMITTEE_STATUSES).select_related(
            "organization", "review_summary", "decision"
        )
    )


@dataclass(frozen=True)
class Board:
    rows: list[Proposal]
    envelope: Decimal
    # Funding decided: released to the applicants, and held for release.
    approved: Decimal
    held_amount: Decimal
    remaining: Decimal
    # The rank (1-based) of the first proposal past the envelope, if any.
    line_before: int | None
    held: list[Proposal]


def _claim(proposal: Proposal) -> Decimal | None:
    """What a proposal takes from the envelope along the ranking: the funding recommended or
    decided, nothing when it is not funding, else (not yet recommended) what it requests."""
    decision = getattr(proposal, "decision", None)
    if decision is not None:
        return decision.amount if decision.is_funding else None
    return proposal.amount_requested_cad or Decimal(0)


def committee_board(call: Call) -> Board:
    """The committee's view of a call: proposals ranked by combined score (unscored last,
    earlier submissions first on a tie), the envelope (approved, held for release, remaining),
    where the ranking runs past the envelope, and the decisions waiting for release."""
    proposals = {proposal.pk: proposal for proposal in committee_proposals(call)}
    ranked = scoring.rank(
        items=[
            scoring.RankItem(
                proposal_id=proposal.pk,
                score=getattr(getattr(proposal, "review_summary", None), "score", None),
                amount=proposal.amount_requested_cad or Decimal(0),
                # Set: the committee sees submitted proposals only.
                submitted_at=proposal.submitted_at,  # type: ignore[arg-type]
            )
            for proposal in proposals.values()
        ]
    )
    rows = [proposals[item.proposal_id] for item in ranked]
    decisions = [proposal.decision for proposal in rows if hasattr(proposal, "decision")]
    committed = [
        (d.amount, d.is_held)
        for d in decisions
        if d.decided_at is not None and d.is_funding and d.amount
    ]
    approved = [amount for amount, is_held in committed if not is_held]
    held_amounts = [amount for amount, is_held in committed if is_held]
    line = scoring.funding_line(
        envelope=call.budget_envelope, amounts=[_claim(proposal) for proposal in rows]
    )
    return Board(
        rows=rows,
        envelope=call.budget_envelope,
        approved=sum(approved, Decimal(0)),
        held_amount=sum(held_amounts, Decimal(0)),
        remaining=scoring.envelope_remaining(
            envelope=call.budget_envelope, approved_amounts=approved + held_amounts
        ),
        line_before=line + 1 if line < len(rows) else None,
        held=[proposal for proposal in rows if _is_held(proposal)],
    )


def decisions_held(call: Call) -> list[Proposal]:
    """The call's proposals whose decision is made and not yet released, best score first."""
    return [proposal for proposal in committee_board(call).rows if _is_held(proposal)]


def _is_held(proposal: Proposal) -> bool:
    decision = getattr(proposal, "decision", None)
    return decision is not None and decision.is_held


# --- A call's review settings and one review ------------------------------------------------

# The families in effect when a call has no review settings of its own.
DEFAULT_GRID, DEFAULT_CHECKLIST = "cfli-default", "cfli-gba-plus"


def review_settings_for(call: Call) -> CallReviewSettings:
    """The call's review settings, or the defaults: the latest published default grid and
    checklist, two reviewers, fourteen days."""
    settings_ = CallReviewSettings.objects.filter(call=call).first()
    if settings_ is not None:
        return settings_
    return CallReviewSettings(
        call=call,
        grid=ScoringGrid.objects.filter(family=DEFAULT_GRID, published_at__isnull=False).first(),
        checklist=GbaChecklist.objects.filter(
            family=DEFAULT_CHECKLIST, published_at__isnull=False
        ).first(),
    )


def _checklist_answers(review: Review) -> list[scoring.ChecklistAnswer]:
    return [
        scoring.ChecklistAnswer(
            key=item.key, answer=review.answers[item.key], required=item.required
        )
        for item in review.checklist.items.all()
        if item.key in review.answers
    ]


def ge_suggestion(review: Review) -> scoring.GeSuggestion:
    """The code the answers and the proposal's own GBA+ data point to (the reviewer decides)."""
    proposal = review.assignment.proposal
    area = proposal.call_priority.priority_area if proposal.call_priority else None
    return scoring.suggest_ge_code(
        answers=_checklist_answers(review),
        gender_is_principal_objective=area is not None and area.position == 1,
        women_consulted={"yes": True, "no": False}.get(proposal.gba_women_consulted),
        has_disaggregated_targets=review.answers.get("disaggregated_targets") == scoring.YES,
    )


def review_missing(review: Review) -> list[str]:
    """What a review still lacks before it can be submitted."""
    missing = [
        _("Score “%(criterion)s”, or mark it n/a.") % {"criterion": criterion.name}
        for criterion in review.grid.criteria.all()
        if str(criterion.pk) not in review.scores
    ] + [
        _("Answer “%(question)s”.") % {"question": item.question}
        for item in review.checklist.items.all()
        if item.required and item.key not in review.answers
    ]
    if not review.ge_code:
        missing.append(_("Propose a gender-equality code."))
    if not review.ge_justification.strip():
        missing.append(_("Say why you propose this code."))
    return missing


# --- Review instruments (the administrators' pages) ------------------------------------------

# Each kind of instrument: its lines, the field of a call's review settings (and of a line) that
# names it, and the name of its lines on it.
INSTRUMENT_PARTS: dict[type[Versioned], tuple[type[Criterion | ChecklistItem], str, str]] = {
    ScoringGrid: (Criterion, "grid", "criteria"),
    GbaChecklist: (ChecklistItem, "checklist", "items"),
}


def _count_of(queryset: QuerySet, field: str):
    """How many rows of `queryset` point at the outer row (a subquery: no join to multiply)."""
    return Coalesce(
        Subquery(
            queryset.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(count=Count("pk"))
            .values("count")
        ),
        0,
    )


def _with_use(instruments: QuerySet) -> QuerySet:
    """Annotate lines, total weight (grids), calls that chose the version, reviews made with it."""
    model = instruments.model
    part_model, field, _lines = INSTRUMENT_PARTS[model]
    instruments = instruments.annotate(
        part_count=_count_of(part_model.objects.all(), field),
        chosen_by_calls=_count_of(CallReviewSettings.objects.all(), field),
        review_count=_count_of(Review.objects.all(), field),
    )
    if model is ScoringGrid:
        instruments = instruments.annotate(
            total_weight=Subquery(
                Criterion.objects.filter(grid=OuterRef("pk"))
                .order_by()
                .values("grid")
                .annotate(total=Sum("weight"))
                .values("total")
            )
        )
    return instruments


def _count_calls_by_default(versions: list) -> None:
    """Set `call_count`: the calls that chose a version, plus, for the version in effect by
    default (the latest published of the default family), the calls with no review settings."""
    default_family = DEFAULT_GRID if isinstance(versions[0], ScoringGrid) else DEFAULT_CHECKLIST
    in_effect = next(
        (v for v in versions if v.family == default_family and v.is_published), None
    )  # versions come newest first within a family
    for version in versions:
        version.is_default = version is in_effect
        version.call_count = version.chosen_by_calls
    if in_effect is not None:
        in_effect.call_count += Call.objects.filter(review_settings__isnull=True).count()


@dataclass(frozen=True)
class InstrumentFamily:
    """The versions of one grid or checklist, newest first."""

    family: str
    versions: list

    @property
    def latest(self):
        return self.versions[0]

    @property
    def draft(self):
        return next((v for v in self.versions if not v.is_published), None)

    @property
    def latest_published(self):
        return next((v for v in self.versions if v.is_published), None)


def instrument_families(model: type[ScoringGrid] | type[GbaChecklist]) -> list[InstrumentFamily]:
    """Every version of every grid (or checklist), grouped by family, each with its use; two
    queries whatever their number."""
    versions = list(_with_use(model.objects.order_by("family", "-version")))
    if not versions:
        return []
    _count_calls_by_default(versions)
    families: dict[str, list] = {}
    for version in versions:
        families.setdefault(version.family, []).append(version)
    return [InstrumentFamily(family=name, versions=items) for name, items in families.items()]


def instrument_get(model: type[ScoringGrid] | type[GbaChecklist], pk: int):
    """One version with its lines in order, its use, and the versions of its family."""
    part_model, _field, lines = INSTRUMENT_PARTS[model]
    instrument = get_object_or_404(
        model.objects.prefetch_related(
            Prefetch(lines, queryset=part_model.objects.order_by("position", "pk"))
        ),
        pk=pk,
    )
    family = list(_with_use(model.objects.filter(family=instrument.family).order_by("-version")))
    _count_calls_by_default(family)
    this = next(version for version in family if version.pk == instrument.pk)
    for name in ("part_count", "review_count", "call_count", "is_default"):
        setattr(instrument, name, getattr(this, name))
    instrument.total_weight = getattr(this, "total_weight", None)
    instrument.family_versions = family
    return instrument


def instrument_published_list(model: type[ScoringGrid] | type[GbaChecklist]) -> QuerySet:
    """The versions a call may choose: published ones only."""
    return model.objects.exclude(published_at=None).order_by("family", "-version")
