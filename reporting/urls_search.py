"""The search pages (under /manage/)."""

from django.urls import path

from . import views_search

urlpatterns = [
    path("search/", views_search.ProposalSearchView.as_view(), name="search"),
]
