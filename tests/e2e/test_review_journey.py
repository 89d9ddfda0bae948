"""The review of one proposal from screening to the decision letter, in the browser, by each of
the people who take part: the program officer screens it, two reviewers are assigned, one of
them recuses herself and is replaced, the reviews add up, the officer recommends, the head of
mission approves, and the applicant reads the outcome and downloads the letter. Every page
visited passes axe-core."""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from proposals import services
from proposals.models import Proposal
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.axe import check_axe
from tests.programs.factories import MissionStaffFactory
from tests.proposals.factories import ProposalFactory, fill_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Proposal content a reviewer must not read before declaring no conflict of interest.
CONTENT = "Las defensoras indígenas enfrentan amenazas crecientes."


def staff(mission, role, name, email):
    return MissionStaffFactory(
        mission=mission, role=role, user=UserFactory(full_name=name, email=email)
    ).user


@pytest.fixture
def cast(mission_mexico, default_instruments):
    """The mission's people: a program officer, a head of mission who approves, and three
    reviewers (created in the order the assignment picks them: fewest open reviews, then
    oldest account)."""
    return {
        "officer": staff(mission_mexico, "program_officer", "Olga Navarro", "olga@example.org"),
        "approver": staff(mission_mexico, "approver", "Héctor Ruiz", "hector@example.org"),
        "reviewer_a": staff(mission_mexico, "reviewer", "Ana Reyes", "ana@example.org"),
        "reviewer_b": staff(mission_mexico, "reviewer", "Bruno Castillo", "bruno@example.org"),
        "reviewer_c": staff(mission_mexico, "reviewer", "Carmen Díaz", "carmen@example.org"),
    }


@pytest.fixture
def submitted(call_mexico, organization_oaxaca, partner_oaxaca, private_files):
    draft = fill_in(ProposalFactory(call=call_mexico, organization=organization_oaxaca))
    return services.proposal_submit(
        proposal=draft, actor=partner_oaxaca, received_at=call_mexico.opens_at + timedelta(days=1)
    ).proposal


