from contextlib import suppress

from django.core.exceptions import ValidationError
from django.views import View
from django.views.i18n import set_language

from .services import user_language_set


class LanguageSetView(View):
    """Switch the interface language; a signed-in user's choice is also saved on their account."""

    http_method_names = ["post"]

    def post(self, request):
        response = set_language(request)
        if request.user.is_authenticated:
            # An unknown language was ignored by set_language too: nothing changes.
            with suppress(ValidationError):
                user_language_set(
                    user=request.user, language=request.POST.get("language", ""), request=request
                )
        return response
