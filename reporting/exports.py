"""What an export holds and how it is written: the lists' columns, and CSV and XLSX writers.

Rows are read in chunks and written one by one, so memory stays flat whatever the size: no
writer ever holds a list of the rows. Every text cell goes through `safe_text`, so a spreadsheet
opening the file runs no formula that a partner typed into a title.
"""

import csv
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from itertools import chain, islice
from operator import itemgetter
from typing import IO, Any, cast

from django.db.models import Choices, Field, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname, get_language
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from accounts.models import Organization
from agreements.models import ContributionAgreement, PaymentInstalment
from core.languages import translated
from core.times import zone_label
from monitoring.models import Report
from programs.models import InstalmentCondition, ReportKind, fiscal_year_label
from proposals.beneficiaries import COUNT_FIELDS
from proposals.forms_staff import ProposalStaffFilterForm
from proposals.models import Proposal

from .models import Export
from .selectors import (
    agreement_export_list_for,
    disclosure_list_for,
    payment_export_list_for,
    proposal_export_list_for,
    report_export_list_for,
)

# Rows read from the database at a time (a server-side cursor on PostgreSQL): enough to keep
# round trips few, few enough that a chunk of rows stays around a megabyte.
CHUNK_SIZE = 200

# A spreadsheet reads a cell beginning with one of these as a formula (OWASP, "CSV injection");
# tabs and line breaks can hide one behind what looks like an empty cell.
FORMULA_STARTS = frozenset("=+-@\t\r\n")
# What XLSX (XML 1.0) cannot hold: openpyxl raises IllegalCharacterError on them.
NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
UTF8_BOM = "\ufeff"  # lets Excel read the CSV's accents as UTF-8


def safe_text(value: str) -> str:
    """Return text that no spreadsheet runs, the same for CSV and XLSX.

    Text beginning like a formula (`= + - @`) or with a control character (tab, line break…)
    gets a leading apostrophe, so it shows as typed; characters XLSX cannot hold are dropped.
    """
    if value and (value[0] in FORMULA_STARTS or unicodedata.category(value[0]) == "Cc"):
        value = "'" + value
    return NOT_IN_XLSX.sub("", value)


