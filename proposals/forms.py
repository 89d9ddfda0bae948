"""The proposal's section forms. Every field is optional while drafting: the completeness page
says what a submission needs, and a save keeps whatever is valid."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.formats import date_format, get_format
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import YES_NO, word_limit_attrs
from core.forms import MultipleFileField, MultipleFileInput, label_empty_choices
from core.templatetags.figures import Figures
from core.uploads import ALLOWED_TYPES
from programs.models import ProposalLanguage, SubTheme

from . import budget
from .beneficiaries import COUNT_FIELDS, COUNT_GROUPS, REACHES, count
from .forms_html import (
    CountryChoices,
    CountrySelect,
    bootstrap_columns,
    bootstrap_field,
    bootstrap_form,
    html_text,
    widget_renderer,
)
from .models import (
    Attachment,
    BudgetLine,
    IdentityFactor,
    InformationRequest,
    OtherFunder,
    Proposal,
    ProposalActivity,
    ProposalResult,
)
from .sections import BY_KEY, word_limit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AMOUNT_ERROR = _(
    "Enter an amount from 0 to 9999999999.99: digits only, with a point before the cents."
)
NUMBER_ERROR = _("Enter a whole number between 0 and 100,000,000.")


def clear_number_errors(form: forms.BaseForm) -> None:
    """One plain message for every way an amount or count can be wrong (negative, too many
    digits, letters), instead of Django's technical ones."""
    for field in form.fields.values():
        if isinstance(field, forms.DecimalField):
            message = AMOUNT_ERROR
        elif isinstance(field, forms.IntegerField):
            message = NUMBER_ERROR
        else:
            continue
        for code in ("invalid", "min_value", "max_value", "max_digits", "max_decimal_places"):
            field.error_messages[code] = message
        field.error_messages["max_whole_digits"] = message
        field.widget.attrs.setdefault("inputmode", "decimal")
        for validator in field.validators:
            validator.message = message


def table_input(field: forms.BoundField, css: str = "form-control text-end") -> SafeString:
    """A field's input in a cell of a table, where its label is visually hidden beside it:
    Bootstrap's classes, and marked invalid while it has an error (which Django links to it by
    the id "<input's id>_error")."""
    return field.as_widget(attrs={"class": f"{css} is-invalid" if field.errors else css})


def table_cell(field: forms.BoundField, widget: str, *, attrs: str, label: str) -> SafeString:
    """The <td> of a table's input (table_input), `attrs` its own: the input labelled, out of
    sight, by `label` (HTML), then its errors. Written here rather than by a template: a grid
    or a budget has a dozen of them, which took most of their page's time."""
    errors = ""
    if field.errors:
        joined = " ".join(html_text(error) for error in field.errors)
        errors = (
            f'<div class="invalid-feedback" id="{html_text(field.auto_id)}_error">{joined}</div>'
        )
    label = f'<label class="visually-hidden" for="{html_text(field.id_for_label)}">{label}</label>'
    return SafeString(
        " ".join(part for part in (f"<td{attrs}>", label, widget, errors, "</td>") if part)
    )


def number_separators() -> dict[str, str]:
    """The separators the server writes numbers with in the active language, for the script
    that writes the live totals to write them the same way."""
    return {
        "decimal_separator": str(get_format("DECIMAL_SEPARATOR")),
        "thousand_separator": str(get_format("THOUSAND_SEPARATOR")),
    }


COUNT_HELP = _("Count each person once, in one row and one column. The totals add up as you type.")
COLUMNS = ("adults", "minors")
PLANNED_FOOT = '<td colspan="2"></td>'


