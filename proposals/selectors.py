"""Reads of proposals, scoped to the person asking: a partner sees their organizations' own."""

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, models
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.expressions import BaseExpression, OrderBy
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from modeltranslation.utils import get_language as translation_language

from accounts.models import Organization
from core.languages import language_codes, translated
from core.prepared import attach, prepared
from programs.models import Call, CallPriority, Mission, MissionStaff, PriorityArea
from programs.permissions import is_administrator, mission_roles
from programs.selectors import priority_area_list, reviewers_of, sub_theme_list

from .models import DELIBERATION_EVENTS, Attachment, InformationRequest, Proposal, ProposalEvent
from .permissions import can_apply_to_call
from .search import KeptSearch, proposal_search, proposals_holding, search_words
from .workflow import BEFORE_DECISION

PARTS = ("results", "activities", "budget_lines", "other_funders", "attachments")


def proposal_list_for(user) -> QuerySet[Proposal]:
    """The proposals of the organizations the user belongs to."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return Proposal.objects.filter(organization__memberships__user=user).select_related(
        "call__mission", "organization"
    )


def proposal_get_for(user, pk: int, *, parts: bool | tuple[str, ...] = False) -> Proposal:
    """A proposal of one of the user's organizations; 404 for any other, as if it did not exist.
    `parts`: True for all its rows and attachments, or the names of those wanted."""
    if not user.is_authenticated:
        raise Http404
    proposal = _proposal_of_member.get(user.pk, pk, parts=PARTS if parts is True else parts or ())
    if proposal is None:
        raise Http404
    return proposal


@prepared
def _proposal_of_member(user_id, pk, *, parts: tuple[str, ...]) -> QuerySet[Proposal]:
    """`proposal_get_for`'s read, compiled once per process: the page of every autosave."""
    return (
        Proposal.objects.filter(organization__memberships__user=user_id, pk=pk)
        .select_related(
            "call__mission", "organization", "call_priority__priority_area", "sub_theme"
        )
        .prefetch_related(*parts)
    )


def proposal_list_for_organization(organization: Organization) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(organization=organization)
        .select_related("call__mission")
        .order_by("-updated_at", "-pk")
    )


def call_open_list_for(organization: Organization | None) -> list[Call]:
    """Published calls open now, to which the organization may apply (its country and type)."""
    calls = Call.objects.open_at(timezone.now()).select_related("mission").order_by("closes_at")
    if organization is None:
        return list(calls)
    return [call for call in calls if can_apply_to_call(organization, call)]


def attachment_get_for(user, proposal_pk: int, pk: int) -> Attachment:
    proposal = proposal_get_for(user, proposal_pk)
    return get_object_or_404(
        Attachment.objects.select_related("proposal"), proposal=proposal, pk=pk
    )


# --- Staff: the proposals of a mission ---------------------------------------------------------

# Roles that see every submitted proposal of their mission. Reviewers see only the proposals
# assigned to them (the review issue gives them their own list).
STAFF_LIST_ROLES = frozenset({MissionStaff.Role.PROGRAM_OFFICER, MissionStaff.Role.APPROVER})

# Sort keys offered to staff → the proposal field they order by. Anything else is the default.
STAFF_LIST_SORT_FIELDS = {
    "reference": "reference",
    "submitted": "submitted_at",
    "title": "title",
    "organization": "organization__name",
    "amount": "amount_requested_cad",
}
STAFF_LIST_DEFAULT_SORT = "-submitted"


def _long_fields(model: type[models.Model], prefix: str = "") -> list[str]:
    return [
        f"{prefix}{field.name}"
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField | models.JSONField)
    ]


# The long texts of the rows and of what they join; the list shows none of them.
STAFF_LIST_DEFERRED = [
    *_long_fields(Proposal),
    *_long_fields(Call, "call__"),
    *_long_fields(Mission, "call__mission__"),
    *_long_fields(Organization, "organization__"),
    *_long_fields(CallPriority, "call_priority__"),
    *_long_fields(PriorityArea, "call_priority__priority_area__"),
]


