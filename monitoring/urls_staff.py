from django.urls import path

from . import views

app_name = "monitoring_staff"

urlpatterns = [
    path("<int:pk>/reports/<slug:kind>/", views.StaffReportView.as_view(), name="report"),
    path("<int:pk>/reports/<slug:kind>/due-date/", views.DueDateView.as_view(), name="due-date"),
    path("<int:pk>/reports/<slug:kind>/accept/", views.ReportAcceptView.as_view(), name="accept"),
    path(
        "<int:pk>/reports/<slug:kind>/revision/",
        views.RevisionRequestView.as_view(),
        name="revision",
    ),
    path(
        "<int:pk>/reports/<slug:kind>/files/<int:file_pk>/",
        views.StaffReportFileView.as_view(),
        name="file",
    ),
    path("<int:pk>/visits/new/", views.VisitNewView.as_view(), name="visit-new"),
    path("<int:pk>/visits/<int:visit_pk>/", views.VisitView.as_view(), name="visit"),
    path(
        "<int:pk>/visits/<int:visit_pk>/follow-ups/<int:follow_up_pk>/done/",
        views.FollowUpDoneView.as_view(),
        name="follow-up-done",
    ),
    path(
        "<int:pk>/visits/<int:visit_pk>/photos/<int:photo_pk>/",
        views.VisitPhotoView.as_view(),
        name="visit-photo",
    ),
    path("<int:pk>/closure/", views.ClosureView.as_view(), name="closure"),
]
