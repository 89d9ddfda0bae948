"""The parts of a batch's proposals (budget lines, results, activities, timeline) and the
review's records that lead to each state: screening, request for information, assignments,
reviews, summary and decision, scored with the review's own arithmetic (`reviews.scoring`)."""

import random
from datetime import date, datetime, timedelta
from typing import cast

from django.utils import timezone

from accounts.models import User
from proposals.models import (
    BudgetLine,
    GeCode,
    InformationRequest,
    Proposal,
    ProposalActivity,
    ProposalEvent,
    ProposalResult,
)
from reviews import scoring
from reviews.eligibility import CHECKS
from reviews.models import Decision, Review, ReviewAssignment, ReviewSummary, Screening

from .plans import Pending
from .profiles import DECIDED_STATES, REVIEWED, weighted

Status = Proposal.Status
# The screening check each reason fails: the check of the same name, none for "other".
FAILED_CHECK: dict[str, str | None] = {Screening.Reason.OTHER: None}
CHECK_KEYS = [key for key, _label, _compute in CHECKS]
EVENT_OF: dict[str, ProposalEvent.Kind] = {
    Status.INELIGIBLE: ProposalEvent.Kind.INELIGIBLE,
    Status.IN_REVIEW: ProposalEvent.Kind.IN_REVIEW,
    Status.MORE_INFO_REQUESTED: ProposalEvent.Kind.MORE_INFO_REQUESTED,
    Status.REVIEWED: ProposalEvent.Kind.REVIEWED,
    Status.RECOMMENDED: ProposalEvent.Kind.RECOMMENDED,
    Status.APPROVED: ProposalEvent.Kind.APPROVED,
    Status.DECLINED: ProposalEvent.Kind.DECLINED,
    Status.WAITLISTED: ProposalEvent.Kind.WAITLISTED,
    Status.WITHDRAWN: ProposalEvent.Kind.WITHDRAWN,
}
GE_CODES = [code.value for code in GeCode]


def write_parts(rng: random.Random, pending: list[Pending]) -> None:
    """Write the batch's parts and review records, one bulk insert per model (the proposals
    were written first)."""
    lines, results, activities, events = [], [], [], []
    screenings, requests, assignments, reviews, summaries, decisions = [], [], [], [], [], []
    for item in pending:
        proposal = item.proposal
        for line in item.lines:
            line.proposal = proposal
            lines.append(line)
        results.extend(_results(item))
        activities.extend(_activities(item))
        events.extend(_events(item))
        screening = _screening(item)
        if screening is not None:
            screenings.append(screening)
        if item.state == Status.MORE_INFO_REQUESTED:
            requests.append(_information_request(item))
        item.assignments = _assignments(rng, item)
        assignments.extend(item.assignments)
        reviews.extend(item.reviews)
        if item.state in REVIEWED:
            summaries.append(_summary(rng, item))
        if item.state in DECIDED_STATES or item.state == Status.RECOMMENDED:
            decisions.append(_decision(rng, item))
    BudgetLine.objects.bulk_create(lines)
    ProposalResult.objects.bulk_create(results)
    ProposalActivity.objects.bulk_create(activities)
    ProposalEvent.objects.bulk_create(events)
    Screening.objects.bulk_create(screenings)
    InformationRequest.objects.bulk_create(requests)
    ReviewAssignment.objects.bulk_create(assignments)
    Review.objects.bulk_create(reviews)
    ReviewSummary.objects.bulk_create(summaries)
    Decision.objects.bulk_create(decisions)


def _results(item: Pending) -> list[ProposalResult]:
    text, total = item.text, item.proposal.direct_total()
    return [
        ProposalResult(
            proposal=item.proposal, position=0, kind="outcome", description=text["outcome"],
            indicator=text["indicator"], baseline="0", target=str(total),
        ),
        ProposalResult(
            proposal=item.proposal, position=1, kind="output", description=text["output"],
            indicator=text["indicator"], baseline="0", target="100%",
        ),
    ]  # fmt: skip


def _activities(item: Pending) -> list[ProposalActivity]:
    proposal = item.proposal
    # The generator gives every proposal its dates, and submits it.
    start, end = cast(date, proposal.start_date), cast(date, proposal.end_date)
    third = (end - start) / 3
    slots = {
        "group": item.text["group"],
        "topic": item.text["topic"],
        "city": proposal.location_city,
    }
    return [
        ProposalActivity(
            proposal=proposal,
            position=position,
            description=template.format(**slots),
            start_date=start + third * position,
            end_date=start + third * (position + 1),
        )
        for position, template in enumerate(item.common["activities"])
    ]


