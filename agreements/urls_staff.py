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
]