# What a row of the staff list shows, and nothing else, read as values rather than model
# instances (a page built 300 of them). Translated names come in every language's column; the
# page picks the reader's, with modeltranslation's fallbacks (see `core.languages.translated`).
STAFF_ROW_FIELDS = [
    "pk",
    "reference",
    "title",
    "status",
    "submitted_at",
    "amount_requested_cad",
    "location_country",
    *(f"call__title_{code}" for code in language_codes()),
    "organization__name",
    *(f"call_priority__priority_area__name_{code}" for code in language_codes()),
]


def proposal_mission_ids_for_staff(user) -> set[int] | None:
    """Missions whose proposals the user sees: None means every mission (administrators)."""
    if is_administrator(user):
        return None
    return {
        mission_id for mission_id, roles in mission_roles(user).items() if roles & STAFF_LIST_ROLES
    }


def proposal_list_for_staff(user) -> QuerySet[Proposal]:
    """Submitted proposals (in any state but draft) of the missions where the user is a program
    officer or an approver; of every mission for administrators. Drafts are never shown to staff.
    """
    ids = proposal_mission_ids_for_staff(user)
    if ids is not None and not ids:
        return Proposal.objects.none()
    return proposals_of_missions(ids)


def proposals_of_missions(mission_ids) -> QuerySet[Proposal]:
    """Submitted proposals (any state but draft) of these missions (None: of every mission),
    with what every staff page shows of them joined."""
    proposals = Proposal.objects.exclude(status=Proposal.Status.DRAFT).select_related(
        "call__mission", "organization", "call_priority__priority_area", "sub_theme"
    )
    return proposals if mission_ids is None else proposals.filter(call__mission_id__in=mission_ids)


def proposal_search_page_for_staff(user, q: str, offset: int, limit: int) -> list[tuple[int, int]]:
    """One page of the submitted proposals of the user's missions holding the words of `q`,
    most relevant first (`proposal_search`): (id, count of every match) pairs, `limit` of them
    from `offset`; none when nothing matches or the page is past the last."""
    typed = search_words(q)
    mission_ids = proposal_mission_ids_for_staff(user)
    if not typed or (mission_ids is not None and not mission_ids):
        return []
    ids = None if mission_ids is None else sorted(mission_ids)
    return _search_page.rows(ids, typed, offset, limit)


def _search_page_query(mission_ids, typed, offset: int, limit: int) -> QuerySet:
    found = proposals_holding(proposals_of_missions(mission_ids).select_related(None), typed)
    counted = found.annotate(matches=Window(Count("pk"))).values_list("pk", "matches")
    return counted[offset : offset + limit]


_search_page = KeptSearch(_search_page_query)


def proposal_values_for_staff(user, ids: list[int], fields: tuple[str, ...]) -> list[tuple]:
    """`fields` of the proposals of `ids` that the user sees as staff (the others are left out),
    as `values_list` rows, in no particular order: a page of search results."""
    mission_ids = proposal_mission_ids_for_staff(user)
    if not ids or (mission_ids is not None and not mission_ids):
        return []
    return _values_of_staff_proposals.list(
        mission_ids or (), ids, every_mission=mission_ids is None, fields=fields
    )


@prepared
def _values_of_staff_proposals(mission_ids, ids, *, every_mission: bool, fields: tuple[str, ...]):
    proposals = proposals_of_missions(None if every_mission else mission_ids)
    return proposals.filter(pk__in=ids).values_list(*fields)


def proposal_call_list_for_staff(user) -> QuerySet[Call]:
    """The calls whose proposals the user sees, with their mission, for the list's filters."""
    return _calls_of(proposal_mission_ids_for_staff(user))


def _calls_of(mission_ids) -> QuerySet[Call]:
    """The calls of these missions (None: of every mission)."""
    calls = Call.objects.select_related("mission").order_by("mission__name", "-opens_at", "pk")
    return calls if mission_ids is None else calls.filter(mission_id__in=mission_ids)


class MissionChoice(NamedTuple):
    name: str
    code: str
    countries: list[str]  # the codes of the countries it covers