def _events(item: Pending) -> list[ProposalEvent]:
    proposal, staff, times = item.proposal, item.plan.staff, item.times
    owner = proposal.created_by
    events: list[tuple[ProposalEvent.Kind, datetime, User | None, str]] = [
        (ProposalEvent.Kind.CREATED, times["created"], owner, ""),
        (ProposalEvent.Kind.SUBMITTED, cast(datetime, proposal.submitted_at), owner, ""),
    ]
    if "screened" in times:
        kind = (
            ProposalEvent.Kind.INELIGIBLE
            if item.state == Status.INELIGIBLE
            else ProposalEvent.Kind.IN_REVIEW
        )
        events.append((kind, times["screened"], staff.officer, ""))
    if "asked" in times:
        kind = ProposalEvent.Kind.MORE_INFO_REQUESTED
        events.append((kind, times["asked"], staff.officer, ""))
    if "reviewed" in times:
        events.append((ProposalEvent.Kind.REVIEWED, times["reviewed"], None, ""))
    if "recommended" in times:
        events.append((ProposalEvent.Kind.RECOMMENDED, times["recommended"], staff.officer, ""))
    if "decided" in times:
        events.append((EVENT_OF[item.state], times["decided"], staff.approver, ""))
    if "withdrawn" in times:
        events.append(
            (
                ProposalEvent.Kind.WITHDRAWN,
                times["withdrawn"],
                owner,
                proposal.withdrawal_reason,
            )
        )
    return [
        ProposalEvent(proposal=proposal, kind=kind, created_at=at, actor=actor, note=note)
        for kind, at, actor, note in events
    ]


def _screening(item: Pending) -> Screening | None:
    if "screened" not in item.times:
        return None
    eligible = item.state != Status.INELIGIBLE
    failed = None if eligible else FAILED_CHECK.get(item.reason, item.reason)
    checks = [
        {
            "key": key,
            "computed": True,
            "passed": key != failed,
            "note": "" if key != failed else item.common["ineligible_note"],
        }
        for key in CHECK_KEYS
    ]
    at = item.times["screened"]
    return Screening(
        proposal=item.proposal,
        checks=checks,
        outcome=Screening.Outcome.ELIGIBLE if eligible else Screening.Outcome.INELIGIBLE,
        reason="" if eligible else item.reason,
        note="" if eligible else item.common["ineligible_note"],
        screened_by=item.plan.staff.officer,
        created_at=at,
        updated_at=at,
    )


def _information_request(item: Pending) -> InformationRequest:
    at = item.times["asked"]
    return InformationRequest(
        proposal=item.proposal,
        question=item.common["question"],
        due_date=timezone.localdate(at) + timedelta(days=10),
        asked_by=item.plan.staff.officer,
        return_status=item.asked_from,
        created_at=at,
        updated_at=at,
    )


def _assignments(rng: random.Random, item: Pending) -> list[ReviewAssignment]:
    """Two reviewers for a proposal that went into review; their reviews once it was
    reviewed (every criterion scored, every checklist item answered)."""
    in_review = item.state in REVIEWED or (
        item.state in (Status.IN_REVIEW, Status.MORE_INFO_REQUESTED, Status.WITHDRAWN)
        and "screened" in item.times
    )
    reviewers = item.plan.staff.reviewers
    if not in_review or len(reviewers) < 2:
        return []
    screened = item.times["screened"]
    assignments = []
    for reviewer in rng.sample(reviewers, 2):
        declared = item.state in REVIEWED or rng.random() < 0.6
        declared_at = screened + timedelta(hours=rng.uniform(1, 48))
        assignment = ReviewAssignment(
            proposal=item.proposal,
            reviewer=reviewer,
            assigned_by=None,
            due_date=timezone.localdate(screened) + timedelta(days=14),
            declaration=(
                ReviewAssignment.Declaration.NO_CONFLICT
                if declared
                else ReviewAssignment.Declaration.PENDING
            ),
            declared_at=declared_at if declared else None,
            created_at=screened,
            updated_at=declared_at if declared else screened,
        )
        assignments.append(assignment)
        if item.state in REVIEWED and item.plan.criteria:
            item.reviews.append(_review(rng, item, assignment, declared_at))
    return assignments


