"""Assignment of reviewers to a proposal in review, and their conflict-of-interest declarations.

A proposal in review gets its call's number of reviewers among its mission's reviewers: the
fewest open reviews first, never someone already assigned to it (recused included) or who
declared a conflict with the same organization before; running it again changes nothing. Each
assigned reviewer, and only they, declares once whether they have a conflict; a conflict
recuses them and another reviewer is assigned after the commit. A relay assigns reviewers to
proposals still short of them (a lost task, or too few reviewers at the time).

A program officer of the mission changes the reviewers while the reviews run: adds one of the
mission's reviewers (under the same conflict-of-interest rules; one withdrawn earlier comes
back with their draft), replaces one, or withdraws one. A reviewer who submitted stays; one who
started is withdrawn only once the officer confirms, their draft kept for the record and no
longer counted. A withdrawal that leaves fewer reviewers than the call asks for is followed by
the automatic assignment, and one that leaves only submitted reviews by their aggregation."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from core.background import enqueue_on_commit
from core.services import audit_record
from notifications.services import notify
from programs.models import MissionStaff
from proposals.models import Proposal

from .. import permissions
from ..models import CallReviewSettings, Review, ReviewAssignment
from ..selectors import review_settings_for, reviewer_options_for
from ._common import UNDER_REVIEW
from .reviewing import reviews_aggregate

# The assignments that count among a proposal's reviewers: neither recused nor withdrawn.
COUNTING = ~Q(declaration=ReviewAssignment.Declaration.CONFLICT) & Q(withdrawn_at__isnull=True)


def _open_reviews() -> Count:
    return Count(
        "review_assignments",
        filter=~Q(review_assignments__declaration=ReviewAssignment.Declaration.CONFLICT)
        & Q(review_assignments__withdrawn_at__isnull=True)
        & Q(review_assignments__proposal__status__in=UNDER_REVIEW),
    )


@transaction.atomic
def reviewers_assign(*, proposal: Proposal) -> list[ReviewAssignment]:
    """Give a proposal in review its call's number of reviewers, among the mission's
    reviewers: those with the fewest open reviews first; never someone already assigned to it
    (recused or withdrawn included), who declared a conflict with the same organization before,
    or who is a member of it. Running it again changes nothing once the proposal has its
    reviewers."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call__mission")
        .get(pk=proposal.pk)
    )
    if proposal.status not in UNDER_REVIEW:
        return []
    review_settings = review_settings_for(proposal.call)
    assignments = proposal.review_assignments.all()
    active = assignments.filter(COUNTING).count()
    needed = review_settings.reviewers_per_proposal - active
    if needed <= 0:
        return []
    known_conflicts = ReviewAssignment.objects.filter(
        proposal__organization=proposal.organization_id,
        declaration=ReviewAssignment.Declaration.CONFLICT,
    ).values("reviewer")
    candidates = (
        User.objects.filter(
            is_active=True,
            mission_roles__mission=proposal.call.mission_id,
            mission_roles__role=MissionStaff.Role.REVIEWER,
        )
        .exclude(pk__in=assignments.values("reviewer"))
        .exclude(pk__in=known_conflicts)
        .exclude(
            pk__in=Membership.objects.filter(organization=proposal.organization_id).values("user")
        )
        .annotate(open_reviews=_open_reviews())
        .order_by("open_reviews", "pk")[:needed]
    )
    due = timezone.localdate() + timedelta(days=review_settings.days_to_review)
    created = []
    for reviewer in candidates:
        assignment = ReviewAssignment.objects.create(
            proposal=proposal, reviewer=reviewer, due_date=due
        )
        _announce(assignment, proposal=proposal, actor=None)
        created.append(assignment)
    return created


def _announce(
    assignment: ReviewAssignment,
    *,
    proposal: Proposal,
    actor: User | None,
    reinstated: bool = False,
    data: dict | None = None,
) -> None:
    """Audit a new (or reinstated) assignment and ask its reviewer to review, once per
    occurrence: a first assignment has its own key; a reinstatement is named by its audit
    event."""
    event = audit_record(
        verb="review_assignment.reinstated" if reinstated else "review_assignment.created",
        actor=actor,
        target=assignment,
        mission_id=proposal.call.mission_id,
        data={"proposal": proposal.pk, "reviewer": assignment.reviewer_id, **(data or {})},
    )
    key = f"review-assigned:{assignment.pk}"
    notify(
        event="review_assigned",
        key=f"{key}:{event.pk}" if reinstated else key,
        recipients=[assignment.reviewer],
        context={
            "objects": {"assignment": ["reviews.ReviewAssignment", assignment.pk]},
            "path": reverse("reviewer:assignment", args=[assignment.pk]),
        },
    )


