import logging

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from .health import SERVING_CHECKS, health_report

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
    500: (
        _("Server error"),
        _(
            "Something went wrong on our side. Nothing you saved before this page was lost. "
            "Please try again in a few minutes."
        ),
    ),
}


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


# Shown when even the styled 500 page cannot render (for example with the database down).
FALLBACK_500 = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Server error</title>'
    "</head><body><main><h1>Server error</h1><p>Something went wrong on our side. Nothing you"
    " saved before this page was lost. Please try again in a few minutes.</p></main></body></html>"
)


def server_error(request):
    try:
        return render_error(request, 500)
    except Exception:
        logger.exception("The 500 page could not be rendered")
        return HttpResponseServerError(FALLBACK_500)
