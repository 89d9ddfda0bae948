from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cfli.core.services import audit_record

from .models import User


@transaction.atomic
def user_language_set(*, user: User, language: str, request=None) -> User:
    """A user's preferred language is one the interface is offered in."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("This language is not available."), code="invalid_language")
    if user.preferred_language != language:
        previous = user.preferred_language
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        audit_record(
            verb="user.language_changed",
            actor=user,
            target=user,
            data={"from": previous, "to": language},
            request=request,
        )
    return user
