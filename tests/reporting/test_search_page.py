"""The search page at /manage/search/: who may search, what a result shows, bad input, pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import MissionStaff
from proposals.models import Proposal
from tests.accounts.factories import UserFactory
from tests.programs.factories import MissionStaffFactory
from tests.proposals.factories import ProposalFactory

URL = reverse("reporting:search")


def submitted(call, organization, number, *, days_ago=1, **fields):
    return ProposalFactory(
        call=call,
        organization=organization,
        reference=f"CFLI-{call.mission.code}-2026-27-{number:04d}",
        status=fields.pop("status", Proposal.Status.SUBMITTED),
        submitted_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


@pytest.fixture
def proposals(call_mexico, call_colombia, organization_oaxaca, partner_oaxaca, partner_bogota):
    bogota = partner_bogota.memberships.get().organization
    return {
        "defensoras": submitted(
            call_mexico,
            organization_oaxaca,
            1,
            days_ago=2,
            title="Defensoras comunitarias",
            context="Las defensoras indígenas enfrentan amenazas crecientes en la sierra.",
        ),
        "radio": submitted(
            call_mexico,
            organization_oaxaca,
            2,
            title="Radio comunitaria",
            objectives="Formar a jóvenes locutoras, defensoras de su lengua.",
            status=Proposal.Status.IN_REVIEW,
        ),
        "draft": ProposalFactory(
            call=call_mexico, organization=organization_oaxaca, title="Borrador de defensoras"
        ),
        "colombia": submitted(
            call_colombia,
            bogota,
            1,
            title="Memoria del Catatumbo",
            context="Las defensoras del Catatumbo documentan la memoria.",
        ),
    }


@pytest.fixture
def officer(client, officer_mexico):
    client.force_login(officer_mexico)
    return client


def references(response) -> list[str]:
    return [result.reference for result in response.context.get("results", [])]


# --- Who may search ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_officer_finds_the_mission_s_proposals_with_their_words_marked(officer, proposals):
    response = officer.get(URL, {"q": "defens"})

    assert response.status_code == 200
    # The title's word ranks first; the other has it only in its text.
    assert references(response) == ["CFLI-MEX-2026-27-0001", "CFLI-MEX-2026-27-0002"]
    html = response.text
    assert "2 proposals found" in html
    workspace = reverse("reviews:workspace", args=[proposals["defensoras"].pk])
    assert (
        f'<a href="{workspace}">CFLI-MEX-2026-27-0001</a> · <mark>Defensoras</mark> comunitarias'
        in html
    )
    assert "Las <mark>defensoras</mark> indígenas enfrentan" in html
    assert "Context and problem" in html
    assert "Mujeres de la Sierra Norte · Mexico call 2026-27 (Embassy of Canada to Mexico)" in html
    assert "In review" in html
    assert "Borrador" not in html
    assert "Catatumbo" not in html


@pytest.mark.django_db
def test_a_mexico_officer_searching_a_colombian_word_finds_nothing(officer, proposals):
    response = officer.get(URL, {"q": "catatumbo"})

    assert response.status_code == 200
    assert references(response) == []
    assert "0 proposals found" in response.text
    assert "Memoria del Catatumbo" not in response.text
    assert "No submitted proposal of your missions matches “catatumbo”." in response.text


@pytest.mark.django_db
def test_an_administrator_finds_every_mission_s_proposals(client, administrator, proposals):
    client.force_login(administrator)

    response = client.get(URL, {"q": "defensoras"})

    assert sorted(references(response)) == [
        "CFLI-COL-2026-27-0001",
        "CFLI-MEX-2026-27-0001",
        "CFLI-MEX-2026-27-0002",
    ]


@pytest.mark.django_db
def test_an_approver_searches_like_the_officer(client, mission_mexico, proposals):
    approver = MissionStaffFactory(
        mission=mission_mexico, role=MissionStaff.Role.APPROVER, user=UserFactory()
    ).user
    client.force_login(approver)

    assert len(references(client.get(URL, {"q": "defensoras"}))) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "who"),
    [
        ("a reviewer of the mission", "reviewer"),
        ("a partner", "partner_oaxaca"),
        ("a signed-up person", "user"),
    ],
)
def test_people_who_do_not_see_the_staff_list_get_404(
    _case, who, client, request, mission_mexico, proposals
):
    if who == "reviewer":
        person = MissionStaffFactory(
            mission=mission_mexico, role=MissionStaff.Role.REVIEWER, user=UserFactory()
        ).user
    elif who == "user":
        person = UserFactory()
    else:
        person = request.getfixturevalue(who)
    client.force_login(person)

    assert client.get(URL, {"q": "defensoras"}).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL, {"q": "defensoras"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_the_header_offers_search_to_the_staff_who_see_proposals(client, officer, proposals):
    assert f'href="{URL}"' in officer.get(reverse("proposals_staff:list")).text
    assert f'href="{URL}" aria-current="page"' in officer.get(URL).text

    client.force_login(proposals["defensoras"].created_by)
    assert f'href="{URL}"' not in client.get(reverse("proposals:dashboard")).text


# --- The form and bad input -------------------------------------------------------------------


@pytest.mark.django_db
def test_an_empty_search_explains_what_to_type(officer, proposals):
    response = officer.get(URL)

    assert response.status_code == 200
    html = response.text
    assert '<label for="id_q"' in html
    assert 'type="search"' in html
    assert 'maxlength="200"' in html
    assert "Type words of a proposal's reference, title or text" in html
    assert "found" not in html
    assert "results" not in response.context


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["&|!:*()'", "' -- ;", "«»¿?", "   "])
def test_punctuation_alone_is_explained_not_searched(q, officer, proposals):
    response = officer.get(URL, {"q": q})

    assert response.status_code == 200
    if q.strip():
        assert "Your search has no letter or digit to look for." in response.text
    assert "results" not in response.context


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=abc%00def", "q=%00", "q=defensoras&page=%00"])
def test_a_nul_byte_is_a_400(query, officer, proposals):
    assert officer.get(f"{URL}?{query}").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": "defensoras " * 1_000},
        {"q": "x" * 10_000},
        {"q": "defensoras:* & !radio | (a <-> b)"},
        {"q": "\\'\""},
        {"q": "😀 ∑"},
        {"q": ["a", "defensoras"]},
        {"q": "defensoras", "page": "-1"},
        {"q": "defensoras", "page": "abc"},
        {"q": "defensoras", "page": "99999999999999999999"},
    ],
)
def test_hostile_input_never_breaks_the_page(params, officer, proposals):
    response = officer.get(URL, params)

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_long_search_is_cut_to_the_field_s_length(officer, proposals):
    response = officer.get(URL, {"q": "defensoras " + "x" * 10_000})

    assert response.context["q"] == ("defensoras " + "x" * 10_000)[:200]


# --- What the partner wrote stays text ----------------------------------------------------------


@pytest.mark.django_db
def test_a_stored_xss_payload_in_a_title_or_a_text_is_shown_as_text(
    officer, call_mexico, organization_oaxaca, partner_oaxaca
):
    submitted(
        call_mexico,
        organization_oaxaca,
        9,
        title="<script>alert(1)</script> Agua",
        context='Agua "><img src=x onerror=alert(1)> para todas',
    )

    html = officer.get(URL, {"q": "agua script"}).text

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert (
        "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; <mark>Agua</mark>" in html
    )
    assert "<mark>Agua</mark> &quot;&gt;&lt;img src=x onerror=alert(1)&gt; para todas" in html


# --- Pages and queries ----------------------------------------------------------------------------


@pytest.fixture
def many(call_mexico, organization_oaxaca, partner_oaxaca):
    def make(count: int) -> None:
        for number in range(1, count + 1):
            submitted(
                call_mexico,
                organization_oaxaca,
                number,
                days_ago=number,
                title=f"Huerto escolar {number}",
                context="Cosecha de agua de lluvia para las escuelas.",
            )

    return make


@pytest.mark.django_db
def test_twenty_results_a_page_and_the_search_is_kept_across_pages(officer, many):
    many(25)

    first = officer.get(URL, {"q": "huerto"})
    second = officer.get(URL, {"q": "huerto", "page": 2})

    assert len(references(first)) == 20
    assert references(first)[0] == "CFLI-MEX-2026-27-0001"  # equal rank: newest first
    assert references(second) == [f"CFLI-MEX-2026-27-{n:04d}" for n in range(21, 26)]
    assert "25 proposals found" in first.text
    assert "Page 1 of 2" in first.text
    assert 'href="?q=huerto&amp;page=2"' in first.text


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 25])
def test_the_page_makes_the_same_few_queries_whatever_the_results(
    count, officer, many, django_assert_max_num_queries
):
    many(count)
    # The session with its user, the officer's mission roles and the header's unread count; the
    # page's ids with the count of results, the page's rows with their call, mission,
    # organization and texts.
    with django_assert_max_num_queries(3):
        response = officer.get(URL, {"q": "agua lluvia"})

    assert len(references(response)) == min(count, 20)


@pytest.mark.django_db
def test_the_page_is_in_spanish_for_a_spanish_speaking_officer(officer, officer_mexico, proposals):
    officer_mexico.preferred_language = "es"
    officer_mexico.save(update_fields=["preferred_language"])

    response = officer.get(URL, {"q": "defensoras"})

    assert response.status_code == 200
    assert '<html lang="es">' in response.text
    assert "En evaluación" in response.text  # a status, already translated


@pytest.mark.django_db
def test_a_result_names_its_call_and_mission_in_the_reader_s_language_else_the_first_written(
    officer, officer_mexico, call_mexico, mission_mexico, proposals
):
    call_mexico.title_fr = "Appel Mexique 2026-27"
    call_mexico.save()
    mission_mexico.name_fr = ""
    mission_mexico.save()
    officer_mexico.preferred_language = "fr"
    officer_mexico.save(update_fields=["preferred_language"])

    html = officer.get(URL, {"q": "defensoras"}).text

    # The call has a French title; the mission has no French name: its English one.
    assert "Appel Mexique 2026-27 (Embassy of Canada to Mexico)" in html
