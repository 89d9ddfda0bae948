import pytest

from core.models import AuditEvent
from programs.models import PriorityArea
from tests.programs.factories import PriorityAreaFactory

pytestmark = pytest.mark.django_db


def test_administrator_creates_an_area_in_three_languages(client, administrator):
    client.force_login(administrator)

    response = client.post(
        "/manage/priority-areas/new/",
        {
            "name_en": "Digital rights",
            "name_fr": "Droits numériques",
            "name_es": "Derechos digitales",
            "position": "7",
        },
    )

    assert response["Location"] == "/manage/priority-areas/"
    area = PriorityArea.objects.get()
    assert (area.name_en, area.name_fr, area.name_es) == (
        "Digital rights",
        "Droits numériques",
        "Derechos digitales",
    )
    client.post("/accounts/language/", {"language": "fr", "next": "/"})
    assert "Droits numériques" in client.get("/manage/priority-areas/").content.decode()


def test_a_name_is_needed_in_each_language(client, administrator):
    client.force_login(administrator)

    response = client.post(
        "/manage/priority-areas/new/", {"name_en": "Only English", "position": "1"}
    )

    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") == 2
    assert not PriorityArea.objects.exists()


def test_an_area_in_use_is_refused_deletion_and_can_be_retired(client, administrator, call_mexico):
    area = call_mexico.priorities.get().priority_area
    client.force_login(administrator)

    refused = client.post(f"/manage/priority-areas/{area.pk}/delete/", follow=True)
    client.post(f"/manage/priority-areas/{area.pk}/retire/")

    assert "cannot be deleted. Retire it instead." in refused.content.decode()
    area.refresh_from_db()
    assert area.is_active is False
    assert call_mexico.priorities.get().priority_area_id == area.pk
    new_call_form = client.get("/manage/calls/new/").content.decode()
    assert area.name not in new_call_form


def test_an_unused_area_is_deleted(client, administrator):
    area = PriorityAreaFactory()
    client.force_login(administrator)

    client.post(f"/manage/priority-areas/{area.pk}/delete/")

    assert not PriorityArea.objects.exists()
    assert AuditEvent.objects.filter(verb="priority_area.deleted").count() == 1


def test_program_officers_and_partners_get_404(client, officer_mexico, user):
    area = PriorityAreaFactory()
    for person in (officer_mexico, user):
        client.force_login(person)
        assert client.get("/manage/priority-areas/").status_code == 404
        assert client.post(f"/manage/priority-areas/{area.pk}/delete/").status_code == 404
    assert PriorityArea.objects.filter(pk=area.pk).exists()


def test_priority_area_list_makes_a_fixed_number_of_queries(
    client, administrator, django_assert_max_num_queries
):
    client.force_login(administrator)
    PriorityAreaFactory()
    with django_assert_max_num_queries(6) as few:
        client.get("/manage/priority-areas/")
    PriorityAreaFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/manage/priority-areas/")

    assert len(response.context["items"]) == 21
