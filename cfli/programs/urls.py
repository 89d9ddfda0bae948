from django.urls import path

from . import views

app_name = "programs"

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
        "manage/calls/<int:pk>/extend/",
        views.CallManageExtendView.as_view(),
        name="manage-call-extend",
    ),
    path(
        "manage/calls/<int:pk>/close/",
        views.CallManageCloseView.as_view(),
        name="manage-call-close",
    ),
    path(
        "manage/priority-areas/",
        views.PriorityAreaListView.as_view(),
        name="manage-priority-area-list",
    ),
    path(
        "manage/priority-areas/new/",
        views.PriorityAreaFormView.as_view(),
        name="manage-priority-area-create",
    ),
    path(
        "manage/priority-areas/<int:pk>/edit/",
        views.PriorityAreaFormView.as_view(),
        name="manage-priority-area-edit",
    ),
    path(
        "manage/priority-areas/<int:pk>/<str:action>/",
        views.PriorityAreaActionView.as_view(),
        name="manage-priority-area-action",
    ),
    path("manage/missions/", views.MissionListView.as_view(), name="manage-mission-list"),
    path("manage/missions/new/", views.MissionFormView.as_view(), name="manage-mission-create"),
    path(
        "manage/missions/<int:pk>/edit/",
        views.MissionFormView.as_view(),
        name="manage-mission-edit",
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
