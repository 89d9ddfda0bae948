"""The administrators' pages for review instruments, and a call's review settings (under
/manage/)."""

from django.urls import path

from . import views_instruments as views

app_name = "instruments"


def instrument_urls(segment: str, kind: str, list_view, create, detail, publish, new_version):
    """List, create, version, publish and new-version pages of one kind of instrument."""
    return [
        path(f"{segment}/", list_view.as_view(), name=f"{kind}-list"),
        path(f"{segment}/new/", create.as_view(), name=f"{kind}-create"),
        path(f"{segment}/<int:pk>/", detail.as_view(), name=f"{kind}-detail"),
        path(f"{segment}/<int:pk>/publish/", publish.as_view(), name=f"{kind}-publish"),
        path(f"{segment}/<int:pk>/new-version/", new_version.as_view(), name=f"{kind}-new-version"),
    ]


urlpatterns = [
    *instrument_urls(
        "grids",
        "grid",
        views.GridListView,
        views.GridCreateView,
        views.GridDetailView,
        views.GridPublishView,
        views.GridNewVersionView,
    ),
    *instrument_urls(
        "checklists",
        "checklist",
        views.ChecklistListView,
        views.ChecklistCreateView,
        views.ChecklistDetailView,
        views.ChecklistPublishView,
        views.ChecklistNewVersionView,
    ),
    path(
        "calls/<int:pk>/review-settings/",
        views.CallReviewSettingsView.as_view(),
        name="call-review-settings",
    ),
]
