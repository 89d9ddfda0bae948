from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import AuditEvent
from programs.models import Call
from tests.programs.factories import CallFactory, PriorityAreaFactory

pytestmark = pytest.mark.django_db


def call_form_data(mission, area, **overrides):
    return {
        "mission": mission.pk,
        "fiscal_year": 2026,
        "title_en": "Oaxaca call 2026-27",
        "title_fr": "Appel Oaxaca",
        "title_es": "Convocatoria Oaxaca",
        "opens_at": "2026-12-01T09:00",
        "closes_at": "2027-01-15T23:59",
        "latest_end_date": "2027-02-15",
        "budget_envelope": "300000",
        "typical_min_amount": "20000",
        "typical_max_amount": "45000",
        "maximum_amount": "100000",
        "admin_cost_cap_percent": "15",
        "exchange_rate": "0.0752",
        "short_answer_words": "150",
        "long_answer_words": "500",
        "attachment_max_mb": "10",
        "final_report_days": "30",
        "report_variance_percent": "15",
        "accepted_languages": ["es", "en"],
        "eligible_organization_types": ["local_ngo"],
        "registration_proof_required": "on",
        f"area-{area.pk}-chosen": "on",
        f"area-{area.pk}-focus_es": "Defensoras de derechos humanos",
        **overrides,
    }


def test_officer_creates_a_call_with_times_read_in_the_missions_zone(
    client, officer_mexico, mission_mexico
):
    area = PriorityAreaFactory()
    client.force_login(officer_mexico)

    response = client.post("/manage/calls/new/", call_form_data(mission_mexico, area))

    call = Call.objects.get()
    assert response["Location"] == f"/manage/calls/{call.pk}/"
    assert call.status == Call.Status.DRAFT
    local_deadline = timezone.localtime(call.closes_at, mission_mexico.zone)
    assert local_deadline.strftime("%Y-%m-%d %H:%M:%S") == "2027-01-15 23:59:59"
    assert call.priorities.get().focus_es == "Defensoras de derechos humanos"


