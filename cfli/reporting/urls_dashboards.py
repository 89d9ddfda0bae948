"""The dashboards pages (under /manage/)."""

urlpatterns = []