# --- The lists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of an export: its header, the `values()` names it reads, and its value in a row
    (text, a number, a date or datetime, or None)."""

    header: Any
    fields: tuple[str, ...]
    value: Callable[[dict], Any]

    def title(self) -> str:
        """The header in the active language; a header with "%(zone)s" names the active time
        zone, the one its times are written in."""
        header = str(self.header)
        if "%(zone)s" in header:
            return header % {"zone": zone_label(timezone.get_current_timezone_name())}
        return header


def column(header, name: str) -> Column:
    return Column(header, (name,), itemgetter(name))


def translated_column(header, name: str) -> Column:
    """A field administrators write in each language (modeltranslation's columns): the active
    language's text, else the first one filled in, as the pages show it."""
    fields = tuple(build_localized_fieldname(name, code) for code in AVAILABLE_LANGUAGES)

    def value(row: dict) -> str:
        return translated(row, name)

    return Column(header, fields, value)


@cache
def _labels(choices: type[Choices], language: str) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def choice_column(header, name: str, choices: type[Choices]) -> Column:
    """A choice's label in the active language (read once per language, not once per row)."""
    return Column(
        header, (name,), lambda row: _labels(choices, get_language()).get(row[name], row[name])
    )


def country_column(header, name: str) -> Column:
    return Column(header, (name,), lambda row: countries.name(row[name]) if row[name] else "")


def wall_clock(moment: datetime | None) -> datetime | None:
    """The time in the active zone (the reader's), without a zone: XLSX has none, and the
    column's header names it."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None)


FISCAL_YEAR = Column(
    _("Fiscal year"),
    ("call__fiscal_year",),
    lambda row: fiscal_year_label(row["call__fiscal_year"]),
)

PROPOSAL_COLUMNS: tuple[Column, ...] = (
    column(_("Reference"), "reference"),
    column(_("Title"), "title"),
    column(_("Organization"), "organization__name"),
    choice_column(_("Type of organization"), "organization__kind", Organization.Kind),
    country_column(_("Country"), "location_country"),
    column(_("City or village"), "location_city"),
    column(_("District or state"), "location_region"),
    translated_column(_("Mission"), "call__mission__name"),
    translated_column(_("Call"), "call__title"),
    FISCAL_YEAR,
    translated_column(_("Priority area"), "call_priority__priority_area__name"),
    translated_column(_("Sub-theme"), "sub_theme__name"),
    choice_column(_("Status"), "status", Proposal.Status),
    column(_("Amount requested (CAD)"), "amount_requested_cad"),
    Column(
        # Translators: %(zone)s is a time zone, for example America/Mexico City.
        _("Submitted at (%(zone)s)"),
        ("submitted_at",),
        lambda row: wall_clock(row["submitted_at"]),
    ),
    column(_("Start date"), "start_date"),
    column(_("End date"), "end_date"),
    column(_("Combined score"), "export_score"),
    Column(
        _("Gender-equality code (final, else suggested)"),
        ("export_final_ge_code", "export_suggested_ge_code"),
        lambda row: row["export_final_ge_code"] or row["export_suggested_ge_code"] or "",
    ),
    column(_("Decided amount (CAD)"), "export_decision_amount"),
)

# A published list must not point at an organization that registering would endanger.
WITHHELD = _("Withheld for the organization's safety")


def unless_at_risk(shown: Column) -> Column:
    def value(row: dict):
        if row["organization__registration_status"] == Organization.Registration.AT_RISK:
            return str(WITHHELD)
        return shown.value(row)

    return Column(shown.header, (*shown.fields, "organization__registration_status"), value)


DISCLOSURE_COLUMNS: tuple[Column, ...] = (
    unless_at_risk(column(_("Organization"), "organization__name")),
    unless_at_risk(column(_("Title"), "title")),
    column(_("Amount (CAD)"), "export_award"),
    column(_("Start date"), "start_date"),
    column(_("End date"), "end_date"),
    unless_at_risk(column(_("City or village"), "location_city")),
    unless_at_risk(column(_("District or state"), "location_region")),
    country_column(_("Country"), "location_country"),
    translated_column(_("Mission"), "call__mission__name"),
    FISCAL_YEAR,
)


def _agreement_fiscal_year(prefix: str = "") -> Column:
    name = f"{prefix}fiscal_year"
    return Column(_("Fiscal year"), (name,), lambda row: fiscal_year_label(row[name]))


AGREEMENT_COLUMNS: tuple[Column, ...] = (
    column(_("Agreement number"), "number"),
    column(_("Reference"), "proposal__reference"),
    column(_("Title"), "title"),
    column(_("Organization"), "proposal__organization__name"),
    translated_column(_("Mission"), "mission__name"),
    translated_column(_("Call"), "proposal__call__title"),
    _agreement_fiscal_year(),
    choice_column(_("Status"), "status", ContributionAgreement.Status),
    column(_("Amount (CAD)"), "amount_cad"),
    column(_("Paid (CAD)"), "paid_cad"),
    column(_("Currency"), "currency"),
    column(_("Amount in the budget's currency"), "amount_local"),
    column(_("Exchange rate (CAD for one unit)"), "exchange_rate"),
    column(_("Start date"), "start_date"),
    column(_("End date"), "end_date"),
)

PAYMENT_COLUMNS: tuple[Column, ...] = (
    column(_("Agreement number"), "agreement__number"),
    column(_("Organization"), "agreement__proposal__organization__name"),
    translated_column(_("Mission"), "agreement__mission__name"),
    _agreement_fiscal_year("agreement__"),
    column(_("Instalment"), "sequence"),
    choice_column(_("Paid"), "condition", InstalmentCondition),
    column(_("Due date"), "due_date"),
    choice_column(_("Status"), "status", PaymentInstalment.Status),
    column(_("Amount (CAD)"), "amount_cad"),
    column(_("Paid on"), "paid_on"),
    column(_("Amount paid (CAD)"), "paid_amount_cad"),
    column(_("Currency"), "agreement__currency"),
    column(_("Amount paid in the budget's currency"), "paid_amount_local"),
    column(_("Exchange rate of the payment"), "paid_rate"),
    column(_("Payment reference"), "payment_reference"),
)


def _in_cad(header, name: str) -> Column:
    """A report's amount in the budget's currency, in CAD at its agreement's rate."""

    def value(row: dict) -> Decimal | None:
        amount, rate = row[name], row["agreement__exchange_rate"]
        return None if amount is None else (amount * rate).quantize(Decimal("0.01"))

    return Column(header, (name, "agreement__exchange_rate"), value)


def _count_columns(prefix: str, header) -> tuple[Column, ...]:
    """The twelve beneficiary counts, each headed by `header` and the count's own label."""
    return tuple(
        Column(
            format_lazy("{}: {}", header, cast(Field, Report._meta.get_field(name)).verbose_name),
            (f"{prefix}{name}",),
            itemgetter(f"{prefix}{name}"),
        )
        for name in COUNT_FIELDS
    )


REPORT_COLUMNS: tuple[Column, ...] = (
    column(_("Agreement number"), "agreement__number"),
    column(_("Reference"), "agreement__proposal__reference"),
    column(_("Organization"), "agreement__proposal__organization__name"),
    translated_column(_("Mission"), "agreement__mission__name"),
    _agreement_fiscal_year("agreement__"),
    choice_column(_("Report"), "kind", ReportKind),
    choice_column(_("Status"), "status", Report.Status),
    column(_("Due date"), "due_date"),
    Column(
        # Translators: %(zone)s is a time zone, for example America/Mexico City.
        _("Submitted at (%(zone)s)"),
        ("submitted_at",),
        lambda row: wall_clock(row["submitted_at"]),
    ),
    Column(
        # Translators: %(zone)s is a time zone, for example America/Mexico City.
        _("Accepted at (%(zone)s)"),
        ("accepted_at",),
        lambda row: wall_clock(row["accepted_at"]),
    ),
    *_count_columns("", _("Reached")),
    *_count_columns("agreement__proposal__", _("Planned")),
    column(_("Results met"), "results_met"),
    column(_("Results partly met"), "results_partly"),
    column(_("Results not met"), "results_not_met"),
    column(_("Currency"), "agreement__currency"),
    column(_("Planned spending (CFLI)"), "planned_local"),
    column(_("Spent (CFLI)"), "spent_local"),
    column(_("Exchange rate (CAD for one unit)"), "agreement__exchange_rate"),
    _in_cad(_("Planned spending (CAD)"), "planned_local"),
    _in_cad(_("Spent (CAD)"), "spent_local"),
)

AMOUNT_FILTERS = ("amount_min", "amount_max")


def proposal_filters_dump(filters: dict) -> dict:
    """The staff list's valid filters as JSON values, leaving out the empty ones."""
    return {
        name: str(value) if isinstance(value, Decimal) else value
        for name, value in filters.items()
        if value not in (None, "")
    }


def proposal_filters_load(data: dict) -> dict:
    """Keywords of `proposal_list_filter` from stored filters (unknown names are ignored)."""
    known = set(ProposalStaffFilterForm.base_fields)
    return {
        name: Decimal(value) if name in AMOUNT_FILTERS else value
        for name, value in data.items()
        if name in known
    }


@dataclass(frozen=True)
class ExportKind:
    """One exportable list: its columns, its scoped rows and the audit verb of exporting it."""

    name: str
    verb: str
    label: Any
    columns: tuple[Column, ...]
    queryset: Callable[[Any, dict], QuerySet]

    def table(self, user, filters: dict, language: str) -> Iterator[Sequence]:
        """The header row, then one row per record, in `language` and with times in the user's
        time zone: plain values read CHUNK_SIZE rows at a time, in one query."""
        fields = list(dict.fromkeys(name for column in self.columns for name in column.fields))
        records = self.queryset(user, filters).values(*fields)
        with translation.override(language), timezone.override(user.zone):
            yield [column.title() for column in self.columns]
            for record in records.iterator(chunk_size=CHUNK_SIZE):
                yield [column.value(record) for column in self.columns]

    def file_name(self, file_format: str) -> str:
        return f"cfli-{self.name}-{timezone.localdate():%Y-%m-%d}.{file_format}"


EXPORT_KINDS: dict[str, ExportKind] = {
    Export.Kind.PROPOSALS: ExportKind(
        name=Export.Kind.PROPOSALS,
        verb="proposals.exported",
        label=_("Proposals"),
        columns=PROPOSAL_COLUMNS,
        queryset=lambda user, filters: proposal_export_list_for(
            user, filters=proposal_filters_load(filters)
        ),
    ),
    Export.Kind.DISCLOSURE: ExportKind(
        name=Export.Kind.DISCLOSURE,
        verb="disclosure.exported",
        label=_("Proactive disclosure"),
        columns=DISCLOSURE_COLUMNS,
        queryset=lambda user, filters: disclosure_list_for(
            user, fiscal_year=filters.get("fiscal_year")
        ),
    ),
    Export.Kind.AGREEMENTS: ExportKind(
        name=Export.Kind.AGREEMENTS,
        verb="agreements.exported",
        label=_("Agreements"),
        columns=AGREEMENT_COLUMNS,
        queryset=lambda user, filters: agreement_export_list_for(user, filters=filters),
    ),
    Export.Kind.PAYMENTS: ExportKind(
        name=Export.Kind.PAYMENTS,
        verb="payments.exported",
        label=_("Payments"),
        columns=PAYMENT_COLUMNS,
        queryset=lambda user, filters: payment_export_list_for(user, filters=filters),
    ),
    Export.Kind.REPORTS: ExportKind(
        name=Export.Kind.REPORTS,
        verb="reports.exported",
        label=_("Reports"),
        columns=REPORT_COLUMNS,
        queryset=lambda user, filters: report_export_list_for(user, filters=filters),
    ),
}


# --- Writers -----------------------------------------------------------------------------------

CONTENT_TYPES = {
    Export.Format.CSV: "text/csv; charset=utf-8",
    Export.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
HEADER_FONT = Font(bold=True)
# Column widths (in characters), from the header and the first rows of the sheet.
XLSX_MIN_WIDTH, XLSX_MAX_WIDTH = 10, 60
XLSX_WIDTH_SAMPLE = CHUNK_SIZE
# Characters a sheet's title may not hold.
NOT_IN_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str | Promise):
        return safe_text(str(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)  # numbers: 37600.00, with a point, whatever the language


class _Line:
    """A file-like object whose write() returns the line (Django's streaming CSV recipe)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterable[Sequence], *, chunk_bytes: int = 64 * 1024) -> Iterator[bytes]:
    """The CSV of `rows` in UTF-8 with a BOM, as pieces of about `chunk_bytes`."""
    writer = csv.writer(_Line())
    lines, size = [UTF8_BOM], 0
    for row in rows:
        line = writer.writerow([csv_cell(value) for value in row])
        lines.append(line)
        size += len(line)
        if size >= chunk_bytes:
            yield "".join(lines).encode("utf-8")
            lines, size = [], 0
    yield "".join(lines).encode("utf-8")


def xlsx_cell(sheet, value):
    if value is None:
        return None
    if isinstance(value, str | Promise):
        cell = WriteOnlyCell(sheet, value=safe_text(str(value)))
        cell.data_type = "s"  # text stays text: never a formula, whatever it begins with
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal):
        cell.number_format = AMOUNT_FORMAT
    elif isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def header_cell(sheet, value):
    cell = xlsx_cell(sheet, value)
    if cell is not None:
        cell.font = HEADER_FONT
    return cell


def shown_length(value) -> int:
    """About how many characters a cell shows: the longest line of a text, a number with its
    thousands separators and two decimals, a date or a date and time in the formats above."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, date):
        return len(DATE_FORMAT)
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(rows: Sequence[Sequence]) -> list[float]:
    """Each column as wide as its longest header or value among `rows`, within bounds, so
    that a short code is not squeezed and a long title does not push the rest off screen."""
    columns = max((len(row) for row in rows), default=0)
    longest = [
        max((shown_length(row[index]) for row in rows if index < len(row)), default=0)
        for index in range(columns)
    ]
    return [min(max(length + 2, XLSX_MIN_WIDTH), XLSX_MAX_WIDTH) for length in longest]


def write_xlsx(rows: Iterable[Sequence], handle: IO[bytes], *, title: str) -> None:
    """Write `rows` (the first is the header) to `handle` as a workbook of one sheet, row by
    row (openpyxl's write-only mode keeps each row on disk as soon as it is appended).

    The header is bold, stays in view when scrolling and carries the filter buttons. Column
    widths must be set before the first row is written: they follow the header and the first
    XLSX_WIDTH_SAMPLE rows, held in memory meanwhile (a bounded sample, not the list)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=NOT_IN_SHEET_TITLE.sub(" ", title)[:31] or "Sheet")
    rows = iter(rows)
    sample = list(islice(rows, XLSX_WIDTH_SAMPLE + 1))
    widths = column_widths(sample)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    written = 0
    for row in chain(sample, rows):
        write_cell = header_cell if written == 0 else xlsx_cell
        sheet.append([write_cell(sheet, value) for value in row])
        written += 1
    if widths and written:
        # The write-only sheet has no `dimensions`: the range is the header and every row.
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{written}"
    workbook.save(handle)


def write_csv(rows: Iterable[Sequence], handle: IO[bytes]) -> None:
    for chunk in csv_chunks(rows):
        handle.write(chunk)


class Counted:
    """Iterate over rows and count them (the first one is the header)."""

    def __init__(self, rows: Iterable[Sequence]):
        self.rows, self.seen = rows, 0

    def __iter__(self) -> Iterator[Sequence]:
        for row in self.rows:
            self.seen += 1
            yield row

    @property
    def data_rows(self) -> int:
        return max(self.seen - 1, 0)


def write_export(
    kind: ExportKind, file_format: str, *, user, filters: dict, language: str, handle: IO[bytes]
) -> int:
    """Write the list to `handle` in `file_format`; return how many rows (header excluded)."""
    rows = Counted(kind.table(user, filters, language))
    if file_format == Export.Format.XLSX:
        with translation.override(language):
            title = str(kind.label)
        write_xlsx(rows, handle, title=title)
    else:
        write_csv(rows, handle)
    return rows.data_rows
