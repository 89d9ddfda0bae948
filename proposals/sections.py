"""The sections of the proposal form, in order: each is its own page and its own save."""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SHORT, LONG = "short", "long"


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    fields: tuple[str, ...] = ()
    # Text fields with a word limit: the call sets how many words "short" and "long" mean.
    word_limits: dict[str, str] = field(default_factory=dict)
    row_sets: tuple[str, ...] = ()


SECTIONS = (
    Section(
        "project",
        _("Project"),
        fields=(
            "title",
            "location_city",
            "location_region",
            "location_country",
            "start_date",
            "end_date",
            "language",
            "multi_year_justification",
        ),
        word_limits={"multi_year_justification": SHORT},
    ),
    Section("priority", _("Priority area"), fields=("call_priority", "sub_theme")),
    Section(
        "context",
        _("Context and problem"),
        fields=("context", "local_authorization_needed", "local_authorization_explanation"),
        word_limits={"context": LONG, "local_authorization_explanation": SHORT},
    ),
    Section(
        "results",
        _("Objectives, results and activities"),
        fields=("objectives",),
        word_limits={"objectives": SHORT},
        row_sets=("results", "activities"),
    ),
    Section(
        "beneficiaries",
        _("Beneficiaries"),
        fields=(
            "beneficiaries_description",
            "direct_women",
            "direct_girls",
            "direct_men",
            "direct_boys",
            "direct_other_adults",
            "direct_other_minors",
            "indirect_women",
            "indirect_girls",
            "indirect_men",
            "indirect_boys",
            "indirect_other_adults",
            "indirect_other_minors",
            "identity_factors",
            "identity_factors_other",
            "beneficiaries_consulted",
            "consultation_explanation",
        ),
        word_limits={"beneficiaries_description": SHORT, "consultation_explanation": SHORT},
    ),
    Section(
        "gba",
        _("Gender-based analysis (GBA+)"),
        fields=(
            "gba_differential_impacts",
            "gba_women_consulted",
            "gba_consultation_influence",
            "gba_do_no_harm",
            "gba_womens_organizations",
        ),
        word_limits={
            "gba_differential_impacts": LONG,
            "gba_consultation_influence": LONG,
            "gba_do_no_harm": LONG,
            "gba_womens_organizations": SHORT,
        },
    ),
    Section(
        "risks",
        _("Risks, sustainability and environment"),
        fields=("risks", "sustainability", "environment"),
        word_limits={"risks": LONG, "sustainability": LONG, "environment": SHORT},
    ),
    Section(
        "budget",
        _("Budget"),
        fields=("currency", "exchange_rate", "amount_requested"),
        row_sets=("budget_lines",),
    ),
    Section("funders", _("Other funders"), row_sets=("other_funders",)),
    Section("attachments", _("Attachments")),
    Section(
        "declaration",
        _("Declaration"),
        fields=("declarant_name", "declarant_title", "declaration_attested"),
    ),
)

SECTION_KEYS = tuple(section.key for section in SECTIONS)
BY_KEY = {section.key: section for section in SECTIONS}


def word_limit(section: Section, field_name: str, call) -> int | None:
    kind = section.word_limits.get(field_name)
    if kind is None:
        return None
    return call.short_answer_words if kind == SHORT else call.long_answer_words


def next_section(key: str) -> Section | None:
    index = SECTION_KEYS.index(key)
    return SECTIONS[index + 1] if index + 1 < len(SECTIONS) else None


def previous_section(key: str) -> Section | None:
    index = SECTION_KEYS.index(key)
    return SECTIONS[index - 1] if index > 0 else None
