"""The management pages of calls (program officers and administrators): list, create, edit,
the call's page with its history, and the publish, archive, extend and close actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from core.forms import add_service_errors

from .. import permissions
from ..access import CallManagerPageMixin
from ..forms_manage import (
    CallForm,
    ExtendDeadlineForm,
    ReasonForm,
    chosen_priorities,
    priority_forms,
)
from ..models import PriorityArea
from ..selectors import (
    call_history,
    call_manage_get_for,
    call_manage_list_for,
    mission_list_for,
    priority_area_list,
)
from ..services import (
    call_archive,
    call_close_early,
    call_create,
    call_extend_deadline,
    call_publish,
    call_update,
)

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
