"""Reads for the review of proposals. Those that take a user are scoped by them: staff see
their missions' submitted proposals and calls, a reviewer only their own assignments (a 404 for
anything else). The others read from an object the caller already holds: the other reviews of
an assignment, a call's review settings (its own, or the default instruments), what a review
still lacks and the GE code it points to, a review as it is read, the committee's board, and
the review instruments with their use. The services call these too; nothing here writes."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from core.prepared import attach, prefetch, prepared
from core.times import zone_of
from programs.models import Call, Mission, MissionStaff
from programs.permissions import managed_mission_ids
from proposals.models import Proposal, ProposalEvent
from proposals.selectors import (
    PARTS,
    proposal_call_list_for_staff,
    proposal_mission_ids_for_staff,
    proposals_of_missions,
)

from . import commitments, permissions, scoring
from .models import (
    CallReviewSettings,
    ChecklistItem,
    Criterion,
    GbaChecklist,
    InternalComment,
    Review,
    ReviewAssignment,
    ScoringGrid,
    Versioned,
)


def proposal_get_for_staff(user, pk: int, *, parts: bool = True) -> Proposal:
    """A submitted proposal of one of the user's missions, with its screening (and who
    screened it), summary and decision (joined: one row each at most) and, unless `parts` is
    False, its rows and attachments; 404 for any other."""
    mission_ids = proposal_mission_ids_for_staff(user)
    proposal = None
    if mission_ids is None or mission_ids:
        proposal = _proposal_for_staff.get(
            mission_ids or (), pk, every_mission=mission_ids is None, parts=parts
        )
    if proposal is None:
        raise Http404
    return proposal


def proposal_parts_read(proposal: Proposal) -> Proposal:
    """A proposal read with `parts=False`, given its rows and attachments as `parts=True`
    would: for a page that needs them only when it did not keep what it rendered of them."""
    prefetch([proposal], *PARTS)
    return proposal


@prepared
def _proposal_for_staff(mission_ids, pk, *, every_mission: bool, parts: bool):
    """`proposal_get_for_staff`'s read, compiled once per process and shape."""
    proposals = proposals_of_missions(None if every_mission else mission_ids).filter(pk=pk)
    proposals = proposals.select_related("screening__screened_by", "decision", "review_summary")
    return proposals.prefetch_related(*PARTS) if parts else proposals


