"""Staff roles and invitations (administrators), and the page an invitation links to."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from ..access import AdministratorPageMixin
from ..forms_manage import StaffInviteForm
from ..selectors import (
    invitation_get_by_token,
    invitation_pending_list_for,
    mission_list_for,
    staff_list_for,
)
from ..services import (
    staff_invitation_accept,
    staff_invitation_resend,
    staff_invite,
    staff_role_revoke,
)
from ..start import start_page_for


class StaffListView(AdministratorPageMixin, View):
    template_name = "programs/manage/staff_list.html"

    paginate_by = 50

    def context(self, request, form):
        staff = staff_list_for(request.user)
        mission_filter = request.GET.get("mission", "")
        if mission_filter.isascii() and mission_filter.isdigit():  # not "²", which int() refuses
            staff = staff.filter(mission_id=int(mission_filter))
        page = Paginator(staff, self.paginate_by).get_page(request.GET.get("page"))
        return {
            "form": form,
            "staff": page.object_list,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "missions": mission_list_for(request.user),
            "mission_filter": mission_filter,
            "invitations": invitation_pending_list_for(request.user),
            "now": timezone.now(),
        }

    def get(self, request):
        form = StaffInviteForm(missions=mission_list_for(request.user))
        return render(request, self.template_name, self.context(request, form))

    def post(self, request):
        form = StaffInviteForm(request.POST, missions=mission_list_for(request.user))
        if form.is_valid():
            try:
                invitation = staff_invite(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("An invitation was sent to %(email)s.") % {"email": invitation.email},
                )
                return redirect("programs:manage-staff")
        return render(request, self.template_name, self.context(request, form), status=400)


class StaffRevokeView(AdministratorPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        staff = get_object_or_404(staff_list_for(request.user), pk=pk)
        staff_role_revoke(actor=request.user, staff=staff)
        messages.success(request, _("The role was removed."))
        return redirect("programs:manage-staff")


class InvitationResendView(AdministratorPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        invitation = get_object_or_404(invitation_pending_list_for(request.user), pk=pk)
        try:
            staff_invitation_resend(actor=request.user, invitation=invitation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The invitation was sent again."))
        return redirect("programs:manage-staff")


class InvitationAcceptView(View):
    """The page an invitation e-mail links to: anyone with the link sees it; accepting needs
    the invited address."""

    template_name = "programs/invitation.html"

    def get(self, request, token):
        invitation = invitation_get_by_token(token)
        return render(
            request, self.template_name, {"invitation": invitation, "now": timezone.now()}
        )

    def post(self, request, token):
        invitation = invitation_get_by_token(token)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            staff_invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return render(
                request,
                self.template_name,
                {"invitation": invitation, "now": timezone.now()},
                status=400,
            )
        messages.success(
            request,
            _("Welcome to %(mission)s. Your role: %(role)s.")
            % {"role": invitation.get_role_display(), "mission": invitation.mission.name},
        )
        return redirect(start_page_for(request.user))
