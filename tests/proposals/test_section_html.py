"""The section forms are written as HTML in Python (proposals/forms_html.py), for speed: the
same HTML as crispy-forms' Bootstrap 5 templates write for each field, and as Django's templates
write for each widget, whatever the form holds (nothing, values, errors) and in each language."""

import re

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Row
from crispy_forms.utils import render_crispy_form
from django import forms
from django.forms.renderers import get_default_renderer
from django.http import QueryDict
from django.utils import translation
from django.utils.safestring import mark_safe

from proposals.beneficiaries import COUNT_FIELDS
from proposals.forms import ROW_FORMS, SECTION_FORMS, row_formset
from proposals.forms_html import CountryChoices, CountrySelect, bootstrap_field, widget_renderer

pytestmark = pytest.mark.django_db

TRICKY = "a <b>&\"quote' > < x"

# What each section's page posts when every field is wrong (or odd), and when each is right.
WRONG = {
    "title": "x" * 300,
    "location_country": "ZZ",
    "start_date": "2027-13-45",
    "end_date": "2026-01-01",
    "language": "xx",
    "call_priority": "999999",
    "sub_theme": "abc",
    "context": TRICKY,
    "local_authorization_needed": "maybe",
    "objectives": "word " * 500,
    "direct_women": "-3",
    "identity_factors": ["nope", "disability"],
    "beneficiaries_consulted": "nope",
    "gba_women_consulted": "zzz",
    "currency": "QQQ",
    "declarant_name": "x" * 999,
    "declaration_attested": "on",
}
RIGHT = {
    "title": TRICKY,
    "location_country": "MX",
    "start_date": "2026-11-01",
    "end_date": "2027-01-01",
    "language": "es",
    "local_authorization_needed": "True",
    "identity_factors": ["disability", "other"],
    "beneficiaries_consulted": "yes",
    "gba_women_consulted": "no",
    "currency": "CAD",
    "declaration_attested": "on",
}
ROWS = {
    "results": {"kind": ["bogus", "outcome"], "description": [TRICKY, "d"], "baseline": ["", "1"]},
    "activities": {"description": ["a", ""], "start_date": ["bad", "2026-11-02"]},
    "budget_lines": {"category": ["zzz", "training"], "quantity": ["x", "2"], "DELETE": ["on", ""]},
    "other_funders": {"name": [TRICKY, "F"], "amount": ["abc", "12.50"], "status": ["?", ""]},
}


def squeezed(html: str) -> str:
    """HTML with no space between tags or inside them: crispy-forms' templates space their
    output differently, which no reader sees."""
    html = re.sub(r"\s+", " ", str(html))
    html = re.sub(r"\s*(<|>)\s*", r"\1", html)
    html = re.sub(r"<(\w+) +", r"<\1 ", html)
    html = re.sub(r'" +(?=[\w-]+[=>\s])', '" ', html)
    return re.sub(r'class="\s*([^"]*?)\s*"', lambda m: f'class="{" ".join(m[1].split())}"', html)


