from django import template

from core import sentences
from core.times import moment_html, zone_label

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, page_number: int) -> str:
    """The current query string with `page` replaced, so pagination keeps the filters."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + query.urlencode()


@register.filter
def zone_name(value: str) -> str:
    """An IANA time zone as people read it: America/Mexico_City → America/Mexico City."""
    return zone_label(value)


@register.filter
def local_time(value, format_name: str = "DATETIME_FORMAT"):
    """<time datetime="…">Dec. 6, 2026, 7:46 a.m. (America/Mexico City)</time>: the instant in
    the active time zone (the reader's, or the one of an enclosing {% timezone %}), named.
    `format_name`: a Django format, for example "TIME_FORMAT" for the time alone."""
    return moment_html(value, format_name)


@register.filter
def before_period(name):
    """{{ organization.name|before_period }}. — see core.sentences."""
    return sentences.before_period(str(name))
