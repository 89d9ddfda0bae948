"""The project's URLs plus one view that fails, to see the 500 page as a user would."""

from django.urls import path

from cfli.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def failing_view(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [*urlpatterns, path("failing/", failing_view)]
