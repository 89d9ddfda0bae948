"""The project's URLs plus a bare view: the reference the pages' throughput is a ratio of."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """A trivial Django view through the same middleware: what the server does for nothing."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ok/", bare, name="bench-ok"),
    path("", include("cfli.urls")),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
