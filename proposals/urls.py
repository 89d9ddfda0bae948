from django.urls import path

from . import views, views_print
from .downloads import preview

app_name = "proposals"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("new/<int:call_pk>/", views.ProposalCreateView.as_view(), name="create"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/checklist/", views.ChecklistView.as_view(), name="checklist"),
    path("<int:pk>/submit/", views.SubmitView.as_view(), name="submit"),
    path("<int:pk>/receipt/", views.ReceiptView.as_view(), name="receipt"),
    path("<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path(
        "<int:pk>/information/<int:request_pk>/",
        views.InformationAnswerView.as_view(),
        name="information-answer",
    ),
    path(
        "<int:pk>/attachments/new/",
        views.AttachmentUploadView.as_view(),
        name="attachment-upload",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/preview/",
        preview(views.AttachmentDownloadView.as_view()),
        name="attachment-download-preview",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.AttachmentDeleteView.as_view(),
        name="attachment-delete",
    ),
    # Printing: before the sections, whose <slug:section> would otherwise take "preview".
    path("<int:pk>/preview/", views_print.PreviewView.as_view(), name="preview"),
    path("<int:pk>/pdf/", views_print.ProposalPdfView.as_view(), name="pdf"),
    path("<int:pk>/receipt.pdf", views_print.ReceiptPdfView.as_view(), name="receipt-pdf"),
    path(
        "calls/<int:call_pk>/form.pdf",
        views_print.CallFormPdfView.as_view(),
        name="call-form-pdf",
    ),
    path("<int:pk>/<slug:section>/", views.SectionView.as_view(), name="section"),
]