def count_grid(form: forms.BaseForm, planned=None) -> SafeString:
    """The twelve beneficiary counts as two tables, sex by age, direct then indirect, with the
    totals of each row and column computed here from what the form holds, and again in the
    browser while people type (static/js/budget.js). Each input is labelled, out of sight, by
    its row and column ("Direct: girls (under 18)"). `planned`: an object with the same twelve
    counts (the proposal, beside a report's), shown in two more columns.

    Written here rather than by a template: the grid's two dozen cells were a sixth of the
    report page's time."""
    figures = Figures()
    separators = number_separators()
    header = " ".join(
        f'<th scope="col"{css}>{html_text(label)}</th>'
        for label, css in (
            (gettext("Gender"), ""),
            (gettext("18 and over"), ' class="text-end"'),
            (gettext("Under 18"), ' class="text-end"'),
            (gettext("Total"), ' class="text-end"'),
            *(
                ()
                if planned is None
                else (
                    (gettext("Planned, 18 and over"), ' class="text-end"'),
                    (gettext("Planned, under 18"), ' class="text-end"'),
                )
            ),
        )
    )
    html = [
        '<div class="mb-3" id="beneficiary-counts"><p class="form-text" '
        f'id="beneficiary-counts-help">{html_text(gettext(COUNT_HELP))}</p>'
    ]
    for reach, caption in REACHES:
        html.append(
            '<div class="table-responsive"><table class="table table-sm w-auto caption-top '
            'align-middle cfli-count-grid" aria-describedby="beneficiary-counts-help" '
            f'data-cfli-count-grid="{reach}" '
            f'data-cfli-decimal-separator="{html_text(separators["decimal_separator"])}" '
            f'data-cfli-thousand-separator="{html_text(separators["thousand_separator"])}">'
            f'<caption class="h6 text-body">{html_text(caption)}</caption>'
            f"<thead><tr>{header}</tr></thead><tbody>"
        )
        columns = [0, 0]
        for label, *suffixes in COUNT_GROUPS:
            cells, total = [], 0
            for index, (suffix, column) in enumerate(zip(suffixes, COLUMNS, strict=True)):
                field = form[f"{reach}_{suffix}"]
                value = count(field.value())
                total += value
                columns[index] += value
                cells.append(
                    table_cell(
                        field,
                        table_input(field),
                        attrs=f' data-cfli-count="{column}"',
                        label=html_text(field.label),
                    )
                )
            extra = ""
            if planned is not None:
                extra = "".join(
                    '<td class="text-end text-nowrap text-body-secondary">'
                    f"{'—' if value is None else figures.figure(value)}</td>"
                    for value in (getattr(planned, f"{reach}_{suffix}") for suffix in suffixes)
                )
            html.append(
                f'<tr><th scope="row">{html_text(label)}</th> {" ".join(cells)} '
                '<td class="text-end text-nowrap" data-cfli-row-total>'
                f"{figures.figure(total)}</td>{extra}</tr>"
            )
        html.append(
            f'</tbody><tfoot><tr><th scope="row">{html_text(gettext("Total"))}</th>'
            '<td class="text-end text-nowrap fw-semibold" data-cfli-column-total="adults">'
            f"{figures.figure(columns[0])}</td>"
            '<td class="text-end text-nowrap fw-semibold" data-cfli-column-total="minors">'
            f"{figures.figure(columns[1])}</td>"
            '<td class="text-end text-nowrap fw-semibold" data-cfli-grand-total>'
            f"{figures.figure(sum(columns))}</td>"
            f"{'' if planned is None else '<td colspan="2"></td>'}</tr></tfoot></table></div>"
        )
    html.append("</div>")
    return SafeString("".join(html))


class SectionForm(forms.ModelForm):
    """Base for one section: fields optional, word limits shown live, numbers explained.
    Written as HTML by forms_html, not by crispy-forms: see there why."""

    section_key = ""
    default_renderer = widget_renderer

    class Meta:
        model = Proposal
        fields: list[str] = []

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        section = BY_KEY[self.section_key]
        for name, field in self.fields.items():
            field.required = False
            limit = word_limit(section, name, call)
            if limit:
                field.widget.attrs.update(word_limit_attrs(limit))
                words = _("At most %(limit)d words.") % {"limit": limit}
                field.help_text = (
                    format_lazy("{} {}", field.help_text, words) if field.help_text else words
                )
        clear_number_errors(self)
        label_empty_choices(self)

    def parts(self) -> Iterable[str]:
        """The form's HTML, part by part: a field each, by default."""
        return (bootstrap_field(field) for field in self)

    def as_bootstrap(self) -> SafeString:
        return bootstrap_form(self, self.parts())


