"""The beneficiaries and the budget as tables (issue 19, point 18): beneficiaries by sex and age,
the budget's lines with their totals, and the amount requested taken from the CFLI column, all
written in the reader's language and computed by the server (the browser's script only repeats
them while people type: tests/e2e/test_section_tables.py)."""

import re
from decimal import Decimal

import pytest

from proposals import budget, services
from proposals.beneficiaries import count
from proposals.completeness import section_problems
from proposals.forms import BudgetLineForm, row_formset
from proposals.models import BudgetLine

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
NBSP = "\xa0"


def section_url(proposal, key):
    return f"/proposals/{proposal.pk}/{key}/"


def squeezed(page: str) -> str:
    """The page with each run of spaces and line breaks as one space (no-break spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", page)


def in_language(user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])


def two_lines(proposal):
    """3 × 411.50 = 1,234.50 (1,000 of it from the CFLI) and 2.5 × 0.33 = 0.825, so 0.83."""
    BudgetLine.objects.create(
        proposal=proposal,
        position=0,
        category="training",
        description="Talleres",
        unit="taller",
        quantity=Decimal(3),
        unit_cost=Decimal("411.50"),
        cfli_amount=Decimal("1000.00"),
        applicant_cash=Decimal("234.50"),
    )
    BudgetLine.objects.create(
        proposal=proposal,
        position=1,
        category="equipment",
        description="Cuadernos",
        unit="cuaderno",
        quantity=Decimal("2.5"),
        unit_cost=Decimal("0.33"),
        cfli_amount=Decimal("0.83"),
    )


def budget_post(**values) -> dict:
    """What the budget page posts with the two lines of `two_lines`."""
    data = {
        "version": "0",
        "currency": "MXN",
        "budget_lines-TOTAL_FORMS": "2",
        "budget_lines-INITIAL_FORMS": "0",
        "budget_lines-0-category": "training",
        "budget_lines-0-description": "Talleres",
        "budget_lines-0-quantity": "3",
        "budget_lines-0-unit_cost": "411.50",
        "budget_lines-0-cfli_amount": "1000",
        "budget_lines-0-applicant_cash": "234.50",
        "budget_lines-1-category": "equipment",
        "budget_lines-1-description": "Cuadernos",
        "budget_lines-1-quantity": "2.5",
        "budget_lines-1-unit_cost": "0.33",
        "budget_lines-1-cfli_amount": "0.83",
    }
    data.update(values)
    return data


# --- Beneficiaries ----------------------------------------------------------------------------


def test_the_beneficiaries_are_a_table_of_sex_by_age_with_the_totals_of_rows_and_columns(
    client, draft_oaxaca, partner_oaxaca
):
    draft_oaxaca.direct_women, draft_oaxaca.direct_girls = 1200, 34
    draft_oaxaca.direct_men, draft_oaxaca.direct_other_minors = 5, 2
    draft_oaxaca.save()
    client.force_login(partner_oaxaca)

    page = squeezed(client.get(section_url(draft_oaxaca, "beneficiaries")).text)

    assert '<caption class="h6 text-body">Direct beneficiaries</caption>' in page
    assert '<caption class="h6 text-body">Indirect beneficiaries</caption>' in page
    assert (
        '<th scope="col">Gender</th> <th scope="col" class="text-end">18 and over</th> '
        '<th scope="col" class="text-end">Under 18</th> '
        '<th scope="col" class="text-end">Total</th>'
    ) in page
    # Each input in its cell, labelled (out of sight) by its row and column.
    assert (
        '<th scope="row">Women and girls</th> <td data-cfli-count="adults"> '
        '<label class="visually-hidden" for="id_direct_women">Direct: women (18 and over)</label> '
        '<input type="number" name="direct_women" value="1200"'
    ) in page
    assert (
        '<label class="visually-hidden" for="id_indirect_other_minors">'
        "Indirect: other gender identities (under 18)</label>"
    ) in page
    # Rows: 1,234 women and girls, 5 men and boys, 2 of other gender identities.
    assert re.findall(r"data-cfli-row-total>([^<]*)<", page) == ["1,234", "5", "2", "0", "0", "0"]
    assert re.findall(r"data-cfli-(?:column|grand)-total[^>]*>([^<]*)<", page) == [
        *("1,205", "36", "1,241"),
        *("0", "0", "0"),
    ]
    assert '<th scope="row">Total</th>' in page


def test_the_beneficiary_totals_are_written_in_the_readers_language(
    client, draft_oaxaca, partner_oaxaca
):
    draft_oaxaca.direct_women, draft_oaxaca.direct_girls = 1200, 34
    draft_oaxaca.save()
    in_language(partner_oaxaca, "fr")
    client.force_login(partner_oaxaca)

    page = client.get(section_url(draft_oaxaca, "beneficiaries")).text

    assert f"data-cfli-row-total>1{NBSP}234<" in page
    assert f"data-cfli-grand-total>1{NBSP}234<" in page
    assert f'data-cfli-decimal-separator="," data-cfli-thousand-separator="{NBSP}"' in page


@pytest.mark.parametrize(
    ("_case", "typed", "value"),
    [
        ("a count", "1200", 1200),
        ("from a keyboard that adds decimals", "12.0", 12),
        ("empty", "", 0),
        ("not saved yet", None, 0),
        ("negative", "-3", 0),
        ("a fraction", "2.5", 0),
        ("letters", "doce", 0),
        ("over the maximum", "100000001", 0),
        ("thousands of digits", "9" * 5000, 0),
    ],
)
def test_a_count_that_the_form_refuses_adds_nothing_to_the_totals(_case, typed, value):
    assert count(typed) == value


# --- The budget's table -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_budget_shows_each_line_total_and_the_column_totals_in_the_readers_language(
    language, client, draft_oaxaca, partner_oaxaca
):
    two_lines(draft_oaxaca)
    in_language(partner_oaxaca, language)
    client.force_login(partner_oaxaca)

    page = squeezed(client.get(section_url(draft_oaxaca, "budget")).text)

    # 3 × 411.50 and 2.5 × 0.33 (0.825, rounded half up); then the row new lines are copied from.
    assert re.findall(r"data-cfli-line-total>([^<]*)<", page) == [
        f"1{NBSP}234,50",
        "0,83",
        "0,00",
    ]
    # The project's total, then the CFLI, applicant, in-kind and other donors' columns.
    assert re.findall(r'<td [^>]*data-cfli-budget-total="([a-z_]+)">([^<]*)<', page) == [
        ("line_total", f"1{NBSP}235,33"),
        ("cfli_amount", f"1{NBSP}000,83"),
        ("applicant_cash", "234,50"),
        ("in_kind", "0,00"),
        ("other_donor", "0,00"),
    ]
    # The amount requested is the CFLI column's total, shown, not typed.
    assert (
        f'id="id_amount_requested"><span data-cfli-budget-total="cfli_amount">1{NBSP}000,83'
        "</span> MXN</dd>"
    ) in page
    assert 'name="amount_requested"' not in page


def test_the_budget_lines_are_a_table_whose_inputs_name_their_column_and_line(
    client, draft_oaxaca, partner_oaxaca
):
    two_lines(draft_oaxaca)
    client.force_login(partner_oaxaca)

    page = squeezed(client.get(section_url(draft_oaxaca, "budget")).text)

    headers = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', page)
    assert headers == [
        *("Line", "Cost category", "Description", "Unit", "Quantity", "Unit cost"),
        *("Line total", "CFLI", "Applicant (cash)", "In kind", "Other donors", "Delete"),
    ]
    assert re.findall(r'<th scope="row" class="text-nowrap">([^<]*<span[^>]*>[^<]*)', page) == [
        "Line <span data-cfli-row-number>1",
        "Line <span data-cfli-row-number>2",
        "Line <span data-cfli-row-number>",  # the row new lines are copied from
    ]
    assert (
        '<label class="visually-hidden" for="id_budget_lines-1-unit_cost">Unit cost, line '
        '<span data-cfli-line-number>2</span></label> <input type="number" '
        'name="budget_lines-1-unit_cost" value="0.33"'
    ) in page
    assert '<tbody data-cfli-rows="budget_lines">' in page
    assert '<template data-cfli-row-template="budget_lines"><tr>' in page.replace("> <", "><")
    assert re.search(r'<script src="/static/js/budget\.js" nonce="[^"]+" defer>', page)


def test_a_refused_amount_is_said_in_its_cell_linked_to_its_input_and_adds_nothing(
    client, draft_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)

    response = client.post(
        section_url(draft_oaxaca, "budget"), budget_post(**{"budget_lines-0-unit_cost": "-5"})
    )

    assert response.status_code == 400
    page = squeezed(response.text)
    assert (
        '<input type="number" name="budget_lines-0-unit_cost" value="-5" step="0.01" '
        'inputmode="decimal" class="form-control text-end is-invalid" aria-invalid="true" '
        'aria-describedby="id_budget_lines-0-unit_cost_error" id="id_budget_lines-0-unit_cost"> '
        '<div class="invalid-feedback" id="id_budget_lines-0-unit_cost_error">Enter an amount'
    ) in page
    # The totals shown are of the lines as typed: the first line's cost is not known.
    assert re.findall(r"data-cfli-line-total>([^<]*)<", page) == ["0.00", "0.83", "0.00"]


def test_the_tables_totals_leave_out_lines_marked_for_removal_and_amounts_the_form_refuses():
    formset = row_formset(
        "budget_lines",
        data={
            "budget_lines-TOTAL_FORMS": "3",
            "budget_lines-INITIAL_FORMS": "0",
            "budget_lines-0-quantity": "2",
            "budget_lines-0-unit_cost": "10.50",
            "budget_lines-0-cfli_amount": "21",
            "budget_lines-1-quantity": "1",
            "budget_lines-1-unit_cost": "100",
            "budget_lines-1-cfli_amount": "100",
            "budget_lines-1-DELETE": "on",
            "budget_lines-2-quantity": "-1",
            "budget_lines-2-unit_cost": "5",
            "budget_lines-2-cfli_amount": "7.125",
            "budget_lines-2-in_kind": "7",
        },
    )
    formset.is_valid()

    table = formset.table

    assert [row.line_total for row in table.rows] == [Decimal("21.00"), Decimal(100), 0]
    assert [row.removed for row in table.rows] == [False, True, False]
    totals = table.totals
    assert (totals.project, totals.cfli, totals.in_kind) == (Decimal("21.00"), 21, 7)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("411.50", Decimal("411.50")),
        ("2.5", Decimal("2.5")),
        (".5", Decimal("0.5")),
        (Decimal("10.00"), Decimal("10.00")),  # as saved
        ("", None),
        (".", None),
        ("-5", None),
        ("1.234", None),
        ("1e3", None),
        ("diez", None),
        ("9999999999.99", Decimal("9999999999.99")),
        ("10000000000", None),
        ("9" * 5000, None),
    ],
)
def test_an_amount_is_read_as_the_form_takes_it(typed, value):
    assert budget.typed_amount(typed) == value


def test_a_quantity_over_the_largest_the_form_takes_adds_nothing():
    line = budget.typed_line({"quantity": "100000000", "unit_cost": "1", "cfli_amount": "5"})

    assert (line.quantity, line.unit_cost, line.cfli_amount) == (None, 1, 5)


# --- The amount requested ---------------------------------------------------------------------


def test_saving_the_budget_makes_the_amount_requested_the_cfli_total_whatever_is_posted(
    client, draft_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)

    response = client.post(
        section_url(draft_oaxaca, "budget"), budget_post(amount_requested="999999"), **HTMX
    )

    assert response.status_code == 200
    draft_oaxaca.refresh_from_db()
    # 1,000.83 MXN at the call's 0.0752 is CAD 75.26.
    assert (
        draft_oaxaca.amount_requested,
        draft_oaxaca.cfli_total,
        draft_oaxaca.amount_requested_cad,
    ) == (Decimal("1000.83"), Decimal("1000.83"), Decimal("75.26"))
    assert section_problems(draft_oaxaca, "budget") == []


def test_the_budget_service_ignores_an_amount_requested_given_to_it(complete_draft, partner_oaxaca):
    lines = list(complete_draft.budget_lines.values(*BudgetLineForm._meta.fields))

    proposal = services.proposal_section_save(
        proposal=complete_draft,
        section="budget",
        values={"currency": "MXN", "amount_requested": Decimal(1)},
        rows={"budget_lines": lines},
        version=0,
        actor=partner_oaxaca,
    )

    proposal.refresh_from_db()
    assert (proposal.amount_requested, proposal.amount_requested_cad) == (
        Decimal("500000.00"),
        Decimal("37600.00"),
    )


def test_a_budget_without_lines_asks_for_nothing_yet(complete_draft, partner_oaxaca):
    proposal = services.proposal_section_save(
        proposal=complete_draft,
        section="budget",
        values={"currency": "MXN"},
        rows={"budget_lines": []},
        version=0,
        actor=partner_oaxaca,
    )

    proposal.refresh_from_db()
    assert (proposal.amount_requested, proposal.cfli_total, proposal.amount_requested_cad) == (
        None,
        0,
        None,
    )
    assert [problem.message for problem in section_problems(proposal, "budget")] == [
        "Add at least one budget line."
    ]


def test_lines_that_ask_nothing_of_the_cfli_are_not_complete(complete_draft):
    complete_draft.budget_lines.update(cfli_amount=None, applicant_cash=Decimal(500000))
    complete_draft.amount_requested = complete_draft.cfli_total = Decimal(0)

    problems = section_problems(complete_draft, "budget")

    assert [(problem.field_id, problem.message) for problem in problems] == [
        (
            "id_budget_lines-0-cfli_amount",
            "Give what you ask of the CFLI in the CFLI column of the budget lines: its total is "
            "the amount requested.",
        )
    ]
