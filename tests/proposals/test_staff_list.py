"""The staff list of proposals at /manage/proposals/: scope, filters, search, order, pages."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import MissionStaff, SubTheme
from proposals.models import Proposal
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.programs.factories import CallFactory, MissionStaffFactory
from tests.proposals.factories import ProposalFactory

URL = reverse("proposals_staff:list")


def submitted(call, organization, reference, *, days_ago=1, **fields):
    """A proposal submitted `days_ago` days ago (services are not the subject here)."""
    fields.setdefault("status", Proposal.Status.SUBMITTED)
    return ProposalFactory(
        call=call,
        organization=organization,
        reference=reference,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


def references(response) -> list[str]:
    return [row["reference"] for row in response.context["proposals"]]


@pytest.fixture
def university_istmo(db):
    organization = OrganizationFactory(name="Universidad del Istmo", kind="academic")
    MembershipFactory(organization=organization)
    return organization


@pytest.fixture
def proposals(
    call_mexico, call_colombia, mission_mexico, organization_oaxaca, partner_oaxaca,
    university_istmo,
):  # fmt: skip
    """Three submitted proposals in Mexico (two calls), one draft, and one in Colombia."""
    water = SubTheme.objects.create(name_en="Water", position=1)
    rights = SubTheme.objects.create(name_en="Human Rights", position=2)
    radio_call = CallFactory(mission=mission_mexico, title_en="Mexico radio call")
    bogota = OrganizationFactory(name="Fundación Caminos de Paz", country="CO")
    MembershipFactory(organization=bogota)
    return {
        "sierra": submitted(
            call_mexico,
            organization_oaxaca,
            "CFLI-MEX-2026-27-0001",
            days_ago=3,
            title="Defensoras comunitarias",
            location_country="MX",
            amount_requested_cad=Decimal("30000.00"),
            call_priority=call_mexico.priorities.get(),
            sub_theme=rights,
        ),
        "water": submitted(
            call_mexico,
            university_istmo,
            "CFLI-MEX-2026-27-0002",
            days_ago=2,
            title="Agua limpia para Juchitán",
            location_country="MX",
            amount_requested_cad=Decimal("45000.00"),
            sub_theme=water,
            status=Proposal.Status.WITHDRAWN,
        ),
        "radio": submitted(
            radio_call,
            organization_oaxaca,
            "CFLI-MEX-2026-27-0003",
            days_ago=1,
            title="Radio comunitaria zapoteca",
            amount_requested_cad=Decimal("20000.00"),
            call_priority=radio_call.priorities.get(),
        ),
        "draft": ProposalFactory(
            call=call_mexico, organization=organization_oaxaca, title="Borrador secreto"
        ),
        "colombia": submitted(
            call_colombia,
            bogota,
            "CFLI-COL-2026-27-0001",
            title="Caminos de paz",
            location_country="CO",
            amount_requested_cad=Decimal("25000.00"),
        ),
        "radio_call": radio_call,
        "water_theme": water,
    }


@pytest.fixture
def officer(client, officer_mexico):
    client.force_login(officer_mexico)
    return client


def staff_at_mexico(mission_mexico, role) -> object:
    return MissionStaffFactory(mission=mission_mexico, role=role, user=UserFactory()).user


# --- Scope ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_mexico_officer_sees_mexico_s_submitted_proposals_newest_first(officer, proposals):
    response = officer.get(URL)

    assert response.status_code == 200
    assert references(response) == [
        "CFLI-MEX-2026-27-0003",
        "CFLI-MEX-2026-27-0002",
        "CFLI-MEX-2026-27-0001",
    ]
    assert "Borrador secreto" not in response.text
    assert "CFLI-COL-2026-27-0001" not in response.text
    assert "3 proposals" in response.text


@pytest.mark.django_db
def test_an_approver_sees_the_mission_s_proposals(client, mission_mexico, proposals):
    client.force_login(staff_at_mexico(mission_mexico, MissionStaff.Role.APPROVER))

    response = client.get(URL)

    assert response.status_code == 200
    assert len(references(response)) == 3


@pytest.mark.django_db
def test_an_administrator_sees_every_mission_s_submitted_proposals(
    client, administrator, proposals
):
    client.force_login(administrator)

    response = client.get(URL, {"sort": "reference"})

    assert references(response) == [
        "CFLI-COL-2026-27-0001",
        "CFLI-MEX-2026-27-0001",
        "CFLI-MEX-2026-27-0002",
        "CFLI-MEX-2026-27-0003",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "who"),
    [
        ("a partner", "partner_oaxaca"),
        ("a signed-up person", "user"),
        ("a reviewer (their own list comes later)", "reviewer"),
    ],
)
def test_people_who_are_not_officers_approvers_or_administrators_get_404(
    _case, who, client, request, mission_mexico, proposals
):
    if who == "reviewer":
        person = staff_at_mexico(mission_mexico, MissionStaff.Role.REVIEWER)
    else:
        person = request.getfixturevalue(who)
    client.force_login(person)

    assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Filters and search ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "params", "expected"),
    [
        ("call", lambda p: {"call": p["radio_call"].pk}, ["0003"]),
        ("status", lambda p: {"status": "withdrawn"}, ["0002"]),
        (
            "priority area",
            lambda p: {"priority_area": p["sierra"].call_priority.priority_area_id},
            ["0001"],
        ),
        ("sub-theme", lambda p: {"sub_theme": p["water_theme"].pk}, ["0002"]),
        ("country", lambda p: {"country": "MX"}, ["0002", "0001"]),
        ("minimum amount", lambda p: {"amount_min": "30000"}, ["0002", "0001"]),
        ("maximum amount", lambda p: {"amount_max": "30000.00"}, ["0003", "0001"]),
        ("amount range", lambda p: {"amount_min": "25000", "amount_max": "40000"}, ["0001"]),
        ("organization type", lambda p: {"organization_kind": "academic"}, ["0002"]),
        ("mission", lambda p: {"mission": p["sierra"].call.mission_id}, ["0003", "0002", "0001"]),
        ("two filters", lambda p: {"country": "MX", "organization_kind": "local_ngo"}, ["0001"]),
        ("search by reference", lambda p: {"q": "mex-2026-27-0002"}, ["0002"]),
        ("search by title", lambda p: {"q": "AGUA"}, ["0002"]),
        ("search by organization", lambda p: {"q": "sierra norte"}, ["0003", "0001"]),
        ("search by acronym", lambda p: {"q": "msn"}, ["0003", "0001"]),
        ("search with spaces around", lambda p: {"q": "  radio  "}, ["0003"]),
        ("nothing matches", lambda p: {"q": "ninguna"}, []),
    ],
)
def test_each_filter_narrows_the_list(_case, params, expected, officer, proposals):
    response = officer.get(URL, params(proposals))

    assert response.status_code == 200
    assert references(response) == [f"CFLI-MEX-2026-27-{number}" for number in expected]


@pytest.mark.django_db
def test_the_administrator_filters_by_mission(client, administrator, proposals, call_colombia):
    client.force_login(administrator)

    response = client.get(URL, {"mission": call_colombia.mission_id})

    assert references(response) == ["CFLI-COL-2026-27-0001"]


@pytest.mark.django_db
def test_the_filters_offer_only_what_the_officer_may_see(officer, proposals, call_colombia):
    form = officer.get(URL).context["form"]

    assert [label for _value, label in form.fields["mission"].choices] == [
        "All",
        "Embassy of Canada to Mexico",
    ]
    assert call_colombia.pk not in dict(form.fields["call"].choices)
    assert [code for code, _name in form.fields["country"].choices] == ["", "MX"]
    assert "draft" not in dict(form.fields["status"].choices)


@pytest.mark.django_db
def test_another_mission_s_id_is_refused_and_reveals_nothing(officer, proposals, call_colombia):
    response = officer.get(URL, {"mission": call_colombia.mission_id, "call": call_colombia.pk})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"mission", "call"}
    assert len(references(response)) == 3
    assert "CFLI-COL" not in response.text


@pytest.mark.django_db
def test_a_minimum_above_the_maximum_is_explained_and_the_rest_still_applies(officer, proposals):
    response = officer.get(URL, {"amount_min": "40000", "amount_max": "10000", "country": "MX"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "amount_max": ["The maximum amount cannot be lower than the minimum amount."]
    }
    assert references(response) == ["CFLI-MEX-2026-27-0002"]


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["q=abc%00def", "q=%00", "mission=1%00", "sort=%00amount", "page=%00"],
)
def test_a_nul_byte_anywhere_in_the_query_is_a_400(query, officer, proposals):
    assert officer.get(f"{URL}?{query}").status_code == 400


@pytest.mark.django_db
def test_a_one_megabyte_search_is_cut_and_answers_cleanly(officer, proposals):
    response = officer.get(URL, {"q": "x" * 1_000_000})

    assert response.status_code == 200
    assert response.context["form"].cleaned_data["q"] == "x" * 200
    assert references(response) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"mission": "abc"},
        {"mission": "99999999999999999999999"},
        {"call": "-1"},
        {"priority_area": "1.5"},
        {"sub_theme": ""},
        {"status": "draft"},
        {"country": "XX"},
        {"organization_kind": "<script>"},
        {"amount_min": "abc"},
        {"amount_min": "NaN"},
        {"amount_max": "Infinity"},
        {"amount_max": "1e999999"},
        {"amount_min": "-5"},
        {"page": "abc"},
        {"page": "99999999999999999999999999999"},
        {"page": "-1"},
        {"sort": "password"},
        {"sort": "-organization__memberships__user__password"},
        {"mission": ["1", "2"], "q": ["a", "b"]},
    ],
)
def test_bad_filter_values_never_break_the_page(params, officer, proposals):
    response = officer.get(URL, params)

    assert response.status_code == 200
    assert "Borrador secreto" not in response.text
    assert "CFLI-COL" not in response.text


@pytest.mark.django_db
def test_a_draft_is_not_listed_even_when_asked_for_by_status(officer, proposals):
    response = officer.get(URL, {"status": "draft"})

    assert "status" in response.context["form"].errors
    assert "Borrador secreto" not in response.text


# --- Order ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("amount", ["0003", "0001", "0002"]),
        ("-amount", ["0002", "0001", "0003"]),
        ("reference", ["0001", "0002", "0003"]),
        ("-reference", ["0003", "0002", "0001"]),
        ("title", ["0002", "0001", "0003"]),
        ("organization", ["0001", "0003", "0002"]),
        ("-organization", ["0002", "0003", "0001"]),
        ("submitted", ["0001", "0002", "0003"]),
        ("-submitted", ["0003", "0002", "0001"]),
        ("unknown", ["0003", "0002", "0001"]),
        ("", ["0003", "0002", "0001"]),
    ],
)
def test_sorting_by_each_column(sort, expected, officer, proposals):
    response = officer.get(URL, {"sort": sort})

    assert references(response) == [f"CFLI-MEX-2026-27-{number}" for number in expected]


@pytest.mark.django_db
def test_the_sorted_column_says_so_and_its_link_reverses_the_order(officer, proposals):
    response = officer.get(URL, {"sort": "amount", "country": "MX", "page": "1"})

    columns = {str(column["label"]): column for column in response.context["columns"]}
    assert columns["Amount (CAD)"]["aria_sort"] == "ascending"
    assert columns["Amount (CAD)"]["url"] == "?sort=-amount&country=MX"
    assert columns["Reference"]["aria_sort"] is None
    assert columns["Reference"]["url"] == "?sort=reference&country=MX"
    assert columns["Submitted on"]["url"] == "?sort=-submitted&country=MX"
    assert columns["Call"]["url"] is None
    assert 'aria-sort="ascending"' in response.text
    assert response.text.count("aria-sort=") == 1


@pytest.mark.django_db
def test_the_default_order_is_marked_on_the_submitted_column(officer, proposals):
    response = officer.get(URL)

    assert '<th scope="col" aria-sort="descending">' in response.text
    columns = {str(column["label"]): column for column in response.context["columns"]}
    assert columns["Submitted on"]["aria_sort"] == "descending"
    assert columns["Submitted on"]["url"] == "?sort=submitted"


# --- Pages and queries ----------------------------------------------------------------------


def many_submitted(call, organization, count: int) -> None:
    priority = call.priorities.get()
    theme = SubTheme.objects.create(name_en="Agriculture", position=3)
    for number in range(count):
        submitted(
            call,
            organization,
            f"CFLI-MEX-2026-27-{number + 1:04d}",
            days_ago=number + 1,
            title=f"Proyecto {number + 1}",
            location_country="MX",
            amount_requested_cad=Decimal(20000 + number),
            call_priority=priority,
            sub_theme=theme,
        )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 60])
def test_the_list_makes_the_same_few_queries_whatever_its_length(
    count, officer, call_mexico, organization_oaxaca, partner_oaxaca,
    django_assert_max_num_queries,
):  # fmt: skip
    many_submitted(call_mexico, organization_oaxaca, count)

    # 1 the session with its user, their mission roles and the header's unread count, 2 the
    # filters' choices (calls with their missions, priority areas, sub-themes and reviewers in
    # one union), 3 the count, 4 the page of proposals with call, organization and priority
    # area.
    with django_assert_max_num_queries(4):
        response = officer.get(URL, {"country": "MX", "call": call_mexico.pk, "sort": "amount"})

    assert response.status_code == 200
    assert len(references(response)) == min(count, 50)


@pytest.mark.django_db
def test_fifty_proposals_a_page_and_a_bad_page_number_is_never_an_error(
    officer, call_mexico, organization_oaxaca, partner_oaxaca
):
    many_submitted(call_mexico, organization_oaxaca, 60)

    first = officer.get(URL, {"sort": "reference"})
    second = officer.get(URL, {"sort": "reference", "page": "2"})
    beyond = officer.get(URL, {"sort": "reference", "page": "99"})
    nonsense = officer.get(URL, {"sort": "reference", "page": "abc"})

    assert references(first) == [f"CFLI-MEX-2026-27-{n:04d}" for n in range(1, 51)]
    assert references(second) == [f"CFLI-MEX-2026-27-{n:04d}" for n in range(51, 61)]
    assert references(beyond) == references(second)
    assert references(nonsense) == references(first)
    assert "60 proposals" in first.text
    assert "Page 1 of 2" in first.text
    assert "?sort=reference&amp;page=2" in first.text


@pytest.mark.django_db
def test_the_page_is_in_spanish_for_a_spanish_speaking_officer(officer, officer_mexico, proposals):
    officer_mexico.preferred_language = "es"
    officer_mexico.save(update_fields=["preferred_language"])

    response = officer.get(URL)

    assert response.status_code == 200
    assert '<html lang="es">' in response.text


@pytest.mark.django_db
def test_filtering_by_gender_equality_code_prefers_the_missions_final_code(
    officer, proposals, officer_mexico
):
    from reviews.models import Decision, ReviewSummary

    # Suggested GE-2 by the reviewers; the mission's final code, GE-1, is what counts.
    ReviewSummary.objects.create(proposal=proposals["sierra"], suggested_ge_code="GE-2")
    Decision.objects.create(
        proposal=proposals["sierra"],
        recommendation="fund",
        rationale="Sólido.",
        recommended_by=officer_mexico,
        ge_code="GE-1",
    )
    # Suggested GE-2, no final code yet.
    ReviewSummary.objects.create(proposal=proposals["radio"], suggested_ge_code="GE-2")

    assert references(officer.get(URL, {"ge_code": "GE-2"})) == ["CFLI-MEX-2026-27-0003"]
    assert references(officer.get(URL, {"ge_code": "GE-1"})) == ["CFLI-MEX-2026-27-0001"]
    assert references(officer.get(URL, {"ge_code": "GE-3"})) == []


@pytest.mark.django_db
def test_filtering_by_reviewer_leaves_out_recusals_and_offers_only_the_missions_reviewers(
    officer, proposals, mission_mexico, mission_colombia
):
    from reviews.models import ReviewAssignment

    ana = staff_at_mexico(mission_mexico, "reviewer")
    ReviewAssignment.objects.create(
        proposal=proposals["sierra"], reviewer=ana, due_date="2027-01-15"
    )
    ReviewAssignment.objects.create(
        proposal=proposals["radio"], reviewer=ana, due_date="2027-01-15", declaration="conflict"
    )
    colombian = MissionStaffFactory(
        mission=mission_colombia, role="reviewer", user=UserFactory(full_name="Camilo Reyes")
    ).user

    response = officer.get(URL, {"reviewer": ana.pk})

    assert references(response) == ["CFLI-MEX-2026-27-0001"]
    assert ana.full_name in response.text
    assert colombian.full_name not in response.text
    assert officer.get(URL, {"reviewer": colombian.pk}).context["form"].errors["reviewer"]


# --- What a row says at a glance --------------------------------------------------------------


def review_progress(proposal, *, reviewers, submitted: int, recused: int = 0, score=None):
    """`reviewers` assigned to `proposal`, the first `submitted` of them with a submitted
    review, the last `recused` recused; with a combined score when given."""
    from reviews.models import GbaChecklist, Review, ReviewAssignment, ReviewSummary, ScoringGrid

    grid = ScoringGrid.objects.get(family="cfli-default", version=1)
    checklist = GbaChecklist.objects.get(family="cfli-gba-plus", version=1)
    for number, reviewer in enumerate(reviewers):
        recusal = number >= len(reviewers) - recused
        assignment = ReviewAssignment.objects.create(
            proposal=proposal,
            reviewer=reviewer,
            due_date="2027-01-15",
            declaration="conflict" if recusal else "no_conflict",
        )
        if number < submitted:
            Review.objects.create(
                assignment=assignment, grid=grid, checklist=checklist, status="submitted"
            )
    if score is not None:
        ReviewSummary.objects.create(proposal=proposal, score=Decimal(score))


def cells_of(response, reference: str) -> list[str]:
    """The cells of the row of `reference`, as HTML."""
    row = re.search(
        rf"<tr>\s*<th scope=\"row\"[^>]*><a [^>]*>{reference}</a>.*?</tr>", response.text, re.S
    )
    assert row, reference
    return [cell.strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row.group(0), re.S)]


@pytest.mark.django_db
def test_a_row_shows_its_status_badge_days_waiting_and_reviews_done_with_the_score(
    officer, proposals, mission_mexico
):
    sierra = proposals["sierra"]  # submitted three days ago
    Proposal.objects.filter(pk=sierra.pk).update(status=Proposal.Status.IN_REVIEW)
    reviewers = [staff_at_mexico(mission_mexico, "reviewer") for _ in range(4)]
    review_progress(sierra, reviewers=reviewers, submitted=2, recused=1, score="78.50")

    response = officer.get(URL)

    columns = [str(column["label"]) for column in response.context["columns"]]
    assert columns[:5] == [
        "Reference",
        "Title",
        "Status",
        "Reviews done / assigned · combined score",
        "Days waiting (since submission)",
    ]
    _reference, _title, status, reviews, days, *_rest = cells_of(response, "CFLI-MEX-2026-27-0001")
    assert days == "3"
    assert status == '<span class="badge text-bg-info">In review</span>'
    assert reviews == (
        '<span aria-hidden="true">2/3 · 78.50</span>'
        '<span class="visually-hidden">2 of 3 reviews done, combined score 78.50</span>'
    )
    # Withdrawn: no longer waiting, and never reviewed.
    _reference, _title, status, reviews, days, *_rest = cells_of(response, "CFLI-MEX-2026-27-0002")
    assert (days, reviews) == ("—", "—")
    assert status == '<span class="badge text-bg-secondary">Withdrawn</span>'
    # Submitted yesterday, reviews assigned, none in yet: no score.
    review_progress(proposals["radio"], reviewers=reviewers[:2], submitted=0)
    _reference, _title, status, reviews, days, *_rest = cells_of(
        officer.get(URL), "CFLI-MEX-2026-27-0003"
    )
    assert days == "1"
    assert status == '<span class="badge text-bg-light border">Submitted</span>'
    assert reviews.startswith('<span aria-hidden="true">0/2</span>')


@pytest.mark.django_db
def test_filtering_by_reviewer_still_counts_every_review_of_the_row(
    officer, proposals, mission_mexico
):
    reviewers = [staff_at_mexico(mission_mexico, "reviewer") for _ in range(3)]
    review_progress(proposals["sierra"], reviewers=reviewers, submitted=1)

    response = officer.get(URL, {"reviewer": reviewers[2].pk})

    assert references(response) == ["CFLI-MEX-2026-27-0001"]
    _reference, _title, _status, reviews, *_rest = cells_of(response, "CFLI-MEX-2026-27-0001")
    assert reviews.startswith('<span aria-hidden="true">1/3</span>')


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 60])
def test_reviews_and_scores_on_every_row_add_no_query(
    count, officer, call_mexico, mission_mexico, organization_oaxaca, partner_oaxaca,
    django_assert_max_num_queries,
):  # fmt: skip
    many_submitted(call_mexico, organization_oaxaca, count)
    reviewers = [staff_at_mexico(mission_mexico, "reviewer") for _ in range(2)]
    for proposal in Proposal.objects.filter(call=call_mexico):
        review_progress(proposal, reviewers=reviewers, submitted=2, score="64.25")

    # The same six queries as without reviews (see the test above): the counts and the
    # combined score are subqueries of the page's query.
    with django_assert_max_num_queries(6):
        response = officer.get(URL)

    assert len(references(response)) == min(count, 50)
    assert response.text.count('<span aria-hidden="true">2/2 · 64.25</span>') == min(count, 50)


@pytest.mark.django_db
def test_the_remembered_filter_form_follows_new_choices_and_the_language(
    officer, officer_mexico, proposals, mission_mexico
):
    """The filters' HTML is remembered by each process (core.forms.render_filter_form), keyed by
    what it shows: a new call appears at once, and each language gets its own rendering."""
    before = officer.get(URL).text
    CallFactory(mission=mission_mexico, title_en="Emergency call 2027", title_es="Llamado 2027")

    after = officer.get(URL).text
    officer_mexico.preferred_language = "es"
    officer_mexico.save()
    in_spanish = officer.get(URL).text

    assert "Emergency call 2027" not in before
    assert "Emergency call 2027 (MEX)" in after
    assert "Llamado 2027 (MEX)" in in_spanish
    assert "Emergency call 2027" not in in_spanish


@pytest.mark.django_db
def test_the_filters_choices_are_read_on_every_request(officer, proposals, mission_mexico):
    """Their statement is compiled once per process (proposals.selectors), their rows are not:
    a new reviewer, priority area or sub-theme is offered at once."""
    from programs.models import PriorityArea

    before = officer.get(URL).context["form"]
    reviewer = staff_at_mexico(mission_mexico, "reviewer")
    area = PriorityArea.objects.create(name_en="Digital rights", position=9)
    theme = SubTheme.objects.create(name_en="Open data", position=9)

    after = officer.get(URL).context["form"]

    for field, pk in (
        ("reviewer", reviewer.pk),
        ("priority_area", area.pk),
        ("sub_theme", theme.pk),
    ):
        assert pk not in dict(before.fields[field].choices)
        assert pk in dict(after.fields[field].choices)
    assert dict(after.fields["priority_area"].choices)[area.pk] == "Digital rights"
