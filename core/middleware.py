from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers

from .views import render_error

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
MULTIPART_CONTENT_TYPE = "multipart/form-data"


def _is_clean(raw: bytes) -> bool:
    """True when percent-decoded form data holds no NUL byte and is valid UTF-8."""
    decoded = unquote_to_bytes(raw.replace(b"+", b" "))
    if b"\x00" in decoded:
        return False
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class RejectMalformedInputMiddleware:
    """Answer 400 to a request whose path, query string or form holds a NUL byte or bad UTF-8.

    Django decodes such input leniently, and PostgreSQL then fails on the NUL byte with a 500.
    Stopping it here gives every view the same clear 400 page, in the user's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # WSGI hands over the query string as latin-1 text (PEP 3333): these are its raw bytes.
        query = request.META.get("QUERY_STRING", "").encode("latin-1", errors="replace")
        if "\x00" in request.path or not _is_clean(query):
            raise BadRequest("Malformed query string.")
        if request.method == "POST":
            content_type = request.content_type or ""
            if content_type == FORM_CONTENT_TYPE and not _is_clean(request.body):
                raise BadRequest("Malformed form data.")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # A view that limits uploads while they stream parses the body itself; its forms
        # refuse NUL characters in their fields.
        if getattr(getattr(view_func, "view_class", None), "streams_upload", False):
            return None
        if (
            request.method == "POST"
            and (request.content_type or "") == MULTIPART_CONTENT_TYPE
            and any(
                "\x00" in key or "\x00" in value
                for key, values in request.POST.lists()
                for value in values
            )
        ):
            raise BadRequest("Malformed form data.")
        return None


class UserLanguageMiddleware:
    """Use the signed-in user's preferred language, and remember it in the language cookie.

    LocaleMiddleware has already chosen from the cookie or the browser; a signed-in user's own
    choice wins, so it follows them to any browser and stays after they log out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        preferred = self._preferred_language(request)
        if preferred:
            translation.activate(preferred)
            request.LANGUAGE_CODE = preferred
        response = self.get_response(request)
        # Read again: the user may have logged in or changed language during this request.
        preferred = self._preferred_language(request)
        if preferred and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != preferred:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                preferred,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    @staticmethod
    def _preferred_language(request) -> str:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return ""
        return user.preferred_language


class UserTimeZoneMiddleware:
    """Show the signed-in user's times in their own time zone (their profile's); anyone else
    sees settings.TIME_ZONE. The user is already loaded by UserLanguageMiddleware: no query.

    The zone is put back after the response, so nothing run later in this thread (a test, an
    eager task) inherits it. What is rendered after that (a streamed export) sets its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class RequestSizeLimitMiddleware:
    """Answer 413 to a body over CFLI_MAX_REQUEST_BYTES before anything reads it.

    Django bounds form fields in memory, but a multipart body's files are spooled to disk as
    they are parsed, and the malformed-input and CSRF checks parse it: without this, anyone
    could make the server write hundreds of megabytes before being refused. Views that stream
    uploads bound their own bodies while reading (`streams_upload`, core.uploads).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise BadRequest("Malformed Content-Length.") from None
        if length > settings.CFLI_MAX_REQUEST_BYTES and not _streams_upload(request):
            return render_error(request, 413)
        return self.get_response(request)


def _streams_upload(request) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(getattr(match.func, "view_class", None), "streams_upload", False)


class PrivatePagesMiddleware:
    """What a signed-in person sees is never stored by their browser or a proxy: after they
    sign out, Back or a shared computer's cache must not show a proposal or a staff page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # An error page is rendered without the user (core.views.server_error), and the
        # user may be what failed to load (the database is down): it is not asked again.
        user = getattr(request, "user", None)
        if response.status_code < 500 and user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
