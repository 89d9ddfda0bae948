"""What a printed proposal shows, built as plain rows of text (answers, tables, files,
questions to fill in) in the active language: the whole proposal, which its preview page, its PDF
and the reviewers' pages show, and a call's blank form, to prepare a proposal offline. The rows
are written once, in templates/proposals/partials/_proposal_content.html and
templates/pdf/call_form.html; the answers and the table cells of a proposal (hundreds of them)
give that partial their own markup (`html`, `columns_html`, `rows_html`, `footer_html`), which
the template engine would take many times longer to write one tag at a time.

Also pdf_download, the response of every PDF view (the proposal's in views_print.py, the
decision letter and the committee pack in reviews), and proposal_pdf, the proposal's PDF for
its applicants (in its language) and for staff (in theirs).
"""

import html
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django import forms
from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from programs.models import Call, RequiredAttachment

from . import budget
from .beneficiaries import COUNT_FIELDS, COUNT_GROUPS, REACHES
from .forms import ROW_FORMS, ROW_SET_LABELS, SECTION_FORMS
from .models import IdentityFactor, Proposal
from .sections import SECTIONS, Section, word_limit

# Columns of the repeated rows that hold numbers (aligned right).
NUMBER_FIELDS = {
    "quantity",
    "unit_cost",
    "cfli_amount",
    "applicant_cash",
    "in_kind",
    "other_donor",
    "amount",
}
# An empty answer to these is no gap when the question does not apply, as on the form.
APPLIES = {
    "multi_year_justification": lambda proposal: proposal.call.multi_year_allowed,
    "local_authorization_explanation": lambda proposal: bool(proposal.local_authorization_needed),
    "identity_factors_other": lambda proposal: IdentityFactor.OTHER in proposal.identity_factors,
}
# The blank form: empty rows of each table, and how many words a handwritten line holds.
BLANK_ROWS = {"results": 4, "activities": 6, "budget_lines": 10, "other_funders": 3}
WORDS_PER_LINE = 12
# A choice among more (the country: hundreds) is written in rather than ticked.
MAX_OPTIONS = 60
# A number's cell, aligned right on the page (Bootstrap) and in the PDF.
NUMBER_CLASS = mark_safe(' class="text-end pdf-number"')


@dataclass(frozen=True)
class Answer:
    label: str
    value: str  # "" while not answered
    long: bool = False


@dataclass(frozen=True)
class Answers:
    answers: list[Answer]
    kind: str = "answers"

    @property
    def html(self) -> SafeString:
        """The <dt> and <dd> of each answer; long ones keep their line breaks."""
        missing = _escaped(_("Not answered yet"))
        pairs = []
        for answer in self.answers:
            if not answer.value:
                value = f'<span class="text-body-secondary pdf-muted">{missing}</span>'
            else:
                value = _lines(answer.value) if answer.long else _escaped(answer.value)
            pairs.append(f"<dt>{_escaped(answer.label)}</dt><dd>{value}</dd>")
        return mark_safe("\n".join(pairs))  # noqa: S308 (every text escaped)


@dataclass(frozen=True)
class Cell:
    text: str = ""
    number: bool = False
    header: bool = False  # a row header (scope="row")


@dataclass(frozen=True)
class Table:
    caption: str
    columns: list[Cell]
    rows: list[list[Cell]]
    footer: list[Cell] = field(default_factory=list)
    wide: bool = False  # many columns: printed smaller
    # Blank form only: the options of a column, as (column label, [option, ...]).
    options: list[tuple[str, list[str]]] = field(default_factory=list)
    kind: str = "table"

    # The proposal's tables; the blank form writes its own.
    @property
    def columns_html(self) -> SafeString:
        cells = (
            f'<th scope="col"{NUMBER_CLASS if cell.number else ""}>{_escaped(cell.text)}</th>'
            for cell in self.columns
        )
        return mark_safe("".join(cells))  # noqa: S308 (every text escaped)

    @property
    def rows_html(self) -> list[SafeString]:
        return [_cells_html(row, in_body=True) for row in self.rows]

    @property
    def footer_html(self) -> SafeString:
        return _cells_html(self.footer, in_body=False)


