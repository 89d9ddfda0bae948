from django.urls import path

from proposals.downloads import preview

from . import views

app_name = "reviewer"

urlpatterns = [
    path("", views.ReviewerListView.as_view(), name="list"),
    path("<int:pk>/", views.AssignmentView.as_view(), name="assignment"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.ReviewerAttachmentView.as_view(),
        name="attachment",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/preview/",
        preview(views.ReviewerAttachmentView.as_view()),
        name="attachment-preview",
    ),
]
