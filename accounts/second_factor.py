"""Whether this session proved the second factor, and where it goes to prove it.

Having an authenticator is not enough: a session counts as staff only once it has entered a
code in this session — at sign-in, when it set the authenticator up, or by re-authenticating
(docs/decisions/0008-staff-authentication.md).
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_KEY = "cfli_second_factor_user"


def second_factor_record(request: HttpRequest, user) -> None:
    """This session has just proved the user's second factor."""
    request.session[SESSION_KEY] = str(user.pk)


def second_factor_passed(request: HttpRequest) -> bool:
    user = request.user
    return user.is_authenticated and request.session.get(SESSION_KEY) == str(user.pk)


def second_factor_missing(request: HttpRequest) -> bool:
    """True when staff pages must first ask this session for a second factor."""
    return settings.CFLI_STAFF_MFA_REQUIRED and not second_factor_passed(request)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def second_factor_step(request: HttpRequest) -> HttpResponse:
    """Send the session to enter a code (or to set up an authenticator first), then back."""
    if has_second_factor(request.user):
        messages.info(request, _("Staff pages need your authentication code for this session."))
        step = reverse("mfa_reauthenticate")
    else:
        messages.warning(
            request, _("Staff pages need two-factor authentication. Set it up to continue.")
        )
        step = reverse("mfa_activate_totp")
    return redirect_to_login(request.get_full_path(), step, "next")
