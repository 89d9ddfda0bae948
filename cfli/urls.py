from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("", include("programs.urls")),
    path("inbox/", include("notifications.urls")),
    # Before proposals.urls, whose section pages take any "<pk>/<word>/".
    path("proposals/", include("agreements.urls")),
    path("proposals/", include("monitoring.urls")),
    path("proposals/", include("proposals.urls")),
    path("proposals/", include("reviews.urls_partner")),
    path("manage/proposals/", include("proposals.urls_staff")),
    path("manage/proposals/", include("reviews.urls")),
    path("manage/proposals/", include("agreements.urls_staff")),
    path("manage/proposals/", include("monitoring.urls_staff")),
    path("manage/agreements/", include("agreements.urls_manage")),
    path("manage/reports/", include("monitoring.urls_manage")),
    path("manage/reviews/", include("reviews.urls_reviewer")),
    path("manage/", include("reviews.urls_instruments")),
    path("manage/", include("reporting.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
