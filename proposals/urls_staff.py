"""Staff pages of proposals, included at /manage/proposals/ beside the other staff pages."""

from django.urls import path

from . import views_staff

app_name = "proposals_staff"

urlpatterns = [
    path("", views_staff.ProposalStaffListView.as_view(), name="list"),
]
