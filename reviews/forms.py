from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .eligibility import Check
from .models import InternalComment, Screening

PASSED = [("yes", _("Passes")), ("no", _("Fails"))]


class ScreeningForm(forms.Form):
    """One pass/fail answer per check, prefilled where the system can tell, and the outcome."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Screening.Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(
        label=_("Reason the applicant is told"),
        choices=[("", _("Choose…")), *Screening.Reason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Written as is in the message to the applicant."),
    )

    def __init__(self, *args, checks: list[Check], **kwargs):
        super().__init__(*args, **kwargs)
        self.checks = checks
        for check in checks:
            initial = {True: "yes", False: "no"}.get(check.computed)
            self.fields[f"check_{check.key}"] = forms.ChoiceField(
                label=check.label,
                choices=PASSED,
                widget=forms.RadioSelect,
                initial=initial,
                help_text=_("Prefilled from the proposal.")
                if initial
                else _("The system cannot tell: check it."),
            )
            self.fields[f"note_{check.key}"] = forms.CharField(
                label=_("Note on this check"), required=False, max_length=1000
            )
        self.order_fields(
            [name for check in checks for name in (f"check_{check.key}", f"note_{check.key}")]
            + ["outcome", "reason", "note"]
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def check_answers(self) -> list[dict]:
        return [
            {
                "key": check.key,
                "computed": check.computed,
                "passed": self.cleaned_data[f"check_{check.key}"] == "yes",
                "note": self.cleaned_data[f"note_{check.key}"],
            }
            for check in self.checks
        ]


class CommentForm(forms.ModelForm):
    class Meta:
        model = InternalComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": _("Internal comment (never shown to the applicant)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
