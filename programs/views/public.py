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

from ..forms import CallFilterForm
from ..selectors import call_public_get, call_public_list, call_status_changes_after
from ..versions import PUBLIC_CALLS

# A kept rendering also expires after this many seconds: the backstop for a change whose
# callback never ran (core.versions).
KEPT_LIFETIME = 5 * 60


def _kept_key(request, page: str) -> tuple[str, str]:
    """The public calls' version, and the key of a rendering kept under it for this language,
    this query and, for a signed-in reader, their time zone (deadlines are shown in it too)."""
    reader = timezone.get_current_timezone_name() if request.user.is_authenticated else ""
    version = PUBLIC_CALLS.current()
    words = (version, get_language(), reader, request.GET.urlencode())
    digest = md5("\n".join(words).encode(), usedforsecurity=False).hexdigest()
    return version, f"calls:public:{page}:{digest}"


def _lifetime(changes_at, now) -> int:
    """Seconds a rendering stays true: never past the next opening or closing it shows (whole
    seconds down: it is dropped before, never after)."""
    if changes_at is None:
        return KEPT_LIFETIME
    return min(KEPT_LIFETIME, int((changes_at - now).total_seconds()))


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
        version, key = _kept_key(request, "list")
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
        return rendering, _lifetime(call_status_changes_after(calls, now), now)


class CallPublicDetailView(View):
    """A published call's page, open or past, for anyone.

    Kept like the list (same version, language and reader's time zone) until the call changes,
    opens or closes: a kept page costs one query (the version). Only the "Start a proposal"
    form, with its CSRF token, is written for each request, from the kept dates.
    """

    def get(self, request, pk):
        _version, key = _kept_key(request, f"call-{pk}")
        kept = caches["fragments"]
        page = kept.get(key)
        now = timezone.now()
        if page is None:
            call = call_public_get(pk)
            context = {"call": call}
            page = {
                "title": call.title,
                "opens_at": call.opens_at,
                "closes_at": call.closes_at,
                **{
                    part: render_to_string(
                        f"programs/partials/_call_{template}.html", context, request=request
                    )
                    for part, template in (
                        ("header", "page_header"),
                        ("main", "page_main"),
                        ("facts", "key_facts"),
                    )
                },
            }
            changes_at = next(
                (moment for moment in (call.opens_at, call.closes_at) if moment >= now), None
            )
            kept.set(key, page, _lifetime(changes_at, now))
        return render(
            request,
            "programs/call_detail.html",
            {
                "page": page,
                "call_pk": pk,
                # A published, unarchived call (any other change replaces the version).
                "call_is_open": page["opens_at"] <= now <= page["closes_at"],
            },
        )