def assignment_list_for(user) -> QuerySet[ReviewAssignment]:
    """The reviewer's own assignments, newest first, recused ones included (marked); not
    those a program officer withdrew from them."""
    if not user.is_authenticated:
        return ReviewAssignment.objects.none()
    return (
        ReviewAssignment.objects.filter(reviewer=user, withdrawn_at__isnull=True)
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
# What the committee page, its pack and the release page read of a proposal (its summary and
# decision whole): the hundreds of proposals of a call, with all their long answers, took longer
# to load than the page to render.
COMMITTEE_FIELDS = (
    "call",
    "status",
    "reference",
    "title",
    "language",
    "submitted_at",
    "amount_requested_cad",
    "objectives",
    "organization__name",
    "review_summary",
    "decision",
)


def call_get_for_committee(user, pk: int) -> Call:
    """A call of the user's missions (the ones whose proposals they see); 404 otherwise."""
    return get_object_or_404(proposal_call_list_for_staff(user), pk=pk)


def committee_proposals(call: Call) -> list[Proposal]:
    """The call's reviewed proposals and what was recommended or decided, in one query; each
    holds the call given, so who may act on it (its mission's roles) costs no query per row."""
    proposals = list(
        Proposal.objects.filter(call=call, status__in=COMMITTEE_STATUSES)
        .select_related("organization", "review_summary", "decision")
        .only(*COMMITTEE_FIELDS)
        .order_by()  # ranked below
    )
    for proposal in proposals:
        proposal.call = call
    return proposals


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
    # Amendments of the agreements since (a higher amount, a termination) count as approved.
    approved_total = sum(approved, Decimal(0)) + commitments.beyond_decisions(call.pk)
    return Board(
        rows=rows,
        envelope=call.budget_envelope,
        approved=approved_total,
        held_amount=sum(held_amounts, Decimal(0)),
        remaining=scoring.envelope_remaining(
            envelope=call.budget_envelope, approved_amounts=[approved_total, *held_amounts]
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


# --- Reading reviews --------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionReading:
    name: str
    scale_max: int
    scored: bool  # False: not scored yet
    score: int | None  # None: marked n/a
    comment: str


@dataclass(frozen=True)
class AnswerReading:
    question: str
    answer: str  # the answer as people read it; "" when not answered


@dataclass(frozen=True)
class ReviewReading:
    """A review as its readers see it: each criterion of its grid with its score and comment,
    each item of its checklist with its answer."""

    review: Review
    criteria: list[CriterionReading]
    answers: list[AnswerReading]

    @property
    def has_comments(self) -> bool:
        return any(criterion.comment for criterion in self.criteria)


def review_reading(review: Review) -> ReviewReading:
    """A review, criterion by criterion and item by item, in the order of its own grid and
    checklist versions."""
    labels = dict(Review.Answer.choices)
    return ReviewReading(
        review=review,
        criteria=[
            CriterionReading(
                name=criterion.name,
                scale_max=criterion.scale_max,
                scored=str(criterion.pk) in review.scores,
                score=review.scores.get(str(criterion.pk)),
                comment=review.criterion_comments.get(str(criterion.pk), ""),
            )
            for criterion in review.grid.criteria.all()
        ],
        answers=[
            AnswerReading(
                question=item.question, answer=str(labels.get(review.answers.get(item.key), ""))
            )
            for item in review.checklist.items.all()
        ],
    )


@dataclass(frozen=True)
class ProposalReviews:
    """What those who decide read of a proposal's reviews: the submitted ones, and who
    recused themselves."""

    readings: list[ReviewReading]
    recused: list[ReviewAssignment]


# Before the review starts: no reviewer is assigned yet.
NOT_YET_REVIEWED = (Proposal.Status.SUBMITTED, Proposal.Status.INELIGIBLE)


def _is_submitted(assignment: ReviewAssignment) -> bool:
    review = getattr(assignment, "review", None)
    return review is not None and review.is_submitted


def proposal_assignment_list(proposal: Proposal) -> list[ReviewAssignment]:
    """Every review assignment of the proposal (recused and withdrawn ones too), in the order
    the reviewers were assigned, with the reviewer, the review and its instruments, and who
    withdrew it: what the workspace shows of them, in one query."""
    return attach(_assignments_of.list(proposal.pk), "proposal", proposal)


@prepared
def _assignments_of(proposal_id) -> QuerySet[ReviewAssignment]:
    return ReviewAssignment.objects.filter(proposal=proposal_id).select_related(
        "reviewer", "review__grid", "review__checklist", "withdrawn_by"
    )


def proposal_timeline(proposal: Proposal) -> list[ProposalEvent]:
    """What happened to the proposal, oldest first, with who did it: the workspace's timeline."""
    return attach(_events_of.list(proposal.pk), "proposal", proposal)


@prepared
def _events_of(proposal_id) -> QuerySet[ProposalEvent]:
    return ProposalEvent.objects.filter(proposal=proposal_id).select_related("actor")


def internal_comment_list(proposal: Proposal) -> list[InternalComment]:
    """The staff's internal comments on the proposal, with their authors."""
    return attach(_comments_of.list(proposal.pk), "proposal", proposal)


@prepared
def _comments_of(proposal_id) -> QuerySet[InternalComment]:
    return InternalComment.objects.filter(proposal=proposal_id).select_related("author")


def proposal_reviews_for(
    user, proposal: Proposal, assignments: list[ReviewAssignment] | None = None
) -> ProposalReviews | None:
    """The proposal's submitted reviews, in the order the reviewers were assigned, and the
    reviewers who declared a conflict of interest; None for a user who may not read them
    (permissions.can_read_reviews), and for staff who are also reviewers of the proposal until
    their own review is submitted (as other_reviews_for). `assignments`: the proposal's, from
    proposal_assignment_list, if the caller has them already. Three queries whatever the number
    of reviews (two with `assignments`); one when none is submitted; none before the review
    starts (reviewers are assigned when the screening finds the proposal eligible, and a
    question to the applicant brings it back to the state it was in)."""
    if not permissions.can_read_reviews(user, proposal):
        return None
    if proposal.status in NOT_YET_REVIEWED:
        return ProposalReviews(readings=[], recused=[])
    if assignments is None:
        assignments = list(
            ReviewAssignment.objects.filter(proposal=proposal)
            .filter(
                Q(declaration=ReviewAssignment.Declaration.CONFLICT)
                | Q(review__status=Review.Status.SUBMITTED)
                | Q(reviewer=user.pk)
            )
            .select_related("reviewer", "review__grid", "review__checklist")
        )
    own = next((a for a in assignments if a.reviewer_id == user.pk), None)
    if own is not None and not _is_submitted(own):
        return None
    reviews = [assignment.review for assignment in assignments if _is_submitted(assignment)]
    prefetch_related_objects(reviews, "grid__criteria", "checklist__items")
    return ProposalReviews(
        readings=[review_reading(review) for review in reviews],
        recused=[assignment for assignment in assignments if assignment.is_recused],
    )


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


# --- Choosing a proposal's reviewers, and their workload (program officers) ------------------

Declaration = ReviewAssignment.Declaration


def _counting(prefix: str) -> Q:
    """The assignments that count (`prefix` leads to them): neither recused nor withdrawn."""
    return ~Q(**{f"{prefix}declaration": Declaration.CONFLICT}) & Q(
        **{f"{prefix}withdrawn_at__isnull": True}
    )


def _open(prefix: str) -> Q:
    """Counting assignments whose review is still to be submitted, on a proposal in review."""
    return (
        _counting(prefix)
        & Q(**{f"{prefix}proposal__status__in": permissions.REVIEWS_RUNNING})
        & (
            Q(**{f"{prefix}review__isnull": True})
            | Q(**{f"{prefix}review__status": Review.Status.IN_PROGRESS})
        )
    )


def _assignments_counted(condition: Q) -> Coalesce:
    """How many review assignments meet `condition` (which names the outer reviewer)."""
    counted = (
        ReviewAssignment.objects.filter(condition)
        .order_by()
        .values("reviewer")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


@dataclass(frozen=True)
class ReviewerOption:
    """A reviewer of a proposal's mission as a program officer chooses among them: their open
    reviews in the mission, their reviews in the proposal's call, and why they cannot be
    chosen ("" when they can)."""

    reviewer: User
    open_reviews: int
    call_reviews: int
    refusal: str = ""
    # Listed among the proposal's reviewers already (counting, or recused): not offered.
    on_proposal: bool = False


def reviewer_options_for(proposal: Proposal) -> list[ReviewerOption]:
    """The active reviewers of the proposal's mission, by name, with their workload and the
    conflict-of-interest rules of the automatic assignment: not one of its reviewers already,
    not recused from it, no conflict of interest declared with its organization (on another of
    its proposals), not a member of it. A reviewer withdrawn from it may be chosen again. One
    query whatever their number."""
    mission_id = proposal.call.mission_id
    ours = ReviewAssignment.objects.filter(reviewer=OuterRef("pk"), proposal=proposal)
    conflicts = ReviewAssignment.objects.filter(
        reviewer=OuterRef("pk"),
        proposal__organization=proposal.organization_id,
        declaration=Declaration.CONFLICT,
    )
    reviewers = (
        User.objects.filter(
            is_active=True,
            mission_roles__mission=mission_id,
            mission_roles__role=MissionStaff.Role.REVIEWER,
        )
        .annotate(
            # Counted in subqueries, not by joining every assignment and grouping by the
            # user's columns: a third less time with a few thousand assignments.
            open_reviews=_assignments_counted(
                Q(reviewer=OuterRef("pk"), proposal__call__mission=mission_id) & _open("")
            ),
            call_reviews=_assignments_counted(
                Q(reviewer=OuterRef("pk"), proposal__call=proposal.call_id) & _counting("")
            ),
            counts_here=Exists(
                ours.filter(withdrawn_at__isnull=True).exclude(declaration=Declaration.CONFLICT)
            ),
            recused_here=Exists(ours.filter(declaration=Declaration.CONFLICT)),
            conflict_with_organization=Exists(conflicts),
            member_of_organization=Exists(
                Membership.objects.filter(
                    user=OuterRef("pk"), organization=proposal.organization_id
                )
            ),
        )
        .order_by("full_name", "email")
    )
    refusals = [
        ("counts_here", _("already one of this proposal's reviewers")),
        ("recused_here", _("conflict of interest declared on this proposal")),
        ("conflict_with_organization", _("conflict of interest declared with this organization")),
        ("member_of_organization", _("member of the applicant organization")),
    ]
    return [
        ReviewerOption(
            reviewer=reviewer,
            open_reviews=reviewer.open_reviews,
            call_reviews=reviewer.call_reviews,
            refusal=next((str(why) for flag, why in refusals if getattr(reviewer, flag)), ""),
            on_proposal=reviewer.counts_here or reviewer.recused_here,
        )
        for reviewer in reviewers
    ]


def reviewer_load_for(user) -> list[MissionStaff]:
    """The reviewers of the missions whose calls the user manages (every mission for an
    administrator), by mission and name, each with, in that mission: `open_reviews` (counting
    assignments, review not submitted, proposal in review), `submitted_reviews`, and
    `overdue_reviews` (open, past their due date in the mission's time zone). Two queries
    whatever their number."""
    ids = managed_mission_ids(user)
    if ids is not None and not ids:
        return []
    missions = Mission.objects.all() if ids is None else Mission.objects.filter(pk__in=ids)
    zones = dict(missions.values_list("pk", "time_zone"))
    if not zones:
        return []
    now = timezone.now()
    today = Case(
        *[
            When(mission_id=pk, then=Value(now.astimezone(zone_of(zone)).date()))
            for pk, zone in zones.items()
        ],
        output_field=DateField(),
    )
    ra = "user__review_assignments__"
    here = Q(**{f"{ra}proposal__call__mission": F("mission")})
    return list(
        MissionStaff.objects.filter(role=MissionStaff.Role.REVIEWER, mission__in=list(zones))
        .select_related("mission", "user")
        .annotate(
            open_reviews=Count("user__review_assignments", filter=here & _open(ra)),
            submitted_reviews=Count(
                "user__review_assignments",
                filter=here & _counting(ra) & Q(**{f"{ra}review__status": Review.Status.SUBMITTED}),
            ),
            overdue_reviews=Count(
                "user__review_assignments",
                filter=here & _open(ra) & Q(**{f"{ra}due_date__lt": today}),
            ),
        )
        .order_by("mission__name", "user__full_name", "user__email")
    )
