"""Helpers every app's forms and views share."""

import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

if TYPE_CHECKING:
    from crispy_forms.helper import FormHelper


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's validation errors on the form: on their field, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def label_empty_choices(form) -> None:
    """Give drop-down lists a translated first line instead of Django's "- Select an option -",
    which its catalogues do not translate into French or Spanish yet."""
    for field in form.fields.values():
        if not isinstance(field.widget, forms.Select):
            continue
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = _("Choose…")
        elif isinstance(field, forms.ChoiceField):
            # The field's setter has normalized them to (value, label) pairs already.
            choices = list(cast("Iterable[tuple[Any, Any]]", field.choices))
            if choices and choices[0][0] == "":
                field.choices = [("", _("Choose…")), *choices[1:]]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def country_choices(codes) -> list[tuple[str, str]]:
    """(code, name) of these countries, by name in the active language, accents aside.

    Iterating django-countries' full list translates and sorts all 249 names: a third of the
    staff list's rendering time when done for the three or four countries of a filter."""
    named = [(code, str(countries.name(code))) for code in codes]
    return sorted(named, key=lambda choice: _folded(choice[1]))


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Rendered GET forms (filters), by everything their HTML depends on; see render_filter_form.
_RENDERED_FORMS: OrderedDict[tuple, SafeString] = OrderedDict()
_RENDERED_FORMS_MAX = 512
_RENDERED_FORMS_LOCK = threading.Lock()


def filter_form_helper(layout, *, attrs: dict) -> "FormHelper":
    """The crispy helper of a list's filter form: sent by GET, without a CSRF token (it
    writes nothing), its `layout`; `attrs` name it for assistive technology."""
    from crispy_forms.helper import FormHelper

    helper = FormHelper()
    helper.form_method = "get"
    helper.form_class = "mb-3"
    helper.attrs = attrs
    helper.disable_csrf = True
    helper.layout = layout
    return helper


def render_filter_form(form: forms.Form) -> SafeString:
    """The crispy rendering of a filter form, remembered by this process.

    A filter form's HTML depends only on the language, the values asked for and each field's
    choices (its errors follow from those): that is the key, so what is remembered is never
    stale. Rendering walks crispy's layout and a template per choice, a third of a list page's
    time; the choices themselves are still read on each request, to build the key.
    """
    from crispy_forms.utils import render_crispy_form

    fields, data = form.fields, cast("QueryDict", form.data)
    key = (
        get_language(),
        tuple((name, tuple(data.getlist(name))) for name in fields if name in data),
        tuple(
            (
                name,
                tuple(
                    (str(value), str(label))
                    for value, label in cast("Iterable[tuple[Any, Any]]", field.choices)
                ),
            )
            for name, field in fields.items()
            if isinstance(field, forms.ChoiceField)
        ),
    )
    with _RENDERED_FORMS_LOCK:
        html = _RENDERED_FORMS.get(key)
        if html is not None:
            _RENDERED_FORMS.move_to_end(key)
            return html
    html = render_crispy_form(form)  # a SafeString: crispy's own escaped rendering
    with _RENDERED_FORMS_LOCK:
        _RENDERED_FORMS[key] = html
        if len(_RENDERED_FORMS) > _RENDERED_FORMS_MAX:
            _RENDERED_FORMS.popitem(last=False)
    return html
