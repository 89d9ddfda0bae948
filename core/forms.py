"""Helpers every app's forms and views share."""

import unicodedata
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries


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
