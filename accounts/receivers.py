"""Audit events for sign-ins, failed sign-ins and sign-outs (Django's own auth signals), and the
session's proof of a second factor (allauth's MFA signals)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_used
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.services import audit_record

from .second_factor import second_factor_record


@receiver(user_logged_in, dispatch_uid="accounts.audit_login")
def audit_login(sender, request, user, **kwargs):
    audit_record(verb="user.logged_in", actor=user, target=user, request=request)


@receiver(user_login_failed, dispatch_uid="accounts.audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # Only the address tried is kept; credentials also hold the password.
    attempted = credentials.get("email") or credentials.get("username") or ""
    audit_record(verb="user.login_failed", data={"email": attempted[:254]}, request=request)


@receiver(user_logged_out, dispatch_uid="accounts.audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(verb="user.logged_out", actor=user, target=user, request=request)


@receiver(authenticator_used, dispatch_uid="accounts.second_factor_used")
def remember_second_factor_used(sender, request, user, **kwargs):
    # At sign-in and when re-authenticating with a code.
    second_factor_record(request, user)


@receiver(authenticator_added, dispatch_uid="accounts.second_factor_added")
def remember_second_factor_added(sender, request, user, authenticator, **kwargs):
    # Setting up TOTP takes a valid code from the new device: the session has just proved it.
    if authenticator.type == Authenticator.Type.TOTP:
        second_factor_record(request, user)
