"""Django's admin behind the one staff sign-in: allauth's, with its second factor.

The admin's own login form would take a password alone (no second factor, no rate limit), so
it is never shown: signing in happens on allauth's pages, which come back here afterwards.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.second_factor import second_factor_missing, second_factor_step


class AdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and not second_factor_missing(request)

    def login(self, request, extra_context=None):
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, settings.LOGIN_URL)
        if not (user.is_active and user.is_staff):
            raise Http404
        if second_factor_missing(request):
            return second_factor_step(request)
        return redirect(next_url)
