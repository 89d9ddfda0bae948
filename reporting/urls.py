"""Dashboards, search and exports, under /manage/: one namespace, one module of routes each."""

from .urls_dashboards import urlpatterns as dashboards
from .urls_exports import urlpatterns as exports
from .urls_search import urlpatterns as search

app_name = "reporting"

urlpatterns = [*dashboards, *search, *exports]
