from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("cfli.core.urls")),
    path("", include("cfli.programs.urls")),
    path("inbox/", include("cfli.notifications.urls")),
    path("proposals/", include("cfli.proposals.urls")),
    path("proposals/", include("reviews.urls_partner")),
    path("manage/proposals/", include("cfli.proposals.urls_staff")),
    path("manage/proposals/", include("reviews.urls")),
    path("manage/reviews/", include("reviews.urls_reviewer")),
    path("manage/", include("reviews.urls_instruments")),
    path("manage/", include("cfli.reporting.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "cfli.core.views.bad_request"
handler403 = "cfli.core.views.permission_denied"
handler404 = "cfli.core.views.page_not_found"
handler500 = "cfli.core.views.server_error"
