from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from core.forms import add_service_errors

from . import permissions
from .access import AdministratorPageMixin, CallManagerPageMixin
from .forms import CallFilterForm
from .forms_manage import (
    CallForm,
    ExtendDeadlineForm,
    MissionForm,
    PriorityAreaForm,
    ReasonForm,
    StaffInviteForm,
    SubThemeForm,
    chosen_priorities,
    priority_forms,
)
from .models import PriorityArea, SubTheme
from .selectors import (
    call_history,
    call_manage_get_for,
    call_manage_list_for,
    call_public_get,
    call_public_list,
    invitation_get_by_token,
    invitation_pending_list_for,
    mission_get_for,
    mission_list_for,
    mission_list_with_counts,
    priority_area_list,
    priority_area_list_with_use,
    staff_list_for,
    sub_theme_list,
)
from .services import (
    call_archive,
    call_close_early,
    call_create,
    call_extend_deadline,
    call_publish,
    call_update,
    catalogue_item_delete,
    catalogue_item_save,
    catalogue_item_set_active,
    mission_save,
    staff_invitation_accept,
    staff_invitation_resend,
    staff_invite,
    staff_role_revoke,
)


class CallPublicListView(ListView):
    """Open and upcoming calls, for anyone."""

    template_name = "programs/call_list.html"
    context_object_name = "calls"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form = CallFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return call_public_list(
            moment=timezone.now(),
            mission=filters.get("mission"),
            country=filters.get("country", ""),
            priority_area=filters.get("priority_area"),
            language=filters.get("language", ""),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, now=timezone.now(), **kwargs)


