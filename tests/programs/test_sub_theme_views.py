import pytest

from core.models import AuditEvent
from programs.models import SubTheme

pytestmark = pytest.mark.django_db


def test_administrator_adds_retires_restores_and_deletes_a_sub_theme(client, administrator):
    client.force_login(administrator)

    client.post(
        "/manage/sub-themes/new/",
        {"name_en": "Water", "name_fr": "Eau", "name_es": "Agua", "position": "4"},
    )
    theme = SubTheme.objects.get()
    client.post(f"/manage/sub-themes/{theme.pk}/retire/")
    theme.refresh_from_db()
    assert theme.is_active is False
    client.post(f"/manage/sub-themes/{theme.pk}/restore/")
    client.post(f"/manage/sub-themes/{theme.pk}/delete/")

    assert not SubTheme.objects.exists()
    events = AuditEvent.objects.filter(verb__startswith="sub_theme").order_by("id")
    assert list(events.values_list("verb", flat=True)) == [
        "sub_theme.created",
        "sub_theme.retired",
        "sub_theme.restored",
        "sub_theme.deleted",
    ]


def test_the_sub_theme_list_is_translated(client, administrator):
    SubTheme.objects.create(name_en="Water", name_fr="Eau", name_es="Agua", position=1)
    administrator.preferred_language = "es"
    administrator.save()
    client.force_login(administrator)

    html = client.get("/manage/sub-themes/").content.decode()

    assert "Subtemas" in html
    assert "Agua" in html


def test_an_unknown_action_is_not_found(client, administrator):
    theme = SubTheme.objects.create(name_en="Water", position=1)
    client.force_login(administrator)

    assert client.post(f"/manage/sub-themes/{theme.pk}/explode/").status_code == 404
    assert SubTheme.objects.filter(pk=theme.pk, is_active=True).exists()


def test_sub_theme_list_makes_a_fixed_number_of_queries(
    client, administrator, django_assert_max_num_queries
):
    client.force_login(administrator)
    SubTheme.objects.create(name_en="First", position=0)
    with django_assert_max_num_queries(6) as few:
        client.get("/manage/sub-themes/")
    SubTheme.objects.bulk_create(SubTheme(name_en=f"T{n}", position=n) for n in range(30))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/manage/sub-themes/")

    assert len(response.context["items"]) == 31
