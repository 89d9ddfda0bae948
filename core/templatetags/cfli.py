from django import template

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
    return str(value).replace("_", " ")