@pytest.fixture
def sign_in(new_context, live_server):
    """Each person at their own browser: sign in through the login page."""

    def open_as(user):
        page = new_context().new_page()
        page.goto(live_server.url + "/accounts/login/")
        check_axe(page)
        page.locator("#id_login").fill(user.email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("#id_password").press("Enter")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        check_axe(page)
        return page

    return open_as


def menu(page, name):
    """A link of the header's main navigation."""
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def go(page, link, url_pattern):
    """Follow a link with the keyboard, wait for the page and check it."""
    link.focus()
    # Waits for the new page even when it has the same address (a role's start page).
    with page.expect_navigation(url=re.compile(url_pattern)):
        page.keyboard.press("Enter")
    check_axe(page)


def click_and_check(page, button, url_pattern):
    with page.expect_navigation(url=re.compile(url_pattern)):
        button.click()
    check_axe(page)


# --- The program officer ----------------------------------------------------------------------


def officer_screens(page, proposal):
    go(page, menu(page, "Proposals"), r"/manage/proposals/$")
    go(
        page,
        page.get_by_role("link", name=proposal.reference),
        rf"/manage/proposals/{proposal.pk}/$",
    )
    go(page, page.get_by_role("link", name="Screen the proposal"), r"/screening/$")
    checks = page.locator("input[type=radio][name^=check_]")
    by_hand = []
    for name in sorted({checks.nth(i).get_attribute("name") for i in range(checks.count())}):
        passes = page.locator(f"input[name={name}][value=yes]")
        expect(page.locator(f"input[name={name}][value=no]")).not_to_be_checked()
        if not passes.is_checked():  # the system cannot tell: the officer checks by hand
            passes.check()
            by_hand.append(name)
    assert by_hand == ["check_registration"]  # the other nine are prefilled as passing
    page.locator("input[name=outcome][value=eligible]").check()
    click_and_check(
        page,
        page.get_by_role("button", name="Record the screening"),
        rf"/manage/proposals/{proposal.pk}/$",
    )
    expect(page.locator(".alert-success")).to_have_text(re.compile("The screening is recorded"))
    expect(page.get_by_role("heading", name="Status: In review")).to_be_visible()


def reviewers_section(page):
    return page.get_by_role("region", name="Reviewers")


def reviewer_line(page, name):
    return reviewers_section(page).get_by_role("listitem").filter(has_text=name)


def assert_timeline(page, expected):
    """The workspace's timeline lists these transitions in this order, each with its actor."""
    events = page.get_by_role("region", name="Timeline").get_by_role("listitem")
    texts = events.all_inner_texts()
    position = -1
    for kind, actor in expected:
        found = [i for i, text in enumerate(texts) if kind in text and i > position]
        assert found, f"{kind!r} after event {position}: {texts}"
        position = found[0]
        if actor:
            assert actor in texts[position], texts[position]


# --- Reviewers --------------------------------------------------------------------------------


def open_assignment(page, proposal):
    go(page, menu(page, "My reviews"), r"/manage/reviews/$")
    row = page.get_by_role("row").filter(has_text=proposal.reference)
    expect(row).to_contain_text("Declare any conflict of interest first")
    go(page, row.get_by_role("link", name=proposal.reference), r"/manage/reviews/\d+/$")
    # Before the declaration: reference, title and organization, nothing of the content.
    main = page.locator("main")
    expect(main).to_contain_text(proposal.reference)
    expect(main).to_contain_text(proposal.title)
    expect(main).to_contain_text(proposal.organization.name)
    expect(main).not_to_contain_text(CONTENT)
    expect(main).not_to_contain_text(proposal.objectives)
    expect(page.locator("form#section-form")).to_have_count(0)


def declare(page, *, conflict, explanation=""):
    page.locator(f"input[name=conflict][value={conflict}]").check()
    if explanation:
        page.locator("#id_explanation").fill(explanation)
    page.get_by_role("button", name="Sign the declaration").press("Enter")
    expect(page.locator(".alert-success")).to_have_text(re.compile("Your declaration is recorded"))
    check_axe(page)


def review(page, *, scores, answers, ge_code, justification):
    """Score each criterion of the grid (a None is n/a), answer each GBA+ item, propose the
    code and say why, then submit."""
    expect(page.locator("main")).to_contain_text(CONTENT)
    selects = page.locator("select[name^=score_]")
    expect(selects).to_have_count(len(scores))
    for index, score in enumerate(scores):
        selects.nth(index).select_option("na" if score is None else str(score))
    items = page.locator("input[type=radio][name^=answer_]")
    names = sorted({items.nth(i).get_attribute("name") for i in range(items.count())})
    assert len(names) == 7, names
    form_top = page.locator("#section-form").evaluate("form => form.offsetTop")
    for name in names:
        page.locator(f"input[name={name}][value={answers.get(name, 'yes')}]").check()
    page.locator("#id_ge_code").select_option(ge_code)
    page.locator("#id_ge_justification").fill(justification)
    page.locator("#id_comment").fill("Solid, local, well budgeted.")
    # The autosave brings the suggested code and what is missing up to date, without a reload.
    expect(page.locator("#review-missing")).to_have_text(
        "Nothing is missing: you can submit the review."
    )
    expect(page.get_by_role("heading", name=re.compile(r"^Suggested code: GE-\d$"))).to_be_visible()
    # The suggestion above the form changed, the form did not move under the pointer.
    assert page.locator("#section-form").evaluate("form => form.offsetTop") == form_top
    click_and_check(
        page, page.get_by_role("button", name="Submit the review"), r"/manage/reviews/\d+/$"
    )
    expect(page.locator(".alert-success").first).to_have_text(
        re.compile("Your review is submitted")
    )
    expect(page.locator("form#section-form")).to_have_count(0)
    # The review as sent, to read again.
    expect(page.locator("main")).to_contain_text(justification)


# --- Decision ---------------------------------------------------------------------------------


def officer_recommends(page, proposal, call):
    go(
        page,
        page.get_by_role("link", name="The committee of this call"),
        rf"/committee/{call.pk}/$",
    )
    row = page.get_by_role("row").filter(has_text=proposal.reference)
    expect(row).to_contain_text("82.00")  # (80.00 + 84.00) / 2
    expect(row).to_contain_text("Reviewed")
    go(
        page,
        row.get_by_role("link", name=proposal.reference),
        rf"/manage/proposals/{proposal.pk}/$",
    )
    expect(page.get_by_role("heading", name="Status: Reviewed")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Combined score: 82.00 / 100")
    page.locator("input[name=recommendation][value=fund]").check()
    page.locator("#id_amount").fill("37600")
    page.locator("#id_rationale").fill("Strong local ownership; protects defenders at risk.")
    click_and_check(
        page,
        page.get_by_role("button", name="Record the recommendation"),
        rf"/manage/proposals/{proposal.pk}/$",
    )
    expect(page.locator(".alert-success")).to_have_text("The recommendation is recorded.")
    expect(page.get_by_role("heading", name="Status: Recommended")).to_be_visible()


def approver_approves(page, proposal, call):
    go(page, menu(page, "Proposals"), r"/manage/proposals/$")
    go(
        page,
        page.get_by_role("link", name=proposal.reference),
        rf"/manage/proposals/{proposal.pk}/$",
    )
    go(
        page,
        page.get_by_role("link", name="The committee of this call"),
        rf"/committee/{call.pk}/$",
    )
    row = page.get_by_role("row").filter(has_text=proposal.reference)
    expect(row).to_contain_text("Fund · CAD 37,600.00")
    go(
        page,
        row.get_by_role("link", name=proposal.reference),
        rf"/manage/proposals/{proposal.pk}/$",
    )
    expect(page.locator("input[name=recommendation][value=fund]")).to_be_checked()
    page.locator("#id_ge_code").select_option("GE-2")
    click_and_check(
        page,
        page.get_by_role("button", name="Record the decision"),
        rf"/manage/proposals/{proposal.pk}/$",
    )
    expect(page.locator(".alert-success")).to_contain_text("The decision is recorded and held")
    # Held: the applicant hears of it only once released, from the committee page.
    expect(page.get_by_role("heading", name="Status: Recommended")).to_be_visible()
    go(
        page,
        page.get_by_role("link", name="The committee of this call"),
        rf"/committee/{call.pk}/$",
    )
    go(
        page,
        page.get_by_role("link", name="Release all the held decisions"),
        rf"/committee/{call.pk}/release/$",
    )
    click_and_check(
        page,
        page.get_by_role("button", name="Release 1 decision"),
        rf"/committee/{call.pk}/$",
    )
    expect(page.locator(".alert-success")).to_have_text(
        "1 decision released: its applicants are told."
    )
    row = page.get_by_role("row").filter(has_text=proposal.reference)
    expect(row).to_contain_text("Approved")
    go(
        page,
        row.get_by_role("link", name=proposal.reference),
        rf"/manage/proposals/{proposal.pk}/$",
    )
    expect(page.get_by_role("heading", name="Status: Approved")).to_be_visible()


# --- The applicant ----------------------------------------------------------------------------


def partner_reads_the_outcome(page, proposal):
    go(page, menu(page, "My proposals"), r"/proposals/$")
    row = page.get_by_role("listitem").filter(has_text=proposal.reference)
    expect(row).to_contain_text("Approved")
    go(page, row.get_by_role("link", name="See its status"), rf"/proposals/{proposal.pk}/$")
    expect(page.locator("main .lead")).to_have_text("Status: Approved")
    letter = page.get_by_role("link", name="The decision letter (PDF)")
    with page.expect_download() as download:
        letter.focus()
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == f"{proposal.reference}-decision.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    # The same link, fetched with the partner's session: a PDF, said so in its headers.
    response = page.request.get(urljoin(page.url, letter.get_attribute("href")))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_a_proposal_is_screened_reviewed_recommended_approved_and_the_applicant_told(
    sign_in, cast, submitted, call_mexico, partner_oaxaca, celery_eager
):
    proposal = submitted
    officer = sign_in(cast["officer"])
    officer_screens(officer, proposal)
    # Eligible: the task assigned two reviewers (the call's default) on commit.
    expect(reviewers_section(officer).get_by_role("listitem")).to_have_count(2)
    expect(reviewer_line(officer, "Ana Reyes")).to_contain_text("Not declared yet")
    expect(reviewer_line(officer, "Bruno Castillo")).to_contain_text("Not declared yet")

    ana = sign_in(cast["reviewer_a"])
    open_assignment(ana, proposal)
    declare(ana, conflict=False)
    review(
        ana,
        scores=[4, 4, 3, 4, 5, 4, None],  # 76 of the 95 points scored: 80.00
        answers={"answer_decision_making": "partly", "answer_womens_organizations": "na"},
        ge_code="GE-2",
        justification="Gender equality is integrated in every activity.",
    )

    bruno = sign_in(cast["reviewer_b"])
    open_assignment(bruno, proposal)
    declare(bruno, conflict=True, explanation="My sister coordinates this network.")
    expect(bruno.locator("main")).to_contain_text("You declared a conflict of interest")
    expect(bruno.locator("main")).not_to_contain_text(CONTENT)
    breadcrumb = bruno.get_by_role("navigation", name="Breadcrumb")
    go(bruno, breadcrumb.get_by_role("link", name="My reviews"), r"/manage/reviews/$")
    expect(bruno.get_by_role("row").filter(has_text=proposal.reference)).to_contain_text("Recused")
    # Recused: a replacement is assigned on commit, and the officer sees it.
    officer.reload()
    check_axe(officer)
    expect(reviewer_line(officer, "Bruno Castillo")).to_contain_text(
        "Conflict of interest: recused"
    )
    expect(reviewer_line(officer, "Carmen Díaz")).to_contain_text("Not declared yet")
    expect(reviewer_line(officer, "Ana Reyes")).to_contain_text("Submitted (80.00 / 100)")
    # The officer reads Ana's review itself.
    reviews = officer.get_by_role("region", name="Reviews", exact=True)
    expect(reviews.get_by_role("article", name="Ana Reyes")).to_contain_text(
        "Gender equality is integrated in every activity."
    )

    carmen = sign_in(cast["reviewer_c"])
    open_assignment(carmen, proposal)
    declare(carmen, conflict=False)
    review(
        carmen,
        scores=[5, 4, 4, 4, 4, 4, 4],  # 84.00
        answers={},
        ge_code="GE-3",
        justification="Women defenders lead the project.",
    )

    # The last review is in: the reviews were added up and the proposal is reviewed.
    assert Proposal.objects.get(pk=proposal.pk).status == "reviewed"
    officer.reload()
    check_axe(officer)
    expect(officer.get_by_role("heading", name="Status: Reviewed")).to_be_visible()
    expect(reviewer_line(officer, "Carmen Díaz")).to_contain_text("Submitted (84.00 / 100)")
    officer_recommends(officer, proposal, call_mexico)

    approver = sign_in(cast["approver"])
    approver_approves(approver, proposal, call_mexico)
    assert_timeline(
        approver,
        [
            ("Submitted", partner_oaxaca.full_name),
            ("Found eligible: the review starts", "Olga Navarro"),
            ("Review completed", None),  # the reviews added up: no one's act
            ("Recommended to the committee", "Olga Navarro"),
            ("Approved", "Héctor Ruiz"),
        ],
    )

    partner = sign_in(partner_oaxaca)
    partner_reads_the_outcome(partner, proposal)
