from django.urls import path

from . import views

app_name = "monitoring_staff"

urlpatterns = [
    path("<int:pk>/reports/<slug:kind>/", views.StaffReportView.as_view(), name="report"),
    path("<int:pk>/reports/<slug:kind>/due-date/", views.DueDateView.as_view(), name="due-date"),
]
