from django.urls import path

from . import views_partner

app_name = "decisions"

urlpatterns = [
    path("<int:pk>/decision.pdf", views_partner.DecisionLetterView.as_view(), name="letter"),
]