@transaction.atomic
def assignment_declare(
    *, assignment: ReviewAssignment, actor: User, conflict: bool, explanation: str = ""
) -> ReviewAssignment:
    """The assigned reviewer declares, once, whether they have a conflict of interest. A
    conflict recuses them, and another reviewer is assigned in their place."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if not permissions.can_declare_assignment(actor, assignment):
        raise PermissionDenied
    if assignment.declaration != ReviewAssignment.Declaration.PENDING:
        raise ValidationError(_("You have already made this declaration."), code="declared")
    explanation = explanation.strip()
    if conflict and not explanation:
        raise ValidationError(
            {"explanation": _("Describe the conflict of interest.")}, code="required"
        )
    assignment.declaration = (
        ReviewAssignment.Declaration.CONFLICT
        if conflict
        else ReviewAssignment.Declaration.NO_CONFLICT
    )
    assignment.conflict_explanation = explanation if conflict else ""
    assignment.declared_at = timezone.now()
    assignment.save(
        update_fields=["declaration", "conflict_explanation", "declared_at", "updated_at"]
    )
    audit_record(
        verb="review_assignment.declared",
        actor=actor,
        target=assignment,
        data={"conflict": conflict, "proposal": assignment.proposal_id},
    )
    if conflict:
        reviewers_assign_on_commit(assignment.proposal_id)
    return assignment


def reviewers_assign_on_commit(proposal_id: int) -> None:
    """After the commit, a task gives the proposal its reviewers (reviewers_assign)."""
    from ..tasks import assign_reviewers  # the task module imports this package

    enqueue_on_commit(assign_reviewers, proposal_id)


def reviewers_assign_missing() -> int:
    """The relay: proposals in review still short of reviewers get them (a lost Celery
    message, or too few reviewers when the proposal became eligible)."""
    # Counted in a subquery, not grouped: the default number is a parameter, and PostgreSQL
    # (statements bound on the server) cannot tell a parameter in HAVING from one in GROUP BY.
    active = (
        ReviewAssignment.objects.filter(proposal=OuterRef("pk"), withdrawn_at__isnull=True)
        .exclude(declaration=ReviewAssignment.Declaration.CONFLICT)
        .order_by()
        .values("proposal")
        .annotate(count=Count("pk"))
        .values("count")
    )
    short = (
        Proposal.objects.filter(status__in=UNDER_REVIEW)
        .alias(active=Coalesce(Subquery(active), 0))
        .filter(
            active__lt=Coalesce(
                "call__review_settings__reviewers_per_proposal",
                CallReviewSettings.DEFAULT_REVIEWERS,
            )
        )
    )
    return sum(len(reviewers_assign(proposal=proposal)) for proposal in short)


# --- Changes by a program officer ------------------------------------------------------------


def _proposal_to_change(proposal: Proposal, actor: User) -> Proposal:
    """The proposal, locked, once the actor may change its reviewers and its reviews run."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call__mission")
        .get(pk=proposal.pk)
    )
    if not permissions.can_manage_reviewers(actor, proposal):
        raise PermissionDenied
    if proposal.status not in UNDER_REVIEW:
        raise ValidationError(
            _("Reviewers can change only while the proposal is in review."), code="not_in_review"
        )
    return proposal


def _check_candidate(proposal: Proposal, reviewer: User) -> None:
    """Refuse, saying why, a reviewer the conflict-of-interest rules keep off the proposal."""
    option = next(
        (option for option in reviewer_options_for(proposal) if option.reviewer.pk == reviewer.pk),
        None,
    )
    why = _("not an active reviewer of this mission") if option is None else option.refusal
    if why:
        raise ValidationError(
            {
                "reviewer": _("%(name)s cannot be chosen: %(reason)s.")
                % {"name": reviewer.get_full_name(), "reason": why}
            },
            code="ineligible",
        )


def _assign(
    proposal: Proposal, reviewer: User, actor: User, *, replaces: int | None = None
) -> ReviewAssignment:
    """Assign a reviewer already checked: a new assignment, or the one they were withdrawn
    from, reinstated with its draft; due in the call's number of days from today."""
    due = timezone.localdate() + timedelta(days=review_settings_for(proposal.call).days_to_review)
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .filter(proposal=proposal, reviewer=reviewer)
        .first()
    )
    reinstated = assignment is not None
    if assignment is None:
        assignment = ReviewAssignment.objects.create(
            proposal=proposal, reviewer=reviewer, due_date=due, assigned_by=actor
        )
    else:
        assignment.withdrawn_at, assignment.withdrawn_by = None, None
        assignment.assigned_by, assignment.due_date = actor, due
        assignment.save(
            update_fields=["withdrawn_at", "withdrawn_by", "assigned_by", "due_date", "updated_at"]
        )
    _announce(
        assignment,
        proposal=proposal,
        actor=actor,
        reinstated=reinstated,
        data={"replaces": replaces} if replaces else None,
    )
    return assignment


