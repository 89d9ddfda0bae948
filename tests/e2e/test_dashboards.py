"""The dashboards in the browser: reached from the header, axe-clean in the three languages."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from programs.models import SubTheme
from tests.e2e.axe import check_axe
from tests.monitoring import test_dashboards as reports_data
from tests.reporting.test_dashboards import a_proposal, an_organization

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The projects with reports at every standing, as the dashboards' reports tests have them.
parties, projects = reports_data.parties, reports_data.projects


@pytest.fixture
def figures(call_mexico, call_colombia):
    """Mexico: proposals in review and approved (with codes, beneficiaries, a sub-theme and a
    title that tries to inject markup); Colombia: one approved proposal."""
    sierra = an_organization("Mujeres de la Sierra Norte")
    water = SubTheme.objects.create(
        name_en="Water", name_fr="Eau et assainissement", name_es="Agua", position=1
    )
    area = call_mexico.priorities.get()
    a_proposal(
        call_mexico, sierra, "CFLI-MEX-2026-27-0001", status="in_review",
        amount_requested_cad=Decimal("30000"), call_priority=area, direct_women=60,
    )  # fmt: skip
    a_proposal(
        call_mexico, sierra, "CFLI-MEX-2026-27-0002", status="approved",
        amount_requested_cad=Decimal("45000"), award=Decimal("40000"), code="GE-2",
        call_priority=area, sub_theme=water, direct_girls=25, indirect_men=100,
        title="<script>alert(1)</script>",
    )  # fmt: skip
    a_proposal(
        call_mexico, sierra, "CFLI-MEX-2026-27-0003", status="approved",
        amount_requested_cad=Decimal("20000"), award=Decimal("18000"), code="GE-3",
    )  # fmt: skip
    a_proposal(
        call_colombia, an_organization("Fundación Caminos de Paz", country="CO"),
        "CFLI-COL-2026-27-0001", status="approved", amount_requested_cad=Decimal("50000"),
        award=Decimal("50000"), code="GE-0", title="Caminos de paz en Soacha",
    )  # fmt: skip


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_an_officer_opens_the_mission_dashboard_from_the_header(
    page, live_server, log_in, language, officer_mexico, figures
):
    officer_mexico.preferred_language = language
    officer_mexico.save()
    log_in(officer_mexico)

    page.goto(live_server.url + "/manage/proposals/")
    page.locator("header a[href='/manage/dashboard/']").click()
    page.wait_for_url(re.compile(r"/manage/dashboard/$"))

    expect(page.locator("main table").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("<script>alert(1)</script>")
    expect(page.locator("main")).not_to_contain_text("Caminos de paz en Soacha")
    check_axe(page)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_an_administrator_reads_headquarters_then_one_mission(
    page, live_server, log_in, language, administrator, figures, mission_mexico
):
    administrator.preferred_language = language
    administrator.save()
    log_in(administrator)

    page.goto(live_server.url + "/manage/dashboard/headquarters/")
    expect(page.locator("main")).to_contain_text("Caminos de paz en Soacha")
    check_axe(page)
    page.locator("main select[name=fiscal_year]").select_option("2026")
    page.locator("main form [type=submit]").click()
    page.wait_for_url(re.compile(r"fiscal_year=2026"))
    check_axe(page)

    page.locator(f"main a[href*='?mission={mission_mexico.pk}&']").click()
    page.wait_for_url(re.compile(rf"/manage/dashboard/\?mission={mission_mexico.pk}&fiscal_year"))
    expect(page.locator("main")).to_contain_text("<script>alert(1)</script>")
    check_axe(page)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_reports_figures_read_in_the_officer_s_language_and_at_headquarters(
    page, live_server, log_in, language, projects, officer_mexico, administrator
):
    """Reports due and overdue, people reached, results and spending, each with its table."""
    call, _agreements = projects
    officer_mexico.preferred_language = language
    officer_mexico.save()
    log_in(officer_mexico)
    page.goto(f"{live_server.url}/manage/dashboard/?mission={call.mission_id}&call={call.pk}")
    for section in ("reports", "reached", "results", "spending"):
        expect(
            page.locator(f"section[aria-labelledby='{section}-title'] table").first
        ).to_be_visible()
    expect(page.locator("main")).to_contain_text("Inclusive governance")
    check_axe(page)

    administrator.preferred_language = language
    administrator.save()
    page.context.clear_cookies()
    log_in(administrator)
    page.goto(f"{live_server.url}/manage/dashboard/headquarters/")
    expect(page.locator("#reports-caption")).to_be_visible()
    check_axe(page)
