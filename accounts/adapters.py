from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import MultiFernet
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.crypto import key_ring
from core.services import client_ip
from core.times import moment_text

from .lockout import account_key, device_remember, sign_in_attempt_consume, sign_in_refused


def _login(credentials: dict) -> str:
    return credentials.get("email") or credentials.get("username") or ""


@dataclass(frozen=True)
class SiteIdentity:
    """What account e-mails call the site: its name, not the bare host name."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """The same address as the audit log's: behind the trusted proxies, the one they saw."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("No client address.")
        return ip

    def _get_login_attempts_cache_key(self, request, **credentials):
        # The key our limit counts under, so that a password reset lifts the account's lock.
        return account_key(_login(credentials))

    def pre_authenticate(self, request, **credentials):
        """Count the attempt (docs/decisions/0008); a refusal is a 429 page, not a form error."""
        login = _login(credentials)
        self._login_failed_rl_usage = sign_in_attempt_consume(request, login)
        if not self._login_failed_rl_usage:
            raise ImmediateHttpResponse(sign_in_refused(request, login))

    def get_login_redirect_url(self, request):
        """Each role starts on its own page (settings.CFLI_START_PAGE); allauth asks here only
        when the sign-in carries no `next`, and after the second factor when one is due."""
        return import_string(settings.CFLI_START_PAGE)(request.user)

    def get_signup_redirect_url(self, request):
        """A new account signed in by confirming its address starts where a sign-in would."""
        return self.get_login_redirect_url(request)

    def post_login(self, request, user, **kwargs):
        """A browser that has signed in is a known one: the account's lock-out spares it."""
        response = super().post_login(request, user, **kwargs)
        device_remember(request, response, user.email)
        return response

    def save_user(self, request, user, form, commit=True):
        """A new account keeps the name given, the language the person signed up in and their
        browser's time zone (the form has checked it; without one, the model's default)."""
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        if form.cleaned_data.get("time_zone"):
            user.time_zone = form.cleaned_data["time_zone"]
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        if commit:
            user.save()
        return user

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        """A security notice ("your password was changed") dates the change in the person's
        own time zone, named, whoever's request sends it (a reset is made signed out)."""
        with timezone.override(user.zone):
            context = {"timestamp": moment_text(timezone.now()), **(context or {})}
            super().send_notification_mail(template_prefix, user, context, email)

    def format_email_subject(self, subject: str) -> str:
        """Prefix account e-mails with the program's acronym in the recipient's language."""
        return f"{_('[CFLI]')} {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        domain = request.get_host() if request is not None else ""
        site = SiteIdentity(name=_("CFLI Grants"), domain=domain)
        super().send_mail(template_prefix, email, {"current_site": site, **context})


# Where allauth keeps secrets in an authenticator's data, by its type.
MFA_SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}


def mfa_secrets_map(kind: str, data: dict, change: Callable[[str], str]) -> dict:
    """The authenticator's data with `change` applied to each of its secrets (the seed, or the
    codes carried over from another system, of recovery codes; the key of TOTP)."""
    data = dict(data)
    for field in MFA_SECRET_FIELDS.get(kind, ()):
        if field in data:
            data[field] = change(data[field])
    if kind == "recovery_codes" and isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [change(code) for code in data["migrated_codes"]]
    return data


def mfa_cipher() -> MultiFernet:
    """Encrypts with the first of CFLI_MFA_KEYS and decrypts with any of them (rotation)."""
    return key_ring(tuple(settings.CFLI_MFA_KEYS))


class MFAAdapter(DefaultMFAAdapter):
    """Second-factor secrets (TOTP keys, recovery-code seeds) are stored encrypted: a copy of
    the database, or an administrator's screen, holds no usable secret."""

    def encrypt(self, text: str) -> str:
        return mfa_cipher().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_cipher().decrypt(encrypted_text.encode()).decode()