@dataclass
class StaffFilterChoices:
    """What the staff list's filters offer a user, names in the active language."""

    # (id, title, mission's id), by mission, then newest first.
    calls: list[tuple[int, str, int]] = field(default_factory=list)
    # The missions of those calls, by id.
    missions: dict[int, MissionChoice] = field(default_factory=dict)
    # (id, name), each in its catalogue's order.
    priority_areas: list[tuple[int, str]] = field(default_factory=list)
    sub_themes: list[tuple[int, str]] = field(default_factory=list)
    # (id, full name or else e-mail), by name: the reviewers of those missions (of all of them
    # for administrators).
    reviewers: list[tuple[int, str]] = field(default_factory=list)


# The columns every part of `proposal_filter_choices_for_staff`'s union selects, in this order.
_CHOICE_TEXTS = tuple(f"choice_{code}" for code in language_codes())
_CHOICE_COLUMNS = ("choice_kind", "choice_rank", "choice_id", "choice_parent", *_CHOICE_TEXTS)
_CHOICE_COLUMNS += ("choice_code", "choice_extra")
CALL, MISSION, AREA, THEME, REVIEWER = range(5)


def proposal_filter_choices_for_staff(user) -> StaffFilterChoices:
    """The calls the user sees (`proposal_call_list_for_staff`) with their missions, the
    priority areas, the sub-themes and the reviewers of those missions: one query (UNION ALL of
    a part each, in one shape), as the staff list's filters cost a query each otherwise."""
    ids = proposal_mission_ids_for_staff(user)
    key = None if ids is None else tuple(sorted(ids))
    sql, params = _filter_choices_query(translation_language(), key)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # Stored as "MX,GT": the country codes, as the model's field reads them.
    country_codes = Mission._meta.get_field("countries").get_clean_value  # type: ignore[attr-defined]
    choices = StaffFilterChoices()
    for values in rows:
        row = dict(zip(_CHOICE_COLUMNS, values, strict=True))
        kind, pk = row["choice_kind"], row["choice_id"]
        if kind == CALL:
            choices.calls.append((pk, translated(row, "choice"), row["choice_parent"]))
        elif kind == MISSION:
            countries = country_codes(row["choice_extra"])
            choices.missions[pk] = MissionChoice(
                translated(row, "choice"), row["choice_code"], countries
            )
        elif kind == REVIEWER:
            choices.reviewers.append((pk, row["choice_code"] or row["choice_extra"]))
        else:
            entries = choices.priority_areas if kind == AREA else choices.sub_themes
            entries.append((pk, translated(row, "choice")))
    return choices


@functools.lru_cache(maxsize=256)
def _filter_choices_query(language: str, mission_ids: tuple[int, ...] | None) -> tuple:
    """The SQL and parameters of `proposal_filter_choices_for_staff` for these missions (None:
    every mission), with calls ordered by their mission's name in `language`. Compiled once per
    process, like a prepared statement: building and compiling the union of five querysets cost
    four times running it. Only the statement is kept; its rows are read on every request."""
    calls = _calls_of(mission_ids)
    of_calls = calls.values("mission_id")
    # Each part gives its rows' rank in its own order; translated names come in every language's
    # column (see `core.languages.translated`), so modeltranslation's rewriting is off.
    parts = [
        _choices(
            calls.rewrite(False),  # type: ignore[attr-defined]
            CALL,
            order=[F(f"mission__name_{language}"), F("opens_at").desc(), F("pk")],
            parent="mission_id",
            texts="title",
        ),
        _choices(
            Mission.objects.rewrite(False).filter(pk__in=of_calls),
            MISSION,
            order=[F("pk")],  # sorted by name in Python, as the form did
            texts="name",
            code="code",
            extra="countries",
        ),
        *(
            _choices(
                entries.rewrite(False),  # type: ignore[union-attr]  # modeltranslation's
                kind,
                order=[F("position"), F("pk")],
                texts="name",
            )
            for entries, kind in ((priority_area_list(), AREA), (sub_theme_list(), THEME))
        ),
        _choices(
            reviewers_of(None if mission_ids is None else of_calls),
            REVIEWER,
            order=[F("full_name"), F("email")],
            code="full_name",
            extra="email",
        ),
    ]
    union = parts[0].union(*parts[1:], all=True).order_by("choice_kind", "choice_rank")
    return union.query.sql_with_params()


