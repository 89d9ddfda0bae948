"""Failed sign-ins: a limit that stops guessing without locking the owner out.

OWASP's "device cookies": a browser that has signed in to an account before carries a signed
cookie naming it, and its failures count against that browser only. Every other browser shares
the account's limit and its address's limit; when the account's limit refuses one, the owner is
e-mailed a link that makes the browser they open it in a known one
(docs/decisions/0008-staff-authentication.md).
"""

import hashlib
import secrets
import time

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from core.services import audit_record
from notifications.services import notify

from .models import User

DEVICE_COOKIE = "cfli_device"
DEVICE_SALT = "accounts.device"
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 365
DEVICES_PER_BROWSER = 5
UNLOCK_SALT = "accounts.unlock"
UNLOCK_LINK_AGE = 60 * 60


def account_key(login: str) -> str:
    """What the account's limit counts under: the address as typed, normalized."""
    return login.strip().lower()


def login_hash(login: str) -> str:
    return hashlib.sha256(account_key(login).encode()).hexdigest()[:32]


def _devices(request: HttpRequest) -> list[str]:
    """The browser's known accounts, as "<login hash>.<nonce>"; an altered cookie counts as none."""
    try:
        entries = signing.loads(request.COOKIES.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT)
    except signing.BadSignature:
        return []
    return (
        [entry for entry in entries if isinstance(entry, str)] if isinstance(entries, list) else []
    )


def known_device(request: HttpRequest, login: str) -> str | None:
    """The browser's device key for this login, if it has signed in to it before."""
    prefix = login_hash(login) + "."
    return next((entry for entry in _devices(request) if entry.startswith(prefix)), None)


def device_remember(request: HttpRequest, response: HttpResponse, login: str) -> None:
    """Make this browser a known one for `login` (after a sign-in, or from an unlock link)."""
    if known_device(request, login):
        return
    entries = [f"{login_hash(login)}.{secrets.token_urlsafe(12)}", *_devices(request)]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(entries[:DEVICES_PER_BROWSER], salt=DEVICE_SALT),
        max_age=DEVICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def sign_in_attempt_consume(request: HttpRequest, login: str):
    """Count one password attempt; the usage to roll back if it succeeds, or None when refused.

    A known browser has a limit of its own; any other shares the account's and the address's.
    """
    device = known_device(request, login)
    if device:
        return ratelimit.consume(
            request, app="allauth.account", action="login_failed_device", key=device
        )
    return ratelimit.consume(
        request, app="allauth.account", action="login_failed", key=account_key(login)
    )


def sign_in_refused(request: HttpRequest, login: str) -> HttpResponse:
    """429, saying when to try again; an unknown browser's owner also gets an unlock link.

    The page is the same whether or not the address has an account.
    """
    minutes = settings.CFLI_SIGN_IN_LOCK_MINUTES
    known = known_device(request, login) is not None
    audit_record(
        verb="user.login_refused",
        data={"email": login[:254], "known_browser": known},
        request=request,
    )
    if not known:
        _unlock_link_send(login)
    response = render(
        request,
        "account/sign_in_locked.html",
        {"minutes": minutes, "known_browser": known},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


def _unlock_link_send(login: str) -> None:
    """At most one e-mail an hour per account, to its own address: the link it carries works
    for that hour, and a stranger's guesses cannot turn into a flood of e-mails."""
    window = int(time.time() // UNLOCK_LINK_AGE)
    if not cache.add(f"accounts:unlock-mail:{login_hash(login)}:{window}", True, UNLOCK_LINK_AGE):
        return
    user = User.objects.filter(email__iexact=login.strip(), is_active=True).first()
    if user is None:
        return
    token = signing.dumps({"login": user.email.lower()}, salt=UNLOCK_SALT)
    with transaction.atomic():
        # To the address, not the user: the link must reach an organization at risk too, whose
        # other e-mails only say "sign in".
        notify(
            event="sign_in_unlock",
            key=f"sign-in-unlock:{user.pk}:{window}",
            recipients=[(user.email, user.preferred_language)],
            context={
                "path": reverse("accounts:unlock", args=[token]),
                "minutes": settings.CFLI_SIGN_IN_LOCK_MINUTES,
                "hours": UNLOCK_LINK_AGE // 3600,
            },
            channels=("email",),
        )


def unlock_login(token: str) -> str | None:
    """The login an unlock link was sent for, while the link is valid."""
    try:
        return signing.loads(token, salt=UNLOCK_SALT, max_age=UNLOCK_LINK_AGE)["login"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
