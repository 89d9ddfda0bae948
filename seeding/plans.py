"""What the generator passes around: the plan of each call that receives proposals, each
proposal with what goes with it until its batch is written, and what a run reports."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from accounts.models import User
from programs.models import Call, CallPriority, Mission
from proposals.models import BudgetLine, Proposal
from reviews.models import Review, ReviewAssignment

from .profiles import MissionProfile
from .themes import Theme


@dataclass
class VolumeReport:
    seed: int
    proposals: int = 0
    organizations: int = 0
    calls_created: int = 0
    missions_created: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_mission: Counter = field(default_factory=Counter)
    by_language: Counter = field(default_factory=Counter)
    approved_cad: Decimal = Decimal(0)
    agreements: int = 0
    reports: int = 0
    reports_by_status: Counter = field(default_factory=Counter)
    seconds: float = 0.0


@dataclass
class Staff:
    officer: User
    approver: User
    reviewers: list[User]


@dataclass
class CallPlan:
    call: Call
    mission: Mission
    profile: MissionProfile
    phase: str
    window: tuple[datetime, datetime]  # in UTC, so adding days never meets a DST change
    priorities: list[tuple[CallPriority, int | None]]  # with the area's demo position
    languages: dict[str, int]
    currency: str
    rate: Decimal
    staff: Staff
    criteria: list  # the scoring grid's criteria, or [] when the call has none
    items: list  # the GBA+ checklist's items
    grid_id: int | None = None
    checklist_id: int | None = None


@dataclass
class Pending:
    """A proposal and what goes with it, before the batch is written."""

    proposal: Proposal
    state: str
    times: dict[str, datetime]
    plan: CallPlan
    theme: Theme
    text: dict
    common: dict
    reason: str = ""
    asked_from: str = ""
    quality: float = 0.5
    forced: bool = False
    amount: Decimal | None = None  # approved, in CAD
    lines: list[BudgetLine] = field(default_factory=list)
    assignments: list[ReviewAssignment] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
