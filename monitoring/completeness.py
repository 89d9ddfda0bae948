"""What a report still lacks before it can be submitted, each item in words the partner acts on
and with the id of the field it concerns (the page links to it). The submit service refuses a
report with any; the page lists them as the partner writes."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.templatetags.figures import percent as percent_of
from proposals.beneficiaries import COUNT_FIELDS

from .models import Report, field_label

# Required of every report; lessons and sustainability are the final report's.
NARRATIVE_REQUIRED = ("activities_done", "changes_observed", "gender_equality")
NARRATIVE_FINAL = ("lessons", "sustainability")


@dataclass(frozen=True)
class Problem:
    anchor: str  # the id of the field to go to
    message: str


def report_problems(report: Report) -> list[Problem]:
    """Everything still missing from the report (its rows prefetched or read here)."""
    problems: list[Problem] = []
    for number, result in enumerate(report.results.all(), start=1):
        prefix = f"results-{number - 1}"
        if not result.actual.strip():
            problems.append(
                Problem(
                    f"id_{prefix}-actual",
                    _("Result %(number)d: give the value achieved.") % {"number": number},
                )
            )
        if not result.achievement:
            problems.append(
                Problem(
                    f"id_{prefix}-achievement_0",
                    _("Result %(number)d: say whether it was met.") % {"number": number},
                )
            )
        elif result.needs_explanation and not result.explanation.strip():
            problems.append(
                Problem(
                    f"id_{prefix}-explanation",
                    _("Result %(number)d: explain why it fell short.") % {"number": number},
                )
            )
    if any(getattr(report, name) is None for name in COUNT_FIELDS):
        problems.append(
            Problem(
                "beneficiary-counts",
                _("Beneficiaries reached: give every count, 0 where there were none."),
            )
        )
    threshold = report.agreement.proposal.call.report_variance_percent
    for index, expenditure in enumerate(report.expenditures.all()):
        prefix = f"expenditures-{index}"
        if expenditure.actual_local is None:
            problems.append(
                Problem(
                    f"id_{prefix}-actual_local",
                    _("Spending on “%(line)s”: give the amount spent.")
                    % {"line": expenditure.description},
                )
            )
        elif expenditure.needs_explanation(threshold) and not expenditure.explanation.strip():
            problems.append(
                Problem(f"id_{prefix}-explanation", _variance_message(expenditure, threshold))
            )
    required = NARRATIVE_REQUIRED + (NARRATIVE_FINAL if report.kind == Report.Kind.FINAL else ())
    for name in required:
        if not getattr(report, name).strip():
            label = capfirst(field_label(name))
            problems.append(
                Problem(f"id_{name}", _("“%(question)s”: to answer.") % {"question": label})
            )
    return problems


def _variance_message(expenditure, threshold: Decimal) -> str:
    percent = expenditure.variance_percent
    if percent is None:
        return _(
            "Spending on “%(line)s”: nothing was planned for it, so explain what was spent."
        ) % {"line": expenditure.description}
    return _(
        "Spending on “%(line)s” differs from the budget by %(percent)s (more than "
        "%(threshold)s): explain why."
    ) % {
        "line": expenditure.description,
        "percent": percent_of(percent),
        "threshold": percent_of(threshold),
    }
