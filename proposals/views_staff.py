"""Staff pages of proposals, under /manage/proposals/ (they share the staff pages' checks)."""

from datetime import datetime
from html import escape

from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import numberformat, timezone
from django.utils.dateformat import DateFormat
from django.utils.formats import get_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_countries import countries

from core.forms import render_filter_form
from core.languages import reading_order, translated
from core.times import zone_label
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


# What a sorted column's link adds to its label, for the eye (aria-sort says it to assistive
# technology).
SORT_ARROWS = {
    "ascending": ' <span aria-hidden="true">▲</span>',
    "descending": ' <span aria-hidden="true">▼</span>',
}


def column_headers_html(columns: list[dict]) -> SafeString:
    """The table's <th> cells (see `sort_columns`)."""
    cells = []
    for column in columns:
        sort = column["aria_sort"]
        attributes = (f' aria-sort="{sort}"' if sort else "") + (
            ' class="text-end"' if column["numeric"] else ""
        )
        label = escape(str(column["label"]))
        if column["url"]:
            arrow = SORT_ARROWS.get(sort, "")
            label = f'<a href="{escape(column["url"])}">{label}{arrow}</a>'
        cells.append(f'<th scope="col"{attributes}>{label}</th>')
    return SafeString("".join(cells))


def rows_html(rows, workspace: str) -> SafeString:
    """The table's rows, written once in Python from the values of `proposal_staff_rows`: as
    model instances and template tags, 50 rows were most of the page's time."""
    writer = RowWriter(workspace)
    return SafeString("".join([writer.row(row) for row in rows]))


class RowWriter:
    """Writes the rows of one page. What is the same for every row (the language's labels and
    number formats, the reader's time zone, now) is looked up once, not for each row. Every value
    is escaped where it is written (html.escape, which Django's escape() calls)."""

    def __init__(self, workspace: str):
        self.workspace = workspace
        self.now = timezone.now()
        self.languages = reading_order()
        self.labels = {value: escape(str(label)) for value, label in Status.choices}
        self.untitled = escape(gettext("Untitled proposal"))
        language = get_language()
        # django.utils.formats.number_format, its separators read once.
        self.separators = {
            "decimal_sep": get_format("DECIMAL_SEPARATOR", language),
            "grouping": get_format("NUMBER_GROUPING", language),
            "thousand_sep": get_format("THOUSAND_SEPARATOR", language),
            "use_l10n": True,
        }
        self.zone = timezone.get_current_timezone()
        self.zone_name = escape(zone_label(timezone.get_current_timezone_name()))
        self.date_format = get_format("SHORT_DATETIME_FORMAT", language)
        self.countries: dict[str, str] = {"": "—"}
        self.reviews_done: dict[tuple[int, int], str] = {}

    def row(self, row: dict) -> str:
        status, code = row["status"], row["location_country"]
        if code not in self.countries:
            self.countries[code] = escape(countries.name(code)) or "—"
        days = days_waiting(row, self.now)
        area = escape(translated(row, "call_priority__priority_area__name", self.languages)) or "—"
        call = escape(translated(row, "call__title", self.languages))
        amount = row["amount_requested_cad"]
        return (
            f'<tr><th scope="row" class="text-nowrap"><a href="{self.workspace}{row["pk"]}/">'
            f"{escape(row['reference'] or '—')}</a></th>"
            f'<td class="cfli-col-title">{escape(row["title"]) or self.untitled}</td>'
            f'<td><span class="badge {STATUS_BADGES.get(status, "text-bg-light border")}">'
            f"{self.labels.get(status) or escape(status)}</span></td>"
            f'<td class="text-nowrap">{self.review_progress(row)}</td>'
            f"<td>{'—' if days is None else days}</td>"
            f'<td class="cfli-col-name">{escape(row["organization__name"])}</td>'
            f'<td class="cfli-col-name">{call}</td>'
            f'<td class="cfli-col-name">{area}<span class="d-block small text-body-secondary">'
            f"{self.countries[code]}</span></td>"
            '<td class="text-end text-nowrap">'
            f"{'—' if amount is None else self.number(amount, force_grouping=True)}</td>"
            f"<td>{self.moment(row['submitted_at'])}</td></tr>"
        )

    def number(self, value, *, force_grouping: bool = False) -> str:
        return numberformat.format(
            value, decimal_pos=2, force_grouping=force_grouping, **self.separators
        )

    def moment(self, value: datetime | None) -> str:
        """core.times.moment_html(value, "SHORT_DATETIME_FORMAT"): the same HTML."""
        if value is None:
            return ""
        local = timezone.localtime(value, self.zone)
        return (
            f'<time datetime="{local.isoformat(timespec="seconds")}">'
            f"{escape(DateFormat(local).format(self.date_format))} ({self.zone_name})</time>"
        )

    def review_progress(self, row: dict) -> str:
        """ "2/3 · 78.50" for the eye, "2 of 3 reviews done, combined score 78.50" for a screen
        reader; "—" before any reviewer is assigned."""
        assigned, done, score = row["reviews_assigned"], row["reviews_done"], row["review_score"]
        if not assigned:
            return "—"
        shown = f"{done}/{assigned}"
        if (done, assigned) not in self.reviews_done:
            self.reviews_done[done, assigned] = ngettext(
                "%(done)s of %(assigned)s review done",
                "%(done)s of %(assigned)s reviews done",
                assigned,
            ) % {"done": done, "assigned": assigned}
        spoken = self.reviews_done[done, assigned]
        if score is not None:
            score_text = self.number(score)
            shown += f" · {score_text}"
            spoken += ", " + gettext("combined score %(score)s") % {"score": score_text}
        return (
            f'<span aria-hidden="true">{escape(shown)}</span>'
            f'<span class="visually-hidden">{escape(spoken)}</span>'
        )


class ProposalStaffListView(StaffPageMixin, View):
    """Submitted proposals of the user's missions, filtered, searched, sorted and paginated.

    Queries, whatever the number of proposals: the session with its user, their mission roles
    and the header's unread count, the filters' choices (calls, missions, priority areas,
    sub-themes and reviewers in one union), the count and the page of rows (with call,
    organization and priority area joined, the combined score and the reviews counted in
    subqueries): 4.
    """

    template_name = "proposals/staff/proposal_list.html"
    paginate_by = 50

    def get(self, request):
        # Reviewers are staff, but see only the proposals assigned to them (a later page).
        if proposal_mission_ids_for_staff(request.user) == set():
            raise Http404
        form = ProposalStaffFilterForm(request.GET, user=request.user)
        filters = form.filters()
        proposals = proposal_list_filter(proposal_list_for_staff(request.user), **filters)
        # Counted without the rows' joins and columns; the page's rows are then read as values.
        paginator = Paginator(proposals, self.paginate_by)
        page = paginator.get_page(request.GET.get("page"))
        first = (page.number - 1) * paginator.per_page
        rows = list(proposal_staff_rows(proposals)[first : first + paginator.per_page])
        workspace = reverse("reviews:workspace", args=[0]).removesuffix("0/")
        columns = sort_columns(request.GET, filters["sort"])
        context = {
            "form": form,
            "filter_form": render_filter_form(form),
            "proposals": rows,
            "rows_html": rows_html(rows, escape(workspace)),
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": page.has_other_pages(),
            "columns": columns,
            "column_headers_html": column_headers_html(columns),
        }
        return render(request, self.template_name, context)
