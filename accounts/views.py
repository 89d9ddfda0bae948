from contextlib import suppress

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.i18n import set_language

from core.forms import add_service_errors
from core.sentences import before_period

from . import permissions
from .forms import MemberInviteForm, OrganizationForm, ProfileForm
from .lockout import device_remember, unlock_login
from .models import Membership
from .selectors import (
    ACTING_ORGANIZATION,
    invitation_get_by_token,
    invitation_get_for,
    invitation_pending_list_for,
    member_list_for,
    membership_get_for,
    organization_acting_for,
    organization_get_for,
    organization_list_for,
)
from .services import (
    member_invitation_accept,
    member_invitation_cancel,
    member_invite,
    member_leave,
    member_remove,
    member_role_set,
    organization_create,
    organization_update,
    user_language_set,
    user_profile_update,
)


class LanguageSetView(View):
    """Switch the interface language; a signed-in user's choice is also saved on their account."""

    http_method_names = ["post"]

    def post(self, request):
        response = set_language(request)
        if request.user.is_authenticated:
            # An unknown language was ignored by set_language too: nothing changes.
            with suppress(ValidationError):
                user_language_set(
                    user=request.user, language=request.POST.get("language", ""), request=request
                )
        return response


class ProfileView(LoginRequiredMixin, View):
    """A person's own name, language and time zone (times everywhere follow the zone)."""

    template_name = "accounts/profile.html"

    def get(self, request):
        user = request.user
        form = ProfileForm(
            initial={
                "full_name": user.full_name,
                "preferred_language": user.preferred_language,
                "time_zone": user.time_zone,
            }
        )
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                user_profile_update(user=request.user, request=request, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                # Said in the language just chosen; the next page is in it too.
                translation.activate(request.user.preferred_language)
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts:profile")
        return render(request, self.template_name, {"form": form}, status=400)


class SignInUnlockView(View):
    """The link e-mailed when an account's sign-in is paused: this browser becomes a known one."""

    def get(self, request, token):
        login = unlock_login(token)
        if login is None:
            messages.error(request, _("This link has expired or is not valid."))
            return redirect("account_login")
        messages.success(request, _("You can sign in from this browser again."))
        response = redirect("account_login")
        device_remember(request, response, login)
        return response


# --- Organizations ---------------------------------------------------------------------------


class OrganizationListView(LoginRequiredMixin, View):
    """The person's organizations, which one they act for, and a way to register another."""

    def get(self, request):
        acting = organization_acting_for(request)
        return render(
            request,
            "accounts/organization_list.html",
            {"organizations": organization_list_for(request.user), "acting": acting},
        )


class OrganizationCreateView(LoginRequiredMixin, View):
    template_name = "accounts/organization_form.html"

    def get(self, request):
        form = OrganizationForm(initial={"contact_email": request.user.email})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = OrganizationForm(request.POST)
        if form.is_valid():
            try:
                organization = organization_create(actor=request.user, organization=form.instance)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session[ACTING_ORGANIZATION] = organization.pk
                messages.success(
                    request,
                    _("%(organization)s is registered. You are its owner.")
                    % {"organization": organization.name},
                )
                return redirect(organization)
        return render(request, self.template_name, {"form": form}, status=400)


class OrganizationMixin(LoginRequiredMixin):
    """Pages of one organization: only its members see them (404 for anyone else)."""

    owners_only = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organization = organization_get_for(request.user, kwargs.pop("pk"))
        if self.owners_only and not permissions.is_owner(request.user, self.organization):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OwnerMixin(OrganizationMixin):
    """Pages that change an organization: its owners only (other members get 403)."""

    owners_only = True


class OrganizationDetailView(OrganizationMixin, View):
    def get(self, request):
        return render(
            request,
            "accounts/organization_detail.html",
            {
                "organization": self.organization,
                "is_owner": permissions.is_owner(request.user, self.organization),
                "acting": organization_acting_for(request),
            },
        )


class OrganizationEditView(OwnerMixin, View):
    template_name = "accounts/organization_form.html"

    def get(self, request):
        form = OrganizationForm(instance=self.organization)
        return render(
            request, self.template_name, {"form": form, "organization": self.organization}
        )

    def post(self, request):
        form = OrganizationForm(request.POST, instance=self.organization)
        if form.is_valid():
            try:
                organization_update(actor=request.user, organization=form.instance)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The organization's profile is saved."))
                return redirect(self.organization)
        return render(
            request,
            self.template_name,
            {"form": form, "organization": self.organization},
            status=400,
        )


class OrganizationMembersView(OrganizationMixin, View):
    """Members and pending invitations; owners invite from here."""

    template_name = "accounts/organization_members.html"

    def render_page(self, request, form, status=200):
        is_owner = permissions.is_owner(request.user, self.organization)
        return render(
            request,
            self.template_name,
            {
                "organization": self.organization,
                "members": member_list_for(self.organization),
                "invitations": invitation_pending_list_for(self.organization) if is_owner else [],
                "is_owner": is_owner,
                "form": form,
            },
            status=status,
        )

    def get(self, request):
        return self.render_page(request, MemberInviteForm())

    def post(self, request):
        form = MemberInviteForm(request.POST)
        if form.is_valid():
            try:
                invitation = member_invite(
                    actor=request.user, organization=self.organization, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The invitation is on its way to %(email)s.") % {"email": invitation.email},
                )
                return redirect("accounts:organization-members", self.organization.pk)
        return self.render_page(request, form, status=400)


class MemberActionView(OwnerMixin, View):
    """An owner removes a member or changes their role."""

    http_method_names = ["post"]

    roles = {"make-owner": Membership.Role.OWNER, "make-member": Membership.Role.MEMBER}

    def post(self, request, membership_pk, action):
        if action != "remove" and action not in self.roles:
            raise Http404
        membership = membership_get_for(self.organization, membership_pk)
        try:
            if action == "remove":
                member_remove(actor=request.user, membership=membership)
                messages.success(
                    request,
                    _("%(person)s is no longer a member.") % {"person": membership.user},
                )
            else:
                role = self.roles[action]
                member_role_set(actor=request.user, membership=membership, role=role)
                messages.success(
                    request,
                    _("%(person)s's role is now: %(role)s.")
                    % {"person": membership.user, "role": Membership.Role(role).label},
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("accounts:organization-members", self.organization.pk)


class InvitationCancelView(OwnerMixin, View):
    http_method_names = ["post"]

    def post(self, request, invitation_pk):
        invitation = invitation_get_for(self.organization, invitation_pk)
        member_invitation_cancel(actor=request.user, invitation=invitation)
        messages.success(
            request, _("The invitation to %(email)s is cancelled.") % {"email": invitation.email}
        )
        return redirect("accounts:organization-members", self.organization.pk)


class OrganizationLeaveView(OrganizationMixin, View):
    template_name = "accounts/organization_leave.html"

    def get(self, request):
        return render(request, self.template_name, {"organization": self.organization})

    def post(self, request):
        try:
            member_leave(actor=request.user, organization=self.organization)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return render(
                request, self.template_name, {"organization": self.organization}, status=400
            )
        if request.session.get(ACTING_ORGANIZATION) == self.organization.pk:
            del request.session[ACTING_ORGANIZATION]
        messages.success(
            request,
            _("You have left %(organization)s.")
            % {"organization": before_period(self.organization.name)},
        )
        return redirect("accounts:organization-list")


class OrganizationActView(OrganizationMixin, View):
    """Choose the organization the person acts for in this session."""

    http_method_names = ["post"]

    def post(self, request):
        request.session[ACTING_ORGANIZATION] = self.organization.pk
        messages.success(
            request,
            _("You now act for %(organization)s.")
            % {"organization": before_period(self.organization.name)},
        )
        return redirect("accounts:organization-list")


class OrganizationInvitationView(View):
    """The page an invitation e-mail links to; accepting needs the invited address."""

    template_name = "accounts/organization_invitation.html"

    def render_page(self, request, invitation, status=200):
        context = {"invitation": invitation, "usable": invitation.is_usable_at(timezone.now())}
        return render(request, self.template_name, context, status=status)

    def get(self, request, token):
        return self.render_page(request, invitation_get_by_token(token))

    def post(self, request, token):
        invitation = invitation_get_by_token(token)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            membership = member_invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_page(request, invitation, status=400)
        request.session[ACTING_ORGANIZATION] = membership.organization_id
        messages.success(
            request,
            _("Welcome to %(organization)s. Your role: %(role)s.")
            % {
                "organization": before_period(membership.organization.name),
                "role": membership.get_role_display(),
            },
        )
        return redirect(membership.organization)
