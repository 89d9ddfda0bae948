"""The search over proposals, under /manage/search/: reference, title, organization and text.

Its one form lives here, beside the only view that uses it, as the dashboards' forms do.
"""

from crispy_forms.bootstrap import FieldWithButtons, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from programs.access import StaffPageMixin
from proposals.forms_staff import SEARCH_MAX_LENGTH
from proposals.search import proposal_search, proposal_search_headlines, search_words
from proposals.selectors import (
    STAFF_LIST_DEFERRED,
    proposal_list_for_staff,
    proposal_mission_ids_for_staff,
)

# The long texts of what a result joins (its call's guidance…); the proposal's own texts are
# read, for the snippets.
LONG_FIELDS_OF_RELATIONS = [name for name in STAFF_LIST_DEFERRED if "__" in name]


class ProposalSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search proposals"),
        required=False,
        help_text=_("Words of the reference, title, organization or text"),
        widget=forms.TextInput(attrs={"type": "search", "maxlength": SEARCH_MAX_LENGTH}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_class = "mb-4"
        helper.attrs = {"role": "search"}
        helper.disable_csrf = True
        helper.layout = Layout(
            FieldWithButtons("q", StrictButton(_("Search"), type="submit", css_class="btn-primary"))
        )
        self.helper = helper

    def clean_q(self) -> str:
        # NUL bytes never get here: the middleware answers 400 to them, and CharField refuses
        # them too. A pasted novel is cut rather than refused.
        return self.cleaned_data["q"][:SEARCH_MAX_LENGTH]

    def query(self) -> str:
        return self.cleaned_data["q"] if self.is_valid() else ""


class ProposalSearchView(StaffPageMixin, View):
    """The submitted proposals of the user's missions (every mission for administrators) that
    hold the words typed, most relevant first, each with a highlighted snippet of its text.

    Ranking sorts every match, so the page is cut on ids alone, then only its 20 rows are read
    with their call, mission, organization and texts (joining those for thousands of matches
    before the cut cost more than the search). Queries, whatever the number of results:
    session, user, the user's mission roles (cached for the header), the header's unread count,
    then for a query with words the count, the page's ids and the page's rows: 7.
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
            found = proposal_search(scope, q).values_list("pk", flat=True)
            page = Paginator(found, self.paginate_by).get_page(request.GET.get("page"))
            ids = list(page.object_list)
            rows = (
                scope.select_related("call__mission", "organization")
                .defer(*LONG_FIELDS_OF_RELATIONS)
                .in_bulk(ids)
            )
            proposals = [rows[pk] for pk in ids if pk in rows]
            headlines = proposal_search_headlines(proposals, q)
            context |= {
                "results": [(proposal, headlines[proposal.pk]) for proposal in proposals],
                "page_obj": page,
                "paginator": page.paginator,
                "is_paginated": page.has_other_pages(),
            }
        return render(request, self.template_name, context)
