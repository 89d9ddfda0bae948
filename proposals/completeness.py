"""What a proposal still lacks before it can be submitted, section by section.

Drafts may be saved incomplete, and a text over its word limit is saved rather than lost;
this is where those are caught, each problem linked to its field.
"""

from dataclasses import dataclass
from functools import cache

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Organization
from core.models import field_label
from core.validators import count_words
from programs.models import RequiredAttachment

from . import budget
from .models import Proposal
from .sections import BY_KEY, SECTIONS, word_limit


@dataclass(frozen=True)
class Problem:
    field_id: str
    message: str


REQUIRED = {
    "project": (
        "title",
        "location_city",
        "location_country",
        "start_date",
        "end_date",
        "language",
    ),
    "priority": ("call_priority", "sub_theme"),
    "context": ("context", "local_authorization_needed"),
    "results": ("objectives",),
    "beneficiaries": ("beneficiaries_description", "beneficiaries_consulted"),
    "gba": (
        "gba_differential_impacts",
        "gba_women_consulted",
        "gba_consultation_influence",
        "gba_do_no_harm",
    ),
    "risks": ("risks", "sustainability", "environment"),
    # The exchange rate is the call's (see _rate); the amount requested is the CFLI column's
    # total (see _budget).
    "budget": ("currency",),
    "declaration": ("declarant_name", "declarant_title"),
}


def _label(name: str) -> str:
    return _labels(name, get_language())


@cache
def _labels(name: str, language: str) -> str:
    # A field's label, per language: every section page lists the problems of all eleven.
    return capfirst(str(field_label(Proposal, name)))


def _missing(name: str) -> Problem:
    return Problem(f"id_{name}", _("Fill in “%(field)s”.") % {"field": _label(name)})


def _is_empty(value) -> bool:
    return value in (None, "", [])


def _field_problems(proposal: Proposal, key: str) -> list[Problem]:
    section = BY_KEY[key]
    problems = [
        _missing(name) for name in REQUIRED.get(key, ()) if _is_empty(getattr(proposal, name))
    ]
    for name in section.word_limits:
        limit = word_limit(section, name, proposal.call)
        words = count_words(getattr(proposal, name))
        if limit is not None and words > limit:
            problems.append(
                Problem(
                    f"id_{name}",
                    _("“%(field)s” has %(words)d words; the limit is %(limit)d.")
                    % {"field": _label(name), "words": words, "limit": limit},
                )
            )
    return problems


def _project(proposal: Proposal) -> list[Problem]:
    problems = []
    call = proposal.call
    if (
        proposal.end_date
        and proposal.end_date > call.latest_end_date
        and not (call.multi_year_allowed and proposal.multi_year_justification)
    ):
        problems.append(
            Problem(
                "id_end_date",
                _("The project must end by %(date)s.")
                % {"date": date_format(call.latest_end_date, "DATE_FORMAT")},
            )
        )
    if proposal.language and proposal.language not in call.accepted_languages:
        problems.append(
            Problem(
                "id_language",
                _("This call accepts proposals in: %(languages)s.")
                % {"languages": ", ".join(map(str, call.accepted_language_labels))},
            )
        )
    return problems


def _priority(proposal: Proposal) -> list[Problem]:
    priority, theme = proposal.call_priority, proposal.sub_theme
    if priority is not None and priority.call_id != proposal.call_id:
        return [Problem("id_call_priority", _("Choose one of this call's priority areas."))]
    if (
        priority is not None
        and theme is not None
        and priority.priority_area.position == 1
        and theme.name_en.lower() == "gender equality"  # type: ignore[attr-defined]  # a modeltranslation column
    ):
        return [
            Problem(
                "id_sub_theme",
                _(
                    "Gender equality is already the priority area: choose another sub-theme "
                    "that describes the project."
                ),
            )
        ]
    return []


def _context(proposal: Proposal) -> list[Problem]:
    if proposal.local_authorization_needed and not proposal.local_authorization_explanation:
        return [_missing("local_authorization_explanation")]
    return []


def _results(proposal: Proposal) -> list[Problem]:
    problems = []
    results = list(proposal.results.all())
    if not results:
        problems.append(Problem("id_results-0-description", _("Add at least one expected result.")))
    for index, result in enumerate(results):
        for name in ("description", "indicator", "baseline", "target"):
            if not getattr(result, name):
                problems.append(
                    Problem(
                        f"id_results-{index}-{name}",
                        _("Result %(number)d: fill in “%(field)s”.")
                        % {
                            "number": index + 1,
                            "field": field_label(result, name),
                        },
                    )
                )
    activities = list(proposal.activities.all())
    if not activities:
        problems.append(Problem("id_activities-0-description", _("Add at least one activity.")))
    for index, activity in enumerate(activities):
        prefix = f"id_activities-{index}-"
        if not activity.description or not activity.start_date or not activity.end_date:
            problems.append(
                Problem(
                    prefix + "description",
                    _("Activity %(number)d: give a description and its dates.")
                    % {"number": index + 1},
                )
            )
        elif (proposal.start_date and activity.start_date < proposal.start_date) or (
            proposal.end_date and activity.end_date > proposal.end_date
        ):
            problems.append(
                Problem(
                    prefix + "start_date",
                    _("Activity %(number)d: its dates must fall within the project's dates.")
                    % {"number": index + 1},
                )
            )
        elif activity.end_date < activity.start_date:
            problems.append(
                Problem(
                    prefix + "end_date",
                    _("Activity %(number)d: it must end after it starts.") % {"number": index + 1},
                )
            )
    return problems


