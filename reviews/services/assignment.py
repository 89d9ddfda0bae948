"""Assignment of reviewers to a proposal in review, and their conflict-of-interest declarations.

A proposal in review gets its call's number of reviewers among its mission's reviewers: the
fewest open reviews first, never someone already assigned to it (recused included) or who
declared a conflict with the same organization before; running it again changes nothing. Each
assigned reviewer, and only they, declares once whether they have a conflict; a conflict
recuses them and another reviewer is assigned after the commit. A relay assigns reviewers to
proposals still short of them (a lost task, or too few reviewers at the time)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.background import enqueue_on_commit
from core.services import audit_record
from notifications.services import notify
from programs.models import MissionStaff
from proposals.models import Proposal

from .. import permissions
from ..models import CallReviewSettings, ReviewAssignment
from ..selectors import review_settings_for
from ._common import UNDER_REVIEW


def _open_reviews() -> Count:
    return Count(
        "review_assignments",
        filter=~Q(review_assignments__declaration=ReviewAssignment.Declaration.CONFLICT)
        & Q(review_assignments__proposal__status__in=UNDER_REVIEW),
    )


@transaction.atomic
def reviewers_assign(*, proposal: Proposal) -> list[ReviewAssignment]:
    """Give a proposal in review its call's number of reviewers, among the mission's
    reviewers: those with the fewest open reviews first; never someone already assigned to it
    (recused included) or who declared a conflict with the same organization before.
    Running it again changes nothing once the proposal has its reviewers."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call__mission")
        .get(pk=proposal.pk)
    )
    if proposal.status not in UNDER_REVIEW:
        return []
    review_settings = review_settings_for(proposal.call)
    assignments = proposal.review_assignments.all()
    active = assignments.exclude(declaration=ReviewAssignment.Declaration.CONFLICT).count()
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
        .annotate(open_reviews=_open_reviews())
        .order_by("open_reviews", "pk")[:needed]
    )
    due = timezone.localdate() + timedelta(days=review_settings.days_to_review)
    created = []
    for reviewer in candidates:
        assignment = ReviewAssignment.objects.create(
            proposal=proposal, reviewer=reviewer, due_date=due
        )
        notify(
            event="review_assigned",
            key=f"review-assigned:{assignment.pk}",
            recipients=[reviewer],
            context={
                "objects": {"assignment": ["reviews.ReviewAssignment", assignment.pk]},
                "path": reverse("reviewer:assignment", args=[assignment.pk]),
            },
        )
        audit_record(
            verb="review_assignment.created",
            target=assignment,
            mission_id=proposal.call.mission_id,
            data={"proposal": proposal.pk, "reviewer": reviewer.pk},
        )
        created.append(assignment)
    return created


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
    short = (
        Proposal.objects.filter(status__in=UNDER_REVIEW)
        .annotate(
            active=Count(
                "review_assignments",
                filter=~Q(review_assignments__declaration=ReviewAssignment.Declaration.CONFLICT),
            )
        )
        .filter(
            active__lt=Coalesce(
                "call__review_settings__reviewers_per_proposal",
                CallReviewSettings.DEFAULT_REVIEWERS,
            )
        )
    )
    return sum(len(reviewers_assign(proposal=proposal)) for proposal in short)