class ProjectForm(SectionForm):
    section_key = "project"

    class Meta:
        model = Proposal
        fields = list(BY_KEY["project"].fields)
        widgets = {"start_date": DATE, "end_date": DATE, "location_country": CountrySelect}
        help_texts = {
            "title": _("Say briefly what the project will achieve and how."),
            "multi_year_justification": _("Only if the project goes beyond the fiscal year."),
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, call=call, **kwargs)
        # The list's empty choice, labelled as label_empty_choices labels the others' (see the
        # class's countries below).
        self.fields["location_country"].choices = CountryChoices(empty_label=_("Choose…"))
        self.fields["language"].choices = [
            (code, ProposalLanguage(code).label) for code in call.accepted_languages
        ]
        if not call.multi_year_allowed:
            del self.fields["multi_year_justification"]
        self.fields["end_date"].help_text = _("Activities must end by %(date)s.") % {
            "date": date_format(call.latest_end_date, "DATE_FORMAT")
        }

    def _post_clean(self):
        super()._post_clean()  # the model's clean() says an end before the start on end_date
        # The two dates are saved together: while they disagree neither is, since the start
        # alone could contradict the end already saved. Both stay on screen as typed.
        if self.has_error("end_date", code="end_before_start"):
            self.cleaned_data.pop("start_date", None)


# The countries, read once per language, without the empty choice that ProjectForm adds
# already labelled: relabelling it in each form (label_empty_choices) made Django check the
# 250 choices twice.
ProjectForm.base_fields["location_country"].choices = CountryChoices()


class PriorityForm(SectionForm):
    section_key = "priority"

    class Meta:
        model = Proposal
        fields = list(BY_KEY["priority"].fields)
        widgets = {"call_priority": forms.RadioSelect}

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, call=call, **kwargs)
        priority, theme = self.fields["call_priority"], self.fields["sub_theme"]
        # The querysets check what is posted. The lists are read when the form is shown (a
        # callable: an autosave reads neither), with a plain query each: the fields' own
        # choices would read them through a server-side cursor (declare, fetch, close).
        priority.queryset = call.priorities.all()
        priority.empty_label = None
        priority.choices = lambda: [
            (choice.pk, choice.priority_area.name)
            for choice in call.priorities.select_related("priority_area")
        ]
        theme.queryset = SubTheme.objects.filter(is_active=True)
        theme.choices = lambda: [
            ("", theme.empty_label),
            *((choice.pk, str(choice)) for choice in theme.queryset),
        ]
        self.fields["sub_theme"].help_text = _(
            "If the priority area is gender equality, choose another sub-theme."
        )


