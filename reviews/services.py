"""Writes to review instruments: publish a version (it is frozen from then on), or start the
next version from a published one."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import member_users
from core.background import enqueue_on_commit
from core.services import audit_record
from notifications.services import notify
from programs.models import Call, MissionStaff
from programs.permissions import can_manage_call
from programs.selectors import program_officers_of
from proposals.models import Proposal
from proposals.services import proposal_move

from . import permissions, scoring
from .models import (
    CallReviewSettings,
    ChecklistItem,
    Criterion,
    Decision,
    GbaChecklist,
    InternalComment,
    Review,
    ReviewAssignment,
    ReviewSummary,
    ScoringGrid,
    Screening,
)

LANGUAGES = ("en", "fr", "es")
DEFAULT_GRID, DEFAULT_CHECKLIST = "cfli-default", "cfli-gba-plus"
UNDER_REVIEW = (Proposal.Status.IN_REVIEW, Proposal.Status.MORE_INFO_REQUESTED)
PARTS = {
    ScoringGrid: ("criteria", Criterion, "grid"),
    GbaChecklist: ("items", ChecklistItem, "checklist"),
}
TEXTS = {Criterion: ("name",), ChecklistItem: ("question",)}


def _check_administrator(actor: User) -> None:
    if not actor.is_administrator:
        raise PermissionDenied


@transaction.atomic
def instrument_publish(*, instrument: ScoringGrid | GbaChecklist, actor: User):
    """Publish a draft version: complete in the three languages, with at least one part.
    From then on it cannot change; calls may use it."""
    _check_administrator(actor)
    model = type(instrument)
    instrument = model.objects.select_for_update().get(pk=instrument.pk)
    if instrument.is_published:
        raise ValidationError(_("This version is already published."), code="published")
    related, part_model, _owner = PARTS[model]
    parts = list(getattr(instrument, related).all())
    if not parts:
        raise ValidationError(_("Add at least one line before publishing."), code="empty")
    missing = [
        f"{part}: {language}"
        for part in parts
        for field in TEXTS[part_model]
        for language in LANGUAGES
        if not getattr(part, f"{field}_{language}")
    ] + [language for language in LANGUAGES if not getattr(instrument, f"name_{language}")]
    if missing:
        raise ValidationError(
            _(
                "Write every text in English, French and Spanish before publishing "
                "(missing: %(list)s)."
            )
            % {"list": ", ".join(missing)},
            code="untranslated",
        )
    model.objects.filter(pk=instrument.pk).update(published_at=timezone.now())
    instrument.refresh_from_db()
    audit_record(verb=f"{model._meta.model_name}.published", actor=actor, target=instrument)
    return instrument


@transaction.atomic
def instrument_new_version(*, instrument: ScoringGrid | GbaChecklist, actor: User):
    """Start the next version as a draft copy of a published one; reviews pinned to the
    published version keep it."""
    _check_administrator(actor)
    model = type(instrument)
    related, _part_model, owner = PARTS[model]
    latest = model.objects.select_for_update().filter(family=instrument.family).first()
    copy = model.objects.get(pk=instrument.pk)
    parts = list(getattr(copy, related).all())
    copy.pk = None
    copy.version = latest.version + 1
    copy.published_at = None
    copy.created_by = actor
    copy._state.adding = True
    copy.save()
    for part in parts:
        part.pk = None
        part._state.adding = True
        setattr(part, owner, copy)
        part.save()
    audit_record(verb=f"{model._meta.model_name}.versioned", actor=actor, target=copy)
    return copy


@transaction.atomic
def screening_record(
    *,
    proposal: Proposal,
    actor: User,
    checks: list[dict],
    outcome: str,
    reason: str = "",
    note: str = "",
) -> Screening:
    """A program officer records the eligibility checks and the outcome. Eligible starts the
    review; not eligible ends it, and the applicant is told why, in their language."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    )
    if not permissions.can_screen_proposal(actor, proposal):
        raise PermissionDenied
    failed = [check["key"] for check in checks if not check["passed"]]
    errors = {}
    if outcome == Screening.Outcome.ELIGIBLE and failed:
        errors["outcome"] = _(
            "A check is marked as failed: the proposal cannot be eligible. If the check does "
            "pass, mark it so and explain why in its note."
        )
    if outcome == Screening.Outcome.INELIGIBLE and not reason:
        errors["reason"] = _("Choose the reason the applicant will be told.")
    if reason == Screening.Reason.OTHER and not note.strip():
        errors["note"] = _("Explain the reason to the applicant.")
    if errors:
        raise ValidationError(errors)
    screening = Screening.objects.create(
        proposal=proposal,
        checks=checks,
        outcome=outcome,
        reason=reason if outcome == Screening.Outcome.INELIGIBLE else "",
        note=note.strip(),
        screened_by=actor,
    )
    eligible = outcome == Screening.Outcome.ELIGIBLE
    proposal_move(
        proposal=proposal,
        to=Proposal.Status.IN_REVIEW if eligible else Proposal.Status.INELIGIBLE,
        actor=actor,
    )
    if eligible:
        _assign_after_commit(proposal.pk)
    _notify_applicants(proposal, event="proposal_screened", record=screening)
    return screening


