from django.urls import path

from . import views

app_name = "monitoring_manage"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
]
