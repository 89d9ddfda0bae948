from allauth.account.forms import SignupForm as AllauthSignupForm
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import label_empty_choices
from core.times import TIME_ZONE_CHOICES, validate_time_zone

from .models import Membership, Organization, User


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    # Filled in by static/js/time-zone.js with the browser's zone; without JavaScript, or with a
    # zone we do not know, it is left out and the account starts in settings.TIME_ZONE.
    time_zone = forms.CharField(
        required=False,
        widget=forms.HiddenInput(attrs={"data-cfli-time-zone": ""}),
    )

    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)

    def clean_time_zone(self) -> str:
        """The browser's zone, or "" when it is not one we know: a person cannot correct a
        hidden field, so a bad value is ignored rather than refused."""
        value = self.cleaned_data.get("time_zone", "")
        try:
            validate_time_zone(value)
        except ValidationError:
            return ""
        return value


class ProfileForm(forms.Form):
    """What a person says about themselves: their name, language and time zone."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=User._meta.get_field("full_name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=User._meta.get_field("preferred_language").help_text,
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=TIME_ZONE_CHOICES,
        help_text=User._meta.get_field("time_zone").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def word_limit_attrs(limit: int) -> dict:
    """Attributes that static/js/forms.js turns into a live word count."""
    return {
        "data-cfli-max-words": str(limit),
        # "%(words)s" and "%(limit)s" are filled in by the script as the person types.
        "data-cfli-words-label": _("%(words)s of %(limit)s words"),
        "rows": 6,
    }


YES_NO = [(True, _("Yes")), (False, _("No"))]


class OrganizationForm(forms.ModelForm):
    has_own_bank_account = forms.TypedChoiceField(
        label=_("Does the organization have a bank account in its own name?"),
        help_text=Organization._meta.get_field("has_own_bank_account").help_text,
        choices=YES_NO,
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "acronym",
            "kind",
            "country",
            "city",
            "street_address",
            "description",
            "website",
            "social_accounts",
            "contact_name",
            "contact_title",
            "contact_email",
            "contact_phone",
            "registration_status",
            "registration_date",
            "registration_place",
            "registration_law",
            "has_own_bank_account",
            "funding_from_canada",
            "funding_from_others",
            "partner_organizations",
        ]
        widgets = {
            "registration_status": forms.RadioSelect,
            "registration_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs=word_limit_attrs(150)),
            "street_address": forms.Textarea(attrs={"rows": 2}),
            "social_accounts": forms.Textarea(attrs={"rows": 2}),
            "funding_from_canada": forms.Textarea(attrs={"rows": 3}),
            "funding_from_others": forms.Textarea(attrs={"rows": 3}),
            "partner_organizations": forms.Textarea(attrs={"rows": 3}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "website": forms.URLInput(attrs={"placeholder": "https://"}),
        }
        help_texts = {
            "street_address": _("Not asked if registering puts the organization at risk."),
            "contact_phone": _("Not asked if registering puts the organization at risk."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration_status"].choices = Organization.Registration.choices
        label_empty_choices(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("The organization"),
                "name",
                "acronym",
                "kind",
                "country",
                "city",
                Div("street_address", data_cfli_withheld_when_at_risk=""),
                "description",
                "website",
                "social_accounts",
            ),
            Fieldset(
                _("Contact person"),
                "contact_name",
                "contact_title",
                "contact_email",
                Div("contact_phone", data_cfli_withheld_when_at_risk=""),
            ),
            Fieldset(
                _("Registration"),
                "registration_status",
                Div(
                    "registration_date",
                    "registration_place",
                    "registration_law",
                    data_cfli_registration_details="",
                ),
            ),
            Fieldset(
                _("Funding and partners"),
                "has_own_bank_account",
                "funding_from_canada",
                "funding_from_others",
                "partner_organizations",
            ),
        )


class MemberInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