def _notify_applicants(proposal: Proposal, *, event: str, record) -> None:
    """Tell the members of the proposal's organization, each in their language, about `record`
    (a screening or a decision), with a link to the proposal's page."""
    notify(
        event=event,
        key=f"{event.replace('_', '-')}:{proposal.pk}",
        recipients=member_users(proposal.organization_id),
        context={
            "objects": {
                record._meta.model_name: [record._meta.label, record.pk],
                "proposal": ["proposals.Proposal", proposal.pk],
                "organization": ["accounts.Organization", proposal.organization_id],
            },
            "path": proposal.get_absolute_url(),
        },
    )


@transaction.atomic
def comment_add(*, proposal: Proposal, actor: User, text: str) -> InternalComment:
    """Staff of the proposal's mission leave a note for each other; partners never see it."""
    if not permissions.can_comment_proposal(actor, proposal):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")}, code="required")
    comment = InternalComment.objects.create(proposal=proposal, author=actor, text=text)
    audit_record(
        verb="proposal.commented",
        actor=actor,
        target=proposal,
        mission_id=proposal.call.mission_id,
    )
    return comment


def staff_view_record(*, proposal: Proposal, actor: User, request=None) -> None:
    """Every staff view of a proposal's content is on the audit trail."""
    audit_record(
        verb="proposal.viewed",
        actor=actor,
        target=proposal,
        mission_id=proposal.call.mission_id,
        request=request,
    )


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
                "path": f"/manage/reviews/{assignment.pk}/",
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
    if assignment.reviewer_id != actor.pk:
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
        _assign_after_commit(assignment.proposal_id)
    return assignment


def _assign_after_commit(proposal_id: int) -> None:
    from .tasks import assign_reviewers  # the task module imports this one

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


def reviews_aggregate_finished() -> int:
    """The relay of aggregation: proposals in review whose every active reviewer has submitted
    (a lost Celery message, or the answer to a question arrived after the last review)."""
    finished = (
        Proposal.objects.filter(status=Proposal.Status.IN_REVIEW)
        .annotate(
            waiting=Count(
                "review_assignments",
                filter=~Q(review_assignments__declaration=ReviewAssignment.Declaration.CONFLICT)
                & ~Q(review_assignments__review__status=Review.Status.SUBMITTED),
            )
        )
        .filter(waiting=0, review_assignments__review__status=Review.Status.SUBMITTED)
        .distinct()
    )
    return sum(reviews_aggregate(proposal=proposal) is not None for proposal in finished)


# --- Reviews -------------------------------------------------------------------------------


def _criterion_scores(review: Review) -> list[scoring.CriterionScore]:
    return [
        scoring.CriterionScore(
            weight=criterion.weight,
            scale_max=criterion.scale_max,
            score=review.scores.get(str(criterion.pk)),
        )
        for criterion in review.grid.criteria.all()
        if str(criterion.pk) in review.scores
    ]


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


