import logging
import sys

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.context_processors import csp, csrf
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.http import escape_leading_slashes
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from .health import SERVING_CHECKS, health_report
from .outages import database_unreachable

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    template_name = "core/home.html"


@never_cache
@require_GET
def health(request):
    """For monitoring: every service, the broker included."""
    return _health_response(health_report())


@never_cache
@require_GET
def health_serving(request):
    """For the load balancer: can this node answer requests (the broker is not needed)."""
    return _health_response(health_report(SERVING_CHECKS))


def _health_response(report: dict[str, bool]) -> JsonResponse:
    healthy = all(report.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "checks": {name: "ok" if ok else "unavailable" for name, ok in report.items()},
        },
        status=200 if healthy else 503,
    )


ERRORS = {
    400: (
        _("Request not understood"),
        _(
            "Your request held characters that cannot be accepted, such as a null byte or text "
            "that is not valid UTF-8. Nothing you saved before was changed. Go back, remove those "
            "characters and try again."
        ),
    ),
    403: (
        _("Access denied"),
        _(
            "You do not have permission to do this. If you think you should, contact the program "
            "officer of your embassy or high commission."
        ),
    ),
    404: (
        _("Page not found"),
        _("We could not find this page. The address may be mistyped, or the page may have moved."),
    ),
    413: (
        _("Too much data"),
        _(
            "What was sent is larger than this page accepts. Nothing was saved: go back, "
            "shorten the text or send files one at a time."
        ),
    ),
    500: (
        _("Server error"),
        _(
            "Something went wrong on our side. Nothing you saved before this page was lost. "
            "Please try again in a few minutes."
        ),
    ),
    503: (
        _("Service briefly unavailable"),
        _(
            "The service is briefly unavailable. Nothing you saved before this page was lost. "
            "Please try again in a moment."
        ),
    ),
}
# A database restart takes a few seconds; browsers and the autosave wait this long.
RETRY_AFTER_SECONDS = 5


def render_error(request, status: int):
    title, explanation = ERRORS[status]
    context = {"title": title, "explanation": explanation, "status": status}
    return render(request, "error.html", context, status=status)


def bad_request(request, exception=None):
    return render_error(request, 400)


def permission_denied(request, exception=None):
    return render_error(request, 403)


def page_not_found(request, exception=None):
    return render_error(request, 404)


def server_error(request):
    """The 500 page, or 503 with Retry-After when the database is down or restarting.

    Django calls this inside its exception handler, for errors raised in views and in
    middleware alike (loading the session, the user), so the current exception says which.
    (Under WSGI, as deployed; Django's ASGI handler calls it on another thread, without it.)
    """
    unavailable = database_unreachable(sys.exception())
    status = 503 if unavailable else 500
    try:
        response = render_error_without_database(request, status)
    except Exception:
        logger.exception("The %s page could not be rendered", status)
        response = HttpResponse(_plain_error_page(status), status=status)
    if unavailable:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
    return response


def render_error_without_database(request, status: int) -> HttpResponse:
    """The error page without the context processors, which read the session and the user
    from the database: it must render when the database is what failed (the header then
    shows the signed-out menu). An htmx request (an autosave) gets its status line alone."""
    title, explanation = ERRORS[status]
    if status == 503 and request.headers.get("HX-Request") == "true":
        return HttpResponse(render_to_string("error_unavailable_status.html"), status=status)
    # Loading the page again is how to try again; a form's POST is sent again from its page.
    retry = status == 503 and request.method == "GET"
    context = {
        "title": title,
        "explanation": explanation,
        "status": status,
        "retry_path": escape_leading_slashes(request.get_full_path()) if retry else "",
        "request": request,
        **csp(request),
        **csrf(request),
    }
    return HttpResponse(render_to_string("error.html", context), status=status)


def _plain_error_page(status: int) -> str:
    """Shown when even the styled page cannot render."""
    title, explanation = ERRORS[status]
    return format_html(
        '<!doctype html><html lang="{}"><head><meta charset="utf-8"><title>{}</title></head>'
        "<body><main><h1>{}</h1><p>{}</p></main></body></html>",
        get_language() or settings.LANGUAGE_CODE,
        title,
        title,
        explanation,
    )
