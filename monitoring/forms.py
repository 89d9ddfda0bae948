from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import MultipleFileField
from core.templatetags.figures import amount, percent
from proposals.beneficiaries import COUNT_FIELDS
from proposals.forms import clear_number_errors, count_grid, table_cell, table_input
from proposals.forms_html import bootstrap_field, html_text, widget_renderer
from proposals.models import GeCode, IdentityFactor

from .models import NARRATIVE, MonitoringVisit, Report, ReportFile, ReportResult


class DueDateForm(forms.Form):
    """The officer moves a report's due date, saying why."""

    due_date = forms.DateField(
        label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(
        label=_("Why does it move?"),
        max_length=1000,
        help_text=_(
            "The partner reads it: for example, the rainy season delayed the last activities."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WrittenFieldsMixin:
    """Fields written as HTML by proposals.forms_html, as crispy-forms' Bootstrap 5 template
    would write them, at a fraction of its cost (the report's page has dozens)."""

    default_renderer = widget_renderer

    def fields_html(self, *names: str) -> SafeString:
        return SafeString(" ".join(bootstrap_field(self[name]) for name in names))


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the partner (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RevisionForm(forms.Form):
    comments = forms.CharField(
        label=_("What must the partner revise?"),
        max_length=4000,
        help_text=_(
            "The partner reads it: name the results, counts or budget lines to correct, and "
            "what is missing."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReportForm(WrittenFieldsMixin, forms.ModelForm):
    """The report's own fields; every field optional while writing (submission checks that
    it is complete: monitoring.completeness)."""

    identity_factors = forms.MultipleChoiceField(
        label=_("Identity factors of the people reached"),
        choices=IdentityFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Report
        fields = [
            *NARRATIVE,
            *COUNT_FIELDS,
            "identity_factors",
            "identity_factors_other",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in NARRATIVE}
        help_texts = {
            "activities_done": _("The activities carried out, against the work plan."),
            "changes_observed": _("What is different now, for whom, and how you know it."),
            "gender_equality": _(
                "What women and girls gained, how they took part in the decisions, and what "
                "the project changed in the relations between women and men."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        clear_number_errors(self)

    def count_grid(self, planned):
        return count_grid(self, planned)

    def narrative_html(self) -> SafeString:
        return self.fields_html(*NARRATIVE)

    def identity_html(self) -> SafeString:
        return self.fields_html("identity_factors", "identity_factors_other")


class ResultActualForm(WrittenFieldsMixin, forms.Form):
    """The actual value of one expected result, and why when it falls short."""

    actual = forms.CharField(label=_("Value achieved"), max_length=200, required=False)
    achievement = forms.ChoiceField(
        label=_("Was it met?"),
        choices=ReportResult.Achievement.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    explanation = forms.CharField(
        label=_("Why it fell short"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def as_bootstrap(self) -> SafeString:
        return self.fields_html("actual", "achievement", "explanation")


class ExpenditureActualForm(WrittenFieldsMixin, forms.Form):
    """What one budget line cost the CFLI, and why when it differs from the budget."""

    actual_local = forms.DecimalField(
        label=_("Spent"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        localize=True,
    )
    explanation = forms.CharField(
        label=_("Why it differs"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clear_number_errors(self)


# Their management forms' inputs written in Python too.
ResultFormSet = forms.formset_factory(ResultActualForm, extra=0, renderer=widget_renderer)
ExpenditureFormSet = forms.formset_factory(ExpenditureActualForm, extra=0, renderer=widget_renderer)


class ReportFileForm(WrittenFieldsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=ReportFile.Kind.choices)
    file = forms.FileField(label=_("File"))
    cleared_for_publication = forms.BooleanField(
        label=_("The embassy may publish this photo"),
        help_text=_(
            "Only if everyone in it agreed. Canada may show it in its reports on the fund."
        ),
        required=False,
    )

    def as_bootstrap(self) -> SafeString:
        return self.fields_html("kind", "file", "cleared_for_publication")


def expenditure_rows_html(rows) -> SafeString:
    """The spending table's rows, written here rather than by a template loop (a budget has
    dozens of lines, which took most of the page's time): each line, its planned amount, the
    amount spent with its variance from the budget (marked when it needs an explanation), and
    the explanation. `rows`: (expenditure, its form, whether it needs an explanation)."""
    html = []
    for expenditure, form, needs_explanation in rows:
        line = expenditure.description
        spent, explanation = form["actual_local"], form["explanation"]
        variance = ""
        if expenditure.variance_percent is not None:
            css = "text-danger fw-semibold" if needs_explanation else "text-body-secondary"
            text = gettext("%(share)s from the budget") % {
                "share": percent(expenditure.variance_percent)
            }
            variance = f'<span class="d-block small {css}">{html_text(text)}</span>'
        spent_label = html_text(gettext("Spent on %(line)s") % {"line": line})
        explanation_label = html_text(
            gettext("Why the spending on %(line)s differs") % {"line": line}
        )
        spent_cell = table_cell(spent, table_input(spent) + variance, attrs="", label=spent_label)
        explanation_cell = table_cell(
            explanation,
            table_input(explanation, "form-control"),
            attrs="",
            label=explanation_label,
        )
        html.append(
            f'<tr><th scope="row">{html_text(line)}<span class="d-block small '
            f'text-body-secondary fw-normal">{html_text(expenditure.get_category_display())}'
            f'</span></th><td class="text-end text-nowrap">{amount(expenditure.planned_local)}'
            f"</td>{spent_cell}{explanation_cell}</tr>"
        )
    return SafeString("".join(html))


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DATE_INPUT)
    mode = forms.ChoiceField(
        label=_("Kind of visit"), choices=MonitoringVisit.Mode.choices, widget=forms.RadioSelect
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Staff who visited"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    findings = forms.CharField(
        label=_("Findings"),
        max_length=8000,
        help_text=_(
            "What you saw of the activities, the people reached and the spending, and what "
            "worries you."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    photos = MultipleFileField(label=_("Photos"), required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff
        self.fields["staff"].label_from_instance = lambda user: user.full_name or user.email


class FollowUpForm(forms.Form):
    """One action a visit asks for: a row left empty is no action."""

    action = forms.CharField(
        label=_("Action"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.ChoiceField(label=_("Who does it"), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("The partner"))] + [
            (str(user.pk), user.full_name or user.email) for user in owners
        ]
        self.owners = {str(user.pk): user for user in owners}

    def clean(self):
        data = super().clean()
        if data.get("action", "").strip() and not data.get("due_date"):
            self.add_error("due_date", _("Give the date the action is due."))
        return data

    def follow_up(self) -> dict | None:
        """The action as the service takes it; None for an empty row."""
        action = self.cleaned_data.get("action", "").strip()
        if not action:
            return None
        owner = self.owners.get(self.cleaned_data.get("owner") or "")
        return {"action": action, "owner": owner, "due_date": self.cleaned_data["due_date"]}


FollowUpFormSet = forms.formset_factory(FollowUpForm, extra=3, max_num=20, absolute_max=40)


class FollowUpDoneForm(forms.Form):
    note = forms.CharField(
        label=_("How was it done?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ClosureForm(forms.Form):
    returned_cad = forms.DecimalField(
        label=_("Returned to Canada (CAD)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        localize=True,
        help_text=_("What the partner returned of the unspent funds; 0 when nothing was left."),
    )
    final_ge_code = forms.ChoiceField(label=_("Final gender-equality code"), choices=GeCode.choices)
    note = forms.CharField(
        label=_("Note for the file (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clear_number_errors(self)