@transaction.atomic
def review_start(*, assignment: ReviewAssignment, actor: User) -> Review:
    """The review of a reviewer who declared no conflict, pinned to the call's grid and
    checklist as they are now."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if (
        assignment.reviewer_id != actor.pk
        or assignment.declaration != ReviewAssignment.Declaration.NO_CONFLICT
    ):
        raise PermissionDenied
    review = Review.objects.filter(assignment=assignment).first()
    if review is None:
        review_settings = review_settings_for(assignment.proposal.call)
        if review_settings.grid is None or review_settings.checklist is None:
            raise ValidationError(
                _("No scoring grid or GBA+ checklist is published yet: ask an administrator."),
                code="no_instrument",
            )
        review = Review.objects.create(
            assignment=assignment, grid=review_settings.grid, checklist=review_settings.checklist
        )
    return review


@transaction.atomic
def review_save(*, review: Review, actor: User, data: dict, version: int) -> Review:
    """Save a review in progress (autosave or the Save button); a stale version that would
    change what is saved is a conflict and nothing is written. A stale version that changes
    nothing is the page's own autosave still in flight when Save or Submit was pressed (leaving
    the last field fires one): no conflict."""
    review = Review.objects.select_for_update().select_related("assignment").get(pk=review.pk)
    if review.assignment.reviewer_id != actor.pk:
        raise PermissionDenied
    if review.is_submitted:
        raise ValidationError(
            _("This review is submitted: it can no longer change."), code="submitted"
        )
    saved = _review_content(review)
    criteria = {str(criterion.pk): criterion for criterion in review.grid.criteria.all()}
    keys = set(review.checklist.items.values_list("key", flat=True))
    for pk, value in data.get("scores", {}).items():
        if pk in criteria and (value is None or 0 <= value <= criteria[pk].scale_max):
            review.scores[pk] = value
    for key, value in data.get("answers", {}).items():
        if key in keys and value in scoring.ANSWERS:
            review.answers[key] = value
    for name in ("comment", "ge_code", "ge_justification"):
        if name in data:
            setattr(review, name, data[name])
    if review.version != version and _review_content(review) != saved:
        raise ValidationError(
            _("This review was saved in another window since you opened it. Reload the page."),
            code="stale",
        )
    review.score = scoring.weighted_score(criteria=_criterion_scores(review))
    review.version += 1
    review.save()
    return review


def _review_content(review: Review) -> tuple:
    return (
        dict(review.scores),
        dict(review.answers),
        review.comment,
        review.ge_code,
        review.ge_justification,
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


@transaction.atomic
def review_submit(*, review: Review, actor: User) -> Review:
    """Submit a complete review, once; when it is the last one expected, the proposal's
    reviews are added up after the commit."""
    review = Review.objects.select_for_update().select_related("assignment").get(pk=review.pk)
    if review.assignment.reviewer_id != actor.pk:
        raise PermissionDenied
    if review.is_submitted:
        return review
    missing = review_missing(review)
    if missing:
        raise ValidationError(missing, code="incomplete")
    review.status = Review.Status.SUBMITTED
    review.submitted_at = timezone.now()
    review.save(update_fields=["status", "submitted_at", "updated_at"])
    proposal = review.assignment.proposal
    audit_record(
        verb="review.submitted",
        actor=actor,
        target=review,
        mission_id=proposal.call.mission_id,
        data={"proposal": proposal.pk, "score": str(review.score)},
    )
    from .tasks import aggregate_reviews  # the task module imports this one

    enqueue_on_commit(aggregate_reviews, proposal.pk)
    return review


@transaction.atomic
def reviews_aggregate(*, proposal: Proposal) -> ReviewSummary | None:
    """When every active reviewer has submitted: combined score, disagreement, suggested
    code; the proposal becomes reviewed and its officers are told. Idempotent."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    )
    if proposal.status != Proposal.Status.IN_REVIEW:
        return None
    assignments = list(
        proposal.review_assignments.exclude(
            declaration=ReviewAssignment.Declaration.CONFLICT
        ).select_related("review")
    )
    expected = review_settings_for(proposal.call).reviewers_per_proposal
    reviews = [getattr(a, "review", None) for a in assignments]
    if len(assignments) < expected or not all(r is not None and r.is_submitted for r in reviews):
        return None
    scores = [review.score for review in reviews]
    spread = scoring.disagreement(review_scores=scores)
    codes = sorted(review.ge_code for review in reviews)
    summary, _created = ReviewSummary.objects.update_or_create(
        proposal=proposal,
        defaults={
            "score": scoring.combined_score(review_scores=scores),
            "spread": spread.spread,
            "large_disagreement": spread.is_large,
            # The lower of the reviewers' codes: the mission decides the final one.
            "suggested_ge_code": codes[0],
        },
    )
    proposal_move(proposal=proposal, to=Proposal.Status.REVIEWED, actor=None)
    officers = program_officers_of(proposal.call.mission_id)
    notify(
        event="proposal_reviewed",
        key=f"proposal-reviewed:{proposal.pk}",
        recipients=officers,
        context={
            "objects": {
                "proposal": ["proposals.Proposal", proposal.pk],
                "summary": ["reviews.ReviewSummary", summary.pk],
            },
            "path": f"/manage/proposals/{proposal.pk}/",
        },
    )
    return summary


