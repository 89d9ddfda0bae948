from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("<int:pk>/", views.WorkspaceView.as_view(), name="workspace"),
    path("<int:pk>/screening/", views.ScreeningView.as_view(), name="screening"),
    path("<int:pk>/decision/", views.DecisionView.as_view(), name="decision"),
    path(
        "<int:pk>/decision/letter/",
        views.DecisionLetterPreviewView.as_view(),
        name="decision-letter",
    ),
    path(
        "<int:pk>/information/",
        views.InformationRequestView.as_view(),
        name="information-request",
    ),
    path("committee/<int:call_pk>/", views.CommitteeView.as_view(), name="committee"),
    path(
        "committee/<int:call_pk>/release/",
        views.DecisionReleaseView.as_view(),
        name="decision-release",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.AttachmentView.as_view(),
        name="attachment",
    ),
]