def test_a_rejected_form_keeps_what_was_typed_and_saves_nothing(
    client, officer_mexico, mission_mexico
):
    area = PriorityAreaFactory()
    client.force_login(officer_mexico)
    data = call_form_data(mission_mexico, area, maximum_amount="30000")

    response = client.post("/manage/calls/new/", data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "The hard maximum cannot be lower than the typical maximum." in html
    assert 'value="Oaxaca call 2026-27"' in html
    assert not Call.objects.exists()
    # Said at the top, where the focus goes, with a link to the field to correct.
    summary = html.split('id="form-errors"', 1)[1].split("</div>", 1)[0]
    assert "data-cfli-error-summary" in summary
    assert 'href="#id_maximum_amount"' in summary
    assert "The hard maximum cannot be lower than the typical maximum." in summary


def test_officer_publishes_extends_and_closes_their_call(client, officer_mexico, call_mexico):
    call_mexico.published_at = None
    call_mexico.save()
    client.force_login(officer_mexico)

    client.post(f"/manage/calls/{call_mexico.pk}/publish/")
    call_mexico.refresh_from_db()
    assert call_mexico.published_at is not None

    # A week later, still before the latest project end date.
    later = timezone.localtime(call_mexico.closes_at, call_mexico.mission.zone) + timedelta(days=7)
    response = client.post(
        f"/manage/calls/{call_mexico.pk}/extend/",
        {"closes_at": later.strftime("%Y-%m-%dT%H:%M"), "reason": "Floods in the south"},
    )
    assert response.status_code == 302
    call_mexico.refresh_from_db()
    local = timezone.localtime(call_mexico.closes_at, call_mexico.mission.zone)
    assert local.strftime("%Y-%m-%d %H:%M") == later.strftime("%Y-%m-%d %H:%M")

    client.post(f"/manage/calls/{call_mexico.pk}/close/", {"reason": "Envelope used"})
    call_mexico.refresh_from_db()
    assert call_mexico.status == Call.Status.CLOSED
    page = client.get(f"/manage/calls/{call_mexico.pk}/").content.decode()
    assert "Deadline extended" in page
    assert "Floods in the south" in page


def test_extension_without_reason_is_refused_with_a_message(client, officer_mexico, call_mexico):
    client.force_login(officer_mexico)
    before = Call.objects.get().closes_at

    response = client.post(
        f"/manage/calls/{call_mexico.pk}/extend/", {"closes_at": "2030-01-31T23:59", "reason": ""}
    )

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Call.objects.get().closes_at == before
    assert not AuditEvent.objects.filter(verb="call.deadline_extended").exists()


@pytest.mark.parametrize("suffix", ["", "edit/", "extend/", "close/"])
def test_officer_gets_404_on_another_missions_call(client, officer_mexico, call_colombia, suffix):
    client.force_login(officer_mexico)

    assert client.get(f"/manage/calls/{call_colombia.pk}/{suffix}").status_code == 404


def test_officer_cannot_publish_another_missions_call(client, officer_mexico, call_colombia):
    call_colombia.published_at = None
    call_colombia.save()
    client.force_login(officer_mexico)

    assert client.post(f"/manage/calls/{call_colombia.pk}/publish/").status_code == 404
    call_colombia.refresh_from_db()
    assert call_colombia.published_at is None


def test_the_list_shows_only_the_officers_missions(
    client, officer_mexico, call_mexico, call_colombia
):
    client.force_login(officer_mexico)

    calls = client.get("/manage/calls/").context["calls"]

    assert list(calls) == [call_mexico]


def test_manage_list_makes_a_fixed_number_of_queries(
    client, officer_mexico, mission_mexico, django_assert_max_num_queries
):
    client.force_login(officer_mexico)
    CallFactory(mission=mission_mexico)
    client.get("/manage/calls/")
    # the session with its user and roles, count, calls+missions, missions (filter), can-create
    # check
    with django_assert_max_num_queries(7) as few:
        client.get("/manage/calls/")
    for _ in range(20):
        CallFactory(mission=mission_mexico)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/manage/calls/")

    assert len(response.context["calls"]) == 21


def test_partners_get_404_and_anonymous_visitors_the_login_page(client, user, call_mexico):
    anonymous = client.get("/manage/calls/")
    client.force_login(user)

    assert anonymous["Location"].startswith("/accounts/login/")
    for path in ["/manage/calls/", "/manage/calls/new/", f"/manage/calls/{call_mexico.pk}/"]:
        assert client.get(path).status_code == 404


def test_a_call_opening_later_is_listed_as_scheduled(client, officer_mexico, mission_mexico):
    CallFactory(
        mission=mission_mexico,
        opens_at=timezone.now() + timedelta(days=3),
        closes_at=timezone.now() + timedelta(days=30),
    )
    client.force_login(officer_mexico)

    assert "Scheduled" in client.get("/manage/calls/").content.decode()


def test_the_header_offers_manage_calls_to_officers_only(client, officer_mexico, mission_mexico):
    from tests.accounts.factories import UserFactory
    from tests.programs.factories import MissionStaffFactory

    reviewer = MissionStaffFactory(mission=mission_mexico, role="reviewer", user=UserFactory()).user
    client.force_login(officer_mexico)
    officer_page = client.get("/").content.decode()
    client.force_login(reviewer)
    reviewer_page = client.get("/").content.decode()

    assert 'href="/manage/calls/"' in officer_page
    assert 'href="/manage/calls/"' not in reviewer_page


def test_editing_a_published_call_keeps_its_deadline(client, officer_mexico, call_mexico):
    from django.forms.models import model_to_dict

    call_mexico.refresh_from_db()
    deadline = call_mexico.closes_at
    area = call_mexico.priorities.get().priority_area
    client.force_login(officer_mexico)
    form_page = client.get(f"/manage/calls/{call_mexico.pk}/edit/")
    form = form_page.context["form"]
    data = {
        name: value
        for name, value in model_to_dict(call_mexico, fields=form.Meta.fields).items()
        if value is not None
    }
    data.update(
        {
            "title_en": "Renamed call",
            "mission": call_mexico.mission_id,
            "opens_at": form.initial["opens_at"].strftime("%Y-%m-%dT%H:%M"),
            "closes_at": "2040-01-01T00:00",  # disabled field: ignored
            "latest_end_date": call_mexico.latest_end_date.isoformat(),
            f"area-{area.pk}-chosen": "on",
        }
    )
    data = {key: value for key, value in data.items() if value is not False}

    response = client.post(f"/manage/calls/{call_mexico.pk}/edit/", data)

    assert response.status_code == 302, response.context["form"].errors
    call_mexico.refresh_from_db()
    assert call_mexico.title_en == "Renamed call"
    assert call_mexico.closes_at == deadline


def test_a_closed_call_is_archived_and_leaves_the_public_pages(client, officer_mexico, call_mexico):
    client.force_login(officer_mexico)

    refused = client.post(f"/manage/calls/{call_mexico.pk}/archive/", follow=True)
    client.post(f"/manage/calls/{call_mexico.pk}/close/", {"reason": "Envelope used"})
    client.post(f"/manage/calls/{call_mexico.pk}/archive/")

    assert "Only a closed call can be archived." in refused.content.decode()
    call_mexico.refresh_from_db()
    assert call_mexico.status == Call.Status.ARCHIVED
    assert client.get(call_mexico.get_absolute_url()).status_code == 404
    assert "Archived" in client.get(f"/manage/calls/{call_mexico.pk}/").content.decode()
