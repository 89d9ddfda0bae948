"""Forms of the staff pages for calls. Dates are entered in the mission's own time."""

from datetime import datetime
from zoneinfo import ZoneInfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.languages import language_codes
from core.times import TIME_ZONE_CHOICES

from .models import (
    Call,
    Mission,
    MissionStaff,
    OrganizationType,
    PriorityArea,
    ProposalLanguage,
    RequiredAttachment,
    SubTheme,
)

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as the officer reads it in the mission's time zone (made aware later)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)
    input_formats = [LOCAL_INPUT, "%Y-%m-%d %H:%M"]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        for fmt in self.input_formats:
            try:
                return datetime.strptime(value.strip(), fmt)  # noqa: DTZ007  (zone added in clean)
            except ValueError:
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


def in_zone(moment: datetime, zone: str) -> datetime:
    """A naive local date-time read in `zone`, as an aware date-time."""
    return moment.replace(tzinfo=ZoneInfo(zone))


class CallForm(forms.ModelForm):
    opens_at = LocalDateTimeField(label=_("Opens at"), help_text=_("In the mission's time zone."))
    closes_at = LocalDateTimeField(
        label=_("Deadline"),
        help_text=_(
            "In the mission's time zone. The whole minute counts: 23:59 means until midnight."
        ),
    )
    accepted_languages = forms.MultipleChoiceField(
        label=_("Accepted proposal languages"),
        choices=ProposalLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_organization_types = forms.MultipleChoiceField(
        label=_("Eligible organization types"),
        choices=OrganizationType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    required_attachments = forms.MultipleChoiceField(
        label=_("Required attachments"),
        choices=RequiredAttachment.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Call
        fields = [
            "mission",
            "fiscal_year",
            "title_en",
            "title_fr",
            "title_es",
            "guidance_en",
            "guidance_fr",
            "guidance_es",
            "opens_at",
            "closes_at",
            "budget_envelope",
            "typical_min_amount",
            "typical_max_amount",
            "maximum_amount",
            "admin_cost_cap_percent",
            "latest_end_date",
            "multi_year_allowed",
            "accepted_languages",
            "eligible_organization_types",
            "registration_proof_required",
            "registration_waiver_allowed",
            "required_attachments",
            "max_proposals_per_organization",
            "short_answer_words",
            "long_answer_words",
            "attachment_max_mb",
            "exchange_rate",
            "interim_report_required",
            "final_report_days",
            "report_variance_percent",
        ]
        widgets = {
            "latest_end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "guidance_en": forms.Textarea(attrs={"rows": 4}),
            "guidance_fr": forms.Textarea(attrs={"rows": 4}),
            "guidance_es": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "title_en": _("Title in English"),
            "title_fr": _("Title in French"),
            "title_es": _("Title in Spanish"),
            "guidance_en": _("Guidance in English"),
            "guidance_fr": _("Guidance in French"),
            "guidance_es": _("Guidance in Spanish"),
        }

    def __init__(self, *args, missions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = missions
        self.fields["title_en"].required = True
        if not self.instance.pk:
            today = timezone.localdate()
            self.initial.setdefault(
                "fiscal_year", today.year if today.month >= 4 else today.year - 1
            )
            if len(missions) == 1:
                self.initial.setdefault("mission", missions[0].pk)
                self.initial.setdefault("accepted_languages", missions[0].proposal_languages)
        if self.instance.pk:
            # A call stays with its mission; its local times are shown in that mission's zone.
            self.fields["mission"].disabled = True
            zone = self.instance.mission.zone
            for name in ("opens_at", "closes_at"):
                self.initial[name] = timezone.localtime(getattr(self.instance, name), zone)
            if self.instance.published_at:
                self.fields["closes_at"].disabled = True
                self.fields["closes_at"].help_text = _(
                    "Published: use “Extend the deadline” to move it."
                )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Call"), "mission", "fiscal_year", "title_en", "title_fr", "title_es"),
            Fieldset(_("Guidance for applicants"), "guidance_en", "guidance_fr", "guidance_es"),
            Fieldset(_("Dates"), "opens_at", "closes_at", "latest_end_date", "multi_year_allowed"),
            Fieldset(
                _("Amounts (CAD)"),
                "budget_envelope",
                Div(
                    Div("typical_min_amount", css_class="col-md-4"),
                    Div("typical_max_amount", css_class="col-md-4"),
                    Div("maximum_amount", css_class="col-md-4"),
                    css_class="row",
                ),
                "admin_cost_cap_percent",
                "exchange_rate",
            ),
            Fieldset(
                _("Who may apply and how"),
                Field("accepted_languages"),
                Field("eligible_organization_types"),
                "registration_proof_required",
                "registration_waiver_allowed",
                Field("required_attachments"),
                "max_proposals_per_organization",
            ),
            Fieldset(
                _("Application form"),
                Div(
                    Div("short_answer_words", css_class="col-md-4"),
                    Div("long_answer_words", css_class="col-md-4"),
                    Div("attachment_max_mb", css_class="col-md-4"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Reports of funded projects"),
                "interim_report_required",
                Div(
                    Div("final_report_days", css_class="col-md-6"),
                    Div("report_variance_percent", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
        )

    def clean(self):
        data = super().clean()
        mission = data.get("mission") or (self.instance.mission if self.instance.pk else None)
        if mission is not None:
            for name in ("opens_at", "closes_at"):
                if isinstance(data.get(name), datetime) and timezone.is_naive(data[name]):
                    data[name] = in_zone(data[name], mission.time_zone)
        return data

    def _post_clean(self):
        # Validation of the whole call happens once, in the service (call_create/call_update).
        pass


class CallPriorityForm(forms.Form):
    """One priority area of the catalogue: chosen for this call or not, with the focus."""

    chosen = forms.BooleanField(required=False)
    is_preferred = forms.BooleanField(label=_("Preferred (earns a bonus)"), required=False)
    focus_en = forms.CharField(
        label=_("Mission's focus in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    focus_fr = forms.CharField(
        label=_("Mission's focus in French"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    focus_es = forms.CharField(
        label=_("Mission's focus in Spanish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.fields["chosen"].label = area.name
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def priority_forms(*, data, call: Call | None, areas) -> list[CallPriorityForm]:
    existing = {item.priority_area_id: item for item in call.priorities.all()} if call else {}
    forms_ = []
    for area in areas:
        item = existing.get(area.pk)
        initial = (
            {
                "chosen": True,
                "is_preferred": item.is_preferred,
                "focus_en": item.focus_en,
                "focus_fr": item.focus_fr,
                "focus_es": item.focus_es,
            }
            if item
            else {}
        )
        forms_.append(CallPriorityForm(data, area=area, initial=initial, prefix=f"area-{area.pk}"))
    return forms_


def chosen_priorities(priority_forms_: list[CallPriorityForm]) -> list[dict]:
    return [
        {
            "priority_area": form.area,
            **{k: v for k, v in form.cleaned_data.items() if k != "chosen"},
        }
        for form in priority_forms_
        if form.cleaned_data.get("chosen")
    ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the call's history."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ExtendDeadlineForm(ReasonForm):
    closes_at = LocalDateTimeField(
        label=_("New deadline"), help_text=_("In the mission's time zone.")
    )

    field_order = ["closes_at", "reason"]

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.order_fields(self.field_order)

    def clean_closes_at(self):
        return in_zone(self.cleaned_data["closes_at"], self.call.mission.time_zone)


class CatalogueForm(forms.ModelForm):
    """A catalogue item (priority area, sub-theme): its name is required in every language."""

    NAME_LABELS = {
        "name_en": _("Name in English"),
        "name_fr": _("Name in French"),
        "name_es": _("Name in Spanish"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.NAME_LABELS.items():
            self.fields[name].label = label
            self.fields[name].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False


class PriorityAreaForm(CatalogueForm):
    class Meta:
        model = PriorityArea
        fields = [
            "name_en",
            "name_fr",
            "name_es",
            "description_en",
            "description_fr",
            "description_es",
            "position",
        ]
        labels = {
            "description_en": _("Description in English"),
            "description_fr": _("Description in French"),
            "description_es": _("Description in Spanish"),
        }
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_fr": forms.Textarea(attrs={"rows": 3}),
            "description_es": forms.Textarea(attrs={"rows": 3}),
        }


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=MissionStaff.Role.choices)

    def __init__(self, *args, missions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = missions
        self.helper = FormHelper()
        self.helper.form_tag = False


class MissionForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)
    proposal_languages = forms.MultipleChoiceField(
        label=_("Accepted proposal languages"),
        choices=ProposalLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Mission
        fields = [
            "name_en",
            "name_fr",
            "name_es",
            "code",
            "kind",
            "city",
            "countries",
            "time_zone",
            "proposal_languages",
            "contact_email",
            "local_currency",
            "is_active",
        ]
        labels = {
            "name_en": _("Name in English"),
            "name_fr": _("Name in French"),
            "name_es": _("Name in Spanish"),
        }
        help_texts = {
            "countries": _("Hold Ctrl (or Cmd) to choose several countries."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in language_codes():
            self.fields[f"name_{code}"].required = True
        self.fields["countries"].widget.attrs["size"] = 8
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_local_currency(self):
        return self.cleaned_data["local_currency"].strip().upper()

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def _post_clean(self):
        # The whole mission is validated once, in the service (mission_save).
        pass


class SubThemeForm(CatalogueForm):
    class Meta:
        model = SubTheme
        fields = ["name_en", "name_fr", "name_es", "position"]
