"""The mission dashboard (/manage/dashboard/) and the headquarters dashboard
(/manage/dashboard/headquarters/): figures equal the database's, scope, escaping, query bounds."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from programs.models import MissionStaff, SubTheme
from proposals.models import Proposal
from proposals.signals import proposals_written_in_bulk
from reporting.dashboards import (
    BENEFICIARY_FIELDS,
    awards,
    catalogues,
    compiled,
    mission_dashboard,
    totals,
)
from reviews.models import Decision
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.programs.factories import CallFactory, MissionStaffFactory, local
from tests.proposals.factories import ProposalFactory

MISSION_URL = reverse("reporting:mission-dashboard")
HQ_URL = reverse("reporting:hq-dashboard")
MEXICO = "America/Mexico_City"
XSS_TITLE = "<script>alert(1)</script>"
XSS_ORGANIZATION = '"><img src=x onerror=alert(1)>'


def an_organization(name: str, country: str = "MX"):
    organization = OrganizationFactory(name=name, country=country)
    MembershipFactory(organization=organization)
    return organization


def a_proposal(call, organization, reference, *, status="submitted", award=None, code=None,
               submitted_at=None, **fields):  # fmt: skip
    """A proposal in `status` (services are not the subject here), with a decision when an award
    or a final code is given."""
    proposal = ProposalFactory(
        call=call,
        organization=organization,
        reference=reference,
        status=status,
        submitted_at=submitted_at or call.opens_at + timedelta(hours=1),
        **fields,
    )
    if award is not None or code is not None:
        Decision.objects.create(
            proposal=proposal,
            recommendation="fund",
            amount=award,
            rationale="Sólido.",
            recommended_by=proposal.created_by,
            ge_code=code or "",
        )
    return proposal


@pytest.fixture
def data(call_mexico, call_colombia, mission_mexico):
    """Mexico: seven submitted proposals in four states (four approved: GE-1, GE-2, GE-0 and one
    without a final code), a draft, and an approved one in an older call; Colombia: one approved
    proposal whose title and amount appear nowhere else."""
    sierra = an_organization("Mujeres de la Sierra Norte")
    istmo = an_organization("Universidad del Istmo")
    water = SubTheme.objects.create(name_en="Water", name_fr="Eau", position=1)
    area = call_mexico.priorities.get()
    old_call = CallFactory(
        mission=mission_mexico,
        fiscal_year=2025,
        title_en="Mexico call 2025-26",
        budget_envelope=Decimal("150000"),
    )
    bogota = an_organization("Fundación Caminos de Paz", country="CO")
    return {
        "submitted": a_proposal(
            call_mexico, sierra, "CFLI-MEX-2026-27-0001",
            amount_requested_cad=Decimal("30000.00"), call_priority=area, sub_theme=water,
            direct_women=60, direct_girls=10, indirect_women=100,
        ),
        "in_review": a_proposal(
            call_mexico, istmo, "CFLI-MEX-2026-27-0002", status="in_review",
            amount_requested_cad=Decimal("45000.50"), call_priority=area,
            direct_men=20, direct_boys=5,
        ),
        "ge1": a_proposal(
            call_mexico, sierra, "CFLI-MEX-2026-27-0003", status="approved",
            amount_requested_cad=Decimal("40000.00"), award=Decimal("35000.00"), code="GE-1",
            call_priority=area, sub_theme=water, direct_women=30, direct_other_adults=3,
            title=XSS_TITLE,
        ),
        "ge2": a_proposal(
            call_mexico, istmo, "CFLI-MEX-2026-27-0004", status="approved",
            amount_requested_cad=Decimal("25000.00"), award=Decimal("20000.00"), code="GE-2",
            direct_girls=40, direct_other_minors=2,
        ),
        "ge0": a_proposal(
            call_mexico, an_organization(XSS_ORGANIZATION), "CFLI-MEX-2026-27-0005",
            status="approved", amount_requested_cad=Decimal("50000.00"),
            award=Decimal("45000.00"), code="GE-0", title="Radio comunitaria",
        ),
        "uncoded": a_proposal(
            call_mexico, sierra, "CFLI-MEX-2026-27-0006", status="approved",
            amount_requested_cad=Decimal("10000.00"), award=Decimal("9000.00"),
        ),
        "withdrawn": a_proposal(
            call_mexico, istmo, "CFLI-MEX-2026-27-0007", status="withdrawn",
            amount_requested_cad=Decimal("12000.00"),
        ),
        "draft": ProposalFactory(
            call=call_mexico, organization=sierra, title="Borrador secreto",
            amount_requested_cad=Decimal("99999.00"), direct_women=5000,
        ),
        "older": a_proposal(
            old_call, sierra, "CFLI-MEX-2025-26-0001", status="approved",
            amount_requested_cad=Decimal("15000.00"), award=Decimal("14000.00"), code="GE-3",
            title="Huertos escolares",
        ),
        "colombia": a_proposal(
            call_colombia, bogota, "CFLI-COL-2026-27-0001", status="approved",
            amount_requested_cad=Decimal("80000.00"), award=Decimal("77777.77"), code="GE-3",
            title="Caminos de paz en Soacha", direct_women=999,
        ),
        "old_call": old_call,
        "water": water,
        "area": area,
    }  # fmt: skip


@pytest.fixture
def officer(client, officer_mexico):
    client.force_login(officer_mexico)
    return client


def staff_of(mission, role=MissionStaff.Role.PROGRAM_OFFICER):
    return MissionStaffFactory(mission=mission, role=role, user=UserFactory()).user


# --- The figures equal the database's ----------------------------------------------------------


@pytest.mark.django_db
def test_the_mission_figures_equal_sums_computed_from_the_proposals_themselves(
    data, mission_mexico, call_mexico
):
    dashboard = mission_dashboard(mission=mission_mexico, calls=[call_mexico, data["old_call"]])

    # Independently: every Mexico proposal as plain values, added up in Python.
    rows = list(
        Proposal.objects.filter(call__mission=mission_mexico).values(
            "status", "amount_requested_cad", *BENEFICIARY_FIELDS
        )
    )
    submitted = [row for row in rows if row["status"] != "draft"]
    awards = Decision.objects.filter(
        proposal__call__mission=mission_mexico, proposal__status="approved"
    ).values_list("amount", flat=True)
    by_state = Counter(row["status"] for row in submitted)
    assert {bar.label: bar.value for bar in dashboard.states if bar.value} == {
        Proposal.Status(status).label: count for status, count in by_state.items()
    }
    assert dashboard.submitted == len(submitted) == 8
    assert dashboard.drafts == 1
    assert dashboard.money.requested == sum(row["amount_requested_cad"] for row in submitted)
    assert dashboard.money.requested == Decimal("227000.50")
    assert dashboard.money.approved == sum(awards) == Decimal("123000.00")
    assert dashboard.money.envelope == Decimal("450000.00")
    assert dashboard.money.remaining == Decimal("327000.00")
    direct = dashboard.beneficiaries[0]
    assert [(row.adults, row.minors, row.total) for row in direct.rows] == [
        (sum(row["direct_women"] or 0 for row in submitted), 50, 140),
        (20, 5, 25),
        (3, 2, 5),
    ]
    assert (direct.total.adults, direct.total.minors, direct.total.total) == (113, 57, 170)
    assert dashboard.beneficiaries[1].total.total == 100
    assert (dashboard.approved_direct, dashboard.approved_indirect) == (75, 0)


@pytest.mark.django_db
def test_priority_areas_and_sub_themes_count_requests_and_approvals(
    data, mission_mexico, call_mexico
):
    dashboard = mission_dashboard(mission=mission_mexico, calls=[call_mexico])

    area = data["area"].priority_area.name
    assert [
        (row.label, row.count, row.requested, row.approved_count, row.approved)
        for row in dashboard.priority_areas
    ] == [
        (area, 3, Decimal("115000.50"), 1, Decimal("35000.00")),
        (None, 4, Decimal("97000.00"), 3, Decimal("74000.00")),
    ]
    assert [(row.label, row.count) for row in dashboard.sub_themes] == [("Water", 2), (None, 5)]
    with translation.override("fr"):
        french = mission_dashboard(mission=mission_mexico, calls=[call_mexico])
    assert french.sub_themes[0].label == "Eau"


@pytest.mark.django_db
def test_gender_equality_shares_leave_out_approved_proposals_without_a_final_code(
    data, mission_mexico, call_mexico
):
    dashboard = mission_dashboard(mission=mission_mexico, calls=[call_mexico])

    ge = dashboard.gender_equality
    assert [(row.code, row.count, row.amount) for row in ge.rows] == [
        ("GE-0", 1, Decimal("45000.00")),
        ("GE-1", 1, Decimal("35000.00")),
        ("GE-2", 1, Decimal("20000.00")),
        ("GE-3", 0, Decimal(0)),
    ]
    assert (ge.approved, ge.coded, ge.uncoded) == (4, 3, 1)
    integrated, targeted = ge.shares
    assert round(integrated.value, 1) == Decimal("66.7")  # GE-1 and GE-2 of three coded
    assert integrated.met is False
    assert targeted.value == 0
    assert targeted.met is False


@pytest.mark.django_db
def test_the_page_says_in_words_whether_each_target_is_met(officer, data, call_mexico):
    response = officer.get(MISSION_URL, {"call": call_mexico.pk})

    html = response.text
    assert "66.7%" in html
    assert "0.0%" in html
    assert html.count("Target not met") == 2
    assert "1 approved proposal has no final code yet" in html


@pytest.mark.django_db
def test_a_targeted_project_with_a_third_of_the_spending_meets_the_spending_target(
    officer, call_mexico
):
    sierra = an_organization("Mujeres de la Sierra Norte")
    a_proposal(call_mexico, sierra, "R-1", status="approved", award=Decimal("30000"), code="GE-3")
    a_proposal(call_mexico, sierra, "R-2", status="approved", award=Decimal("60000"), code="GE-2")

    response = officer.get(MISSION_URL)

    ge = response.context["dashboard"].gender_equality
    assert [share.value for share in ge.shares] == [Decimal(100), Decimal("100") / 3]
    assert [share.met for share in ge.shares] == [True, True]
    assert response.text.count("Target met") == 2
    assert "33.3%" in response.text


@pytest.mark.django_db
def test_amounts_and_shares_are_written_the_french_way_for_a_french_officer(
    client, officer_mexico, data, call_mexico
):
    officer_mexico.preferred_language = "fr"
    officer_mexico.save()
    client.force_login(officer_mexico)

    html = client.get(MISSION_URL, {"call": call_mexico.pk}).text

    assert "212\u202f000,50" in html or "212 000,50" in html or "212\xa0000,50" in html
    assert "66,7" in html


# --- Submissions per day ---------------------------------------------------------------------


@pytest.mark.django_db
def test_submissions_per_day_count_mission_days_and_include_the_days_without_any(
    officer, mission_mexico
):
    call = CallFactory(
        mission=mission_mexico,
        opens_at=local(MEXICO, date(2026, 9, 1), 9, 0),
        closes_at=local(MEXICO, date(2026, 9, 10), 23, 59, 59, 999999),
    )
    sierra = an_organization("Mujeres de la Sierra Norte")
    # 23:30 in Mexico City is already the next day in UTC: it counts on September 2.
    moments = [
        local(MEXICO, date(2026, 9, 2), 23, 30),
        local(MEXICO, date(2026, 9, 5), 8, 0),
        local(MEXICO, date(2026, 9, 5), 17, 0),
        local(MEXICO, date(2026, 9, 10), 23, 59),
    ]
    for number, moment in enumerate(moments):
        a_proposal(call, sierra, f"R-{number}", submitted_at=moment)

    response = officer.get(MISSION_URL, {"call": call.pk})

    daily = response.context["dashboard"].daily
    assert [(day.day.day, day.count) for day in daily.days] == [
        (1, 0), (2, 1), (3, 0), (4, 0), (5, 2), (6, 0), (7, 0), (8, 0), (9, 0), (10, 1),
    ]  # fmt: skip
    assert [day.is_deadline for day in daily.days] == [False] * 9 + [True]
    assert daily.days[4].height == "100.00%"
    assert daily.days[1].height == "50.00%"
    assert moments[0].astimezone(ZoneInfo("UTC")).day == 3
    assert "— <strong>Deadline</strong>" in response.text


@pytest.mark.django_db
def test_each_day_is_written_in_the_reader_s_language(data, mission_mexico, call_mexico):
    labels = {}
    for language in ["en", "fr", "es", "en"]:  # the days written once are kept per language
        with translation.override(language):
            daily = mission_dashboard(mission=mission_mexico, calls=[call_mexico]).daily
            assert [day.label for day in daily.days] == [
                date_format(day.day, "DATE_FORMAT") for day in daily.days
            ]
            labels[language] = daily.days[0].label
    assert len(set(labels.values())) == 3


@pytest.mark.django_db
def test_submissions_per_day_ask_for_one_call_when_the_mission_has_several(officer, data):
    response = officer.get(MISSION_URL)

    assert response.context["dashboard"].daily is None
    assert "Choose one call to see its submissions per day" in response.text


# --- Scope -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_mexico_officer_sees_mexico_s_figures_and_nothing_of_colombia(officer, data):
    response = officer.get(MISSION_URL)

    assert response.status_code == 200
    assert response.context["mission"].code == "MEX"
    assert "Caminos de paz en Soacha" not in response.text
    assert "77,777.77" not in response.text
    assert "Borrador secreto" not in response.text
    assert "Radio comunitaria" in response.text


@pytest.mark.django_db
def test_colombia_s_staff_get_404_for_mexico_and_never_see_its_figures(
    client, data, mission_mexico, mission_colombia
):
    client.force_login(staff_of(mission_colombia, MissionStaff.Role.APPROVER))

    assert client.get(MISSION_URL, {"mission": mission_mexico.pk}).status_code == 404
    own = client.get(MISSION_URL)
    assert own.status_code == 200
    assert "Caminos de paz en Soacha" in own.text
    assert "Radio comunitaria" not in own.text
    assert "45,000.00" not in own.text


@pytest.mark.django_db
def test_another_mission_s_call_is_an_invalid_choice_and_shows_none_of_its_figures(
    officer, data, call_colombia
):
    response = officer.get(MISSION_URL, {"call": call_colombia.pk})

    assert response.status_code == 200
    assert "Choose one of this mission&#x27;s calls." in response.text
    assert "77,777.77" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "99999", "１", "-1"])
def test_a_mission_id_that_is_not_one_of_the_user_s_is_a_404(officer, data, value):
    assert officer.get(MISSION_URL, {"mission": value}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "who"),
    [("a partner", "partner_oaxaca"), ("a signed-up person", "user"), ("a reviewer", "reviewer")],
)
def test_people_who_do_not_see_the_mission_s_proposals_get_404(
    _case, who, client, request, mission_mexico, data
):
    if who == "reviewer":
        person = staff_of(mission_mexico, MissionStaff.Role.REVIEWER)
    else:
        person = request.getfixturevalue(who)
    client.force_login(person)

    assert client.get(MISSION_URL).status_code == 404
    assert client.get(HQ_URL).status_code == 404


@pytest.mark.django_db
def test_the_fiscal_year_filter_narrows_figures_and_envelope_to_that_year(officer, data):
    response = officer.get(MISSION_URL, {"fiscal_year": 2025})

    dashboard = response.context["dashboard"]
    assert dashboard.submitted == 1
    assert dashboard.money.envelope == Decimal("150000.00")
    assert dashboard.money.approved == Decimal("14000.00")
    assert "Huertos escolares" in response.text
    assert "Radio comunitaria" not in response.text


@pytest.mark.django_db
def test_a_call_of_another_fiscal_year_is_explained_and_the_call_is_kept(
    officer, data, call_mexico
):
    response = officer.get(MISSION_URL, {"call": call_mexico.pk, "fiscal_year": 2025})

    assert "This call belongs to fiscal year 2026-27." in response.text
    assert response.context["dashboard"].submitted == 7


@pytest.mark.django_db
def test_an_administrator_opens_any_mission_s_dashboard_and_finds_headquarters(
    client, administrator, data, mission_colombia
):
    client.force_login(administrator)

    response = client.get(MISSION_URL, {"mission": mission_colombia.pk})

    assert response.status_code == 200
    assert "Caminos de paz en Soacha" in response.text
    assert f'href="{HQ_URL}"' in response.text


@pytest.mark.django_db
def test_headquarters_shows_every_mission_a_row_each_and_a_total(client, administrator, data):
    client.force_login(administrator)

    response = client.get(HQ_URL)

    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    rows = {row.mission.code: row for row in dashboard.missions}
    assert rows["MEX"].totals.submitted == 8
    assert rows["MEX"].totals.approved == Decimal("123000.00")
    assert rows["MEX"].envelope == Decimal("450000.00")
    assert rows["COL"].totals.approved == Decimal("77777.77")
    assert rows["COL"].totals.targeted_spending_share == 100
    assert dashboard.totals.approved == Decimal("200777.77")
    assert dashboard.money.envelope == Decimal("750000.00")
    assert "Caminos de paz en Soacha" in response.text
    assert "Radio comunitaria" in response.text
    assert "200,777.77" in response.text
    colombia = f"{MISSION_URL}?mission={rows['COL'].mission.pk}"
    assert f'href="{colombia}"' in response.text


@pytest.mark.django_db
def test_headquarters_by_fiscal_year_links_each_mission_with_that_year(
    client, administrator, data, mission_mexico
):
    client.force_login(administrator)

    response = client.get(HQ_URL, {"fiscal_year": 2025})

    dashboard = response.context["dashboard"]
    assert dashboard.submitted == 1
    assert dashboard.money.envelope == Decimal("150000.00")
    assert f"?mission={mission_mexico.pk}&amp;fiscal_year=2025" in response.text
    assert "Caminos de paz en Soacha" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("role", [MissionStaff.Role.PROGRAM_OFFICER, MissionStaff.Role.APPROVER])
def test_mission_staff_get_404_at_headquarters(client, mission_mexico, role):
    client.force_login(staff_of(mission_mexico, role))

    assert client.get(HQ_URL).status_code == 404


# --- Escaping and empty states -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "who"), [(MISSION_URL, "officer_mexico"), (HQ_URL, "administrator")]
)
def test_user_written_titles_and_names_are_shown_as_text(client, request, data, url, who):
    client.force_login(request.getfixturevalue(who))

    html = client.get(url).text

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert XSS_TITLE not in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html


@pytest.mark.django_db
def test_a_mission_without_proposals_shows_empty_states_not_errors(officer, call_mexico):
    response = officer.get(MISSION_URL)

    assert response.status_code == 200
    html = response.text
    assert "No approved proposal yet." in html
    assert "No proposal submitted yet." in html
    assert response.context["dashboard"].money.remaining == Decimal("300000.00")


@pytest.mark.django_db
def test_an_administrator_without_any_mission_sees_an_empty_dashboard(client, administrator):
    client.force_login(administrator)

    response = client.get(MISSION_URL)

    assert response.status_code == 200
    assert "No mission yet" in response.text


@pytest.mark.django_db
def test_the_header_links_to_the_dashboard_for_officers_only(client, officer_mexico, user):
    client.force_login(officer_mexico)
    assert f'href="{MISSION_URL}"' in client.get(reverse("proposals_staff:list")).text
    client.force_login(user)
    assert f'href="{MISSION_URL}"' not in client.get(reverse("core:home")).text


# --- Queries -----------------------------------------------------------------------------------


def more_proposals(call, count):
    organization = an_organization("Colectivo de volumen")
    for number in range(count):
        a_proposal(
            call,
            organization,
            f"V-{call.pk}-{number}",
            status="approved" if number % 2 else "in_review",
            award=Decimal(1000 + number) if number % 2 else None,
            code="GE-2" if number % 2 else None,
            amount_requested_cad=Decimal(2000),
        )


@pytest.mark.django_db
def test_the_mission_dashboard_makes_the_same_few_queries_whatever_the_number_of_proposals(
    officer, data, mission_mexico, call_mexico, django_assert_max_num_queries
):
    params = {"mission": mission_mexico.pk, "call": call_mexico.pk}
    # The session with its user, the user's mission roles and the header's unread count, the
    # user's missions, the mission's calls; the figures by state and code, the figures by priority
    # area and sub-theme (one query), the largest awards, the submissions per day, the
    # agreements' amounts and payments (2), and the reports by standing, their results by
    # priority area and their spending by category (3).
    with django_assert_max_num_queries(12):
        assert officer.get(MISSION_URL, params).status_code == 200
    more_proposals(call_mexico, 30)
    with django_assert_max_num_queries(12):
        response = officer.get(MISSION_URL, params)
    assert response.context["dashboard"].submitted == 37


@pytest.mark.django_db
def test_the_headquarters_dashboard_makes_the_same_few_queries_whatever_the_number_of_proposals(
    client, administrator, data, call_colombia, django_assert_max_num_queries
):
    client.force_login(administrator)
    # The session with its user, the header's roles and the unread count, the calls (the fiscal
    # years and the scope); the figures by mission, state and code, the missions, the figures by
    # priority area and sub-theme (one query), the largest awards, the agreements' amounts
    # and payments by mission (2), and the reports by mission and standing, their results by
    # priority area and their spending by category (3).
    with django_assert_max_num_queries(11):
        assert client.get(HQ_URL).status_code == 200
    more_proposals(call_colombia, 30)
    with django_assert_max_num_queries(11):
        response = client.get(HQ_URL)
    assert response.context["dashboard"].submitted == 39


# --- Compiled once, run with each scope's calls ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("build", "shape"),
    [
        (totals._grouped_query, ()),
        (totals._grouped_query, ("call__mission_id",)),
        (catalogues._catalogue_query, ("en",)),
        (catalogues._catalogue_query, ("fr",)),
        (awards._awards_query, ()),
    ],
)
def test_the_figures_compiled_once_give_the_querysets_own_rows_for_every_scope(
    data, call_mexico, call_colombia, build, shape
):
    """The SQL of a scope's shape is kept and run with other calls: each scope gets exactly what
    its own queryset gives, in the same columns."""
    scopes = [
        [call_mexico.pk],
        [call_colombia.pk],  # the same shape: the kept SQL, other ids
        [call_mexico.pk, data["old_call"].pk],
        [data["old_call"].pk, call_colombia.pk],
        None,
    ]
    for call_ids in scopes:
        expected = list(build(call_ids, *shape))
        assert expected  # every scope has figures: a test that compares something
        key = lambda row: sorted(map(str, row.items()))  # noqa: E731 (rows come unordered)
        assert sorted(compiled.rows(build, call_ids, *shape), key=key) == sorted(expected, key=key)


@pytest.mark.django_db
def test_a_scope_without_calls_has_no_figures_and_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert compiled.rows(totals._grouped_query, []) == []


@pytest.mark.django_db
def test_names_written_by_the_tables_tags_are_escaped(
    client, administrator, data, mission_colombia
):
    data["water"].name_en = "<b>Agua</b>"
    data["water"].save()
    mission_colombia.name_en = "<i>Colombia</i>"
    mission_colombia.save()
    client.force_login(administrator)

    html = client.get(HQ_URL).text

    assert "&lt;b&gt;Agua&lt;/b&gt;" in html
    assert "&lt;i&gt;Colombia&lt;/i&gt;" in html
    assert "<b>Agua" not in html
    assert "<i>Colombia" not in html


# --- Figures kept until they change ------------------------------------------------------------


# These tests commit, as the application does: what is kept changes when a write commits.


@pytest.mark.django_db(transaction=True)
def test_headquarters_shows_a_committed_change_on_the_next_request_and_keeps_the_rest(
    client, administrator, data, django_assert_max_num_queries
):
    client.force_login(administrator)
    assert "200,777.77" in client.get(HQ_URL).text

    # Nothing changed: the figures are not computed again (the session with the unread count,
    # and the calls of the filter only).
    with django_assert_max_num_queries(2):
        assert "200,777.77" in client.get(HQ_URL).text

    decision = data["colombia"].decision
    decision.amount = Decimal("80000.00")
    decision.save()
    html = client.get(HQ_URL).text
    assert "203,000.00" in html
    assert "200,777.77" not in html

    mission = data["colombia"].call.mission
    mission.name_en = "Embassy of Canada to Colombia and Ecuador"
    mission.save()
    assert "Embassy of Canada to Colombia and Ecuador" in client.get(HQ_URL).text


@pytest.mark.django_db(transaction=True)
def test_a_mission_dashboard_counts_a_new_submission_and_each_language_keeps_its_own_figures(
    client, officer_mexico, data, call_mexico
):
    client.force_login(officer_mexico)
    params = {"call": call_mexico.pk}
    english = client.get(MISSION_URL, params).text
    assert "212,000.50" in english

    a_proposal(
        call_mexico, data["submitted"].organization, "CFLI-MEX-2026-27-0008",
        amount_requested_cad=Decimal("1000.00"),
    )  # fmt: skip
    assert "213,000.50" in client.get(MISSION_URL, params).text

    officer_mexico.preferred_language = "fr"
    officer_mexico.save()
    french = client.get(MISSION_URL, params).text
    assert "213\u202f000,50" in french or "213\xa0000,50" in french
    assert "Soumissions par jour" in french


@pytest.mark.django_db(transaction=True)
def test_a_draft_s_autosave_keeps_the_figures_but_a_new_draft_a_submission_and_seeding_do_not(
    call_mexico, data
):
    from reporting.dashboards.freshness import figures_version

    draft = data["draft"]
    before = figures_version()
    draft.title = "Borrador secreto, versión 2"
    draft.direct_women = 6000
    draft.save()
    assert figures_version() == before  # no figure reads a draft's content

    ProposalFactory(call=call_mexico, organization=draft.organization)
    created = figures_version()
    assert created != before  # drafts are counted

    draft.status = Proposal.Status.SUBMITTED
    draft.reference = "CFLI-MEX-2026-27-0009"
    draft.save()
    submitted = figures_version()
    assert submitted not in (before, created)

    proposals_written_in_bulk.send(sender=Proposal)  # what seeding says after its bulk writes
    assert figures_version() not in (before, created, submitted)


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_writes_many_rows_changes_the_figures_once(data):
    from django.db import connection, transaction

    from reporting.dashboards.freshness import figures_changed

    with transaction.atomic():
        for key in ("ge1", "ge2", "ge0", "colombia"):
            data[key].decision.save()
            data[key].save()
        pending = [callback for _, callback, _ in connection.run_on_commit]
        assert pending.count(figures_changed) == 1
