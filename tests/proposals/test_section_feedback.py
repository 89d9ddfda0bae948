"""What the form tells the applicant as they fill it in (issue 19, 6 and 17): the list of what
this section still lacks and the state of every section follow each autosave without a reload,
and the call's deadline is given in the applicant's own time zone with the time left."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils.html import strip_tags

from proposals.models import ProposalActivity, ProposalResult
from proposals.sections import SECTIONS

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def section_url(proposal, key="project"):
    return f"/proposals/{proposal.pk}/{key}/"


def state_of(page: str, key: str) -> str:
    """The words of a section's badge in the list of sections: "State: To do"."""
    badge = re.search(
        rf'<span id="section-state-{key}"[^>]*><span class="visually-hidden">([^<]*)</span>'
        r"([^<]*)</span>",
        page,
    )
    return " ".join((badge.group(1) + badge.group(2)).split())


def oob_states(response) -> dict[str, str]:
    """The section states an autosave's answer swaps into the page, out of band."""
    return {
        key: state_of(response.text, key)
        for key in re.findall(
            r'<span id="section-state-(\w+)"[^>]*hx-swap-oob="true"', response.text
        )
    }


def still_to_complete(response) -> list[str]:
    """The items of the "still to complete" list the answer swaps in (out of band)."""
    block = re.search(
        r'<div id="section-problems" hx-swap-oob="true">(.*?)\n</div>', response.text, re.S
    )
    assert block, "the list is not swapped by the autosave"
    return [strip_tags(item).strip() for item in re.findall(r"<li>(.*?)</li>", block.group(1))]


# --- The list of what is still to complete (issue 19, 6) ----------------------------------------


def test_an_autosave_that_fills_a_missing_field_takes_it_off_the_list_it_sends_back(
    client, draft_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)
    page = client.get(section_url(draft_oaxaca)).text
    assert "Fill in “Project title”." in page

    response = client.post(
        section_url(draft_oaxaca), {"version": "0", "title": "Defensoras del Atoyac"}, **HTMX
    )

    assert response.status_code == 200
    assert still_to_complete(response) == [
        "Fill in “City or village”.",
        "Fill in “Country”.",
        "Fill in “Start date”.",
        "Fill in “End date”.",
    ]
    assert "4 items still to complete in this section." in response.text
    assert oob_states(response) == {"project": "State: To do"}


def test_an_autosave_that_completes_the_section_empties_the_list_and_marks_the_section_complete(
    client, draft_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)

    response = client.post(
        section_url(draft_oaxaca, "risks"),
        {
            "version": "0",
            "risks": "Lluvias: calendario flexible.",
            "sustainability": "Comités de agua.",
            "environment": "Sin impacto negativo.",
        },
        **HTMX,
    )

    assert still_to_complete(response) == []
    assert '<p class="border rounded p-3 mb-3">This section is complete.</p>' in response.text
    assert oob_states(response) == {"risks": "State: Complete"}


def test_moving_the_projects_dates_sends_back_the_state_of_the_activities_they_frame_too(
    client, complete_draft, partner_oaxaca
):
    # The only activity runs until 30 January 2027.
    client.force_login(partner_oaxaca)

    moved = client.post(
        section_url(complete_draft), {"version": "0", "end_date": "2027-01-15"}, **HTMX
    )
    renamed = client.post(section_url(complete_draft), {"version": "1", "title": "Otra"}, **HTMX)

    assert oob_states(moved) == {"project": "State: Complete", "results": "State: To do"}
    assert oob_states(renamed) == {"project": "State: Complete"}  # the dates did not move
    page = client.get(section_url(complete_draft, "results")).text
    assert "Activity 1: its dates must fall within the project&#x27;s dates." in page


def test_a_conflict_or_a_refused_save_changes_neither_the_list_nor_the_states(
    client, draft_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)
    client.post(section_url(draft_oaxaca), {"version": "0", "title": "Uno"}, **HTMX)

    conflict = client.post(section_url(draft_oaxaca), {"version": "0", "title": "Dos"}, **HTMX)

    assert conflict.status_code == 409
    assert "section-problems" not in conflict.text
    assert "section-state-" not in conflict.text


# --- The state of each section in the list of sections (issue 19, 17) --------------------------


def test_the_list_of_sections_says_in_words_which_are_complete_and_which_to_do(
    client, complete_draft, partner_oaxaca
):
    complete_draft.risks = ""
    complete_draft.save(update_fields=["risks"])
    client.force_login(partner_oaxaca)

    page = client.get(section_url(complete_draft, "context")).text

    assert {section.key: state_of(page, section.key) for section in SECTIONS} == {
        section.key: "State: To do" if section.key == "risks" else "State: Complete"
        for section in SECTIONS
    }
    assert '<span class="visually-hidden">State: </span>' in page


