from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import country_choices

from .models import ProposalLanguage
from .selectors import priority_area_list, public_mission_list


def covered_country_choices() -> list[tuple[str, str]]:
    """The countries of the missions with a published call."""
    covered = {country.code for mission in public_mission_list() for country in mission.countries}
    return [("", _("All")), *country_choices(covered)]


class CallFilterForm(forms.Form):
    """Filters of the public list of calls; every field is optional."""

    mission = forms.ModelChoiceField(
        label=_("Mission"), queryset=public_mission_list(), required=False, empty_label=_("All")
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    priority_area = forms.ModelChoiceField(
        label=_("Priority area"),
        queryset=priority_area_list(active_only=True),
        required=False,
        empty_label=_("All"),
    )
    language = forms.ChoiceField(
        label=_("Proposal language"),
        choices=[("", _("All")), *ProposalLanguage.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A callable: read when the field is shown or checked, not when the form is made.
        self.fields["country"].choices = covered_country_choices
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "mb-4"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("mission", css_class="col-md-3"),
                Column("country", css_class="col-md-3"),
                Column("priority_area", css_class="col-md-3"),
                Column("language", css_class="col-md-3"),
            ),
            Submit("", _("Filter"), css_class="btn btn-primary"),
        )