class ContextForm(SectionForm):
    section_key = "context"
    local_authorization_needed = forms.TypedChoiceField(
        label=Proposal._meta.get_field("local_authorization_needed").verbose_name,
        choices=YES_NO,
        coerce=lambda value: value == "True",
        empty_value=None,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Proposal
        fields = list(BY_KEY["context"].fields)
        help_texts = {
            "context": _(
                "The problem the project addresses, who it affects, and why now. Use figures "
                "where you have them."
            ),
            "local_authorization_explanation": _(
                "If yes: which authorization, from whom, and whether you have it."
            ),
        }


class ResultsForm(SectionForm):
    section_key = "results"

    class Meta:
        model = Proposal
        fields = list(BY_KEY["results"].fields)


class BeneficiariesForm(SectionForm):
    section_key = "beneficiaries"
    identity_factors = forms.MultipleChoiceField(
        label=_("Identity factors of the beneficiaries"),
        choices=IdentityFactor.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Proposal
        fields = list(BY_KEY["beneficiaries"].fields)
        widgets = {"beneficiaries_consulted": forms.RadioSelect}

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, call=call, **kwargs)
        self.fields["beneficiaries_consulted"].choices = list(Proposal.Consultation.choices)

    def parts(self) -> Iterable[str]:
        # The counts as one grid, where the first of them comes; the other fields as they are.
        for field in self:
            if field.name == COUNT_FIELDS[0]:
                yield count_grid(self)
            elif field.name not in COUNT_FIELDS:
                yield bootstrap_field(field)


class GbaForm(SectionForm):
    section_key = "gba"

    class Meta:
        model = Proposal
        fields = list(BY_KEY["gba"].fields)
        widgets = {"gba_women_consulted": forms.RadioSelect}
        help_texts = {
            "gba_differential_impacts": _(
                "Include other identity factors: age, disability, ethnicity, Indigenous identity, "
                "sexual orientation, migration status."
            ),
            "gba_do_no_harm": _(
                "Could the project expose anyone to violence, backlash or exclusion? How will "
                "you prevent it?"
            ),
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, call=call, **kwargs)
        self.fields["gba_women_consulted"].choices = list(Proposal.Consultation.choices)


class RisksForm(SectionForm):
    section_key = "risks"

    class Meta:
        model = Proposal
        fields = list(BY_KEY["risks"].fields)


class BudgetForm(SectionForm):
    section_key = "budget"

    class Meta:
        model = Proposal
        # The amount requested is not typed in: it is the CFLI column's total, which the page
        # shows under the lines (_budget_lines.html) and saving the budget stores.
        fields = [name for name in BY_KEY["budget"].fields if name != "amount_requested"]
        help_texts = {
            "currency": _("The currency of the organization's bank account (ISO code, e.g. MXN)."),
            "exchange_rate": _("How many Canadian dollars one unit of that currency is worth."),
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, call=call, **kwargs)
        # The call's rate converts the budget to CAD for every check: shown, never typed in.
        local = call.mission.local_currency
        rate = self.fields["exchange_rate"]
        rate.disabled = True
        currencies = ["CAD"]
        if call.exchange_rate is None:
            rate.help_text = _("This call sets no exchange rate: give the budget in CAD.")
        else:
            currencies.insert(0, local)
            # 0.0752, not 0.07520000 ("f" keeps a rate of 10 from reading 1E+1).
            self.initial["exchange_rate"] = Decimal(format(call.exchange_rate.normalize(), "f"))
            rate.help_text = _(
                "Set by the call for budgets in %(currency)s: the CFLI converts your budget to "
                "Canadian dollars at this rate, and checks the call's maximum with it."
            ) % {"currency": local}
        currency = self.fields["currency"]
        self.fields["currency"] = forms.ChoiceField(
            label=currency.label,
            choices=[(code, code) for code in dict.fromkeys(currencies)],
            required=False,
            help_text=(
                _("%(currency)s, converted at the call's rate, or Canadian dollars.")
                % {"currency": local}
                if len(currencies) > 1
                else ""
            ),
        )

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()


class FundersForm(SectionForm):
    section_key = "funders"

    class Meta:
        model = Proposal
        fields: list[str] = []


class AttachmentsForm(FundersForm):
    section_key = "attachments"


class DeclarationForm(SectionForm):
    section_key = "declaration"

    class Meta:
        model = Proposal
        fields = list(BY_KEY["declaration"].fields)


SECTION_FORMS = {
    form.section_key: form
    for form in (
        ProjectForm,
        PriorityForm,
        ContextForm,
        ResultsForm,
        BeneficiariesForm,
        GbaForm,
        RisksForm,
        BudgetForm,
        FundersForm,
        AttachmentsForm,
        DeclarationForm,
    )
}


def columns(*names_and_widths: tuple[str, int]) -> tuple[tuple[str, int], ...]:
    """Fields side by side on wide screens, one under the other on phones."""
    return names_and_widths


class RowForm(forms.ModelForm):
    """One repeatable row (a result, an activity, a budget line, a funder). Written as HTML by
    forms_html, like the sections' forms."""

    default_renderer = widget_renderer
    # Field names, one a line, and columns() of them side by side.
    layout: tuple[str | tuple[tuple[str, int], ...], ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        clear_number_errors(self)
        label_empty_choices(self)

    def as_bootstrap(self) -> SafeString:
        # DELETE is added by the formset once the form exists.
        return bootstrap_form(
            self,
            (
                bootstrap_field(self[item])
                if isinstance(item, str)
                else bootstrap_columns(self, item)
                for item in (*self.layout, "DELETE")
            ),
        )


class ResultForm(RowForm):
    layout = (
        columns(("kind", 4)),
        "description",
        "indicator",
        columns(("baseline", 6), ("target", 6)),
    )

    class Meta:
        model = ProposalResult
        fields = ["kind", "description", "indicator", "baseline", "target"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "indicator": forms.Textarea(attrs={"rows": 2}),
        }


class ActivityForm(RowForm):
    layout = ("description", columns(("start_date", 6), ("end_date", 6)))

    class Meta:
        model = ProposalActivity
        fields = ["description", "start_date", "end_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "start_date": DATE,
            "end_date": DATE,
        }


class BudgetLineForm(RowForm):
    layout = (
        columns(("category", 4), ("description", 8)),
        columns(("unit", 4), ("quantity", 4), ("unit_cost", 4)),
        columns(("cfli_amount", 3), ("applicant_cash", 3), ("in_kind", 3), ("other_donor", 3)),
    )

    class Meta:
        model = BudgetLine
        fields = [
            "category",
            "description",
            "unit",
            "quantity",
            "unit_cost",
            "cfli_amount",
            "applicant_cash",
            "in_kind",
            "other_donor",
        ]


@dataclass(frozen=True)
class BudgetCell:
    field: forms.BoundField
    input: SafeString
    number: bool
    label: str  # HTML, out of sight: its column and its line ("Quantity, line 2")

    @property
    def html(self) -> SafeString:
        attrs = ' class="text-end"' if self.number else ""
        return table_cell(self.field, self.input, attrs=attrs, label=self.label)


@dataclass(frozen=True)
class BudgetRow:
    form: forms.BaseForm
    number: int | None  # None: the empty row new lines are copied from, numbered by the script
    costs: list[BudgetCell]  # what the line is: category to unit cost
    contributions: list[BudgetCell]  # who pays for it
    delete: BudgetCell
    line: BudgetLine  # as typed, unsaved

    @property
    def line_total(self) -> Decimal:
        return budget.money(self.line.line_total())

    @property
    def cells(self) -> list[BudgetCell | None]:
        """The line's cells in the table's order, None where its total goes."""
        return [*self.costs, None, *self.contributions, self.delete]

    @property
    def removed(self) -> bool:
        return bool(self.delete.field.value())


@dataclass(frozen=True)
class BudgetTable:
    rows: list[BudgetRow]
    new_row: BudgetRow
    totals: budget.Totals  # of the lines not marked for removal
    decimal_separator: str
    thousand_separator: str

    @property
    def contribution_totals(self) -> list[tuple[str, Decimal]]:
        totals = self.totals
        amounts = (totals.cfli, totals.applicant_cash, totals.in_kind, totals.other_donor)
        return list(zip(budget.CONTRIBUTIONS, amounts, strict=True))


class BudgetLineFormSet(forms.BaseFormSet):
    """The budget's lines, shown as a table: each line with its total (quantity × unit cost),
    and the total of each column, of the lines as the form holds them. The script adds them
    up again while people type; saving computes and checks them from the lines saved."""

    @cached_property
    def table(self) -> BudgetTable:
        rows = [_budget_row(form, number) for number, form in enumerate(self.forms, start=1)]
        return BudgetTable(
            rows=rows,
            new_row=_budget_row(self.empty_form, None),
            totals=budget.totals([row.line for row in rows if not row.removed]),
            **number_separators(),
        )


def _budget_row(form: forms.BaseForm, number: int | None) -> BudgetRow:
    line = html_text(str(ROW_SET_LABELS["budget_lines"]["row_title"]).lower())
    number_shown = "" if number is None else html_text(number)

    def cell(name: str) -> BudgetCell:
        field = form[name]
        is_number = name in ("quantity", "unit_cost", *budget.CONTRIBUTIONS)
        if isinstance(field.field.widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(field.field.widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control text-end" if is_number else "form-control"
        label = (
            f"{html_text(field.label)}, {line} <span data-cfli-line-number>{number_shown}</span>"
        )
        return BudgetCell(field, table_input(field, css), is_number, label)

    return BudgetRow(
        form=form,
        number=number,
        costs=[cell(name) for name in ("category", "description", "unit", "quantity", "unit_cost")],
        contributions=[cell(name) for name in budget.CONTRIBUTIONS],
        delete=cell("DELETE"),
        line=budget.typed_line({name: form[name].value() for name in form.fields}),
    )


class OtherFunderForm(RowForm):
    layout = (columns(("name", 6), ("amount", 3), ("status", 3)),)

    class Meta:
        model = OtherFunder
        fields = ["name", "amount", "status"]


# How each set of repeated rows is titled, numbered and extended on its page and in print.
ROW_SET_LABELS = {
    "results": {
        "title": _("Expected results"),
        "row_title": _("Result"),
        "add_label": _("Add a result"),
    },
    "activities": {
        "title": _("Activities (work plan)"),
        "row_title": _("Activity"),
        "add_label": _("Add an activity"),
    },
    "budget_lines": {
        "title": _("Budget lines"),
        "row_title": _("Line"),
        "add_label": _("Add a budget line"),
    },
    "other_funders": {
        "title": _("Other funders"),
        "row_title": _("Funder"),
        "add_label": _("Add a funder"),
    },
}


ROW_FORMS = {
    "results": ResultForm,
    "activities": ActivityForm,
    "budget_lines": BudgetLineForm,
    "other_funders": OtherFunderForm,
}


# Row sets shown as more than a list of rows.
ROW_FORMSETS = {"budget_lines": BudgetLineFormSet}


def row_formset(name: str, *, data=None, initial=None, extra: int = 0):
    """A formset of plain rows: saving replaces the section's rows with the non-empty ones."""
    formset_class = forms.formset_factory(
        ROW_FORMS[name],
        formset=ROW_FORMSETS.get(name, forms.BaseFormSet),
        extra=extra,
        can_delete=True,
        max_num=100,
        absolute_max=200,
        renderer=widget_renderer,
    )
    return formset_class(data=data, initial=initial, prefix=name)


def row_values(formset) -> list[dict]:
    """The rows to keep, in order: filled in and not marked for removal."""
    rows = []
    for form in formset.forms:
        values = {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
        if not form.cleaned_data.get("DELETE") and any(
            value not in (None, "") for value in values.values()
        ):
            rows.append(values)
    return rows


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("File"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing the proposal?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class InformationAnswerForm(forms.Form):
    """The partner's answer to the embassy's question. The text comes before the files in the
    page, so that it reaches us even when a file is refused for its size."""

    answer = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )
    files = MultipleFileField(
        label=_("Files (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED_TYPES)}),
    )

    def __init__(self, *args, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Up to %(count)s files of %(size)s MB each: PDF, Word, Excel, OpenDocument, JPEG "
            "or PNG."
        ) % {"count": InformationRequest.MAX_FILES, "size": max_mb}
        self.helper = FormHelper()
        self.helper.form_tag = False
