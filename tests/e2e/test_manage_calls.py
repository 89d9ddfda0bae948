import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import check_axe
from tests.programs.factories import PriorityAreaFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_drafts_publishes_and_extends_a_call(page, log_in, officer_mexico):
    area = PriorityAreaFactory(name_en="Gender equality")
    log_in(officer_mexico)

    page.get_by_role("link", name="Manage calls").click()
    check_axe(page)
    page.get_by_role("link", name="New call").click()
    check_axe(page)
    page.get_by_label("Title in English").fill("Oaxaca 2026-27")
    page.get_by_label("Title in French").fill("Oaxaca 2026-2027")  # published: every language
    page.get_by_label("Title in Spanish").fill("Oaxaca 2026-27")
    page.get_by_label("Opens at").fill("2026-12-01T09:00")
    page.get_by_label("Deadline").fill("2027-01-15T23:59")
    page.get_by_label("Latest project end date").fill("2027-02-15")
    page.get_by_label("Budget envelope (CAD)").fill("300000")
    page.get_by_label("Typical minimum per project (CAD)").fill("20000")
    page.get_by_label("Typical maximum per project (CAD)").fill("45000")
    page.get_by_label("Hard maximum per project (CAD)").fill("100000")
    page.get_by_label("Administrative cost cap (% of the CFLI contribution)").fill("15")
    page.get_by_label("Exchange rate (CAD for one unit of the local currency)").fill("0.0752")
    page.get_by_label("Local non-governmental or community-based organization").check()
    page.get_by_label(area.name_en).check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Oaxaca 2026-27")
    check_axe(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The call is published.")).to_be_visible()

    page.get_by_role("link", name="Extend the deadline").click()
    check_axe(page)
    page.get_by_label("New deadline").fill("2027-01-31T23:59")
    page.get_by_label("Reason").fill("Hurricane season")
    page.get_by_role("button", name="Extend the deadline").click()
    expect(page.get_by_text("The deadline was extended.")).to_be_visible()
    expect(page.get_by_text("Hurricane season")).to_be_visible()


def test_administrator_retires_a_priority_area_in_use(page, log_in, administrator, call_mexico):
    area = call_mexico.priorities.get().priority_area
    log_in(administrator)

    page.get_by_role("link", name="Priority areas").click()
    check_axe(page)
    expect(page.get_by_role("button", name=re.compile(f"Delete.*{area.name}"))).to_have_count(0)
    page.get_by_role("button", name=re.compile(f"Retire.*{area.name}")).click()

    expect(
        page.get_by_text("The priority area was retired. Calls that use it keep it.")
    ).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(f"Restore.*{area.name}"))).to_be_visible()
    page.get_by_role("link", name="New priority area").click()
    check_axe(page)
    page.go_back()
    page.get_by_role("link", name="Sub-themes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sub-themes")
    check_axe(page)


@pytest.mark.usefixtures("celery_eager")
def test_staff_page_and_invitation_page_are_accessible(
    page, live_server, log_in, administrator, officer_mexico
):
    log_in(administrator)

    page.get_by_role("link", name="Missions").click()
    check_axe(page)
    page.get_by_role("link", name="New mission").click()
    check_axe(page)
    page.get_by_role("link", name="Staff").click()
    check_axe(page)
    page.get_by_label("E-mail address").fill("new.reviewer@example.org")
    page.locator("#id_mission").select_option(label=officer_mexico.mission_roles.get().mission.name)
    page.get_by_label("Role").select_option("reviewer")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("An invitation was sent to new.reviewer@example.org.")).to_be_visible()
    check_axe(page)

    from programs.models import StaffInvitation

    page.goto(live_server.url + StaffInvitation.objects.get().get_absolute_url())
    check_axe(page)
