from django import forms
from django.utils.translation import gettext_lazy as _


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