def querydict(values: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in values.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def crispy(form: forms.BaseForm, *layout) -> str:
    """What {% crispy form %} wrote, through Django's own widget templates."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return render_crispy_form(form, helper)


def section_forms(draft, key: str, *, renderer):
    call = draft.call
    form_class = SECTION_FORMS[key]
    return [
        form_class(instance=draft, call=call, renderer=renderer),
        form_class(data=querydict(WRONG), instance=draft, call=call, renderer=renderer),
        form_class(data=querydict(RIGHT), instance=draft, call=call, renderer=renderer),
    ]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("key", list(SECTION_FORMS))
def test_each_field_of_each_section_is_written_as_crispy_forms_writes_it(
    key, language, complete_draft
):
    with translation.override(language):
        ours = section_forms(complete_draft, key, renderer=widget_renderer)
        theirs = section_forms(complete_draft, key, renderer=get_default_renderer())
        for our_form, their_form in zip(ours, theirs, strict=True):
            if our_form.is_bound:
                our_form.is_valid()
                their_form.is_valid()
            for name in our_form.fields:
                if name in COUNT_FIELDS:
                    continue  # a table of their own (test_section_tables.py)
                assert squeezed(bootstrap_field(our_form[name])) == squeezed(
                    crispy(their_form, name)
                )


def test_a_section_says_the_errors_of_the_whole_form_first_as_crispy_forms_does(draft_oaxaca):
    call = draft_oaxaca.call
    form = SECTION_FORMS["risks"](data={}, instance=draft_oaxaca, call=call)
    form.is_valid()
    form.add_error(None, "A <rule> & another")
    form.add_error(None, "Second")
    theirs = SECTION_FORMS["risks"](
        data={}, instance=draft_oaxaca, call=call, renderer=get_default_renderer()
    )
    theirs.is_valid()
    theirs.add_error(None, "A <rule> & another")
    theirs.add_error(None, "Second")

    assert squeezed(form.as_bootstrap()) == squeezed(crispy(theirs))


@pytest.mark.parametrize("name", list(ROW_FORMS))
def test_rows_are_written_as_crispy_forms_wrote_their_layout(name):
    values = {f"{name}-TOTAL_FORMS": "2", f"{name}-INITIAL_FORMS": "0"}
    for field, column in ROWS[name].items():
        for index, value in enumerate(column):
            values[f"{name}-{index}-{field}"] = value
    ours = row_formset(name, data=querydict(values))
    theirs = row_formset(name, data=querydict(values))
    theirs.renderer = theirs.form_renderer = get_default_renderer()
    layout = [
        Row(*(Div(field, css_class=f"col-md-{width}") for field, width in item))
        if isinstance(item, tuple)
        else item
        for item in (*ROW_FORMS[name].layout, "DELETE")
    ]
    ours.is_valid()
    theirs.is_valid()

    for our_form, their_form in [
        *zip(ours, theirs, strict=True),
        (ours.empty_form, theirs.empty_form),
    ]:
        assert squeezed(our_form.as_bootstrap()) == squeezed(crispy(their_form, *layout))


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("value", [None, "", "MX", "CA", "ZZ"])
def test_the_country_list_is_the_one_django_writes_in_each_language(language, value):
    with translation.override(language):
        choices = CountryChoices(empty_label="Choose…")
        select = forms.Select(choices=list(choices), attrs={"class": "form-select"})
        ours = CountrySelect(attrs={"class": "form-select"})
        ours.choices = choices

        assert ours.render("country", value, {"id": "id_country"}) == select.render(
            "country", value, {"id": "id_country"}
        )


WIDGETS = [
    forms.TextInput(attrs={"maxlength": 20, "data-x": TRICKY, "required": True, "hidden": False}),
    forms.NumberInput(attrs={"min": 0, "inputmode": "decimal"}),
    forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    forms.EmailInput(),
    forms.HiddenInput(),
    forms.CheckboxInput(),
    forms.PasswordInput(render_value=True),
    forms.Textarea(attrs={"rows": 2}),
    forms.Select(choices=[("", "—"), ("a", TRICKY), (1, 2), ("Group", [("g1", "G 1")])]),
    forms.SelectMultiple(choices=[("a", "A"), ("b", "B")]),
]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda widget: type(widget).__name__)
@pytest.mark.parametrize(
    "value", [None, "", "a", TRICKY, mark_safe("<i>safe</i>"), 3, ["a", "b"], True]
)
def test_widgets_are_written_as_django_templates_write_them(widget, value):
    attrs = {"id": "id_field", "aria-describedby": "id_field_helptext", "class": "form-control"}
    assert widget.render("field", value, attrs, renderer=widget_renderer) == widget.render(
        "field", value, attrs, renderer=get_default_renderer()
    )
