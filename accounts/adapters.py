from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class SiteIdentity:
    """What account e-mails call the site: its name, not the bare host name."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """A new account keeps the name given and the language the person signed up in."""
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        if commit:
            user.save()
        return user

    def format_email_subject(self, subject: str) -> str:
        """Prefix account e-mails with the program's acronym in the recipient's language."""
        return f"{_('[CFLI]')} {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        domain = request.get_host() if request is not None else ""
        site = SiteIdentity(name=_("CFLI Grants"), domain=domain)
        super().send_mail(template_prefix, email, {"current_site": site, **context})
