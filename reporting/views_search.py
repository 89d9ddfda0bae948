"""The search over proposals, under /manage/search/: reference, title, organization and text.

Its one form lives here, beside the only view that uses it, as the dashboards' forms do.
"""

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from modeltranslation.manager import append_translated

from programs.access import StaffPageMixin
from programs.models import Call, Mission
from proposals.forms_staff import SEARCH_MAX_LENGTH
from proposals.models import Proposal
from proposals.search import (
    TEXT_FIELDS,
    proposal_search,
    proposal_search_headlines,
    search_words,
)
from proposals.selectors import proposal_list_for_staff, proposal_mission_ids_for_staff

# What a result shows: its reference, title and state, its call's title and mission's name (in
# every language, for modeltranslation's fallbacks), its organization's name, and its texts for
# the snippet.
RESULT_FIELDS = (
    "reference",
    "title",
    "status",
    *TEXT_FIELDS,
    *(f"call__{name}" for name in sorted(append_translated(Call, ["title"]))),
    *(f"call__mission__{name}" for name in sorted(append_translated(Mission, ["name"]))),
    "organization__name",
)


class ProposalSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search proposals"),
        required=False,
        help_text=_("Words of the reference, title, organization or text"),
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "maxlength": SEARCH_MAX_LENGTH,
                "class": "textinput form-control",
            }
        ),
    )

    def clean_q(self) -> str:
        # NUL bytes never get here: the middleware answers 400 to them, and CharField refuses
        # them too. A pasted novel is cut rather than refused.
        return self.cleaned_data["q"][:SEARCH_MAX_LENGTH]

    def query(self) -> str:
        return self.cleaned_data["q"] if self.is_valid() else ""


# SQL's OFFSET is a 64-bit integer: a page number past it cannot hold results.
LAST_OFFSET = 2**63 - 1


def _page_of_ids(found: QuerySet[Proposal], number, per_page: int) -> Page:
    """The page of `found`'s ids that `Paginator.get_page(number)` gives, with the count of
    every match read in the same query as the page's ids (`COUNT(*) OVER ()`): the search runs
    once instead of twice. An empty page (no match, or a number out of range) is asked again of
    Paginator, which counts first."""
    paginator = Paginator(found.values_list("pk", flat=True), per_page)
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1
    offset = (wanted - 1) * per_page
    if 0 <= offset <= LAST_OFFSET - per_page:
        counted = found.annotate(matches=Window(Count("pk"))).values_list("pk", "matches")
        rows = list(counted[offset : offset + per_page])
        if rows:
            paginator.count = rows[0][1]
            return Page([pk for pk, _matches in rows], wanted, paginator)
    return paginator.get_page(number)


class ProposalSearchView(StaffPageMixin, View):
    """The submitted proposals of the user's missions (every mission for administrators) that
    hold the words typed, most relevant first, each with a highlighted snippet of its text.

    Ranking sorts every match, so the page is cut on ids alone (with the count of matches),
    then only its 20 rows are read with their call, mission, organization and texts (joining
    those for thousands of matches before the cut cost more than the search). Queries, whatever
    the number of results: the session with its user, the user's mission roles (cached for the
    header), the header's unread count, then for a query with words the page's ids with the
    count and the page's rows: 5 (6 for a page out of range or no result: the count is then
    asked alone).
    """

    template_name = "reporting/search.html"
    paginate_by = 20

    def get(self, request):
        # Reviewers are staff, but see only the proposals assigned to them.
        if proposal_mission_ids_for_staff(request.user) == set():
            raise Http404
        form = ProposalSearchForm(request.GET)
        q = form.query()
        context = {"form": form, "q": q, "has_words": bool(search_words(q))}
        if context["has_words"]:
            scope = proposal_list_for_staff(request.user).select_related(None)
            found = proposal_search(scope, q)
            page = _page_of_ids(found, request.GET.get("page"), self.paginate_by)
            ids = list(page.object_list)
            rows = (
                scope.select_related("call__mission", "organization")
                .only(*RESULT_FIELDS)
                .in_bulk(ids)
            )
            proposals = [rows[pk] for pk in ids if pk in rows]
            # Worked out once for the page, not per result: the workspace's address (one
            # reverse) and the states' labels (get_status_display hashes every label per call).
            workspace = reverse("reviews:workspace", args=[0]).removesuffix("0/")
            states = {value: str(label) for value, label in Proposal.Status.choices}
            for proposal in proposals:
                proposal.workspace_url = f"{workspace}{proposal.pk}/"
                proposal.status_label = states[proposal.status]
            headlines = proposal_search_headlines(proposals, q)
            context |= {
                "results": [(proposal, headlines[proposal.pk]) for proposal in proposals],
                "page_obj": page,
                "paginator": page.paginator,
                "is_paginated": page.has_other_pages(),
            }
        return render(request, self.template_name, context)