def review_reminders_send(*, today) -> int:
    """Reviewers with a review due in two days, or overdue, are reminded; each reminder once
    (its key names the assignment and the kind)."""
    open_assignments = (
        ReviewAssignment.objects.filter(
            declaration__in=[
                ReviewAssignment.Declaration.PENDING,
                ReviewAssignment.Declaration.NO_CONFLICT,
            ],
            proposal__status__in=UNDER_REVIEW,
            due_date__lte=today + timedelta(days=2),
        )
        .exclude(review__status=Review.Status.SUBMITTED)
        .select_related("reviewer")
    )
    sent = 0
    for assignment in open_assignments:
        kind = "overdue" if assignment.due_date < today else "due-soon"
        with transaction.atomic():
            sent += len(
                notify(
                    event="review_reminder",
                    bulk=True,
                    key=f"review-{kind}:{assignment.pk}",
                    recipients=[assignment.reviewer],
                    context={
                        "objects": {"assignment": ["reviews.ReviewAssignment", assignment.pk]},
                        "overdue": kind == "overdue",
                        "path": f"/manage/reviews/{assignment.pk}/",
                    },
                )
            )
    return sent


# --- Committee decision ----------------------------------------------------------------------

FUNDED = (Decision.Recommendation.FUND, Decision.Recommendation.FUND_WITH_CONDITIONS)
OUTCOME_STATUS = {
    Decision.Recommendation.FUND: Proposal.Status.APPROVED,
    Decision.Recommendation.FUND_WITH_CONDITIONS: Proposal.Status.APPROVED,
    Decision.Recommendation.WAITLIST: Proposal.Status.WAITLISTED,
    Decision.Recommendation.DECLINE: Proposal.Status.DECLINED,
}


