from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("<int:pk>/agreement/", views.PartnerAgreementView.as_view(), name="agreement"),
    path("<int:pk>/agreement.pdf", views.PartnerAgreementPdfView.as_view(), name="pdf"),
    path("<int:pk>/agreement/budget/", views.PartnerBudgetView.as_view(), name="budget"),
    path(
        "<int:pk>/agreement/bank-account/",
        views.PartnerBankAccountView.as_view(),
        name="bank-account",
    ),
    path("<int:pk>/agreement/sign/", views.PartnerSignView.as_view(), name="sign"),
    path(
        "<int:pk>/agreement/signed-copy/",
        views.PartnerSignedCopyView.as_view(),
        name="signed-copy",
    ),
    path(
        "<int:pk>/agreement/amendments/new/",
        views.PartnerAmendmentNewView.as_view(),
        name="amendment-new",
    ),
    path(
        "<int:pk>/agreement/amendments/<int:number>/",
        views.PartnerAmendmentView.as_view(),
        name="amendment",
    ),
]
