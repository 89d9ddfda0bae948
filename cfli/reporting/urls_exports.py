"""The exports pages (under /manage/)."""

urlpatterns = []
