"""Staff pages of proposals, under /manage/proposals/ (they share the staff pages' checks)."""

from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.forms import render_filter_form
from core.times import moment_html
from programs.access import StaffPageMixin

from .forms_staff import ProposalStaffFilterForm
from .models import Proposal
from .selectors import (
    days_waiting,
    proposal_list_filter,
    proposal_list_for_staff,
    proposal_mission_ids_for_staff,
    proposal_staff_rows,
)

Status = Proposal.Status

# The columns of the table, in order: (label, sort key or None, direction of a first click).
# What a row needs done comes first (status, reviews, days waiting), so a narrow screen shows
# it without scrolling; the project's country sits under its priority area.
COLUMNS = [
    (_("Reference"), "reference", ""),
    (_("Title"), "title", ""),
    (_("Status"), None, ""),
    (_("Reviews done / assigned · combined score"), None, ""),
    (_("Days waiting (since submission)"), None, ""),
    (_("Organization"), "organization", ""),
    (_("Call"), None, ""),
    (_("Priority area and country"), None, ""),
    (_("Amount (CAD)"), "amount", "-"),
    (_("Submitted on"), "submitted", "-"),
]
# The colour of each status's badge; the badge always says the status in words.
STATUS_BADGES = {
    Status.SUBMITTED: "text-bg-light border",
    Status.MORE_INFO_REQUESTED: "text-bg-warning",
    Status.IN_REVIEW: "text-bg-info",
    Status.REVIEWED: "text-bg-info",
    Status.RECOMMENDED: "text-bg-info",
    Status.WAITLISTED: "text-bg-warning",
    Status.APPROVED: "text-bg-success",
    Status.DECLINED: "text-bg-danger",
    Status.INELIGIBLE: "text-bg-secondary",
    Status.WITHDRAWN: "text-bg-secondary",
}


def sort_columns(query: QueryDict, sort: str) -> list[dict]:
    """Column headers: each sortable one links to the same filters in its order (the other
    direction when it is the current order), and tells assistive technology how it is sorted."""
    columns = []
    for label, key, first in COLUMNS:
        column = {"label": label, "url": None, "aria_sort": None, "numeric": key == "amount"}
        if key is not None:
            if sort.removeprefix("-") == key:
                column["aria_sort"] = "descending" if sort.startswith("-") else "ascending"
                next_sort = key if sort.startswith("-") else f"-{key}"
            else:
                next_sort = f"{first}{key}"
            link = query.copy()
            link["sort"] = next_sort
            link.pop("page", None)
            column["url"] = "?" + link.urlencode()
        columns.append(column)
    return columns


def present_row(proposal: Proposal, workspace: str) -> None:
    """What a row shows, formatted once in Python: the template then only prints it (50 rows
    of template filters and translation tags were a fifth of the page's time)."""
    proposal.workspace_url = f"{workspace}{proposal.pk}/"
    proposal.status_badge = STATUS_BADGES.get(proposal.status, "text-bg-light border")
    proposal.status_label = Status(proposal.status).label
    proposal.days_waiting = days_waiting(proposal)
    proposal.progress_html = review_progress_html(proposal)
    amount = proposal.amount_requested_cad
    proposal.amount_text = "—" if amount is None else number_format(amount, 2, force_grouping=True)
    proposal.submitted_html = moment_html(proposal.submitted_at, "SHORT_DATETIME_FORMAT")


def review_progress_html(proposal: Proposal) -> str:
    """ "2/3 · 78.50" for the eye, "2 of 3 reviews done, combined score 78.50" for a screen
    reader; "—" before any reviewer is assigned."""
    assigned, done, score = proposal.reviews_assigned, proposal.reviews_done, proposal.review_score
    if not assigned:
        return "—"
    shown, spoken = (
        f"{done}/{assigned}",
        ngettext(
            "%(done)s of %(assigned)s review done",
            "%(done)s of %(assigned)s reviews done",
            assigned,
        )
        % {"done": done, "assigned": assigned},
    )
    if score is not None:
        score_text = number_format(score, 2)
        shown += f" · {score_text}"
        spoken += ", " + gettext("combined score %(score)s") % {"score": score_text}
    return format_html(
        '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>', shown, spoken
    )


class ProposalStaffListView(StaffPageMixin, View):
    """Submitted proposals of the user's missions, filtered, searched, sorted and paginated.

    Queries, whatever the number of proposals: the session with its user, the user's mission
    roles, the header's unread count, the filters' calls (with missions), priority areas,
    sub-themes and reviewers, the count and the page of rows (with call, organization and
    priority area joined, the combined score and the reviews counted in subqueries): 9, or 8
    for administrators (no roles query).
    """

    template_name = "proposals/staff/proposal_list.html"
    paginate_by = 50

    def get(self, request):
        # Reviewers are staff, but see only the proposals assigned to them (a later page).
        if proposal_mission_ids_for_staff(request.user) == set():
            raise Http404
        form = ProposalStaffFilterForm(request.GET, user=request.user)
        filters = form.filters()
        proposals = proposal_staff_rows(
            proposal_list_filter(proposal_list_for_staff(request.user), **filters)
        )
        page = Paginator(proposals, self.paginate_by).get_page(request.GET.get("page"))
        workspace = reverse("reviews:workspace", args=[0]).removesuffix("0/")
        for proposal in page.object_list:
            present_row(proposal, workspace)
        context = {
            "form": form,
            "filter_form": render_filter_form(form),
            "proposals": page.object_list,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "columns": sort_columns(request.GET, filters["sort"]),
        }
        return render(request, self.template_name, context)