def _choices(
    rows: QuerySet,
    kind: int,
    *,
    order: list,
    parent: str = "",
    texts: str = "",
    code: str = "",
    extra: str = "",
) -> QuerySet:
    """One part of `proposal_filter_choices_for_staff`'s union: `rows` in its columns, ranked in
    `order`; the columns not named are empty (0 or "")."""
    blank, zero = Value("", CharField()), Value(0, IntegerField())
    columns = {
        "choice_kind": Value(kind, IntegerField()),
        "choice_rank": Window(RowNumber(), order_by=order),
        "choice_id": F("pk"),
        "choice_parent": F(parent) if parent else zero,
        **{
            column: F(f"{texts}_{column.removeprefix('choice_')}") if texts else blank
            for column in _CHOICE_TEXTS
        },
        "choice_code": F(code) if code else blank,
        "choice_extra": F(extra) if extra else blank,
    }
    return rows.order_by().annotate(**columns).values(*_CHOICE_COLUMNS)


def proposal_staff_ordering(sort: str) -> list[OrderBy]:
    """The ORDER BY of a whitelisted sort key ("amount", "-amount"…); the pk breaks ties so
    pages never overlap. Empty values (no amount yet) come last in both directions."""
    key = sort.removeprefix("-")
    if key not in STAFF_LIST_SORT_FIELDS:
        return proposal_staff_ordering(STAFF_LIST_DEFAULT_SORT)
    descending = sort.startswith("-")
    return [
        F(STAFF_LIST_SORT_FIELDS[key]).desc(nulls_last=True)
        if descending
        else F(STAFF_LIST_SORT_FIELDS[key]).asc(nulls_last=True),
        F("pk").desc() if descending else F("pk").asc(),
    ]


def proposal_list_filter(
    proposals: QuerySet[Proposal],
    *,
    mission: int | None = None,
    call: int | None = None,
    status: str = "",
    priority_area: int | None = None,
    sub_theme: int | None = None,
    country: str = "",
    amount_min: Decimal | None = None,
    amount_max: Decimal | None = None,
    organization_kind: str = "",
    ge_code: str = "",
    reviewer: int | None = None,
    q: str = "",
    sort: str = STAFF_LIST_DEFAULT_SORT,
) -> QuerySet[Proposal]:
    """Narrow a scoped list of proposals by the staff list's filters (ids and codes already
    validated by the form) and order it; the scope itself comes from the caller's selector.

    The rows leave out the long texts (a page of 50 proposals would otherwise carry every
    answer of every section): read any of them and each row costs a query.
    """
    exact = {
        "call__mission_id": mission,
        "call_id": call,
        "status": status,
        "call_priority__priority_area_id": priority_area,
        "sub_theme_id": sub_theme,
        "location_country": country,
        "amount_requested_cad__gte": amount_min,
        "amount_requested_cad__lte": amount_max,
        "organization__kind": organization_kind,
    }
    proposals = proposals.filter(
        **{lookup: value for lookup, value in exact.items() if value not in (None, "")}
    )
    # The review's relations are named, not imported: reviews builds on proposals.
    if ge_code:
        proposals = proposals.filter(
            Q(decision__ge_code=ge_code)
            | (
                (Q(decision__isnull=True) | Q(decision__ge_code=""))
                & Q(review_summary__suggested_ge_code=ge_code)
            )
        )
    if reviewer is not None:
        # One filter() call: the same assignment is the reviewer's, not recused, not withdrawn.
        proposals = proposals.filter(
            review_assignments__reviewer_id=reviewer,
            review_assignments__declaration__in=["pending", "no_conflict"],
            review_assignments__withdrawn_at__isnull=True,
        )
    if q:
        # The search page's search (full text, accents ignored); the list keeps its own order.
        proposals = proposal_search(proposals, q)
    return proposals.defer(*STAFF_LIST_DEFERRED).order_by(*proposal_staff_ordering(sort))


