"""When each step of a seeded proposal happened (screening, request for information, review,
recommendation, decision, withdrawal), in the order its state implies and never after now."""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from proposals.models import Proposal

from . import figures
from .plans import Pending, VolumeReport
from .profiles import DECIDED_STATES, OPEN, REVIEWED

Status = Proposal.Status


def story(
    rng: random.Random,
    now: datetime,
    item: Pending,
    submitted_at: datetime,
    approved: dict[int, list[Decimal]],
    report: VolumeReport,
) -> None:
    """The times of the proposal's steps, and its state's outcome within the envelope."""
    plan, state = item.plan, item.state
    if state == Status.MORE_INFO_REQUESTED:
        item.asked_from = Status.IN_REVIEW if rng.random() < 0.5 else Status.SUBMITTED
    if state == Status.WITHDRAWN:
        item.asked_from = Status.IN_REVIEW if rng.random() < 0.4 else Status.SUBMITTED
    if state in REVIEWED:
        qualities: dict[str, float] = {
            Status.APPROVED: rng.uniform(0.78, 0.95),
            Status.RECOMMENDED: rng.uniform(0.7, 0.92),
            Status.WAITLISTED: rng.uniform(0.62, 0.8),
            Status.DECLINED: rng.uniform(0.3, 0.66),
        }
        item.quality = qualities.get(state, rng.uniform(0.35, 0.9))
    if state == Status.APPROVED:
        figures.fund(rng, item, approved, report)
    steps = _steps(item)
    opened, closed = plan.window
    base = submitted_at if plan.phase == OPEN else max(submitted_at, closed)
    # Days between steps, squeezed when the whole story would end after now.
    gaps = [rng.uniform(2, 20) if step == 0 else rng.uniform(5, 25) for step in range(len(steps))]
    room = (now - base).total_seconds() / 86400 - 0.01
    scale = min(1.0, max(room, 0.01) / sum(gaps)) if gaps else 1.0
    moment = base
    for step, gap in zip(steps, gaps, strict=True):
        moment = moment + timedelta(days=gap * scale)
        item.times[step] = moment
    # The draft was started after the call opened and before it was submitted.
    started = opened + (submitted_at - opened) / 10
    item.times["created"] = max(submitted_at - timedelta(days=rng.uniform(1, 25)), started)
    proposal = item.proposal
    proposal.created_at = item.times["created"]
    proposal.updated_at = max(submitted_at, *item.times.values())
    if item.state == Status.WITHDRAWN:
        proposal.withdrawn_at = item.times["withdrawn"]
        proposal.withdrawal_reason = rng.choice(item.common["withdrawal"])


def _steps(item: Pending) -> list[str]:
    state, asked_from = item.state, item.asked_from
    if state == Status.SUBMITTED:
        return []
    if state in (Status.INELIGIBLE, Status.IN_REVIEW):
        return ["screened"]
    if state == Status.MORE_INFO_REQUESTED:
        return ["screened", "asked"] if asked_from == Status.IN_REVIEW else ["asked"]
    if state == Status.WITHDRAWN:
        return ["screened", "withdrawn"] if asked_from == Status.IN_REVIEW else ["withdrawn"]
    steps = ["screened", "reviewed"]
    if state != Status.REVIEWED:
        steps.append("recommended")
    if state in DECIDED_STATES:
        steps.append("decided")
    return steps
