"""The dashboards' figure filters ({% load figures %}) write what Django's floatformat wrote."""

from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

from core.templatetags.figures import Figures, amount, figure, percent

FLOATFORMAT = engines["django"].from_string(
    '{{ v|floatformat:"0g" }}|{{ v|floatformat:"2g" }}|{{ v|floatformat:1 }}'
)
VALUES = [
    0,
    7,
    1234567,
    Decimal("0.00"),
    Decimal("-0.004"),  # rounds to zero: written without a sign
    Decimal("2.5"),  # half up, not to even
    Decimal("0.125"),
    Decimal("1234.50"),
    Decimal("-98765.435"),
    Decimal("227000.50"),
    Decimal(200) / 3,
    Decimal("1E+3"),
]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("value", VALUES, ids=str)
def test_each_filter_writes_what_floatformat_wrote(language, value):
    with translation.override(language):
        whole, cad, share = FLOATFORMAT.render({"v": value}).split("|")

        assert (figure(value), amount(value)) == (whole, cad)
        assert percent(value) == translation.gettext("%(value)s%%") % {"value": share}


def test_a_share_without_anything_to_divide_by_is_a_dash_and_amounts_of_none_are_empty():
    assert (percent(None), figure(None), amount(None)) == ("—", "", "")


def test_french_groups_thousands_with_a_no_break_space_and_writes_a_decimal_comma():
    with translation.override("fr"):
        assert amount(Decimal("1234567.5")) == "1\xa0234\xa0567,50"
        assert percent(Decimal(200) / 3) == "66,7\xa0%"


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_table_s_figures_are_the_filters_own(language):
    """`Figures` (the dashboards' table tags) writes what the filters write."""
    with translation.override(language):
        figures = Figures()
        for value in [*VALUES, None, -1234, True]:
            assert figures.figure(value) == figure(value)
            assert figures.amount(value) == amount(value)
            assert figures.percent(value) == percent(value)
