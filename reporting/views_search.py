"""The search over proposals, under /manage/search/: reference, title, organization and text.

Its one form lives here, beside the only view that uses it, as the dashboards' forms do.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django import forms
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from core.languages import first_written, reading_order
from programs.access import StaffPageMixin
from proposals.forms_staff import SEARCH_MAX_LENGTH
from proposals.models import Proposal
from proposals.search import (
    TEXT_FIELDS,
    SearchHeadline,
    highlight_pattern,
    proposal_search,
    search_headline,
    search_words,
)
from proposals.selectors import (
    proposal_list_for_staff,
    proposal_mission_ids_for_staff,
    proposal_search_page_for_staff,
    proposal_values_for_staff,
)

# What a result shows, read as values (building a page of proposals with their calls, missions
# and organizations as models cost more than reading them): its reference, title and state, its
# organization's name, its call's title and mission's name in every language (for
# modeltranslation's fallbacks, applied by `_translated`), and its texts for the snippet.
RESULT_FIELDS = (
    "pk",
    "reference",
    "title",
    "status",
    "organization__name",
    *(f"call__{build_localized_fieldname('title', code)}" for code in AVAILABLE_LANGUAGES),
    *(f"call__mission__{build_localized_fieldname('name', code)}" for code in AVAILABLE_LANGUAGES),
    *TEXT_FIELDS,
)
# Where a row's translated texts are (the first five values are the pk to the organization).
CALL_TITLES = slice(5, 5 + len(AVAILABLE_LANGUAGES))
MISSION_NAMES = slice(CALL_TITLES.stop, CALL_TITLES.stop + len(AVAILABLE_LANGUAGES))
TEXTS = slice(MISSION_NAMES.stop, None)

# One result; the headline's parts are escaped already, with their words in <mark>. Rendered
# here rather than by a template loop: the page's costliest markup, twenty times over.
RESULT_HTML = """
    <li class="border-bottom py-3">
      <h2 class="h5 mb-1"><a href="{}">{}</a> · {}</h2>
      <p class="mb-1 small text-body-secondary">{} · {} ({}) · {}</p>{}
    </li>"""
SNIPPET_HTML = """
        <p class="mb-0"><span class="d-block small fw-semibold">{}</span>{}</p>"""


@dataclass(frozen=True)
class SearchResult:
    """A result as the page shows it: its proposal's reference and workspace, its headline
    (title, organization and snippet), its call's title and mission's name in the active
    language, and its state's label."""

    reference: str
    workspace_url: str
    headline: SearchHeadline
    call_title: str
    mission_name: str
    status_label: str

    def html(self) -> SafeString:
        # html.escape, as format_html() does, less its checks per value: the headline's parts
        # are escaped already (with their <mark>s), the rest is escaped here.
        headline = self.headline
        snippet = (
            SNIPPET_HTML.format(escape(str(headline.section)), headline.snippet)
            if headline.snippet
            else ""
        )
        return mark_safe(  # noqa: S308 -- every value is escaped
            RESULT_HTML.format(
                escape(self.workspace_url),
                escape(self.reference),
                headline.title,
                headline.organization,
                escape(self.call_title),
                escape(self.mission_name),
                escape(self.status_label),
                snippet,
            )
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


def _page_of_ids(user, q: str, number, per_page: int) -> Page:
    """The page of ids of the user's proposals holding `q` that `Paginator.get_page(number)`
    gives, with the count of every match read in the same query as the page's ids
    (`proposal_search_page_for_staff`): the search runs once instead of twice. An empty page
    (no match, or a number out of range) is asked again of Paginator, which counts first."""
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1
    offset = (wanted - 1) * per_page
    if 0 <= offset <= LAST_OFFSET - per_page:
        rows = proposal_search_page_for_staff(user, q, offset, per_page)
        if rows:
            paginator = Paginator((), per_page)
            paginator.count = rows[0][1]
            return Page([pk for pk, _matches in rows], wanted, paginator)
    scope = proposal_list_for_staff(user).select_related(None)
    found = proposal_search(scope, q).values_list("pk", flat=True)
    return Paginator(found, per_page).get_page(number)


class ProposalSearchView(StaffPageMixin, View):
    """The submitted proposals of the user's missions (every mission for administrators) that
    hold the words typed, most relevant first, each with a highlighted snippet of its text.

    Ranking sorts every match, so the page is cut on ids alone (with the count of matches),
    then only its 20 rows are read with their call, mission, organization and texts (joining
    those for thousands of matches before the cut cost more than the search; both reads are
    compiled once per process and shape: `proposal_search_page_for_staff`,
    `proposal_values_for_staff`). Queries, whatever the number of
    results: the session with its user, their mission roles and the header's unread count, then
    for a query with words the page's ids with the count and the page's rows: 3 (4 for a page
    out of range or no result: the count is then asked alone).
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
            page = _page_of_ids(request.user, q, request.GET.get("page"), self.paginate_by)
            results = _results(request.user, list(page.object_list), q)
            context |= {
                "results": results,
                # Each result's html() escapes every value it writes (SearchResult.html).
                "results_html": mark_safe(  # noqa: S308 (each result escapes its values)
                    "".join(result.html() for result in results)
                ),
                "page_obj": page,
                "paginator": page.paginator,
                "is_paginated": page.has_other_pages(),
            }
        return render(request, self.template_name, context)


def texts_of(texts: Sequence[str]) -> dict[str, str]:
    """A translated field's texts, given in AVAILABLE_LANGUAGES' order, by language."""
    return dict(zip(AVAILABLE_LANGUAGES, texts, strict=True))


def _results(user, ids: list[int], q: str) -> list[SearchResult]:
    """The page's results, in the order of `ids`, read in one query of the user's scope."""
    rows = {row[0]: row for row in proposal_values_for_staff(user, ids, RESULT_FIELDS)}
    pattern = highlight_pattern(search_words(q))
    # Worked out once for the page, not per result: the workspace's address (one reverse), the
    # states' labels (get_status_display hashes every label per call) and the fallbacks' order.
    workspace = reverse("reviews:workspace", args=[0]).removesuffix("0/")
    states = {value: str(label) for value, label in Proposal.Status.choices}
    order = reading_order()
    untitled = gettext("Untitled proposal")  # Proposal.display_title's
    results = []
    for row in (rows[pk] for pk in ids if pk in rows):
        pk, reference, title, status, organization = row[: CALL_TITLES.start]
        results.append(
            SearchResult(
                reference=reference,
                workspace_url=f"{workspace}{pk}/",
                headline=search_headline(pattern, title or untitled, organization, row[TEXTS]),
                call_title=first_written(texts_of(row[CALL_TITLES]).get, order),
                mission_name=first_written(texts_of(row[MISSION_NAMES]).get, order),
                status_label=states[status],
            )
        )
    return results