def _withdraw(
    proposal: Proposal,
    assignment: ReviewAssignment,
    actor: User,
    *,
    confirm: bool,
    replaced_by: User | None = None,
) -> ReviewAssignment:
    """Withdraw a reviewer who still counts and has not submitted; one who started only when
    the officer confirms (the draft stays, no longer counted). They are told."""
    assignment = (
        ReviewAssignment.objects.select_for_update(of=("self",))
        .select_related("reviewer")
        .get(pk=assignment.pk, proposal=proposal)
    )
    name = assignment.reviewer.get_full_name()
    if assignment.is_withdrawn:
        raise ValidationError(
            _("%(name)s is already withdrawn from this proposal.") % {"name": name},
            code="withdrawn",
        )
    if assignment.is_recused:
        raise ValidationError(
            _("%(name)s is recused from this proposal and no longer counts among its reviewers.")
            % {"name": name},
            code="recused",
        )
    review = Review.objects.select_for_update().filter(assignment=assignment).first()
    if review is not None and review.is_submitted:
        raise ValidationError(
            _("%(name)s has submitted their review: they can no longer be replaced or withdrawn.")
            % {"name": name},
            code="submitted",
        )
    if review is not None and not confirm:
        raise ValidationError(
            _(
                "%(name)s has started their review. Confirm to withdraw them: their draft is "
                "kept for the record and no longer counts."
            )
            % {"name": name},
            code="confirm",
        )
    assignment.withdrawn_at, assignment.withdrawn_by = timezone.now(), actor
    assignment.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    event = audit_record(
        verb="review_assignment.withdrawn",
        actor=actor,
        target=assignment,
        mission_id=proposal.call.mission_id,
        data={
            "proposal": proposal.pk,
            "reviewer": assignment.reviewer_id,
            "draft_kept": review is not None,
            "replaced_by": replaced_by.pk if replaced_by else None,
        },
    )
    notify(
        event="review_withdrawn",
        key=f"review-withdrawn:{assignment.pk}:{event.pk}",
        recipients=[assignment.reviewer],
        context={
            "objects": {"assignment": ["reviews.ReviewAssignment", assignment.pk]},
            "path": reverse("reviewer:list"),
        },
    )
    return assignment


@transaction.atomic
def reviewer_add(*, proposal: Proposal, reviewer: User, actor: User) -> ReviewAssignment:
    """A program officer of the mission adds one of its reviewers to a proposal in review,
    unless the conflict-of-interest rules refuse them (saying why); one withdrawn from it
    earlier comes back with their draft. The reviewer is asked as by the automatic
    assignment."""
    proposal = _proposal_to_change(proposal, actor)
    _check_candidate(proposal, reviewer)
    return _assign(proposal, reviewer, actor)


@transaction.atomic
def reviewer_replace(
    *, assignment: ReviewAssignment, reviewer: User, actor: User, confirm: bool = False
) -> ReviewAssignment:
    """A program officer of the mission puts another reviewer in the place of one who has not
    submitted (one who started, only with `confirm`): the first is withdrawn and told, the
    other is asked. Returns the new assignment."""
    proposal = _proposal_to_change(assignment.proposal, actor)
    _check_candidate(proposal, reviewer)
    withdrawn = _withdraw(proposal, assignment, actor, confirm=confirm, replaced_by=reviewer)
    return _assign(proposal, reviewer, actor, replaces=withdrawn.pk)


@transaction.atomic
def reviewer_remove(
    *, assignment: ReviewAssignment, actor: User, confirm: bool = False
) -> ReviewAssignment:
    """A program officer of the mission withdraws a reviewer who has not submitted (one who
    started, only with `confirm`), who is told. Fewer reviewers than the call asks for: the
    automatic assignment fills the place; only submitted reviews left: they are added up and
    the proposal is reviewed. Returns the withdrawn assignment."""
    proposal = _proposal_to_change(assignment.proposal, actor)
    withdrawn = _withdraw(proposal, assignment, actor, confirm=confirm)
    reviewers_assign(proposal=proposal)
    reviews_aggregate(proposal=proposal)
    return withdrawn
