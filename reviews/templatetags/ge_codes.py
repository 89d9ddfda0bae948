"""Gender-equality codes as people read them: {% load ge_codes %}."""

from django import template

from proposals.models import GeCode

register = template.Library()


@register.filter
def ge_short(code: str) -> str:
    """A code as its choice reads in the active language, before the colon ("GE-2: gender
    equality fully integrated" is "GE-2"; in French "EG-2", in Spanish "IG-2"), so that a
    suggestion reads like the choices it points to. Anything else is returned as it is."""
    if code not in GeCode.values:
        return code
    return str(GeCode(code).label).split(":", 1)[0].strip()
