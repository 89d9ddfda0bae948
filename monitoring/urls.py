from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("<int:pk>/reports/<slug:kind>/", views.PartnerReportView.as_view(), name="report"),
    path("<int:pk>/reports/<slug:kind>/start/", views.ReportStartView.as_view(), name="start"),
    path("<int:pk>/reports/<slug:kind>/submit/", views.ReportSubmitView.as_view(), name="submit"),
    path(
        "<int:pk>/reports/<slug:kind>/files/",
        views.ReportFileUploadView.as_view(),
        name="file-upload",
    ),
    path(
        "<int:pk>/reports/<slug:kind>/files/<int:file_pk>/",
        views.PartnerReportFileView.as_view(),
        name="file",
    ),
    path(
        "<int:pk>/reports/<slug:kind>/files/<int:file_pk>/remove/",
        views.ReportFileRemoveView.as_view(),
        name="file-remove",
    ),
]
