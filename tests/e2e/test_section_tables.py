"""The beneficiaries and the budget as tables whose totals follow what one types, in the page's
language (issue 19, point 18); the server computes the same totals when it saves."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.e2e.axe import check_axe
from tests.proposals.factories import ProposalFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NBSP = "\xa0"


def sign_in(page, live_server, user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def type_into(page, selector, text):
    """Replace what the field holds, as a person would: select it all, then type."""
    page.locator(selector).focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def shows(locator, text):
    """The element says exactly `text`, no-break spaces included (expect() waits for it, but
    reads every kind of space as one)."""
    expect(locator).to_have_text(text.replace(NBSP, " "))
    assert locator.text_content().strip() == text


def autosaves_done(page):
    """Every autosave the page started, or will start once the pause after typing is over, has
    been answered: none reaches the server after the test has ended."""
    page.wait_for_timeout(1500)  # the autosave waits 1.2 s after the last keystroke
    expect(page.locator("#section-form")).not_to_have_class(re.compile(r"\bhtmx-request\b"))


@pytest.fixture
def draft(call_mexico, organization_oaxaca, partner_oaxaca):
    return ProposalFactory(call=call_mexico, organization=organization_oaxaca)


def test_the_budget_line_and_column_totals_follow_what_one_types_in_french(
    page, live_server, draft, partner_oaxaca
):
    sign_in(page, live_server, partner_oaxaca, "fr")
    page.goto(f"{live_server.url}/proposals/{draft.pk}/budget/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    check_axe(page)
    line_totals = page.locator("tbody [data-cfli-line-total]")

    type_into(page, "#id_budget_lines-0-quantity", "3")
    type_into(page, "#id_budget_lines-0-unit_cost", "411.50")

    shows(line_totals.nth(0), f"1{NBSP}234,50")
    shows(page.locator('td[data-cfli-budget-total="line_total"]'), f"1{NBSP}234,50")

    type_into(page, "#id_budget_lines-0-cfli_amount", "1000")
    type_into(page, "#id_budget_lines-0-applicant_cash", "234.50")

    shows(page.locator('td[data-cfli-budget-total="cfli_amount"]'), f"1{NBSP}000,00")
    shows(page.locator('td[data-cfli-budget-total="applicant_cash"]'), "234,50")
    # The amount requested is the CFLI column's total, not typed again.
    expect(page.locator("#id_amount_requested")).to_have_text(re.compile(r"^\s*1.000,00 MXN\s*$"))

    # A second line, added without leaving the page, is numbered and counted.
    page.locator("[data-cfli-add-row=budget_lines]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("label[for=id_budget_lines-1-quantity]")).to_have_text("Quantité, ligne 2")
    type_into(page, "#id_budget_lines-1-quantity", "2.5")
    type_into(page, "#id_budget_lines-1-unit_cost", "0.33")

    shows(line_totals.nth(1), "0,83")  # 0.825, rounded half up
    shows(page.locator('td[data-cfli-budget-total="line_total"]'), f"1{NBSP}235,33")

    # The autosave stores what the server computes from the lines: the same totals.
    expect(page.locator("#save-status")).to_contain_text("Enregistré")
    expect(page.locator("#budget-totals")).to_contain_text("1 235,33")
    check_axe(page)
    draft.refresh_from_db()
    assert (draft.amount_requested, draft.project_total) == (Decimal("1000.00"), Decimal("1235.33"))

    # Marked for removal, a line leaves the column totals (and the budget, once saved).
    page.locator("#id_budget_lines-0-DELETE").check()
    shows(page.locator('td[data-cfli-budget-total="line_total"]'), "0,83")
    shows(page.locator('td[data-cfli-budget-total="cfli_amount"]'), "0,00")
    shows(page.locator("#id_amount_requested span"), "0,00")
    autosaves_done(page)
    draft.refresh_from_db()
    assert (draft.amount_requested, draft.project_total) == (Decimal(0), Decimal("0.83"))


def test_the_beneficiary_totals_follow_what_one_types_in_spanish(
    page, live_server, draft, partner_oaxaca
):
    sign_in(page, live_server, partner_oaxaca, "es")
    page.goto(f"{live_server.url}/proposals/{draft.pk}/beneficiaries/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    direct = page.locator("[data-cfli-count-grid=direct]")

    type_into(page, "#id_direct_women", "1200")
    type_into(page, "#id_direct_girls", "34")
    type_into(page, "#id_direct_men", "5")

    rows = direct.locator("tbody [data-cfli-row-total]")
    shows(rows.nth(0), f"1{NBSP}234")
    shows(rows.nth(1), "5")
    shows(direct.locator('[data-cfli-column-total="adults"]'), f"1{NBSP}205")
    shows(direct.locator('[data-cfli-column-total="minors"]'), "34")
    shows(direct.locator("[data-cfli-grand-total]"), f"1{NBSP}239")
    # Each input says its row and column to whoever cannot see the table.
    expect(page.get_by_label("Directas: niñas (menores de 18 años)", exact=True)).to_have_value(
        "34"
    )

    autosaves_done(page)
    expect(page.locator("#save-status")).to_contain_text("Guardado")
    check_axe(page)
    draft.refresh_from_db()
    assert draft.direct_total() == 1239