class CallPublicDetailView(DetailView):
    template_name = "programs/call_detail.html"
    context_object_name = "call"

    def get_object(self, queryset=None):
        return call_public_get(self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return super().get_context_data(now=now, call_is_open=self.object.is_open_at(now), **kwargs)


CALL_EVENT_LABELS = {
    "call.created": _("Created"),
    "call.updated": _("Edited"),
    "call.published": _("Published"),
    "call.deadline_extended": _("Deadline extended"),
    "call.closed_early": _("Closed early"),
    "call.archived": _("Archived"),
}


# --- Calls (program officers and administrators) ----------------------------------------------


class CallManageListView(CallManagerPageMixin, ListView):
    template_name = "programs/manage/call_list.html"
    context_object_name = "calls"
    paginate_by = 25
    ordering_choices = {
        "deadline": "closes_at",
        "-deadline": "-closes_at",
        "title": "title",
        "mission": "mission__name",
    }

    def get_queryset(self):
        calls = call_manage_list_for(self.request.user)
        self.mission_filter = self.request.GET.get("mission", "")
        # isdigit() alone accepts "²", which int() refuses.
        if self.mission_filter.isascii() and self.mission_filter.isdigit():
            calls = calls.filter(mission_id=int(self.mission_filter))
        self.sort = self.request.GET.get("sort", "-deadline")
        return calls.order_by(self.ordering_choices.get(self.sort, "-closes_at"), "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            missions=mission_list_for(self.request.user),
            mission_filter=self.mission_filter,
            sort=self.sort,
            can_create=mission_list_for(self.request.user).exists(),
            **kwargs,
        )


class CallFormMixin:
    template_name = "programs/manage/call_form.html"

    def render_form(self, request, form, priority_forms_, call=None, status=200):
        context = {"form": form, "priority_forms": priority_forms_, "call": call}
        return render(request, self.template_name, context, status=status)

    def save(self, request, form, priority_forms_, save):
        """Run the service; map its validation errors back onto the form."""
        if not (form.is_valid() and all(item.is_valid() for item in priority_forms_)):
            return None
        try:
            return save(priorities=chosen_priorities(priority_forms_), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return None


class CallManageCreateView(CallManagerPageMixin, CallFormMixin, View):
    def areas(self):
        return priority_area_list(active_only=True)

    def get(self, request):
        missions = mission_list_for(request.user)
        if not missions.exists():
            raise Http404
        form = CallForm(missions=missions)
        return self.render_form(
            request, form, priority_forms(data=None, call=None, areas=self.areas())
        )

    def post(self, request):
        missions = mission_list_for(request.user)
        form = CallForm(request.POST, missions=missions)
        priority_forms_ = priority_forms(data=request.POST, call=None, areas=self.areas())
        call = self.save(
            request,
            form,
            priority_forms_,
            lambda **fields: call_create(actor=request.user, **fields),
        )
        if call is None:
            return self.render_form(request, form, priority_forms_, status=400)
        messages.success(request, _("The call was saved as a draft. Publish it when it is ready."))
        return redirect("programs:manage-call-detail", pk=call.pk)


class CallManageUpdateView(CallManagerPageMixin, CallFormMixin, View):
    def areas(self, call):
        used = call.priorities.values("priority_area")
        return PriorityArea.objects.filter(Q(is_active=True) | Q(pk__in=used))

    def get(self, request, pk):
        call = call_manage_get_for(request.user, pk)
        form = CallForm(instance=call, missions=mission_list_for(request.user))
        return self.render_form(
            request, form, priority_forms(data=None, call=call, areas=self.areas(call)), call
        )

    def post(self, request, pk):
        call = call_manage_get_for(request.user, pk)
        form = CallForm(request.POST, instance=call, missions=mission_list_for(request.user))
        priority_forms_ = priority_forms(data=request.POST, call=call, areas=self.areas(call))
        saved = self.save(
            request,
            form,
            priority_forms_,
            lambda **fields: call_update(actor=request.user, call=call, **fields),
        )
        if saved is None:
            return self.render_form(request, form, priority_forms_, call, status=400)
        messages.success(request, _("Your changes were saved."))
        return redirect("programs:manage-call-detail", pk=call.pk)


class CallManageDetailView(CallManagerPageMixin, DetailView):
    template_name = "programs/manage/call_detail.html"
    context_object_name = "call"

    def get_object(self, queryset=None):
        return call_manage_get_for(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        history = [
            {"event": event, "label": CALL_EVENT_LABELS.get(event.verb, event.verb)}
            for event in call_history(self.object)
        ]
        return super().get_context_data(
            history=history, actions=permissions.call_actions(self.object, timezone.now()), **kwargs
        )


class CallManageActionView(CallManagerPageMixin, View):
    """A one-click action on a call (publish, archive), POST only."""

    http_method_names = ["post"]
    action = None
    done_message = ""

    def post(self, request, pk):
        call = call_manage_get_for(request.user, pk)
        try:
            self.action(actor=request.user, call=call)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.done_message)
        return redirect("programs:manage-call-detail", pk=call.pk)


class CallManagePublishView(CallManageActionView):
    action = staticmethod(call_publish)
    done_message = _("The call is published.")


class CallManageArchiveView(CallManageActionView):
    action = staticmethod(call_archive)
    done_message = _("The call is archived. It no longer appears on the public pages.")


class CallManageReasonView(CallManagerPageMixin, View):
    """A confirmation page with a reason (close early, extend the deadline)."""

    template_name = "programs/manage/call_confirm.html"

    def get(self, request, pk):
        call = call_manage_get_for(request.user, pk)
        return self.render(request, call, self.make_form(call, None))

    def post(self, request, pk):
        call = call_manage_get_for(request.user, pk)
        form = self.make_form(call, request.POST)
        if form.is_valid():
            try:
                self.act(request.user, call, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.done_message)
                return redirect("programs:manage-call-detail", pk=call.pk)
        return self.render(request, call, form, status=400)

    def render(self, request, call, form, status=200):
        context = {"call": call, "form": form, "title": self.title, "action": self.action_label}
        return render(request, self.template_name, context, status=status)


class CallManageExtendView(CallManageReasonView):
    title = _("Extend the deadline")
    action_label = _("Extend the deadline")
    done_message = _("The deadline was extended.")

    def make_form(self, call, data):
        return ExtendDeadlineForm(data, call=call)

    def act(self, user, call, data):
        call_extend_deadline(
            actor=user, call=call, closes_at=data["closes_at"], reason=data["reason"]
        )


class CallManageCloseView(CallManageReasonView):
    title = _("Close the call now")
    action_label = _("Close the call now")
    done_message = _("The call is closed. Proposals already submitted are kept.")

    def make_form(self, call, data):
        return ReasonForm(data)

    def act(self, user, call, data):
        call_close_early(actor=user, call=call, reason=data["reason"])


# --- Priority areas (administrators) ----------------------------------------------------------


def render_simple_form(request, form, *, title, cancel_url, status=200):
    context = {"form": form, "title": title, "cancel_url": cancel_url}
    return render(request, "programs/manage/simple_form.html", context, status=status)


class CatalogueMixin(AdministratorPageMixin):
    """Pages of one global catalogue (priority areas, sub-themes), set by the subclass."""

    model = None
    form_class = None
    url_prefix = ""  # "manage-priority-area" → names -list, -create, -edit, -action
    texts: dict = {}

    def list_url(self):
        return reverse(f"programs:{self.url_prefix}-list")


class CatalogueListView(CatalogueMixin, ListView):
    template_name = "programs/manage/catalogue_list.html"
    context_object_name = "items"

    def get_context_data(self, **kwargs):
        return super().get_context_data(texts=self.texts, url_prefix=self.url_prefix, **kwargs)


class CatalogueFormView(CatalogueMixin, View):
    def get_item(self, pk):
        return get_object_or_404(self.model.objects.all(), pk=pk) if pk else None

    def render_form(self, request, form, item, status=200):
        title = self.texts["edit"] if item else self.texts["new"]
        return render_simple_form(
            request, form, title=title, cancel_url=self.list_url(), status=status
        )

    def get(self, request, pk=None):
        item = self.get_item(pk)
        return self.render_form(request, self.form_class(instance=item), item)

    def post(self, request, pk=None):
        item = self.get_item(pk)
        form = self.form_class(request.POST, instance=item)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                catalogue_item_save(actor=request.user, model=self.model, item=item, **fields)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.texts["saved"])
                return redirect(self.list_url())
        return self.render_form(request, form, item, status=400)


class CatalogueActionView(CatalogueMixin, View):
    """Retire, restore or delete an item (POST only)."""

    http_method_names = ["post"]
    actions = {"retire", "restore", "delete"}

    def post(self, request, pk, action):
        if action not in self.actions:
            raise Http404
        item = get_object_or_404(self.model.objects.all(), pk=pk)
        try:
            if action == "delete":
                catalogue_item_delete(actor=request.user, item=item)
            else:
                catalogue_item_set_active(actor=request.user, item=item, active=action == "restore")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.texts[action])
        return redirect(self.list_url())


