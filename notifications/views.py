from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from .selectors import notification_inbox_for
from .services import load_objects, notification_mark_read


class InboxView(LoginRequiredMixin, ListView):
    template_name = "notifications/inbox.html"
    context_object_name = "notifications"
    paginate_by = 20

    def get_queryset(self):
        return notification_inbox_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        load_objects(context["notifications"])
        return context


class MarkReadView(LoginRequiredMixin, View):
    """Mark one notification (pk in the URL) or all of them as read. POST only."""

    http_method_names = ["post"]

    def post(self, request, pk=None):
        notification_mark_read(user=request.user, notification_id=pk)
        if pk is None:
            messages.success(request, _("All your notifications are marked as read."))
        return redirect("notifications:inbox")
