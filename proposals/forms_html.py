"""The proposal's section forms written as HTML in Python.

The partner's section pages are the busiest of the deadline day. Through crispy-forms, each
field walked a dozen templates (bootstrap5/field.html and its includes, then Django's widget
templates, one more for each option of a list: the country list has 250 of them), most of a
page's time. Here the same HTML is written directly: crispy-forms' Bootstrap 5 markup for a field
(bootstrap5/field.html with FormHelper's defaults: labels shown, errors inline, help text under
the field) and Django's own for a widget (django/forms/widgets/*.html).
tests/proposals/test_section_html.py holds them to what crispy-forms and Django write.
"""

from collections.abc import Iterable
from html import escape
from typing import ClassVar

from django import forms
from django.forms.renderers import BaseRenderer, get_default_renderer
from django.utils.choices import BaseChoiceIterator
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries
from django_countries.widgets import LazySelect

# --- Widgets: Django's templates, written in Python ---------------------------------------------
# html.escape is what Django's escape() calls, after a check for lazy arguments that costs more
# than the escaping in a list of 250 options.


def html_text(value) -> str:
    """A value as a template writes {{ value }}: localized, then escaped unless already safe."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return value if isinstance(value, SafeData) else escape(value)
    return conditional_escape(localize(value))


def _attribute(value) -> str:
    """A value as a template writes {{ value|stringformat:'s' }}."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _unlocalized(value) -> str:
    """A value as a template writes {{ value|unlocalize }}."""
    return escape(str(localize(value, use_l10n=False)))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html (crispy-forms' bootstrap5/layout/attrs.html is the same)."""
    return "".join(
        f" {html_text(name)}" if value is True else f' {html_text(name)}="{_attribute(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict, renderer: BaseRenderer) -> str:
    value = "" if widget["value"] is None else f' value="{_attribute(widget["value"])}"'
    return (
        f'<input type="{html_text(widget["type"])}" name="{html_text(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict, renderer: BaseRenderer) -> str:
    value = html_text(widget["value"]) if widget["value"] else ""
    name = html_text(widget["name"])
    return f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


SELECT_OPTION = "django/forms/widgets/select_option.html"


def _option(option: dict, renderer: BaseRenderer) -> str:
    """An option of a list as select.html includes it (with the template's last line break)."""
    if option["template_name"] != SELECT_OPTION:
        return renderer.get_template(option["template_name"]).render({"widget": option})
    return (
        f'<option value="{_attribute(option["value"])}"{_attrs(option["attrs"])}>'
        f"{html_text(option['label'])}</option>\n"
    )


def _select(widget: dict, renderer: BaseRenderer) -> str:
    html = [f'<select name="{html_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{html_text(group_name)}">')
        html += ("\n  " + _option(option, renderer) for option in options)
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


WIDGETS = {
    **{
        f"django/forms/widgets/{name}.html": _input
        # Each of these templates is only {% include "django/forms/widgets/input.html" %}.
        for name in ("text", "number", "email", "url", "date", "hidden", "checkbox", "password")
    },
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class CountryChoices(BaseChoiceIterator):
    """Every country, by its name in the active language, after `empty_label` if one is given.

    Read once per language: Django checks a list of choices again each time a field is given it
    (an iterator it takes as it is), and CountrySelect writes the options only once too.
    """

    _countries: ClassVar[dict[str, list[tuple[str, str]]]] = {}
    _options: ClassVar[dict[tuple[str, str], list[tuple[str, str, str]]]] = {}

    def __init__(self, empty_label=None):
        self.empty_label = empty_label

    def __iter__(self):
        if self.empty_label is not None:
            yield ("", self.empty_label)
        yield from self._by_name()

    def __deepcopy__(self, memo):
        return self  # nothing in it changes

    def _by_name(self) -> list[tuple[str, str]]:
        language = get_language()
        if language not in self._countries:
            self._countries[language] = [(code, str(name)) for code, name in countries]
        return self._countries[language]

    def options(self, chosen: list[str]) -> str:
        """The <option>s as select.html writes them (see _select), the first of `chosen`
        selected."""
        key = (get_language(), str(self.empty_label))
        if key not in self._options:
            self._options[key] = [
                (value, f'\n  <option value="{escape(value)}"', f">{html_text(label)}</option>\n")
                for value, label in self
            ]
        html, found = [], False
        for value, start, end in self._options[key]:
            selected = not found and value in chosen
            found |= selected
            html += (start, " selected" if selected else "", end)
        return "".join(html)


class CountrySelect(LazySelect):
    """The list of countries, its 250 options written once per language (they took longer than
    the rest of the project section's form)."""

    def render(self, name, value, attrs=None, renderer=None):
        if not isinstance(self.choices, CountryChoices):
            return super().render(name, value, attrs, renderer)
        attrs = _attrs(self.build_attrs(self.attrs, attrs))
        options = self.choices.options(self.format_value(value))
        return SafeString(f'<select name="{html_text(name)}"{attrs}>{options}\n</select>')


class WidgetRenderer(BaseRenderer):
    """The project's form renderer, except for the common widgets, written in Python."""

    def get_template(self, template_name):
        return get_default_renderer().get_template(template_name)

    def render(self, template_name, context, request=None):
        write = WIDGETS.get(template_name)
        if write is None:
            return get_default_renderer().render(template_name, context, request)
        return write(context["widget"], self)


widget_renderer = WidgetRenderer()


# --- Fields: crispy-forms' bootstrap5/field.html, written in Python ----------------------------


def _crispy_class(widget: forms.Widget, bootstrap: str) -> str:
    """The class crispy-forms gives an input: its own, its widget's name, then Bootstrap's."""
    name = type(widget).__name__.lower()
    css = widget.attrs.get("class", "")
    if not css:
        css = name
    elif name not in css:
        css += f" {name}"
    for extra in bootstrap.split():
        if extra not in css.split():
            css += f" {extra}"
    return css


def _errors(field: forms.BoundField, tag: str) -> str:
    """bootstrap5/layout/field_errors.html (tag "span") and field_errors_block.html ("p")."""
    if not field.errors:
        return ""
    identifier = html_text(field.auto_id)
    errors = "".join(
        f'<{tag} id="error_{number}_{identifier}"><strong>{html_text(error)}</strong></{tag}>'
        for number, error in enumerate(field.errors, start=1)
    )
    identifier = html_text(field.errors.field_id)
    return f'<div id="{identifier}_error" class="invalid-feedback">{errors}</div>'


def _help_text(field: forms.BoundField) -> str:
    if not field.help_text:
        return ""
    identifier = f'id="{html_text(field.auto_id)}_helptext" ' if field.auto_id else ""
    return f'<div {identifier}class="form-text">{field.help_text}</div>'


def _label_text(field: forms.BoundField) -> str:
    required = '<span class="asteriskField">*</span>' if field.field.required else ""
    return f"{html_text(field.label)}{required}"


def _choices(field: forms.BoundField) -> str:
    """bootstrap5/layout/radio_checkbox_select.html: radio buttons or checkboxes, one a line."""
    widget = field.field.widget
    identifier = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": identifier} if identifier else {})
    groups = widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)
    invalid = " is-invalid" if field.errors else ""
    html = ["<div>"]
    for group_number, (group, options, _index) in enumerate(groups, start=1):
        if group:
            html.append(f"<strong>{html_text(group)}</strong>")
        for number, option in enumerate(options, start=1):
            last = number == len(options) and group_number == len(groups)
            html.append(
                f'<div class="form-check"><input type="{html_text(option["type"])}" '
                f'class="form-check-input{invalid}"  name="{html_text(field.html_name)}" '
                f'value="{_unlocalized(option["value"])}" '
                f"{_attrs(option['attrs'])}> "
                f'<label for="{html_text(option["attrs"].get("id", ""))}" '
                f'class="form-check-label">{_unlocalized(option["label"])}'
                f"</label>{_errors(field, 'p') if last else ''}</div>"
            )
    html.append("</div>")
    return " ".join(html) + _help_text(field)


def _checkbox(field: forms.BoundField, css_classes: str) -> str:
    bootstrap = "form-check-input is-invalid" if field.errors else "form-check-input"
    required = " requiredField" if field.field.required else ""
    return (
        f'<div class="mb-3"> '
        f'<div id="div_{html_text(field.auto_id)}" class="form-check{css_classes}">'
        f" {field.as_widget(attrs={'class': _crispy_class(field.field.widget, bootstrap)})}"
        f' <label for="{html_text(field.id_for_label)}" class="form-check-label{required}">'
        f"{_label_text(field)}</label> {_errors(field, 'span')} {_help_text(field)} </div> </div>"
    )


def bootstrap_field(field: forms.BoundField) -> str:
    """One field as crispy-forms' Bootstrap 5 template writes it: its label, its input with
    Bootstrap's classes (marked invalid while it has errors), its errors, then its help text.
    Radio buttons and checkboxes are a fieldset whose legend is the label."""
    if field.is_hidden:
        return str(field)
    widget = field.field.widget
    css_classes = field.css_classes()
    css_classes = f" {css_classes}" if css_classes else ""
    if isinstance(widget, forms.CheckboxInput):
        return _checkbox(field, css_classes)
    html = [f'<div id="div_{html_text(field.auto_id)}" class="mb-3{css_classes}">']
    fieldset = widget.use_fieldset and bool(field.label)
    if field.label:
        tag = "legend" if widget.use_fieldset else "label"
        if fieldset:
            described = field.aria_describedby
            described = f' aria-describedby="{html_text(described)}"' if described else ""
            html.append(f"<fieldset{described}>")
        label_for = f'for="{html_text(field.id_for_label)}" ' if field.id_for_label else ""
        classes = "form-label" + (" requiredField" if field.field.required else "")
        classes += " fs-6" if widget.use_fieldset else ""
        html.append(f'<{tag} {label_for}class="{classes}">{_label_text(field)}</{tag}>')
    if isinstance(widget, forms.RadioSelect):  # and CheckboxSelectMultiple, its subclass
        html.append(_choices(field))
    else:
        bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if field.errors:
            bootstrap += " is-invalid"
        html.append(field.as_widget(attrs={"class": _crispy_class(widget, bootstrap)}))
        html.append(_errors(field, "span"))
        html.append(_help_text(field))
    if fieldset:
        html.append("</fieldset>")
    html.append("</div>")
    return " ".join(part for part in html if part)


def bootstrap_form(form: forms.BaseForm, parts: Iterable[str]) -> SafeString:
    """The form's own errors (bootstrap5/errors.html), then its parts: what {% crispy form %}
    writes without a <form> tag."""
    html = []
    if errors := form.non_field_errors():
        items = "\n".join(f"\t<li>{html_text(error)}</li>" for error in errors)
        html.append(
            f'<div class="alert alert-block alert-danger"> <ul class="m-0">{items}</ul> </div>'
        )
    html += parts
    return SafeString(" ".join(html))


def bootstrap_columns(form: forms.BaseForm, names_and_widths: Iterable[tuple[str, int]]) -> str:
    """Fields side by side on wide screens, one under the other on phones (crispy-forms' Row of
    Divs)."""
    cells = " ".join(
        f'<div class="col-md-{width}"> {bootstrap_field(form[name])} </div>'
        for name, width in names_and_widths
    )
    return f'<div class="row"> {cells} </div>'


# --- The section page's list of sections --------------------------------------------------------
# Eleven items on every section page and in every autosave's answer: written here rather than by
# a template loop (the list cost more than the rest of the page's own markup).


def _state_labels() -> tuple[str, str, str]:
    return escape(_("State:")), escape(_("To do")), escape(_("Complete"))


def section_state_html(key: str, problems, *, oob: bool = False, labels=None) -> SafeString:
    """A section's state badge ("To do" or "Complete"), which autosave swaps in out of band
    (`oob`) when a save changes it. `labels`: _state_labels(), for a list of them."""
    prefix, to_do, complete = labels or _state_labels()
    css, state = ("text-bg-warning", to_do) if problems else ("text-bg-success", complete)
    swap = ' hx-swap-oob="true"' if oob else ""
    return SafeString(
        f'<span id="section-state-{escape(key)}" class="badge {css}"{swap}>'
        f'<span class="visually-hidden">{prefix} </span>{state}</span>'
    )


def section_nav_items_html(states, current: str) -> SafeString:
    """The list's items: each section's link (the current one marked) and its state. `states`:
    (section, its problems, its address) in the form's order."""
    items, labels = [], _state_labels()
    for section, problems, url in states:
        here = section.key == current
        item = " list-group-item-primary fw-semibold" if here else ""
        link = ' class="me-auto link-body-emphasis"' if here else ' class="me-auto"'
        link += f' href="{escape(url)}"' + (' aria-current="page"' if here else "")
        items.append(
            f'\n      <li class="list-group-item d-flex align-items-start{item}">'
            '\n        <div class="ms-1 flex-grow-1 d-flex flex-wrap align-items-center'
            ' column-gap-2 row-gap-1">'
            f"\n          <a{link}>{html_text(section.title)}</a>"
            f"\n          {section_state_html(section.key, problems, labels=labels)}"
            "\n        </div>\n      </li>"
        )
    return SafeString("".join(items))
