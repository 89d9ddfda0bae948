"""The public pages of calls: the list of open and upcoming calls and a call's page, for anyone."""

from django.utils import timezone
from django.views.generic import DetailView, ListView

from ..forms import CallFilterForm
from ..selectors import call_public_get, call_public_list


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
