from django.urls import path

from proposals.downloads import preview

from . import views, views_assignment, views_committee, views_print

app_name = "reviews"

urlpatterns = [
    path("<int:pk>/", views.WorkspaceView.as_view(), name="workspace"),
    path("<int:pk>/screening/", views.ScreeningView.as_view(), name="screening"),
    path("<int:pk>/decision/", views.DecisionView.as_view(), name="decision"),
    path("<int:pk>/pdf/", views_print.ProposalPdfView.as_view(), name="proposal-pdf"),
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
    path("reviewers/", views_assignment.ReviewerLoadView.as_view(), name="reviewer-load"),
    path(
        "<int:pk>/reviewers/",
        views_assignment.ProposalReviewersView.as_view(),
        name="proposal-reviewers",
    ),
    path(
        "<int:pk>/reviewers/add/",
        views_assignment.ReviewerAddView.as_view(),
        name="reviewer-add",
    ),
    path(
        "<int:pk>/reviewers/<int:assignment_pk>/replace/",
        views_assignment.ReviewerReplaceView.as_view(),
        name="reviewer-replace",
    ),
    path(
        "<int:pk>/reviewers/<int:assignment_pk>/remove/",
        views_assignment.ReviewerRemoveView.as_view(),
        name="reviewer-remove",
    ),
    path("committee/<int:call_pk>/", views_committee.CommitteeView.as_view(), name="committee"),
    path(
        "committee/<int:call_pk>/<int:pk>/decision/",
        views_committee.CommitteeDecisionView.as_view(),
        name="committee-decision",
    ),
    path(
        "committee/<int:call_pk>/pack.pdf",
        views_committee.CommitteePackView.as_view(),
        name="committee-pack",
    ),
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
    path(
        "<int:pk>/attachments/<int:attachment_pk>/preview/",
        preview(views.AttachmentView.as_view()),
        name="attachment-preview",
    ),
]
