"""The filters of the staff list of proposals: a GET form whose every field is optional."""

from operator import itemgetter
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Field, Layout, Row, Submit
from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from core.forms import country_choices, filter_form_helper

from .models import MAX_AMOUNT, GeCode, Proposal
from .selectors import (
    STAFF_LIST_DEFAULT_SORT,
    STAFF_LIST_SORT_FIELDS,
    proposal_filter_choices_for_staff,
)

# Longer than any reference, title or organization name; a longer search finds nothing anyway.
SEARCH_MAX_LENGTH = 200
ALL = ("", _("All"))


def _id_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, required=False, coerce=int, empty_value=None)


class ProposalStaffFilterForm(forms.Form):
    """Which proposals a staff member lists, and in what order.

    The choices are only what the user may see, so an id from another mission is an invalid
    choice (and the list stays scoped by its selector anyway). Choices are built from lists, so
    checking a chosen value costs no query.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Words of the reference, title, organization or text"),
        widget=forms.TextInput(attrs={"type": "search", "maxlength": SEARCH_MAX_LENGTH}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    organization_kind = forms.ChoiceField(
        label=_("Type of organization"),
        required=False,
        choices=[ALL, *Organization.Kind.choices],
    )
    mission = _id_field(_("Mission"))
    call = _id_field(_("Call"))
    priority_area = _id_field(_("Priority area"))
    sub_theme = _id_field(_("Sub-theme"))
    country = forms.ChoiceField(label=_("Country"), required=False)
    ge_code = forms.ChoiceField(
        label=_("Gender-equality code"),
        required=False,
        choices=[ALL, *GeCode.choices],
        help_text=_("The mission's final code, or else the reviewers' suggestion."),
    )
    reviewer = _id_field(_("Reviewer"))
    amount_min = forms.DecimalField(
        label=_("Minimum amount (CAD)"),
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=12,
        decimal_places=2,
    )
    amount_max = forms.DecimalField(
        label=_("Maximum amount (CAD)"),
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=12,
        decimal_places=2,
    )
    # Set by the column headers' links; kept here so filtering keeps the order.
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A mission without calls has no proposals: the missions offered are those of the calls
        # (and so are their countries and reviewers). Every choice comes from one query.
        offered = proposal_filter_choices_for_staff(user)
        missions = offered.missions
        # Every field given its choices here is a ChoiceField.
        fields = cast("dict[str, forms.ChoiceField]", self.fields)
        fields["status"].choices = [ALL] + [
            (value, label)
            for value, label in Proposal.Status.choices
            if value != Proposal.Status.DRAFT
        ]
        fields["mission"].choices = [
            ALL,
            *sorted(((pk, mission.name) for pk, mission in missions.items()), key=itemgetter(1)),
        ]
        fields["call"].choices = [ALL] + [
            (pk, f"{title} ({missions[mission].code})") for pk, title, mission in offered.calls
        ]
        fields["priority_area"].choices = [ALL, *offered.priority_areas]
        fields["sub_theme"].choices = [ALL, *offered.sub_themes]
        covered = {code for mission in missions.values() for code in mission.countries}
        fields["country"].choices = [ALL, *country_choices(covered)]
        fields["reviewer"].choices = [ALL, *offered.reviewers]

    @cached_property
    def helper(self) -> FormHelper:
        """crispy-forms' layout, built only when the form is rendered (render_filter_form
        remembers the HTML, and the exports never render it)."""
        return filter_form_helper(
            Layout(
                Row(
                    Column("q", css_class="col-md-6"),
                    Column("status", css_class="col-md-3"),
                    Column("organization_kind", css_class="col-md-3"),
                ),
                Row(
                    Column("mission", css_class="col-md-3"),
                    Column("call", css_class="col-md-3"),
                    Column("priority_area", css_class="col-md-3"),
                    Column("sub_theme", css_class="col-md-3"),
                ),
                Row(
                    Column("country", css_class="col-md-3"),
                    Column("amount_min", css_class="col-md-3"),
                    Column("amount_max", css_class="col-md-3"),
                    Column("ge_code", css_class="col-md-3"),
                ),
                Row(Column("reviewer", css_class="col-md-3")),
                Field("sort"),
                Submit("", _("Filter")),
                HTML(
                    format_html(
                        '<a class="btn btn-link" href="{}">{}</a>',
                        reverse("proposals_staff:list"),
                        _("Clear the filters"),
                    )
                ),
            ),
            attrs={"aria-labelledby": "proposal-filters-title"},
        )

    def clean_q(self) -> str:
        # NUL bytes never get here: the middleware answers 400 to them, and CharField refuses
        # them too. A pasted novel is cut rather than refused.
        return self.cleaned_data["q"][:SEARCH_MAX_LENGTH]

    def clean_sort(self) -> str:
        sort = self.cleaned_data["sort"]
        return sort if sort.removeprefix("-") in STAFF_LIST_SORT_FIELDS else STAFF_LIST_DEFAULT_SORT

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        low, high = cleaned.get("amount_min"), cleaned.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "amount_max", _("The maximum amount cannot be lower than the minimum amount.")
            )
        return cleaned

    def filters(self) -> dict:
        """The valid filters, as keywords of `proposal_list_filter`; an invalid field (shown with
        its error) is left out rather than emptying the list."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        filters = {name: data[name] for name in self.fields if name in data}
        filters["sort"] = data.get("sort") or STAFF_LIST_DEFAULT_SORT
        return filters
