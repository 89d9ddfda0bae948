"""The exports pages (under /manage/)."""

from django.urls import path

from . import views_exports

urlpatterns = [
    path(
        "proposals/export/",
        views_exports.ProposalExportView.as_view(),
        name="proposal-export",
    ),
    path(
        "agreements/export/",
        views_exports.AgreementExportView.as_view(),
        name="agreement-export",
    ),
    path(
        "agreements/payments/export/",
        views_exports.PaymentExportView.as_view(),
        name="payment-export",
    ),
    path("reports/export/", views_exports.ReportExportView.as_view(), name="report-export"),
    path("exports/", views_exports.ExportListView.as_view(), name="export-list"),
    path(
        "exports/disclosure/",
        views_exports.DisclosureExportView.as_view(),
        name="disclosure-export",
    ),
    path("exports/publication/", views_exports.PublicationView.as_view(), name="publication"),
    path(
        "exports/<int:pk>/download/",
        views_exports.ExportDownloadView.as_view(),
        name="export-download",
    ),
]
