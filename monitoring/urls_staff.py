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
]
