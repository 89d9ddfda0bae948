"""The dashboards' repeated markup, written in Python: {% load dashboard_rows %}.

A dashboard repeats the same few cells for every bar, catalogue entry, day, mission and award
(some three hundred cells a page): as template loops, the lookups and filters of each cell cost
most of the page. Each tag below writes what its loop wrote: text escaped as the template
escaped it (`conditional_escape`'s rule), figures through the same rules as the filters
(`figures.Figures`, digits and separators only), joined in one pass. The sections' headings,
captions and headers stay in the templates.
"""

import html

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.templatetags.figures import Figures

register = template.Library()

BAR = (
    '<div class="cfli-chart-row"><span class="cfli-chart-label">{label}</span>'
    '<svg class="cfli-chart-bar" focusable="false" xmlns="http://www.w3.org/2000/svg">'
    '<rect class="cfli-chart-fill" x="0" y="0" height="100%" width="{width}"></rect>{target}'
    '</svg><span class="cfli-chart-value">{value}</span></div>'
)
TARGET = '<line class="cfli-chart-target" x1="{0}" x2="{0}" y1="0" y2="100%"></line>'


def escape(value) -> str:
    """What the template wrote for `{{ value }}` (`conditional_escape`), without the lazy
    wrapper Django puts around each call: safe strings as they are, the rest through
    `html.escape`, which Django's `escape` calls."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _safe(parts) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308 (every part escaped above)


@register.simple_tag
def bar_chart(bars, kind: str) -> SafeString:
    """A horizontal bar chart, for sighted readers only (the table beside it carries every
    figure): `bars` are `charts.Bar`; `kind` is "count", "amount" (CAD) or "percent"."""
    figures = Figures()
    value = figures.percent if kind == "percent" else figures.figure
    not_given = gettext("Not given")
    rows = (
        BAR.format(
            label=escape(bar.label or not_given),
            width=escape(bar.width),
            target=TARGET.format(escape(bar.target)) if bar.target else "",
            value="—" if bar.value is None else value(bar.value),
        )
        for bar in bars
    )
    return _safe(['<div class="cfli-chart" aria-hidden="true">', *rows, "</div>"])


@register.simple_tag
def state_rows(bars) -> SafeString:
    """The table of proposals by state: a row a state."""
    figures = Figures()
    return _safe(
        f'<tr><th scope="row" class="fw-normal">{escape(bar.label)}</th>'
        f'<td class="text-end">{figures.figure(bar.value)}</td></tr>'
        for bar in bars
    )


@register.simple_tag
def category_rows(rows) -> SafeString:
    """The table of a catalogue (priority areas or sub-themes): a row an entry."""
    figures = Figures()
    not_given = gettext("Not given")
    return _safe(
        f'<tr><th scope="row" class="fw-normal">{escape(row.label or not_given)}</th>'
        f'<td class="text-end">{figures.figure(row.count)}</td>'
        f'<td class="text-end text-nowrap">{figures.amount(row.requested)}</td>'
        f'<td class="text-end">{figures.figure(row.approved_count)}</td>'
        f'<td class="text-end text-nowrap">{figures.amount(row.approved)}</td></tr>'
        for row in rows
    )


@register.simple_tag
def daily_rows(days) -> SafeString:
    """The table of submissions per day: a row a day, the deadline's marked."""
    figures = Figures()
    deadline = f" — <strong>{escape(gettext('Deadline'))}</strong>"
    return _safe(
        f"<tr{' class="table-active"' if day.is_deadline else ''}>"
        f'<th scope="row" class="fw-normal"><time datetime="{day.day.isoformat()}">'
        f"{escape(day.label)}</time>{deadline if day.is_deadline else ''}</th>"
        f'<td class="text-end">{figures.figure(day.count)}</td></tr>'
        for day in days
    )