# A proposal waits for the embassy from its submission until it is decided (a place on the
# waiting list is not a decision yet).
WAITING_STATUSES = (*BEFORE_DECISION, Proposal.Status.WAITLISTED)


def _count(rows: QuerySet) -> Subquery:
    """How many of `rows` (filtered on the outer proposal) there are: a subquery, so no join
    multiplies the list's rows and no filter of the list changes the count. COUNT as a plain
    function, not an aggregate: no GROUP BY, and one row (0) even when there are none."""
    counted = rows.order_by().annotate(count=Func("pk", function="COUNT")).values("count")
    return Subquery(counted, output_field=IntegerField())


def proposal_staff_rows(proposals: QuerySet[Proposal]) -> QuerySet[Proposal, dict]:
    """The staff list's rows, as dictionaries of `STAFF_ROW_FIELDS`, with their progress, in the
    list's own query: `waiting_since`, the submission while no decision is made (else None; see
    `days_waiting`); `reviews_done` out of `reviews_assigned` (reviewers who declared a conflict
    or were withdrawn left out); and `review_score`, the combined score once every review is in
    (else None)."""
    # Only the relations a row shows are joined: each join more costs PostgreSQL far more time
    # to plan than to run (10 ms against 1 ms with the mission and sub-theme joined too), and
    # the score is a subquery so that counting the rows joins nothing but the scope's call.
    return (
        proposals.select_related(None)
        .annotate(**_staff_row_progress())
        .values(*STAFF_ROW_FIELDS, *_staff_row_progress())
    )


@functools.cache
def _staff_row_progress() -> dict[str, BaseExpression]:
    """The annotations of `proposal_staff_rows`. Built once per process: annotate() copies them
    (as it copies any expression it is given), so they are never changed, and building their
    subqueries anew was most of the time spent building the rows' query."""
    # The review's models are reached through the proposal's relations: reviews builds on
    # proposals, which never imports it.
    assignment = Proposal._meta.get_field("review_assignments").related_model
    active = assignment._default_manager.filter(
        proposal=OuterRef("pk"), withdrawn_at__isnull=True
    ).exclude(declaration="conflict")
    summary = Proposal._meta.get_field("review_summary").related_model
    # The waiting starts at submission; the days are counted in Python (`days_waiting`), since
    # SQLite, the embedded default, cannot extract days from a duration.
    return {
        "waiting_since": Case(
            When(status__in=WAITING_STATUSES, then=F("submitted_at")),
            default=None,
            output_field=DateTimeField(),
        ),
        "reviews_assigned": _count(active),
        "reviews_done": _count(active.filter(review__status="submitted")),
        "review_score": Subquery(
            summary._default_manager.filter(proposal=OuterRef("pk")).values("score")[:1]
        ),
    }


def days_waiting(row: dict, now) -> int | None:
    """Full days a row of `proposal_staff_rows` has waited since submission (until `now`), while
    no decision is made (else None)."""
    since = row["waiting_since"]
    return None if since is None else (now - since).days


def applicant_timeline(proposal: Proposal) -> QuerySet[ProposalEvent]:
    """The proposal's steps as its applicant reads them: without the embassy's deliberation
    (reviews done, a recommendation), which stays internal until the decision is released."""
    return proposal.events.exclude(kind__in=DELIBERATION_EVENTS).select_related("actor")


def information_requests_of(proposal: Proposal) -> list[InformationRequest]:
    """The embassy's questions on a proposal, oldest first, with who asked and answered and
    the files sent with each answer."""
    return attach(_information_requests.list(proposal.pk), "proposal", proposal)


@prepared
def _information_requests(proposal_id) -> QuerySet[InformationRequest]:
    return (
        InformationRequest.objects.filter(proposal=proposal_id)
        .select_related("asked_by", "answered_by")
        .prefetch_related("files")
    )
