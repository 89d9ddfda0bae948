"""The gates every staff page passes, whichever app it belongs to: someone who may not see a
staff page gets a 404, as for a page that does not exist, and a staff session is asked for its
second factor first when one is required (CFLI_STAFF_MFA_REQUIRED, on in production).

A page's view inherits one of these mixins before its Django view class."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404

from accounts.second_factor import second_factor_missing, second_factor_step

from . import permissions


class StaffPageMixin(LoginRequiredMixin):
    """Staff pages: other users get a 404, and a staff session proves its second factor first
    when CFLI_STAFF_MFA_REQUIRED is on (production)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.is_staff_member(request.user):
            raise Http404
        if second_factor_missing(request):
            return second_factor_step(request)
        return super().dispatch(request, *args, **kwargs)


class CallManagerPageMixin(StaffPageMixin):
    """Pages of call management: program officers and administrators; other staff (reviewers,
    approvers) get a 404, before any method check, as everyone else does."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.manages_calls(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class AdministratorPageMixin(StaffPageMixin):
    """Administrators' pages (catalogues, missions, staff roles, instruments, headquarters
    figures): everyone else gets a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.is_administrator(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)