@register.simple_tag
def mission_rows(missions, url: str, fiscal_year) -> SafeString:
    """The headquarters' table by mission: a row a mission, linked to its dashboard (with the
    chosen fiscal year when the mission has calls in it)."""
    figures = Figures()
    year = f"&amp;fiscal_year={escape(fiscal_year)}" if fiscal_year else ""
    return _safe(
        f'<tr><th scope="row" class="fw-normal"><a href="{escape(url)}?mission='
        f'{escape(row.mission.pk)}{year if row.has_calls else ""}">'
        f"{escape(row.mission.name)}</a></th>"
        f'<td class="text-end">{figures.figure(row.totals.submitted)}</td>'
        f'<td class="text-end text-nowrap">{figures.amount(row.totals.requested)}</td>'
        f'<td class="text-end text-nowrap">{figures.amount(row.envelope)}</td>'
        f'<td class="text-end text-nowrap">{figures.amount(row.totals.approved)}</td>'
        f'<td class="text-end text-nowrap">{figures.percent(row.totals.integrated_share)}</td>'
        f'<td class="text-end text-nowrap">'
        f"{figures.percent(row.totals.targeted_spending_share)}</td></tr>"
        for row in missions
    )


@register.simple_tag
def award_rows(awards, show_mission: bool) -> SafeString:
    """The table of the largest awards: a row an award, linked to its workspace."""
    figures = Figures()
    return _safe(
        f'<tr><th scope="row" class="text-nowrap"><a href="{escape(award.workspace_url)}">'
        f"{escape(award.reference)}</a></th><td>{escape(award.display_title)}</td>"
        f"<td>{escape(award.organization)}</td>"
        f"{f'<td>{escape(award.mission_code)}</td>' if show_mission else ''}"
        f'<td class="text-end text-nowrap">{figures.amount(award.amount)}</td></tr>'
        for award in awards
    )


@register.simple_tag
def beneficiary_bars(table) -> SafeString:
    """The bars of one reach's beneficiaries: 18 and over solid, under 18 hatched."""
    figures = Figures()
    hatch = f"url(#{escape(table.reach)}-minors-hatch)"
    return _safe(
        f'<div class="cfli-chart-row"><span class="cfli-chart-label">{escape(row.label)}</span>'
        '<svg class="cfli-chart-bar" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        '<rect class="cfli-chart-fill" x="0" y="0" height="100%" '
        f'width="{escape(row.adults_width)}"></rect><rect fill="{hatch}" '
        f'x="{escape(row.adults_width)}" y="0" height="100%" width="{escape(row.minors_width)}">'
        f'</rect></svg><span class="cfli-chart-value">{figures.figure(row.total)}</span></div>'
        for row in table.rows
    )


@register.simple_tag
def beneficiary_rows(rows) -> SafeString:
    """The table of one reach's beneficiaries: a row a gender, by age."""
    figures = Figures()
    return _safe(
        f'<tr><th scope="row" class="fw-normal">{escape(row.label)}</th>'
        f'<td class="text-end">{figures.figure(row.adults)}</td>'
        f'<td class="text-end">{figures.figure(row.minors)}</td>'
        f'<td class="text-end">{figures.figure(row.total)}</td></tr>'
        for row in rows
    )


@register.simple_tag
def code_rows(rows) -> SafeString:
    """The table of approved proposals by gender-equality code: a row a code."""
    figures = Figures()
    return _safe(
        f'<tr><th scope="row" class="fw-normal">{escape(row.label)}</th>'
        f'<td class="text-end">{figures.figure(row.count)}</td>'
        f'<td class="text-end text-nowrap">{figures.amount(row.amount)}</td></tr>'
        for row in rows
    )


@register.simple_tag
def share_rows(shares) -> SafeString:
    """The table of Canada's targets: each share against its target, and the result in words."""
    figures = Figures()
    results = {
        None: escape(gettext("No approved proposal with a final code yet")),
        True: f"<strong>{escape(gettext('Target met'))}</strong>",
        False: f"<strong>{escape(gettext('Target not met'))}</strong>",
    }
    return _safe(
        f'<tr><th scope="row" class="fw-normal">{escape(share.label)}</th>'
        f'<td class="text-end text-nowrap">{figures.percent(share.value)}</td>'
        f'<td class="text-end text-nowrap">{figures.percent(share.target)}</td>'
        f"<td>{results[share.met]}</td></tr>"
        for share in shares
    )
