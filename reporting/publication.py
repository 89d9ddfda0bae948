"""Proactive publication of grants and contributions (issue 23, decision 0024): the quarter's
agreements and amendments as rows of the Treasury Board's template, "Proactive Publication -
Grants and Contributions" (ckanext-canada `tables/grants.yaml`, template version 3 of
2025-12-01, commit 038020f), and the "nothing to report" file of a quarter without any.

One row per agreement in force (amendment 0, dated by its start, the countersignature's day)
and one per approved amendment (dated by its decision, at the mission), each restating the
whole agreement as it stood after it. An agreement whose texts in English and French are not
all written is refused, with what is missing, rather than written as an invalid row.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import Organization
from agreements.models import Amendment, ContributionAgreement
from programs.models import fiscal_year_of

# The template's columns, in its order: the header row of the file.
COLUMNS = (
    "agreement_number", "amendment_number", "amendment_date", "agreement_type",
    "agreement_title_en", "agreement_title_fr", "recipient_type", "recipient_business_number",
    "recipient_legal_name", "recipient_operating_name", "research_organization_name",
    "recipient_country", "recipient_province", "recipient_city", "recipient_postal_code",
    "federal_riding_name_en", "federal_riding_name_fr", "federal_riding_number",
    "prog_name_en", "prog_name_fr", "prog_purpose_en", "prog_purpose_fr",
    "alternate_agreement_number", "agreement_value", "foreign_currency_type",
    "foreign_currency_value", "agreement_start_date", "agreement_end_date",
    "agreement_termination_date", "coverage", "description_en", "description_fr",
    "naics_identifier", "expected_results_en", "expected_results_fr",
    "additional_information_en", "additional_information_fr",
)  # fmt: skip
NOTHING_TO_REPORT_COLUMNS = ("fiscal_year", "quarter")

CONTRIBUTION = "C"
# The template's recipient types: N not-for-profit organizations and charities, S academia,
# G government, I international (non-government), O other.
RECIPIENT_TYPES = {
    Organization.Kind.LOCAL_NGO: "N",
    Organization.Kind.CANADIAN_NGO: "N",
    Organization.Kind.ACADEMIC: "S",
    Organization.Kind.GOVERNMENT: "G",
    Organization.Kind.INTERNATIONAL_NGO: "I",
    Organization.Kind.MULTILATERAL: "O",  # intergovernmental: neither government nor NGO
}
# The currencies the template accepts for foreign_currency_type (its choices/currency.json):
# an agreement in another currency is published in CAD only.
TEMPLATE_CURRENCIES = frozenset(
    (
        "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD",
        "BIF", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYR", "BZD", "CAD", "CDF", "CHF",
        "CLF", "CLP", "CNY", "COP", "CRC", "CUC", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP",
        "ERN", "ETB", "EUR", "FJD", "GBP", "GEL", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL",
        "HRK", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES",
        "KGS", "KHR", "KMF", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LRD", "LSL", "LYD", "MGA",
        "MKD", "MOP", "MUR", "MVR", "MWK", "MYR", "NOK", "NZD", "SVC", "USD", "XAF", "XCD", "XDR",
        "XOF", "XPF", "ZAR",
    )
)  # fmt: skip
# An organization whose registration would put it at risk is not named (decision 0024).
WITHHELD = "Withheld for the recipient's safety|Non divulgué pour la sécurité du bénéficiaire"
WITHHELD_NOTE = (
    "The recipient's name and city are withheld for its safety.",
    "Le nom et la ville du bénéficiaire ne sont pas divulgués pour sa sécurité.",
)


@dataclass(frozen=True)
class Quarter:
    """A quarter of Canada's fiscal year: `fiscal_year` by the year it starts (2026 is
    2026-2027), `number` 1 (April to June) to 4 (January to March)."""

    fiscal_year: int
    number: int

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(fiscal_year_of(day), (day.month - 4) % 12 // 3 + 1)

    def __contains__(self, day: date | None) -> bool:
        return day is not None and Quarter.of(day) == self

    @property
    def first_day(self) -> date:
        month = (self.number - 1) * 3 + 4
        return date(self.fiscal_year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def last_day(self) -> date:
        if self.number == 4:
            return date(self.fiscal_year + 1, 3, 31)
        return Quarter(self.fiscal_year, self.number + 1).first_day - timedelta(days=1)

    @property
    def fiscal_year_label(self) -> str:
        """As the template writes it: 2026-2027."""
        return f"{self.fiscal_year}-{self.fiscal_year + 1}"

    @property
    def code(self) -> str:
        return f"Q{self.number}"


@dataclass(frozen=True)
class Refusal:
    """An agreement left out of the file, and why (in the reader's language)."""

    number: str
    reference: str
    proposal_pk: int
    reasons: list[str]


@dataclass
class Publication:
    quarter: Quarter
    rows: list[dict] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    withheld: int = 0  # rows whose recipient is not named


def publication_for(agreements: Iterable[ContributionAgreement], quarter: Quarter) -> Publication:
    """The quarter's rows of these agreements (read with `selectors.publication_agreements`):
    the original of each that came into force in the quarter, and each amendment approved in
    it, above the publication threshold."""
    publication = Publication(quarter)
    threshold = Decimal(settings.CFLI_PUBLICATION_THRESHOLD)
    for agreement in agreements:
        versions = [
            version
            for version in _versions(agreement)
            if version.day in quarter and version.value > threshold
        ]
        if not versions:
            continue
        reasons = _refusals(agreement)
        if reasons:
            proposal = agreement.proposal
            publication.refused.append(
                Refusal(agreement.number, proposal.reference, proposal.pk, reasons)
            )
            continue
        for version in versions:
            row = _row(agreement, version)
            publication.rows.append(row)
            publication.withheld += row["recipient_legal_name"] == WITHHELD
    return publication


@dataclass(frozen=True)
class _Version:
    """The agreement as it stood after one of its amendments (0: as signed)."""

    number: int
    day: date | None
    value: Decimal
    local: Decimal
    end: str
    terminated: date | None = None


def _versions(agreement: ContributionAgreement) -> list[_Version]:
    """The signed agreement and each approved amendment, each with the terms after it: the
    first amendment's snapshot before it holds the terms as signed."""
    amendments = [a for a in agreement.amendments.all() if a.status == Amendment.Status.APPROVED]
    amendments.sort(key=lambda amendment: amendment.number)
    signed = amendments[0].before if amendments else _terms_now(agreement)
    versions = [_version(0, agreement.start_date, signed)]
    zone = agreement.mission.zone
    for amendment in amendments:
        day = (
            timezone.localtime(amendment.decided_at, zone).date() if amendment.decided_at else None
        )
        terminated = day if amendment.kind == Amendment.Kind.TERMINATION else None
        versions.append(_version(amendment.number, day, amendment.after, terminated))
    return versions


def _terms_now(agreement: ContributionAgreement) -> dict:
    return {
        "amount_cad": str(agreement.amount_cad),
        "amount_local": str(agreement.amount_local),
        "end_date": agreement.end_date.isoformat(),
    }


def _version(number: int, day: date | None, terms: dict, terminated=None) -> _Version:
    return _Version(
        number,
        day,
        Decimal(terms["amount_cad"]),
        Decimal(terms["amount_local"]),
        terms["end_date"],
        terminated,
    )


def _refusals(agreement: ContributionAgreement) -> list[str]:
    reasons = [
        _("“%(field)s” is empty.") % {"field": capfirst(label)}
        for label in agreement.publication_missing
    ]
    if agreement.proposal.organization.country.code == "CA":
        reasons.append(_("A recipient in Canada needs its province, which is not recorded."))
    return reasons


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def _row(agreement: ContributionAgreement, version: _Version) -> dict:
    organization = agreement.proposal.organization
    at_risk = organization.registration_status == Organization.Registration.AT_RISK
    foreign = agreement.currency != "CAD" and agreement.currency in TEMPLATE_CURRENCIES
    program = settings.CFLI_PUBLICATION_PROGRAM
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        agreement_number=agreement.number,
        amendment_number=str(version.number),
        amendment_date=version.day.isoformat() if version.number and version.day else "",
        agreement_type=CONTRIBUTION,
        agreement_title_en=agreement.publication_title_en,
        agreement_title_fr=agreement.publication_title_fr,
        recipient_type=RECIPIENT_TYPES.get(organization.kind, "O"),
        recipient_legal_name=WITHHELD if at_risk else organization.name,
        recipient_country=organization.country.code,
        recipient_city=WITHHELD if at_risk else organization.city,
        prog_name_en=program["name_en"],
        prog_name_fr=program["name_fr"],
        prog_purpose_en=program["purpose_en"],
        prog_purpose_fr=program["purpose_fr"],
        alternate_agreement_number=agreement.proposal.reference,
        agreement_value=_money(version.value),
        foreign_currency_type=agreement.currency if foreign else "",
        foreign_currency_value=_money(version.local) if foreign else "",
        agreement_start_date=agreement.start_date.isoformat() if agreement.start_date else "",
        agreement_end_date=version.end,
        agreement_termination_date=version.terminated.isoformat() if version.terminated else "",
        description_en=agreement.publication_description_en,
        description_fr=agreement.publication_description_fr,
        expected_results_en=agreement.publication_results_en,
        expected_results_fr=agreement.publication_results_fr,
        additional_information_en=WITHHELD_NOTE[0] if at_risk else "",
        additional_information_fr=WITHHELD_NOTE[1] if at_risk else "",
    )
    return row


def csv_text(columns: tuple[str, ...], rows: Iterable[dict]) -> str:
    """The file as the portal reads it: UTF-8 with a byte-order mark (the caller encodes),
    the columns' names first, commas, CRLF (within cells too)."""
    out = io.StringIO()
    out.write("\N{BYTE ORDER MARK}")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    # A cell's own line breaks are CRLF too, as the portal's files write them.
    writer.writerows([_crlf(row[name]) for name in columns] for row in rows)
    return out.getvalue()


def _crlf(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\n", "\r\n")


def nothing_to_report(quarter: Quarter) -> list[dict]:
    return [{"fiscal_year": quarter.fiscal_year_label, "quarter": quarter.code}]


def publication_file(publication: Publication) -> tuple[str, str]:
    """The file's name and text: the rows, or the "nothing to report" file of a quarter that
    has no agreement at all (never of one whose agreements were left out)."""
    if publication.rows or publication.refused:
        return "grants.csv", csv_text(COLUMNS, publication.rows)
    return "grants-nil.csv", csv_text(
        NOTHING_TO_REPORT_COLUMNS, nothing_to_report(publication.quarter)
    )
