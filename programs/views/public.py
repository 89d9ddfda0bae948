"""The public pages of calls: the list of open and upcoming calls and a call's page, for anyone."""

from hashlib import md5

from django.core.cache import caches
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views import View
from django.views.generic import DetailView

from ..forms import CallFilterForm
from ..selectors import call_public_get, call_public_list, call_status_changes_after
from ..versions import PUBLIC_CALLS

# A kept list also expires after this many seconds: the backstop for a change whose callback
# never ran (core.versions).
KEPT_LIST_LIFETIME = 5 * 60


class CallPublicListView(View):
    """Open and upcoming calls, for anyone.

    The busiest page of deadline day keeps its list rendered (in each process's memory), per
    language, query and reader's time zone, until the public calls' version changes or one of
    the listed calls opens or closes: a kept list costs one query (the version). What the
    template shows of a call, its mission and its priority areas is all in the version's
    sources; the only other input is the time, and a list is never kept past the next moment
    one of its calls changes status.
    """

    per_page = 20

    def get(self, request):
        filter_form = CallFilterForm(request.GET or None)
        reader = timezone.get_current_timezone_name() if request.user.is_authenticated else ""
        version = PUBLIC_CALLS.current()
        words = (version, get_language(), reader, request.GET.urlencode())
        digest = md5("\n".join(words).encode(), usedforsecurity=False).hexdigest()
        key = f"calls:public-list:{digest}"
        kept = caches["fragments"]
        results = kept.get(key)
        if results is None:
            results, lifetime = self.results(request, filter_form)
            kept.set(key, results, lifetime)
        return render(
            request,
            "programs/call_list.html",
            {"filter_form": filter_form, "results": results, "calls_version": version},
        )

    def results(self, request, filter_form) -> tuple[str, int]:
        """The list's rendering, and how many seconds it stays true."""
        now = timezone.now()
        filters = filter_form.cleaned_data if filter_form.is_valid() else {}
        calls = call_public_list(
            moment=now,
            mission=filters.get("mission"),
            country=filters.get("country", ""),
            priority_area=filters.get("priority_area"),
            language=filters.get("language", ""),
        )
        paginator = Paginator(calls, self.per_page)
        number = request.GET.get("page") or 1
        try:
            page = paginator.page(paginator.num_pages if number == "last" else number)
        except InvalidPage as error:
            raise Http404 from error
        rendering = render_to_string(
            "programs/partials/_call_results.html",
            {
                "calls": page.object_list,
                "page_obj": page,
                "paginator": paginator,
                "is_paginated": page.has_other_pages(),
            },
            request=request,
        )
        changes_at = call_status_changes_after(calls, now)
        lifetime = KEPT_LIST_LIFETIME
        if changes_at is not None:
            # Whole seconds down: a list is dropped before its first change, never after.
            lifetime = min(lifetime, int((changes_at - now).total_seconds()))
        return rendering, lifetime


class CallPublicDetailView(DetailView):
    template_name = "programs/call_detail.html"
    context_object_name = "call"

    def get_object(self, queryset=None):
        return call_public_get(self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        now = timezone.now()
        return super().get_context_data(now=now, call_is_open=self.object.is_open_at(now), **kwargs)