def _review(rng: random.Random, item: Pending, assignment, started: datetime) -> Review:
    plan = item.plan
    quality = min(0.99, max(0.05, item.quality + rng.gauss(0, 0.07)))
    scores = {
        str(criterion.pk): min(
            criterion.scale_max,
            max(0, round(quality * criterion.scale_max + rng.gauss(0, 0.6))),
        )
        for criterion in plan.criteria
    }
    score = scoring.weighted_score(
        criteria=[
            scoring.CriterionScore(
                weight=criterion.weight,
                scale_max=criterion.scale_max,
                score=scores[str(criterion.pk)],
            )
            for criterion in plan.criteria
        ]
    )
    answers = {}
    for checklist_item in plan.items:
        draw = rng.random()
        answers[checklist_item.key] = (
            "yes" if draw < quality else "partly" if draw < quality + 0.2 else "no"
        )
    submitted = min(item.times["reviewed"], started + timedelta(days=rng.uniform(1, 10)))
    submitted = max(submitted, started)
    return Review(
        assignment=assignment,
        # Set: a call whose reviews are seeded has its grid and checklist (both required).
        grid_id=cast(int, plan.grid_id),
        checklist_id=cast(int, plan.checklist_id),
        scores=scores,
        answers=answers,
        comment=rng.choice(item.common["review_comment"]),
        ge_code=_ge_code(rng, item, quality),
        ge_justification=item.common["ge_justification"],
        status=Review.Status.SUBMITTED,
        submitted_at=submitted,
        score=score,
        version=1,
        created_at=started,
        updated_at=submitted,
    )


def _ge_code(rng: random.Random, item: Pending, quality: float) -> str:
    level = 2 if item.theme.gender_focus else 1
    level += 1 if quality > 0.8 else -1 if quality < 0.4 else 0
    level += rng.choice((-1, 0, 0, 0, 1))
    return GE_CODES[min(3, max(0, level))]


def _summary(rng: random.Random, item: Pending) -> ReviewSummary:
    reviews = item.reviews
    scores = [review.score for review in reviews]
    spread = scoring.disagreement(review_scores=scores)
    codes = sorted(review.ge_code for review in reviews)
    if not codes:
        codes = [_ge_code(rng, item, item.quality)]
    at = item.times["reviewed"]
    return ReviewSummary(
        proposal=item.proposal,
        score=scoring.combined_score(review_scores=scores),
        spread=spread.spread,
        large_disagreement=spread.is_large,
        suggested_ge_code=codes[0],
        created_at=at,
        updated_at=at,
    )


def _decision(rng: random.Random, item: Pending) -> Decision:
    state, common = item.state, item.common
    staff, times = item.plan.staff, item.times
    if state == Status.APPROVED:
        recommendation = (
            Decision.Recommendation.FUND_WITH_CONDITIONS
            if rng.random() < 0.25
            else Decision.Recommendation.FUND
        )
    elif state == Status.RECOMMENDED:
        recommendation = weighted(
            rng,
            {
                Decision.Recommendation.FUND: 70,
                Decision.Recommendation.FUND_WITH_CONDITIONS: 20,
                Decision.Recommendation.WAITLIST: 10,
            },
        )
    elif state == Status.WAITLISTED:
        recommendation = Decision.Recommendation.WAITLIST
    else:
        recommendation = Decision.Recommendation.DECLINE
    funded = recommendation in (
        Decision.Recommendation.FUND,
        Decision.Recommendation.FUND_WITH_CONDITIONS,
    )
    amount = item.amount
    if funded and amount is None:  # recommended, not decided yet
        amount = min(item.proposal.amount_requested_cad, item.plan.call.maximum_amount)
    decided = state in DECIDED_STATES
    suggested = min(
        (review.ge_code for review in item.reviews),
        default=_ge_code(rng, item, item.quality),
    )
    final = suggested if rng.random() < 0.7 else _ge_code(rng, item, item.quality)
    return Decision(
        proposal=item.proposal,
        recommendation=recommendation,
        amount=amount if funded else None,
        conditions=(
            common["conditions"]
            if recommendation == Decision.Recommendation.FUND_WITH_CONDITIONS
            else ""
        ),
        rationale=common["rationale_fund"] if funded else common["rationale_other"],
        reasons_for_applicant="" if funded else common["rationale_other"],
        recommended_by=staff.officer,
        approved_by=staff.approver if decided else None,
        decided_at=times["decided"] if decided else None,
        # Generated decisions are released as they are made.
        released_by=staff.approver if decided else None,
        released_at=times["decided"] if decided else None,
        ge_code=final if decided else "",
        created_at=times["recommended"],
        updated_at=times.get("decided", times["recommended"]),
    )
