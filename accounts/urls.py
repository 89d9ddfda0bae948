from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("language/", views.LanguageSetView.as_view(), name="language"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("unlock/<str:token>/", views.SignInUnlockView.as_view(), name="unlock"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path("organizations/new/", views.OrganizationCreateView.as_view(), name="organization-create"),
    path(
        "organizations/<int:pk>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path(
        "organizations/<int:pk>/edit/",
        views.OrganizationEditView.as_view(),
        name="organization-edit",
    ),
    path(
        "organizations/<int:pk>/members/",
        views.OrganizationMembersView.as_view(),
        name="organization-members",
    ),
    path(
        "organizations/<int:pk>/members/<int:membership_pk>/<str:action>/",
        views.MemberActionView.as_view(),
        name="organization-member-action",
    ),
    path(
        "organizations/<int:pk>/invitations/<int:invitation_pk>/cancel/",
        views.InvitationCancelView.as_view(),
        name="organization-invitation-cancel",
    ),
    path(
        "organizations/<int:pk>/leave/",
        views.OrganizationLeaveView.as_view(),
        name="organization-leave",
    ),
    path(
        "organizations/<int:pk>/act/", views.OrganizationActView.as_view(), name="organization-act"
    ),
    path(
        "organizations/join/<str:token>/",
        views.OrganizationInvitationView.as_view(),
        name="organization-invitation",
    ),
]
