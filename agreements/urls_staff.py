from django.urls import path

from . import views

app_name = "agreements_staff"

urlpatterns = [
    path("<int:pk>/agreement/", views.StaffAgreementView.as_view(), name="agreement"),
    path("<int:pk>/agreement/pdf/", views.StaffAgreementPdfView.as_view(), name="pdf"),
    path("<int:pk>/agreement/schedule/", views.ScheduleView.as_view(), name="schedule"),
    path(
        "<int:pk>/agreement/budget/accept/",
        views.BudgetAcceptView.as_view(),
        name="budget-accept",
    ),
    path("<int:pk>/agreement/ready/", views.ReadyView.as_view(), name="ready"),
    path("<int:pk>/agreement/publication/", views.PublicationView.as_view(), name="publication"),
    path("<int:pk>/agreement/countersign/", views.CountersignView.as_view(), name="countersign"),
    path(
        "<int:pk>/agreement/return-signature/",
        views.SignatureReturnView.as_view(),
        name="signature-return",
    ),
    path(
        "<int:pk>/agreement/signed-copy/", views.StaffSignedCopyView.as_view(), name="signed-copy"
    ),
    path(
        "<int:pk>/agreement/bank-account/confirm/",
        views.BankAccountConfirmView.as_view(),
        name="bank-account-confirm",
    ),
    path(
        "<int:pk>/agreement/instalments/<int:sequence>/",
        views.InstalmentView.as_view(),
        name="instalment",
    ),
    path(
        "<int:pk>/agreement/instalments/<int:sequence>/due/",
        views.InstalmentDueView.as_view(),
        name="instalment-due",
    ),
    path(
        "<int:pk>/agreement/instalments/<int:sequence>/bank-account/",
        views.BankAccountRevealView.as_view(),
        name="bank-account-reveal",
    ),
    path(
        "<int:pk>/agreement/instalments/<int:sequence>/payment/",
        views.PaymentView.as_view(),
        name="payment",
    ),
    path(
        "<int:pk>/agreement/amendments/new/",
        views.StaffAmendmentNewView.as_view(),
        name="amendment-new",
    ),
    path(
        "<int:pk>/agreement/amendments/<int:number>/",
        views.StaffAmendmentView.as_view(),
        name="amendment",
    ),
    path(
        "<int:pk>/agreement/amendments/<int:number>/decide/",
        views.AmendmentDecideView.as_view(),
        name="amendment-decide",
    ),
]