def _cells_html(cells: list[Cell], *, in_body: bool) -> SafeString:
    """A row of the body or the footer: its header a <th>, numbers aligned right, and texts of
    the body with their line breaks."""
    html_cells = []
    for cell in cells:
        if cell.header:
            html_cells.append(f'<th scope="row">{_escaped(cell.text)}</th>')
        else:
            text = _lines(cell.text) if in_body else _escaped(cell.text)
            html_cells.append(f"<td{NUMBER_CLASS if cell.number else ''}>{text}</td>")
    return mark_safe("".join(html_cells))  # noqa: S308 (every text escaped)


def _escaped(text) -> str:
    """The text as a template writes {{ text }}: escaped unless marked safe. html.escape is what
    django.utils.html.escape calls, after a check for lazy text that costs more than escaping."""
    return text if isinstance(text, SafeData) else html.escape(str(text))


def _lines(text) -> str:
    """The text escaped, its line breaks written <br> (the linebreaksbr filter)."""
    return _escaped(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


@dataclass(frozen=True)
class Files:
    files: list
    kind: str = "files"


@dataclass(frozen=True)
class Question:
    """A question of the blank form: what to write, or which boxes to tick."""

    label: str
    help_text: str = ""
    limit: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    checkbox: bool = False
    lines: range = range(0)
    kind: str = "question"


@dataclass(frozen=True)
class Part:
    section: Section
    items: list

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def title(self) -> str:
        return self.section.title


# --- The proposal -----------------------------------------------------------------------------


def _decimal(value: Decimal) -> str:
    # normalize(): a rate of 0.07520000 reads 0.0752; "f" keeps 1E+3 as 1000.
    return number_format(Decimal(format(value.normalize(), "f")), use_l10n=True)


def _count(value: int | None) -> str:
    return number_format(value or 0, use_l10n=True, force_grouping=True)


def _shown(proposal: Proposal, name: str) -> str:
    """One answer as the applicant chose it, in the active language; "" when not answered."""
    model_field = Proposal._meta.get_field(name)
    value = getattr(proposal, name)
    # An unticked box (the declaration) is not answered; a "no" to a yes/no question is.
    if value in (None, "", []) or (value is False and not model_field.null):
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if name in ("amount_requested", "cfli_total", "project_total"):
        return f"{budget.shown(value)} {proposal.currency}".strip()
    if isinstance(value, Decimal):
        return _decimal(value)
    if name == "location_country":
        return str(value.name)
    if name == "call_priority":
        return str(value.priority_area.name)
    if name == "identity_factors":
        labels = dict(IdentityFactor.choices)
        return ", ".join(str(labels.get(code, code)) for code in value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _answer(proposal: Proposal, name: str) -> Answer:
    model_field = Proposal._meta.get_field(name)
    return Answer(
        label=capfirst(model_field.verbose_name),
        value=_shown(proposal, name),
        long=isinstance(model_field, models.TextField),
    )


def _columns(name: str) -> list[Cell]:
    """The columns of a repeated row, as its form asks for them."""
    row_form = ROW_FORMS[name]
    return [
        Cell(
            capfirst(row_form._meta.model._meta.get_field(column).verbose_name),
            number=column in NUMBER_FIELDS,
        )
        for column in row_form._meta.fields
    ]


def _cell(row, column: str) -> Cell:
    value = getattr(row, column)
    number = column in NUMBER_FIELDS
    if value in (None, ""):
        return Cell("", number=number)
    if column == "quantity":
        return Cell(_decimal(value), number=True)
    if number:
        return Cell(budget.shown(value), number=True)
    if isinstance(value, date):
        return Cell(date_format(value, "DATE_FORMAT"))
    model_field = row._meta.get_field(column)
    if model_field.choices:
        return Cell(str(dict(model_field.flatchoices).get(value, value)))
    return Cell(str(value))


def _row_table(proposal: Proposal, name: str) -> Table:
    rows = list(getattr(proposal, name).all())
    columns = _columns(name)
    table_rows = [[_cell(row, column) for column in ROW_FORMS[name]._meta.fields] for row in rows]
    footer = []
    if name == "budget_lines":
        columns.append(Cell(_("Total"), number=True))
        for row, cells in zip(rows, table_rows, strict=True):
            cells.append(Cell(budget.shown(row.line_total()), number=True))
        totals = budget.totals(rows)
        footer = [
            Cell(_("Total"), header=True),
            Cell(),
            Cell(),
            Cell(),
            Cell(),
            *(
                Cell(budget.shown(amount), number=True)
                for amount in (
                    totals.cfli,
                    totals.applicant_cash,
                    totals.in_kind,
                    totals.other_donor,
                    totals.project,
                )
            ),
        ]
    return Table(
        caption=ROW_SET_LABELS[name]["title"],
        columns=columns,
        rows=table_rows,
        footer=footer,
        wide=name == "budget_lines",
    )


def _count_table(caption: str, reach: str, proposal: Proposal | None) -> Table | Answer:
    """Beneficiaries by sex and age; blank for the form, or one proposal's counts."""

    def count(suffix: str) -> int | None:
        return getattr(proposal, f"{reach}_{suffix}") if proposal else None

    columns = [
        Cell(_("Gender")),
        Cell(_("Under 18"), number=True),
        Cell(_("18 and over"), number=True),
        Cell(_("Total"), number=True),
    ]
    if proposal is None:
        blank = [Cell(number=True)] * 3
        return Table(
            caption=caption,
            columns=columns,
            rows=[[Cell(label, header=True), *blank] for label, _a, _m in COUNT_GROUPS],
            footer=[Cell(_("Total"), header=True), *blank],
        )
    if all(count(suffix) is None for _label, *suffixes in COUNT_GROUPS for suffix in suffixes):
        return Answer(label=caption, value="")
    # An empty count is read as zero, as the proposal's totals do.
    rows = [
        [
            Cell(label, header=True),
            Cell(_count(count(minors)), number=True),
            Cell(_count(count(adults)), number=True),
            Cell(_count((count(minors) or 0) + (count(adults) or 0)), number=True),
        ]
        for label, adults, minors in COUNT_GROUPS
    ]
    all_minors = sum(count(minors) or 0 for _label, _adults, minors in COUNT_GROUPS)
    all_adults = sum(count(adults) or 0 for _label, adults, _minors in COUNT_GROUPS)
    footer = [
        Cell(_("Total"), header=True),
        Cell(_count(all_minors), number=True),
        Cell(_count(all_adults), number=True),
        Cell(_count(all_minors + all_adults), number=True),
    ]
    return Table(caption=caption, columns=columns, rows=rows, footer=footer)


def _grouped(items: list) -> list:
    """Consecutive answers in one list, so each run of them is one <dl>."""
    grouped = []
    for item in items:
        if isinstance(item, Answer):
            if grouped and isinstance(grouped[-1], Answers):
                grouped[-1].answers.append(item)
            else:
                grouped.append(Answers([item]))
        else:
            grouped.append(item)
    return grouped


def _section_items(proposal: Proposal, section: Section) -> list:
    items = []
    for name in section.fields:
        if name in COUNT_FIELDS:
            if name == COUNT_FIELDS[0]:
                items += [_count_table(caption, reach, proposal) for reach, caption in REACHES]
            continue
        if name in APPLIES and not getattr(proposal, name) and not APPLIES[name](proposal):
            continue
        items.append(_answer(proposal, name))
    items += [_row_table(proposal, name) for name in section.row_sets]
    if section.key == "budget":
        items += [_answer(proposal, name) for name in ("project_total", "cfli_total")]
        cad = proposal.amount_requested_cad
        items.append(
            Answer(
                label=capfirst(Proposal._meta.get_field("amount_requested_cad").verbose_name),
                value="" if cad is None else f"{budget.shown(cad)} CAD",
            )
        )
    if section.key == "attachments":
        # Files sent later with an answer to the embassy are shown with that answer instead.
        files = [a for a in proposal.attachments.all() if a.information_request_id is None]
        items.append(Files(files))
    return _grouped(items)


def content_version(proposal: Proposal) -> str:
    """The version of what `proposal_content` and its template show of a submitted proposal:
    the `updated_at` of each row they read (joined to the proposal by the staff selectors), which
    every save moves (`core.models.TimeStampedModel`). Its rows and files change only while it
    is a draft, and its submission saves it; so a rendering kept under this version is the one
    the proposal would give now. The reader's language is the caller's to add."""
    call = proposal.call
    area = proposal.call_priority.priority_area if proposal.call_priority else None
    rows = (proposal, call, call.mission, proposal.organization, area, proposal.sub_theme)
    return "|".join(
        "-" if row is None else f"{row.pk}@{row.updated_at.timestamp():.6f}" for row in rows
    )


def proposal_content(proposal: Proposal) -> list[Part]:
    """Every section of the proposal in the form's order, in the active language."""
    return [Part(section, _section_items(proposal, section)) for section in SECTIONS]


def document_language(proposal: Proposal) -> str:
    """The language of the proposal's PDF: the one it was written in when the site speaks it
    (English, French, Spanish); otherwise (Portuguese) the default language."""
    languages = {code for code, _name in settings.LANGUAGES}
    return proposal.language if proposal.language in languages else settings.LANGUAGE_CODE


def pdf_download(
    template_name: str, context: dict, language: str, file_name: str, *, inline: bool = False
) -> HttpResponse:
    """The template rendered as a PDF in the given language, sent as a download (or, `inline`,
    to read in the browser)."""
    # Imported here: WeasyPrint takes about half a second to load, which the pages that are not
    # PDFs (and every process that merely loads the URLs) should not pay.
    from core.pdf import pdf_response, render_pdf

    content = render_pdf(template_name=template_name, context=context, language=language)
    return pdf_response(content=content, file_name=file_name, inline=inline)


def proposal_pdf(
    proposal: Proposal, language: str, *, attachment_url: str = "", for_staff: bool = False
) -> HttpResponse:
    """The whole proposal as a PDF in `language`, named after its reference and title; its files
    link to `attachment_url`, the download view of whoever reads (the applicant's by default).
    `for_staff` shows the embassy's own status rather than the applicant's."""
    with translation.override(language):
        parts = proposal_content(proposal)
    stem = "-".join(filter(None, [proposal.reference or "draft", slugify(proposal.title)[:80]]))
    context = {"proposal": proposal, "call": proposal.call, "parts": parts, "for_staff": for_staff}
    if attachment_url:
        context["attachment_url"] = attachment_url
    return pdf_download("pdf/proposal.html", context, language, f"{stem}.pdf")


# --- The blank form of a call -----------------------------------------------------------------


def _options(form_field: forms.Field) -> list[str]:
    return [str(label) for value, label in form_field.choices if value not in ("", None)]


def _question(section: Section, form: forms.Form, name: str, call: Call) -> Question:
    form_field = form.fields[name]
    limit = word_limit(section, name, call)
    # The live form shows the limit in place of the help text; on paper both are useful.
    help_text = form.base_fields[name].help_text if limit else form_field.help_text
    question = {
        "label": capfirst(form_field.label),
        "help_text": help_text,
        "limit": _("At most %(limit)d words.") % {"limit": limit} if limit else "",
    }
    if isinstance(form_field, forms.BooleanField):
        return Question(**question, checkbox=True)
    options = _options(form_field) if isinstance(form_field, forms.ChoiceField) else []
    if 0 < len(options) <= MAX_OPTIONS:
        return Question(
            **question,
            options=options,
            multiple=isinstance(form_field, forms.MultipleChoiceField),
        )
    if isinstance(form_field.widget, forms.Textarea):
        lines = min(max(limit // WORDS_PER_LINE, 3), 40) if limit else 4
        return Question(**question, lines=range(lines))
    return Question(**question, lines=range(1))


def _blank_table(name: str) -> Table:
    row_form = ROW_FORMS[name]()
    columns = _columns(name)
    return Table(
        caption=ROW_SET_LABELS[name]["title"],
        columns=columns,
        rows=[[Cell(number=column.number) for column in columns]] * BLANK_ROWS[name],
        wide=name == "budget_lines",
        options=[
            (form_field.label, _options(form_field))
            for form_field in row_form.fields.values()
            if isinstance(form_field, forms.ChoiceField)
        ],
    )


def _blank_items(section: Section, call: Call) -> list:
    form = SECTION_FORMS[section.key](call=call)
    items = []
    for name in form.fields:
        if name in COUNT_FIELDS:
            if name == COUNT_FIELDS[0]:
                items += [_count_table(caption, reach, None) for reach, caption in REACHES]
            continue
        items.append(_question(section, form, name, call))
    return items + [_blank_table(name) for name in section.row_sets]


def call_form_content(call: Call) -> list[Part]:
    """Every section of the proposal form as the call asks it, with room to write."""
    return [Part(section, _blank_items(section, call)) for section in SECTIONS]


def required_attachment_labels(call: Call) -> list[str]:
    """What the call asks to attach; proof of registration first when it is required."""
    labels = list(call.required_attachment_labels)
    registration = RequiredAttachment.REGISTRATION
    if call.registration_proof_required and registration not in call.required_attachments:
        labels.insert(0, registration.label)
    return labels