def _money(value) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def _check_decision(*, call: Call, recommendation: str, amount, conditions: str, rationale: str):
    errors = {}
    if recommendation in FUNDED:
        if amount is None:
            errors["amount"] = _("Give the amount to fund.")
        elif amount > call.maximum_amount:
            errors["amount"] = _("The amount is above the call's maximum of CAD %(maximum)s.") % {
                "maximum": _money(call.maximum_amount)
            }
    if recommendation == Decision.Recommendation.FUND_WITH_CONDITIONS and not conditions.strip():
        errors["conditions"] = _("Write the conditions.")
    if not rationale.strip():
        errors["rationale"] = _("Give the rationale.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decision_recommend(
    *,
    proposal: Proposal,
    actor: User,
    recommendation: str,
    amount=None,
    conditions: str = "",
    rationale: str,
) -> Decision:
    """The program officer records the committee's recommendation on a reviewed proposal."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    )
    if not permissions.is_officer_of(actor, proposal):
        raise PermissionDenied
    _check_decision(
        call=proposal.call,
        recommendation=recommendation,
        amount=amount,
        conditions=conditions,
        rationale=rationale,
    )
    decision = Decision.objects.create(
        proposal=proposal,
        recommendation=recommendation,
        amount=amount if recommendation in FUNDED else None,
        conditions=conditions.strip(),
        rationale=rationale.strip(),
        recommended_by=actor,
    )
    proposal_move(proposal=proposal, to=Proposal.Status.RECOMMENDED, actor=actor)
    return decision


@transaction.atomic
def decision_approve(
    *,
    decision: Decision,
    actor: User,
    ge_code: str,
    recommendation: str | None = None,
    amount=None,
) -> Decision:
    """The approver confirms or changes the recommendation and sets the final GE code.

    Funding must fit in what remains of the call's envelope. The call's row is locked first,
    so two approvals at the same moment are counted one after the other, never both.
    """
    decision = Decision.objects.select_related("proposal__call").get(pk=decision.pk)
    proposal = decision.proposal
    if not permissions.is_approver_of(actor, proposal):
        raise PermissionDenied
    call = Call.objects.select_for_update().get(pk=proposal.call_id)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    # A waiting-list decision may be revisited when money frees up; nothing else is.
    if decision.decided_at is not None and proposal.status != Proposal.Status.WAITLISTED:
        raise ValidationError(_("This proposal is already decided."), code="decided")
    recommendation = recommendation or decision.recommendation
    amount = amount if amount is not None else decision.amount
    _check_decision(
        call=call,
        recommendation=recommendation,
        amount=amount,
        conditions=decision.conditions,
        rationale=decision.rationale,
    )
    if ge_code not in Review.GeCode.values:
        raise ValidationError({"ge_code": _("Set the final gender-equality code.")})
    if recommendation in FUNDED:
        approved = Decision.objects.filter(
            proposal__call=call, proposal__status=Proposal.Status.APPROVED
        ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
        if not scoring.fits_envelope(
            envelope=call.budget_envelope, approved_amounts=[approved], amount=amount
        ):
            raise ValidationError(
                _(
                    "CAD %(amount)s does not fit: CAD %(approved)s of the envelope of CAD "
                    "%(envelope)s is already approved, so CAD %(remaining)s remains."
                )
                % {
                    "amount": _money(amount),
                    "approved": _money(approved),
                    "envelope": _money(call.budget_envelope),
                    "remaining": _money(call.budget_envelope - approved),
                },
                code="envelope",
            )
    decision.recommendation = recommendation
    decision.amount = amount if recommendation in FUNDED else None
    decision.approved_by = actor
    decision.decided_at = timezone.now()
    decision.ge_code = ge_code
    decision.save()
    proposal_move(proposal=proposal, to=OUTCOME_STATUS[recommendation], actor=actor)
    _notify_applicants(proposal, event="proposal_decided", record=decision)
    return decision


# --- Managing review instruments and a call's review settings --------------------------------

# What the management pages may write: the texts of a version, and each line's fields.
INSTRUMENT_TEXTS = tuple(
    f"{name}_{language}" for name in ("name", "description") for language in LANGUAGES
)
PART_FIELDS = {
    Criterion: (
        *(f"{name}_{language}" for name in ("name", "guidance") for language in LANGUAGES),
        "weight",
        "scale_max",
        "position",
    ),
    ChecklistItem: (
        "key",
        *(f"{name}_{language}" for name in ("question", "guidance") for language in LANGUAGES),
        "required",
        "position",
    ),
}


def _frozen() -> ValidationError:
    return ValidationError(
        _("This version is published and frozen: make a new version to change it."),
        code="published",
    )


@transaction.atomic
def instrument_create(
    *, model: type[ScoringGrid] | type[GbaChecklist], actor: User, family: str, texts: dict
) -> ScoringGrid | GbaChecklist:
    """A new grid or checklist starts as version 1, a draft, under an identifier that no other
    instrument of its kind uses."""
    _check_administrator(actor)
    family = family.strip()
    taken = ValidationError(
        {"family": _("This identifier is already used: choose another.")}, code="family_taken"
    )
    if model.objects.filter(family=family).exists():
        raise taken
    instrument = model(family=family, version=1, created_by=actor)
    for name in INSTRUMENT_TEXTS:
        setattr(instrument, name, texts.get(name) or "")
    instrument.full_clean(exclude=["created_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            instrument.save()
    except IntegrityError:  # the same identifier created at the same moment
        raise taken from None
    audit_record(verb=f"{model._meta.model_name}.created", actor=actor, target=instrument)
    return instrument


@transaction.atomic
def instrument_draft_save(
    *,
    instrument: ScoringGrid | GbaChecklist,
    actor: User,
    texts: dict,
    parts: list[dict],
    seen_updated_at=None,
) -> ScoringGrid | GbaChecklist:
    """Change a draft's texts and lines (criteria or items). A line with an `id` is updated,
    or removed with `delete`; a line without one is added (at the end when it has no
    position). A published version refuses any change; a draft saved by someone else since
    `seen_updated_at` is a conflict. Either way nothing is written."""
    _check_administrator(actor)
    model = type(instrument)
    instrument = model.objects.select_for_update().get(pk=instrument.pk)
    if instrument.is_published:
        raise _frozen()
    if seen_updated_at is not None and instrument.updated_at != seen_updated_at:
        raise ValidationError(
            _(
                "Someone else saved this version since you opened it, so your changes were not "
                "saved. They are still below: copy what you need, reload the page and apply "
                "them again."
            ),
            code="stale",
        )
    related, part_model, owner = PARTS[model]
    existing = {part.pk: part for part in getattr(instrument, related).all()}
    if any(line.get("id") is not None and line["id"] not in existing for line in parts):
        raise ValidationError(
            _("A line no longer belongs to this version: reload the page."), code="unknown_line"
        )
    for name in INSTRUMENT_TEXTS:
        if name in texts:
            setattr(instrument, name, texts[name] or "")
    instrument.full_clean(exclude=["created_by"], validate_constraints=False)
    instrument.save()

    removed = [line["id"] for line in parts if line.get("id") is not None and line.get("delete")]
    kept = [line for line in parts if not line.get("delete")]
    position = max((part.position for part in existing.values()), default=0)
    try:
        # Removals first, so a key freed by a removed item can go to another one.
        with transaction.atomic():
            for pk in removed:
                existing[pk].delete()
            for line in kept:
                part = (
                    existing[line["id"]]
                    if line.get("id") is not None
                    else part_model(**{owner: instrument})
                )
                for name in PART_FIELDS[part_model]:
                    if name in line:
                        setattr(part, name, line[name])
                if line.get("position") is None and line.get("id") is None:
                    position += 1
                    part.position = position
                part.full_clean(exclude=[owner], validate_constraints=False)
                part.save()
    except IntegrityError:  # the only constraint a line can break: an item key used twice
        raise ValidationError(
            _("Two items have the same key: give each item its own key."), code="duplicate_key"
        ) from None
    audit_record(
        verb=f"{model._meta.model_name}.edited",
        actor=actor,
        target=instrument,
        data={
            "added": sum(1 for line in kept if line.get("id") is None),
            "changed": sum(1 for line in kept if line.get("id") is not None),
            "removed": len(removed),
        },
    )
    return instrument


@transaction.atomic
def instrument_next_draft(
    *, instrument: ScoringGrid | GbaChecklist, actor: User
) -> tuple[ScoringGrid | GbaChecklist, bool]:
    """The draft of the family's next version, and whether it was made now: the draft
    already started if there is one (a double click, or another administrator), otherwise a
    new copy of `instrument` (instrument_new_version)."""
    _check_administrator(actor)
    model = type(instrument)
    # Wait for anyone else versioning the family, then look again with a fresh snapshot: a
    # draft they have just committed is seen and returned, never doubled.
    list(model.objects.select_for_update().filter(family=instrument.family))
    draft = model.objects.filter(family=instrument.family, published_at__isnull=True).first()
    if draft is not None:
        return draft, False
    return instrument_new_version(instrument=instrument, actor=actor), True


def _is_published(model, instrument) -> bool:
    """Read again: the caller's copy may be older than the database's."""
    if instrument is None:
        return False
    return model.objects.filter(pk=instrument.pk).exclude(published_at=None).exists()


@transaction.atomic
def call_review_settings_save(
    *,
    call: Call,
    actor: User,
    grid: ScoringGrid | None,
    checklist: GbaChecklist | None,
    reviewers_per_proposal: int,
    days_to_review: int,
) -> CallReviewSettings:
    """The call's program officers, or an administrator, choose a published version of the
    scoring grid and of the GBA+ checklist, how many reviewers each proposal gets and how many
    days they have. Reviews already started keep the versions they started with."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not can_manage_call(actor, call):
        raise PermissionDenied
    errors = {}
    if not _is_published(ScoringGrid, grid):
        errors["grid"] = _("Choose a published version of a scoring grid.")
    if not _is_published(GbaChecklist, checklist):
        errors["checklist"] = _("Choose a published version of a GBA+ checklist.")
    if errors:
        raise ValidationError(errors, code="unpublished")
    review_settings = CallReviewSettings.objects.filter(call=call).first() or CallReviewSettings(
        call=call
    )
    review_settings.grid = grid
    review_settings.checklist = checklist
    review_settings.reviewers_per_proposal = reviewers_per_proposal
    review_settings.days_to_review = days_to_review
    review_settings.full_clean()
    review_settings.save()
    audit_record(
        verb="call_review_settings.saved",
        actor=actor,
        target=review_settings,
        mission_id=call.mission_id,
        data={
            "call": call.pk,
            "grid": grid.pk,
            "checklist": checklist.pk,
            "reviewers_per_proposal": reviewers_per_proposal,
            "days_to_review": days_to_review,
        },
    )
    return review_settings
