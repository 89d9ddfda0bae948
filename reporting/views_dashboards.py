"""The mission and headquarters dashboards, under /manage/dashboard/.

The filter forms live here, beside the only views that use them: each is a GET form whose
choices are what the user may see, so a foreign call is an invalid choice, never a figure.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.forms import render_filter_form
from programs.access import AdministratorPageMixin, StaffPageMixin
from programs.models import Call, Mission, fiscal_year_label
from programs.permissions import is_administrator

from .dashboards import (
    dashboard_call_list,
    dashboard_fiscal_years,
    dashboard_headquarters_calls,
    dashboard_mission_list_for,
    headquarters_dashboard,
    mission_dashboard,
)
from .dashboards.freshness import FIGURES_LIFETIME, figures_version

ALL = ("", _("All"))


def _id_field(label, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, required=False, coerce=int, empty_value=None, **kwargs
    )


def _helper(*fields: str) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "get"
    helper.form_class = "mb-4"
    helper.attrs = {"aria-labelledby": "dashboard-filters-title"}
    helper.disable_csrf = True
    helper.layout = Layout(
        Row(*(Column(name, css_class="col-md-4") for name in fields)),
        Submit("", _("Apply")),
    )
    return helper


def _fiscal_year_choices(years) -> list[tuple]:
    return [ALL, *((year, fiscal_year_label(year)) for year in sorted(set(years), reverse=True))]


class MissionDashboardForm(forms.Form):
    """Which mission's figures, narrowed to one call or one fiscal year (both optional)."""

    mission = forms.TypedChoiceField(label=_("Mission"), coerce=int)
    call = _id_field(
        _("Call"), error_messages={"invalid_choice": _("Choose one of this mission's calls.")}
    )
    fiscal_year = _id_field(_("Fiscal year"))

    def __init__(self, *args, missions: list[Mission], calls: list[Call], **kwargs):
        super().__init__(*args, **kwargs)
        self.calls = {call.pk: call for call in calls}
        self.fields["mission"].choices = [(mission.pk, mission.name) for mission in missions]
        self.fields["call"].choices = [ALL] + [
            (call.pk, f"{call.title} ({call.fiscal_year_label})") for call in calls
        ]
        self.fields["fiscal_year"].choices = _fiscal_year_choices(
            call.fiscal_year for call in calls
        )

    @cached_property
    def helper(self) -> FormHelper:
        # Read by crispy only when `render_filter_form` has not rendered this form yet.
        return _helper("mission", "call", "fiscal_year")

    def clean(self):
        cleaned = super().clean()
        call, year = cleaned.get("call"), cleaned.get("fiscal_year")
        if call is not None and year is not None and self.calls[call].fiscal_year != year:
            self.add_error(
                "fiscal_year",
                _("This call belongs to fiscal year %(label)s.")
                % {"label": self.calls[call].fiscal_year_label},
            )
        return cleaned

    def chosen_calls(self) -> list[Call]:
        """The calls the figures cover: the chosen call, else the mission's calls of the chosen
        fiscal year, else all of them. An invalid field (shown with its error) is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        calls = list(self.calls.values())
        if data.get("call") is not None:
            calls = [self.calls[data["call"]]]
        if data.get("fiscal_year") is not None:
            calls = [call for call in calls if call.fiscal_year == data["fiscal_year"]]
        return calls


class HeadquartersDashboardForm(forms.Form):
    fiscal_year = _id_field(_("Fiscal year"))

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = _fiscal_year_choices(years)

    @cached_property
    def helper(self) -> FormHelper:
        return _helper("fiscal_year")

    def chosen_fiscal_year(self) -> int | None:
        return self.cleaned_data.get("fiscal_year") if self.is_valid() else None


def _chosen_mission(missions: list[Mission], value: str) -> Mission:
    """The mission asked for (the first one when none is): one of the user's, or a 404."""
    if not value:
        return missions[0]
    for mission in missions:
        if value.isascii() and value.isdigit() and mission.pk == int(value):
            return mission
    raise Http404


def _kept_figures(dashboard) -> dict:
    """The context of a dashboard's figures, which its template keeps rendered (`{% cache %}`)
    until they change (`freshness`) or the day changes (reports fall overdue by the date alone):
    the figures are computed only when that fragment is not kept for this version and day."""
    return {
        "dashboard": SimpleLazyObject(dashboard),
        "figures_version": figures_version(),
        "figures_day": timezone.now().date().isoformat(),  # UTC's, as the reports' figures
        "figures_lifetime": FIGURES_LIFETIME,
    }


class MissionDashboardView(StaffPageMixin, View):
    """A mission's figures for its program officers and approvers, and for administrators.

    Queries: the session with its user, their mission roles and the header's unread count,
    the user's missions, the mission's calls, the figures' version (the cache, shared by every
    process); when this process keeps no rendering of the figures for that version, also the
    figures (`mission_dashboard`: 4 at most).
    """

    template_name = "reporting/dashboard_mission.html"

    def get(self, request):
        missions = dashboard_mission_list_for(request.user)
        administrator = is_administrator(request.user)
        if not missions:
            # Reviewers are staff, but see only the proposals assigned to them.
            if not administrator:
                raise Http404
            return render(request, self.template_name, {"mission": None})
        mission = _chosen_mission(missions, request.GET.get("mission", ""))
        calls = dashboard_call_list(mission)
        data = request.GET.copy()
        data["mission"] = str(mission.pk)
        form = MissionDashboardForm(data, missions=missions, calls=calls)
        scope = form.chosen_calls()
        context = {
            "form": form,
            "filter_form": render_filter_form(form),
            "mission": mission,
            "calls": scope,
            "has_calls": bool(calls),
            **_kept_figures(lambda: mission_dashboard(mission=mission, calls=scope)),
            "figures_scope": ",".join(str(call.pk) for call in scope),
            "show_headquarters_link": administrator,
        }
        return render(request, self.template_name, context)


class HeadquartersDashboardView(AdministratorPageMixin, View):
    """Every mission's figures, by fiscal year, with a row per mission: administrators only.

    Queries: the session with its user, their roles and the header's unread count, the calls
    (the filter's fiscal years and the figures' scope), the figures' version (the shared
    cache); when this process keeps no rendering of the figures for that version, also the
    figures (`headquarters_dashboard`, given the calls: 4).
    """

    template_name = "reporting/dashboard_headquarters.html"

    def get(self, request):
        calls = dashboard_headquarters_calls()  # the filter's years and the figures' scope
        form = HeadquartersDashboardForm(request.GET, years=dashboard_fiscal_years(calls))
        fiscal_year = form.chosen_fiscal_year()
        context = {
            "form": form,
            "filter_form": render_filter_form(form),
            "fiscal_year": fiscal_year,
            "fiscal_year_label": fiscal_year_label(fiscal_year) if fiscal_year else "",
            **_kept_figures(lambda: headquarters_dashboard(fiscal_year=fiscal_year, calls=calls)),
        }
        return render(request, self.template_name, context)
