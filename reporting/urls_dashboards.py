"""The dashboards pages (under /manage/)."""

from django.urls import path

from . import views_dashboards

urlpatterns = [
    path("dashboard/", views_dashboards.MissionDashboardView.as_view(), name="mission-dashboard"),
    path(
        "dashboard/headquarters/",
        views_dashboards.HeadquartersDashboardView.as_view(),
        name="hq-dashboard",
    ),
]
