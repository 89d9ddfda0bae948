import pytest

from core.models import AuditEvent
from programs.models import Mission
from tests.programs.factories import MissionFactory

pytestmark = pytest.mark.django_db


def mission_data(**overrides):
    return {
        "name_en": "Embassy of Canada to Guatemala",
        "name_fr": "Ambassade du Canada au Guatemala",
        "name_es": "Embajada de Canadá en Guatemala",
        "kind": "embassy",
        "city": "Guatemala City",
        "countries": ["GT", "SV"],
        "time_zone": "America/Guatemala",
        "proposal_languages": ["es", "en"],
        "contact_email": "cfli.gt@example.org",
        "local_currency": "gtq",
        "code": "gtm",
        "is_active": "on",
        **overrides,
    }


def test_administrator_creates_a_mission(client, administrator):
    client.force_login(administrator)

    response = client.post("/manage/missions/new/", mission_data())

    assert response["Location"] == "/manage/missions/"
    mission = Mission.objects.get()
    assert [country.code for country in mission.countries] == ["GT", "SV"]
    assert (mission.local_currency, mission.code) == ("GTQ", "GTM")
    assert (mission.name_fr, mission.time_zone, mission.proposal_languages) == (
        "Ambassade du Canada au Guatemala",
        "America/Guatemala",
        ["es", "en"],
    )
    assert AuditEvent.objects.get(verb="mission.created").mission_id == mission.pk


@pytest.mark.parametrize(
    ("_case", "overrides", "message"),
    [
        ("currency", {"local_currency": "GT1"}, "Enter a three-letter ISO 4217 code."),
        ("time zone", {"time_zone": "Mars/Olympus"}, "Select a valid choice."),
        ("no name in French", {"name_fr": ""}, "This field is required."),
    ],
)
def test_a_rejected_mission_form_says_why_and_saves_nothing(
    _case, overrides, message, client, administrator
):
    client.force_login(administrator)

    response = client.post("/manage/missions/new/", mission_data(**overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Mission.objects.exists()


def test_administrator_edits_a_mission(client, administrator, mission_mexico):
    client.force_login(administrator)
    data = mission_data(name_en="Embassy of Canada to Mexico", time_zone="America/Cancun")

    client.post(f"/manage/missions/{mission_mexico.pk}/edit/", data)

    mission_mexico.refresh_from_db()
    assert mission_mexico.time_zone == "America/Cancun"
    assert AuditEvent.objects.filter(verb="mission.updated").count() == 1


def test_officers_and_partners_get_404(client, officer_mexico, user, mission_mexico):
    for person in (officer_mexico, user):
        client.force_login(person)
        assert client.get("/manage/missions/").status_code == 404
        assert (
            client.post(f"/manage/missions/{mission_mexico.pk}/edit/", mission_data()).status_code
            == 404
        )
    mission_mexico.refresh_from_db()
    assert mission_mexico.name_en == "Embassy of Canada to Mexico"


def test_mission_list_makes_a_fixed_number_of_queries(
    client, administrator, django_assert_max_num_queries
):
    client.force_login(administrator)
    MissionFactory()
    with django_assert_max_num_queries(7) as few:
        client.get("/manage/missions/")
    MissionFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/manage/missions/")

    assert len(response.context["missions"]) == 21
