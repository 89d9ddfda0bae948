from django.urls import path

from . import views

app_name = "agreements_manage"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="list"),
    path("year-end/", views.YearEndView.as_view(), name="year-end"),
]