def _beneficiaries(proposal: Proposal) -> list[Problem]:
    problems = []
    if not proposal.direct_total():
        problems.append(Problem("id_direct_women", _("Give the number of direct beneficiaries.")))
    if proposal.beneficiaries_consulted and not proposal.consultation_explanation:
        problems.append(_missing("consultation_explanation"))
    return problems


def _gba(proposal: Proposal) -> list[Problem]:
    return []


def _rate(proposal: Proposal) -> list[Problem]:
    """A budget the rules can convert to CAD: in CAD, or in the mission's currency at the call's
    rate."""
    call = proposal.call
    if not proposal.currency or budget.cad_rate(call=call, currency=proposal.currency):
        return []
    if call.exchange_rate is None:
        message = _("This call sets no exchange rate: give the budget in Canadian dollars (CAD).")
    else:
        message = _(
            "This call converts budgets in %(currency)s to CAD at its own rate: give the budget "
            "in %(currency)s or in CAD."
        ) % {"currency": call.mission.local_currency}
    return [Problem("id_currency", message)]


def _budget(proposal: Proposal) -> list[Problem]:
    problems = _rate(proposal)
    lines = list(proposal.budget_lines.all())
    if not lines:
        return [
            *problems,
            Problem("id_budget_lines-0-category", _("Add at least one budget line.")),
        ]
    if not any(line.cfli_amount for line in lines):
        problems.append(
            Problem(
                "id_budget_lines-0-cfli_amount",
                _(
                    "Give what you ask of the CFLI in the CFLI column of the budget lines: "
                    "its total is the amount requested."
                ),
            )
        )
    rules = budget.line_problems(lines) + budget.rule_problems(
        lines=lines,
        amount_requested=proposal.amount_requested,
        currency=proposal.currency,
        call=proposal.call,
    )
    return problems + [Problem(field_id, message) for field_id, message in rules]


def _funders(proposal: Proposal) -> list[Problem]:
    return [
        Problem(
            f"id_other_funders-{index}-name",
            _("Funder %(number)d: give its name, the amount and whether it is confirmed.")
            % {"number": index + 1},
        )
        for index, funder in enumerate(proposal.other_funders.all())
        if not funder.name or funder.amount is None or not funder.status
    ]


def _attachments(proposal: Proposal) -> list[Problem]:
    call = proposal.call
    kinds = {attachment.kind for attachment in proposal.attachments.all()}
    required = set(call.required_attachments)
    if call.registration_proof_required:
        required.add(RequiredAttachment.REGISTRATION)
    if proposal.organization.registration_status != Organization.Registration.REGISTERED:
        # Never a barrier for an organization at risk or not registered: screening decides.
        required.discard(RequiredAttachment.REGISTRATION)
    return [
        Problem("id_kind", _("Attach: %(kind)s.") % {"kind": RequiredAttachment(kind).label})
        for kind in sorted(required - kinds)
    ]


def _declaration(proposal: Proposal) -> list[Problem]:
    if not proposal.declaration_attested:
        return [
            Problem(
                "id_declaration_attested",
                _("Tick the declaration that the information is true and complete."),
            )
        ]
    return []


CHECKS = {
    "project": _project,
    "priority": _priority,
    "context": _context,
    "results": _results,
    "beneficiaries": _beneficiaries,
    "gba": _gba,
    "budget": _budget,
    "funders": _funders,
    "attachments": _attachments,
    "declaration": _declaration,
}


def section_problems(proposal: Proposal, key: str) -> list[Problem]:
    check = CHECKS.get(key)
    return _field_problems(proposal, key) + (check(proposal) if check else [])


# The fields of other sections a section's checks read: the activities' dates must fall within
# the project's.
READS_FROM_OTHER_SECTIONS = {"results": ("start_date", "end_date")}


def sections_changed_by(key: str, *, before: Proposal, after: Proposal) -> list[str]:
    """The sections whose problems a save of section `key` may have changed (`before` and
    `after` are the proposal on either side of the save): its own, and those whose checks read
    one of the fields it changed. The others were as they are when the page was loaded."""
    return [key] + [
        other
        for other, names in READS_FROM_OTHER_SECTIONS.items()
        if other != key and any(getattr(before, name) != getattr(after, name) for name in names)
    ]


def proposal_problems(proposal: Proposal) -> dict[str, list[Problem]]:
    """Every section's problems, in the form's order (an empty list: the section is complete)."""
    return {section.key: section_problems(proposal, section.key) for section in SECTIONS}


def is_complete(proposal: Proposal) -> bool:
    return not any(proposal_problems(proposal).values())
