"""A program officer goes from a proposal's workspace to its Reviewers page, replaces one of
its reviewers there, then reads the workload of the mission's reviewers, in the browser with
the keyboard; every page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from proposals.services import proposal_move
from reviews import services
from tests.accounts.factories import UserFactory
from tests.e2e.axe import check_axe
from tests.programs.factories import MissionStaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def staff(mission, role, name, email):
    return MissionStaffFactory(
        mission=mission, role=role, user=UserFactory(full_name=name, email=email)
    ).user


def test_an_officer_replaces_a_reviewer_and_reads_the_reviewers_workload(
    page, log_in, live_server, mission_mexico, submitted_oaxaca, default_instruments
):
    officer = staff(mission_mexico, "program_officer", "Olga Navarro", "olga@example.org")
    for name, email in [
        ("Ana Reyes", "ana@example.org"),
        ("Bruno Castillo", "bruno@example.org"),
        ("Carmen Díaz", "carmen@example.org"),
    ]:
        staff(mission_mexico, "reviewer", name, email)
    proposal = proposal_move(proposal=submitted_oaxaca, to="in_review", actor=officer)
    services.reviewers_assign(proposal=proposal)  # Ana and Bruno
    log_in(officer)
    page.goto(f"{live_server.url}/manage/proposals/{proposal.pk}/")
    check_axe(page)

    link = page.get_by_role("link", name="Add, replace or withdraw reviewers")
    link.focus()
    with page.expect_navigation(url=re.compile(rf"/manage/proposals/{proposal.pk}/reviewers/$")):
        page.keyboard.press("Enter")
    check_axe(page)
    section = page.get_by_role("region", name="Reviewers")
    summary = section.get_by_text("Replace or withdraw Ana Reyes")
    summary.focus()
    page.keyboard.press("Enter")  # opens the details
    check_axe(page)
    section.get_by_label("Reviewer in place of Ana Reyes").select_option(
        label="Carmen Díaz — 0 open, 0 in this call"
    )
    with page.expect_navigation(url=re.compile(rf"/manage/proposals/{proposal.pk}/reviewers/$")):
        section.get_by_role("button", name="Replace").first.press("Enter")
    check_axe(page)

    expect(page.locator(".alert-success")).to_contain_text(
        "Carmen Díaz reviews this proposal in place of Ana Reyes."
    )
    # (Each line's forms list the other reviewers: the line is the one that names Ana.)
    ana = section.get_by_role("listitem").filter(has=page.locator("strong", has_text="Ana Reyes"))
    expect(ana).to_contain_text("Withdrawn on")
    link = section.get_by_role("link", name="Reviewers' workload")
    link.focus()
    with page.expect_navigation(url=re.compile(r"/manage/proposals/reviewers/$")):
        page.keyboard.press("Enter")
    check_axe(page)
    rows = page.get_by_role("row")
    expect(rows.filter(has_text="Carmen Díaz")).to_contain_text("1")
    expect(rows.filter(has_text="Ana Reyes")).to_contain_text("0")