def test_the_list_of_sections_links_each_one_and_marks_the_page_s_own(
    client, complete_draft, partner_oaxaca
):
    client.force_login(partner_oaxaca)

    page = client.get(section_url(complete_draft, "budget")).text

    links = re.findall(r'<a class="me-auto[^"]*" href="([^"]+)"([^>]*)>([^<]+)</a>', page)
    assert [(url, title) for url, _current, title in links] == [
        (section_url(complete_draft, section.key), str(section.title)) for section in SECTIONS
    ]
    assert [url for url, current, _title in links if current] == [
        section_url(complete_draft, "budget")
    ]
    assert (
        f'<a class="me-auto link-body-emphasis" href="{section_url(complete_draft, "budget")}"'
        ' aria-current="page">Budget</a>'
    ) in page
    # The page's badges are the ones autosave swaps, less the swap.
    assert (
        '<span id="section-state-budget" class="badge text-bg-success">'
        '<span class="visually-hidden">State: </span>Complete</span>'
    ) in page


def test_the_section_page_reads_every_sections_rows_in_a_fixed_number_of_queries(
    client, complete_draft, partner_oaxaca, django_assert_max_num_queries
):
    # the session with its user, the proposal with its call, mission, priority and organization, one
    # query for each kind of row (results, activities, budget lines, funders, attachments),
    # and the header's (membership, roles, inbox count): 11, however many rows there are.
    for number in range(5):
        ProposalResult.objects.create(proposal=complete_draft, kind="output", position=number + 1)
        ProposalActivity.objects.create(proposal=complete_draft, position=number + 1)
    client.force_login(partner_oaxaca)

    with django_assert_max_num_queries(11):
        response = client.get(section_url(complete_draft, "results"))

    assert response.status_code == 200
    assert state_of(response.text, "results") == "State: To do"


# --- The deadline, in the applicant's time, with the time left (issue 19, 17) -------------------

MEXICO = ZoneInfo("America/Mexico_City")
DEADLINE = datetime(2027, 1, 15, 10, 0, tzinfo=MEXICO)  # 17:00 in Madrid


@pytest.fixture
def partner_in_madrid(partner_oaxaca, call_mexico):
    call_mexico.closes_at = DEADLINE
    call_mexico.save(update_fields=["closes_at"])
    partner_oaxaca.time_zone = "Europe/Madrid"
    partner_oaxaca.save(update_fields=["time_zone"])
    return partner_oaxaca


@pytest.mark.parametrize(
    ("_case", "before", "left", "near"),
    [
        ("days ahead", timedelta(days=9, hours=3), "9 days left", False),
        ("a day and a bit", timedelta(days=1, hours=23), "1 day left", False),
        ("the last day", timedelta(hours=5, minutes=30), "5 hours left", True),
        ("the last hour", timedelta(minutes=20), "less than an hour left", True),
    ],
)
def test_the_form_gives_the_deadline_in_the_applicants_time_and_the_time_left(
    _case, before, left, near, client, draft_oaxaca, partner_in_madrid
):
    with time_machine.travel(DEADLINE - before, tick=False):
        client.force_login(partner_in_madrid)
        page = client.get(section_url(draft_oaxaca)).text

    deadline = re.search(r'<p id="deadline"([^>]*)>(.*?)</p>', page, re.S)
    assert " ".join(strip_tags(deadline.group(2)).split()) == (
        f"Deadline: Jan. 15, 2027, 5 p.m. (Europe/Madrid) — {left} "
        "In the mission’s time: Jan. 15, 2027, 10 a.m. (America/Mexico City)"
    )
    assert ("text-danger" in deadline.group(1)) is near


def test_a_closed_call_shows_no_time_left(client, draft_oaxaca, partner_in_madrid):
    with time_machine.travel(DEADLINE + timedelta(minutes=1), tick=False):
        client.force_login(partner_in_madrid)
        page = client.get(section_url(draft_oaxaca)).text

    assert 'id="deadline"' not in page
    assert "The call is closed: this draft is kept as it is" in page


# --- Where the save status is said (issue 19, 17) -----------------------------------------------


def test_the_save_status_is_in_a_bar_that_stays_at_the_bottom_of_the_window(
    client, draft_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)

    page = client.get(section_url(draft_oaxaca)).text

    bar = re.search(r'<div class="cfli-save-bar ([^"]*)">(.*?)</div>', page, re.S)
    assert "sticky-bottom" in bar.group(1).split()
    assert '<p id="save-status" class="mb-0 small" role="status" aria-live="polite">' in (
        bar.group(2)
    )
