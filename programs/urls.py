from django.urls import path

from . import views

app_name = "programs"


def catalogue_urls(segment: str, name: str, list_view, form_view, action_view) -> list:
    """List, create, edit and retire/restore/delete pages of one global catalogue."""
    return [
        path(f"manage/{segment}/", list_view.as_view(), name=f"{name}-list"),
        path(f"manage/{segment}/new/", form_view.as_view(), name=f"{name}-create"),
        path(f"manage/{segment}/<int:pk>/edit/", form_view.as_view(), name=f"{name}-edit"),
        path(
            f"manage/{segment}/<int:pk>/<str:action>/",
            action_view.as_view(),
            name=f"{name}-action",
        ),
    ]


urlpatterns = [
    path("calls/", views.CallPublicListView.as_view(), name="call-list"),
    path("calls/<int:pk>/", views.CallPublicDetailView.as_view(), name="call-detail"),
    # Staff pages all live under /manage/.
    path("manage/calls/", views.CallManageListView.as_view(), name="manage-call-list"),
    path("manage/calls/new/", views.CallManageCreateView.as_view(), name="manage-call-create"),
    path("manage/calls/<int:pk>/", views.CallManageDetailView.as_view(), name="manage-call-detail"),
    path(
        "manage/calls/<int:pk>/edit/", views.CallManageUpdateView.as_view(), name="manage-call-edit"
    ),
    path(
        "manage/calls/<int:pk>/publish/",
        views.CallManagePublishView.as_view(),
        name="manage-call-publish",
    ),
    path(
        "manage/calls/<int:pk>/archive/",
        views.CallManageArchiveView.as_view(),
        name="manage-call-archive",
    ),
    path(
        "manage/calls/<int:pk>/extend/",
        views.CallManageExtendView.as_view(),
        name="manage-call-extend",
    ),
    path(
        "manage/calls/<int:pk>/close/",
        views.CallManageCloseView.as_view(),
        name="manage-call-close",
    ),
    path("manage/missions/", views.MissionListView.as_view(), name="manage-mission-list"),
    path("manage/missions/new/", views.MissionFormView.as_view(), name="manage-mission-create"),
    path(
        "manage/missions/<int:pk>/edit/",
        views.MissionFormView.as_view(),
        name="manage-mission-edit",
    ),
    *catalogue_urls(
        "priority-areas",
        "manage-priority-area",
        views.PriorityAreaListView,
        views.PriorityAreaFormView,
        views.PriorityAreaActionView,
    ),
    *catalogue_urls(
        "sub-themes",
        "manage-sub-theme",
        views.SubThemeListView,
        views.SubThemeFormView,
        views.SubThemeActionView,
    ),
    path("manage/staff/", views.StaffListView.as_view(), name="manage-staff"),
    path(
        "manage/staff/<int:pk>/revoke/", views.StaffRevokeView.as_view(), name="manage-staff-revoke"
    ),
    path(
        "manage/invitations/<int:pk>/resend/",
        views.InvitationResendView.as_view(),
        name="manage-invitation-resend",
    ),
    path("invitations/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation"),
]
