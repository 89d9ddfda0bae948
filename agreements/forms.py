"""Forms of the agreement's pages: the payment schedule (staff) and the adjusted budget
(partner, with the proposal's budget table: `proposals.forms.row_formset`)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.forms import filter_form_helper
from programs.models import InstalmentCondition, fiscal_year_label
from proposals.forms import AMOUNT_ERROR
from proposals.forms_html import widget_renderer

from . import bank
from .models import PUBLICATION_FIELDS, Amendment, ContributionAgreement
from .selectors import NextAction


class InstalmentForm(forms.Form):
    condition = forms.ChoiceField(
        label=_("Paid"),
        choices=InstalmentCondition.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    due_date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    amount_cad = forms.DecimalField(
        label=_("Amount (CAD)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        widget=forms.TextInput(attrs={"class": "form-control text-end", "inputmode": "decimal"}),
        error_messages={
            "invalid": AMOUNT_ERROR,
            "max_digits": AMOUNT_ERROR,
            "max_decimal_places": AMOUNT_ERROR,
            "min_value": AMOUNT_ERROR,
        },
    )


# Widgets written in Python (proposals.forms_html): a schedule of a few rows renders dozens of
# widgets, each otherwise a template.
InstalmentFormSet = forms.formset_factory(
    InstalmentForm,
    extra=0,
    can_delete=True,
    max_num=12,
    absolute_max=24,
    validate_max=True,
    renderer=widget_renderer,
)


def schedule_formset(agreement: ContributionAgreement, data=None, *, extra: int = 0):
    initial = [
        {"condition": i.condition, "due_date": i.due_date, "amount_cad": i.amount_cad}
        for i in agreement.instalments.all()
    ]
    formset = InstalmentFormSet(data=data, initial=initial, prefix="instalments")
    formset.extra = extra
    return formset


def schedule_values(formset) -> list[dict]:
    """The instalments to keep, in order: an added row left empty is no instalment."""
    return [
        {key: form.cleaned_data[key] for key in ("condition", "due_date", "amount_cad")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class BankAccountForm(forms.Form):
    """The account the agreement pays into. The number is never shown again in full: the
    field starts empty, and the page shows the last four characters of the one on file."""

    holder = forms.CharField(
        label=_("Account holder"),
        max_length=200,
        help_text=_("The organization's own name, as the bank has it."),
    )
    bank_name = forms.CharField(label=_("Bank"), max_length=200)
    bank_address = forms.CharField(label=_("Branch and city"), max_length=300, required=False)
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=60,
        validators=[bank.validate_account_number],
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    swift_bic = forms.CharField(
        label=_("SWIFT/BIC code"),
        max_length=20,
        required=False,
        validators=[bank.validate_swift_bic],
        help_text=_("For a transfer from abroad; your bank gives it."),
    )
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=50,
        required=False,
        validators=[bank.validate_iban],
        help_text=_("Only where your country's banks use one."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


def amount_field(label, *, max_digits: int = 12, **kwargs) -> forms.DecimalField:
    """An amount typed with digits and a point before the cents."""
    return forms.DecimalField(
        label=label,
        max_digits=max_digits,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": AMOUNT_ERROR, "max_digits": AMOUNT_ERROR},
        **kwargs,
    )


class SignatureForm(forms.Form):
    """The partner's signature: who signs, in what capacity, the attestation and, optionally,
    a scanned copy signed by hand. The service checks each (so do its tests)."""

    signatory_name = forms.CharField(label=_("Full name of the signatory"), max_length=200)
    signatory_title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Their position in the organization, for example Director or President."),
    )
    attested = forms.BooleanField(
        required=False, label=_("I confirm this attestation, and sign the agreement.")
    )
    signed_copy = forms.FileField(
        label=_("Signed copy (optional)"),
        required=False,
        help_text=_(
            "If your organization also signs on paper: the signed agreement, scanned, as a PDF, "
            "JPEG or PNG file."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class InstalmentDueForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it due?"),
        max_length=1000,
        help_text=_("For the file: for example, the interim report accepted on 12 March."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PaymentForm(forms.Form):
    """A transfer as the bank's statement shows it."""

    paid_on = forms.DateField(
        label=_("Date of the transfer"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    amount_cad = amount_field(_("Amount paid (CAD)"))
    amount_local = amount_field(_("Amount received"), max_digits=14)
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=100,
        help_text=_("The transfer's reference in the mission's financial system or bank."),
    )

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount_local"].label = _("Amount received (%(currency)s)") % {
            "currency": currency
        }


class SignatureReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What must change in the signature?"),
        max_length=1000,
        help_text=_(
            "The partner reads it: for example, the agreement must be signed by the "
            "director, who is the authorized signatory."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublicationForm(forms.ModelForm):
    """What Canada publishes of the agreement, in English and in French: saved as far as it is
    written (the page and the export name what is still missing)."""

    class Meta:
        model = ContributionAgreement
        fields = list(PUBLICATION_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in PUBLICATION_FIELDS
            if not name.startswith("publication_title")
        }
        help_texts = {
            "publication_description_en": _(
                "What the recipient does with the contribution, in a few plain sentences."
            ),
            "publication_results_en": _("The results the project expects, one per line."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["lang"] = name.rsplit("_", 1)[1]  # what is typed, not the label


class BankAccountConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("How did you confirm it?"),
        max_length=1000,
        help_text=_(
            "By another channel than the message that gave it: for example, by telephone with "
            "the director, on a number already on file."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AmendmentForm(forms.Form):
    """An amendment's reason and what it changes; the fields shown depend on its kind (the
    budget's lines, for a reallocation or another amount, are the proposal's budget table)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        help_text=_("What happened, and why the agreement must change."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    new_end_date = forms.DateField(
        label=_("New end date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    new_amount_cad = amount_field(_("New amount (CAD)"))
    repaid_cad = amount_field(
        _("To be returned by the partner (CAD)"),
        help_text=_("The part of the payments not spent on the project, 0 if none."),
    )

    FIELDS = {
        Amendment.Kind.EXTENSION: ("reason", "new_end_date"),
        Amendment.Kind.REALLOCATION: ("reason",),
        Amendment.Kind.AMOUNT: ("new_amount_cad", "reason"),
        Amendment.Kind.TERMINATION: ("reason", "repaid_cad"),
    }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in self.FIELDS[kind]:
                del self.fields[name]


class AmendmentDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note on the decision"),
        required=False,
        max_length=4000,
        help_text=_("Needed to refuse: the requester reads it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgreementFilterForm(forms.Form):
    """The staff list's filters, by GET; a value that is not a choice is dropped with a
    message, not a 400."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    call = forms.TypedChoiceField(label=_("Call"), required=False, coerce=int, empty_value=None)
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year"), required=False, coerce=int, empty_value=None
    )
    next_action = forms.ChoiceField(label=_("Next action"), required=False)

    def __init__(self, *args, calls, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["status"].choices = every + list(ContributionAgreement.Status.choices)
        self.fields["call"].choices = every + [(call.pk, str(call)) for call in calls]
        years = sorted({call.fiscal_year for call in calls}, reverse=True)
        self.fields["fiscal_year"].choices = every + [(y, fiscal_year_label(y)) for y in years]
        self.fields["next_action"].choices = every + list(NextAction.choices)

    @cached_property
    def helper(self) -> FormHelper:
        """crispy-forms' layout, built only when the form is rendered (render_filter_form
        remembers the HTML, and the exports never render it)."""
        return filter_form_helper(
            Layout(
                Row(*(Column(name, css_class="col-sm-6 col-lg-3") for name in self.fields)),
                Submit("", _("Filter")),
            ),
            attrs={"aria-label": _("Filters")},
        )
