"""What a submitted version of a report says, read from its snapshot (so that each version
reads as it was submitted, whatever changed after), and how two versions compare, line by
line, for the officer's side-by-side reading."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from proposals.beneficiaries import COUNT_FIELDS, COUNT_GROUPS, REACHES
from proposals.models import BudgetLine, IdentityFactor

from .models import NARRATIVE, Report, ReportResult, ReportSubmission


@dataclass(frozen=True)
class SpentLine:
    description: str
    category: str
    planned: Decimal
    actual: Decimal | None
    explanation: str

    @property
    def variance_percent(self) -> Decimal | None:
        if self.actual is None or not self.planned:
            return None
        return abs(self.actual - self.planned) * 100 / self.planned


@dataclass(frozen=True)
class ReachedRow:
    label: str
    reached: tuple[int | None, int | None]
    planned: tuple[int | None, int | None]


@dataclass(frozen=True)
class Version:
    """One submitted version, as the officer reads it."""

    submission: ReportSubmission
    results: list[dict]
    spending: list[SpentLine]
    reached: list[tuple[str, list[ReachedRow]]]
    identity_factors: list[str]
    narrative: list[tuple[str, str]]
    files: list[dict]

    @property
    def spent(self) -> Decimal:
        return sum((line.actual or Decimal(0) for line in self.spending), Decimal(0))


def _label(name: str) -> str:
    return str(Report._meta.get_field(name).verbose_name).capitalize()


def version_of(submission: ReportSubmission, planned) -> Version:
    """A version from its snapshot; `planned`: the proposal, whose counts it is read beside."""
    snapshot = submission.snapshot
    fields = snapshot.get("fields", {})
    achievements = dict(ReportResult.Achievement.choices)
    results = [
        {**result, "achievement_label": achievements.get(result.get("achievement"), "")}
        for result in snapshot.get("results", [])
    ]
    categories = dict(BudgetLine.Category.choices)
    spending = [
        SpentLine(
            description=line["description"],
            category=str(categories.get(line.get("category"), "")),
            planned=Decimal(line["planned_local"]),
            actual=None if line.get("actual_local") is None else Decimal(line["actual_local"]),
            explanation=line.get("explanation", ""),
        )
        for line in snapshot.get("expenditures", [])
    ]
    reached = [
        (
            str(caption),
            [
                ReachedRow(
                    label=str(label),
                    reached=(fields.get(f"{reach}_{adults}"), fields.get(f"{reach}_{minors}")),
                    planned=(
                        getattr(planned, f"{reach}_{adults}"),
                        getattr(planned, f"{reach}_{minors}"),
                    ),
                )
                for label, adults, minors in COUNT_GROUPS
            ],
        )
        for reach, caption in REACHES
    ]
    factors = dict(IdentityFactor.choices)
    return Version(
        submission=submission,
        results=results,
        spending=spending,
        reached=reached,
        identity_factors=[str(factors.get(f, f)) for f in fields.get("identity_factors", [])],
        narrative=[(_label(name), fields.get(name, "")) for name in NARRATIVE],
        files=snapshot.get("files", []),
    )


@dataclass(frozen=True)
class Difference:
    label: str
    before: str
    after: str


def _shown(value) -> str:
    return "" if value is None else str(value)


def differences(before: ReportSubmission, after: ReportSubmission) -> list[Difference]:
    """What changed from one version to the next: each answer, actual, count and explanation
    whose text differs, with both texts."""
    a, b = before.snapshot, after.snapshot
    rows: list[tuple[str, object, object]] = []
    for name in (*NARRATIVE, *COUNT_FIELDS, "identity_factors_other"):
        rows.append((_label(name), a["fields"].get(name), b["fields"].get(name)))
    for number, (old, new) in enumerate(zip(a["results"], b["results"], strict=False), start=1):
        for key, label in (
            ("actual", _("value achieved")),
            ("achievement", _("met?")),
            ("explanation", _("why it fell short")),
        ):
            title = _("Result %(number)d: %(what)s") % {"number": number, "what": label}
            rows.append((title, old.get(key), new.get(key)))
    for old, new in zip(a["expenditures"], b["expenditures"], strict=False):
        for key, label in (("actual_local", _("spent")), ("explanation", _("why it differs"))):
            title = _("“%(line)s”: %(what)s") % {"line": new["description"], "what": label}
            rows.append((title, old.get(key), new.get(key)))
    return [
        Difference(label, _shown(old), _shown(new))
        for label, old, new in rows
        if _shown(old) != _shown(new)
    ]
