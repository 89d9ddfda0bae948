"""The search pages (under /manage/)."""

urlpatterns = []
