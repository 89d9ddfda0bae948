"""Third-party hooks that start a notification."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .services import notify


@receiver(email_confirmed, dispatch_uid="notifications.welcome")
def welcome_after_verification(sender, request, email_address, **kwargs):
    """Welcome a person once, when their first address is verified."""
    user = email_address.user
    notify(event="welcome", key=f"welcome:{user.pk}", recipients=[user], context={})