class PriorityAreaPages:
    model = PriorityArea
    form_class = PriorityAreaForm
    url_prefix = "manage-priority-area"
    texts = {
        "title": _("Priority areas"),
        "intro": _(
            "The global catalogue every call chooses from. An area a call uses can be retired, "
            "never deleted: past calls keep it, new calls no longer offer it."
        ),
        "new": _("New priority area"),
        "edit": _("Edit the priority area"),
        "empty": _("No priority area yet."),
        "use_count": _("Calls using it"),
        "saved": _("The priority area was saved."),
        "delete": _("The priority area was deleted."),
        "restore": _("The priority area was restored."),
        "retire": _("The priority area was retired. Calls that use it keep it."),
    }


class SubThemePages:
    model = SubTheme
    form_class = SubThemeForm
    url_prefix = "manage-sub-theme"
    texts = {
        "title": _("Sub-themes"),
        "intro": _(
            "Each proposal picks one sub-theme from this global list. A sub-theme in use can be "
            "retired, never deleted."
        ),
        "new": _("New sub-theme"),
        "edit": _("Edit the sub-theme"),
        "empty": _("No sub-theme yet."),
        "saved": _("The sub-theme was saved."),
        "delete": _("The sub-theme was deleted."),
        "restore": _("The sub-theme was restored."),
        "retire": _("The sub-theme was retired."),
    }


class PriorityAreaListView(PriorityAreaPages, CatalogueListView):
    def get_queryset(self):
        return priority_area_list_with_use()


class PriorityAreaFormView(PriorityAreaPages, CatalogueFormView):
    pass


class PriorityAreaActionView(PriorityAreaPages, CatalogueActionView):
    pass


class SubThemeListView(SubThemePages, CatalogueListView):
    def get_queryset(self):
        return sub_theme_list()


class SubThemeFormView(SubThemePages, CatalogueFormView):
    pass


class SubThemeActionView(SubThemePages, CatalogueActionView):
    pass


# --- Staff roles and invitations (administrators) ---------------------------------------------


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
        return redirect("programs:manage-call-list")


# --- Missions (administrators) ----------------------------------------------------------------


class MissionListView(AdministratorPageMixin, ListView):
    template_name = "programs/manage/mission_list.html"
    context_object_name = "missions"
    paginate_by = 25

    def get_queryset(self):
        return mission_list_with_counts()


class MissionFormView(AdministratorPageMixin, View):
    def get_mission(self, pk):
        return mission_get_for(self.request.user, pk) if pk else None

    def render_form(self, request, form, mission, status=200):
        title = _("Edit the mission") if mission else _("New mission")
        cancel_url = reverse("programs:manage-mission-list")
        return render_simple_form(request, form, title=title, cancel_url=cancel_url, status=status)

    def get(self, request, pk=None):
        mission = self.get_mission(pk)
        return self.render_form(request, MissionForm(instance=mission), mission)

    def post(self, request, pk=None):
        mission = self.get_mission(pk)
        form = MissionForm(request.POST, instance=mission)
        if form.is_valid():
            try:
                mission_save(actor=request.user, mission=mission, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The mission was saved."))
                return redirect("programs:manage-mission-list")
        return self.render_form(request, form, mission, status=400)
