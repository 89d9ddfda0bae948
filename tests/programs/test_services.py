from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from core.languages import language_names
from core.models import AuditEvent
from programs import services
from programs.models import Call, MissionStaff, PriorityArea
from tests.accounts.factories import UserFactory
from tests.programs.factories import CallFactory, MissionStaffFactory, PriorityAreaFactory

pytestmark = pytest.mark.django_db

MEXICO = ZoneInfo("America/Mexico_City")  # mission_mexico's time zone
CLOSES_AT = timezone.now() + timedelta(days=30)
LATEST_END_BEFORE_DEADLINE = (
    "Projects must be able to end after the call closes: give a latest project end date after "
    "the deadline."
)


def call_fields(mission, **overrides):
    now = timezone.now()
    return {
        "mission": mission,
        "fiscal_year": 2026,
        "title_en": "Call 2026-27",
        "title_fr": "Appel 2026-2027",
        "title_es": "Convocatoria 2026-27",
        "opens_at": now + timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "budget_envelope": Decimal("300000"),
        "typical_min_amount": Decimal("20000"),
        "typical_max_amount": Decimal("45000"),
        "maximum_amount": Decimal("100000"),
        "admin_cost_cap_percent": Decimal("15"),
        "latest_end_date": date(2027, 2, 15),
        "accepted_languages": ["es"],
        "eligible_organization_types": ["local_ngo"],
        "exchange_rate": Decimal("0.0752"),
        **overrides,
    }


def test_administrator_creates_a_priority_area_in_three_languages(administrator):
    area = services.catalogue_item_save(
        actor=administrator,
        model=PriorityArea,
        name_en="Digital rights",
        name_fr="Droits numériques",
        name_es="Derechos digitales",
        position=7,
    )

    assert (area.name_en, area.name_fr, area.name_es) == (
        "Digital rights",
        "Droits numériques",
        "Derechos digitales",
    )
    assert AuditEvent.objects.get(verb="priority_area.created").target_id == str(area.pk)


def test_a_program_officer_cannot_change_the_catalogue(officer_mexico):
    with pytest.raises(PermissionDenied):
        services.catalogue_item_save(
            actor=officer_mexico, model=PriorityArea, name_en="x", position=1
        )

    assert not PriorityArea.objects.exists()


def test_an_area_used_by_a_call_is_retired_not_deleted(administrator, call_mexico):
    area = call_mexico.priorities.get().priority_area

    with pytest.raises(ValidationError, match="Retire it instead"):
        services.catalogue_item_delete(actor=administrator, item=area)
    services.catalogue_item_set_active(actor=administrator, item=area, active=False)

    area.refresh_from_db()
    assert area.is_active is False
    assert call_mexico.priorities.get().priority_area == area
    assert list(AuditEvent.objects.values_list("verb", flat=True)) == ["priority_area.retired"]


def test_an_unused_area_can_be_deleted(administrator):
    area = PriorityAreaFactory()

    services.catalogue_item_delete(actor=administrator, item=area)

    assert not PriorityArea.objects.exists()
    assert AuditEvent.objects.get(verb="priority_area.deleted").data == {"name": area.name}


def test_granting_and_revoking_a_role_is_audited(administrator, mission_mexico):
    person = UserFactory()

    staff = services.staff_role_grant(
        actor=administrator, user=person, mission=mission_mexico, role="reviewer"
    )
    again = services.staff_role_grant(
        actor=administrator, user=person, mission=mission_mexico, role="reviewer"
    )
    services.staff_role_revoke(actor=administrator, staff=staff)

    assert again.pk == staff.pk
    assert not MissionStaff.objects.filter(user=person).exists()
    assert list(AuditEvent.objects.order_by("id").values_list("verb", "mission_id", "data")) == [
        ("staff_role.granted", mission_mexico.pk, {"role": "reviewer"}),
        ("staff_role.revoked", mission_mexico.pk, {"role": "reviewer"}),
    ]


def test_officer_creates_and_publishes_a_call_for_their_mission(officer_mexico, mission_mexico):
    area = PriorityAreaFactory()

    call = services.call_create(
        actor=officer_mexico,
        priorities=[{"priority_area": area, "is_preferred": True, "focus_es": "Mujeres"}],
        **call_fields(mission_mexico),
    )
    assert call.status == Call.Status.DRAFT
    services.call_publish(actor=officer_mexico, call=call)

    call.refresh_from_db()
    assert call.status == Call.Status.SCHEDULED
    assert (call.closes_at.second, call.closes_at.microsecond) == (59, 999999)
    assert call.priorities.get().focus_es == "Mujeres"
    assert list(AuditEvent.objects.order_by("id").values_list("verb", flat=True)) == [
        "call.created",
        "call.published",
    ]


def test_officer_cannot_create_a_call_for_another_mission(officer_mexico, mission_colombia):
    with pytest.raises(PermissionDenied):
        services.call_create(
            actor=officer_mexico,
            priorities=[{"priority_area": PriorityAreaFactory()}],
            **call_fields(mission_colombia),
        )

    assert not Call.objects.exists()


@pytest.mark.parametrize(
    ("_case", "overrides", "field", "message"),
    [
        (
            "closes before it opens",
            {"closes_at": timezone.now() - timedelta(days=3)},
            "closes_at",
            "The call must close after it opens.",
        ),
        (
            "maximum below typical",
            {"maximum_amount": Decimal("40000")},
            "maximum_amount",
            "The hard maximum cannot be lower than the typical maximum.",
        ),
        (
            "cap over 100",
            {"admin_cost_cap_percent": Decimal("120")},
            "admin_cost_cap_percent",
            "Ensure this value is less than or equal to 100.",
        ),
        (
            "end after the fiscal year",
            {"latest_end_date": date(2027, 6, 30)},
            "latest_end_date",
            "Projects must end within fiscal year 2026-27 (2026-04-01 to 2027-03-31).",
        ),
        (
            "projects end before the call opens",
            {"latest_end_date": timezone.localdate()},
            "latest_end_date",
            LATEST_END_BEFORE_DEADLINE,
        ),
        (
            "projects end on the deadline's day",
            {"closes_at": CLOSES_AT, "latest_end_date": CLOSES_AT.astimezone(MEXICO).date()},
            "latest_end_date",
            LATEST_END_BEFORE_DEADLINE,
        ),
    ],
)
def test_call_validation_explains_the_problem(
    _case, overrides, field, message, officer_mexico, mission_mexico
):
    with pytest.raises(ValidationError) as failure:
        services.call_create(
            actor=officer_mexico,
            priorities=[{"priority_area": PriorityAreaFactory()}],
            **call_fields(mission_mexico, **overrides),
        )

    assert message in failure.value.message_dict[field]
    assert not Call.objects.exists()


def test_a_call_needs_a_priority_area(officer_mexico, mission_mexico):
    with pytest.raises(ValidationError, match="at least one priority area"):
        services.call_create(actor=officer_mexico, priorities=[], **call_fields(mission_mexico))

    assert not Call.objects.exists()


def draft_call(officer, mission, **overrides) -> Call:
    return services.call_create(
        actor=officer,
        priorities=[{"priority_area": PriorityAreaFactory()}],
        **call_fields(mission, **overrides),
    )


@pytest.mark.parametrize(
    ("_case", "texts", "errors"),
    [
        (
            "title and guidance in English only",
            {"title_fr": "", "title_es": "", "guidance_en": "Read the priorities."},
            {
                "title_fr": [
                    "A published call needs its title in every language; it is missing in "
                    "French, Spanish."
                ],
                "guidance_fr": [
                    "A published call gives its guidance in every language or in none; it is "
                    "missing in French, Spanish."
                ],
            },
        ),
        (
            "guidance in two languages",
            {"guidance_en": "Read the priorities.", "guidance_es": "Lea las prioridades."},
            {
                "guidance_fr": [
                    "A published call gives its guidance in every language or in none; it is "
                    "missing in French."
                ]
            },
        ),
        (
            "a blank title in Spanish",
            {"title_es": "   "},
            {
                "title_es": [
                    "A published call needs its title in every language; it is missing in Spanish."
                ]
            },
        ),
    ],
)
def test_publishing_refuses_a_call_missing_languages_and_names_them(
    _case, texts, errors, officer_mexico, mission_mexico
):
    call = draft_call(officer_mexico, mission_mexico, **texts)  # a draft may miss them

    with pytest.raises(ValidationError) as failure:
        services.call_publish(actor=officer_mexico, call=call)

    assert failure.value.message_dict == errors
    call.refresh_from_db()
    assert call.published_at is None
    assert list(AuditEvent.objects.values_list("verb", flat=True)) == ["call.created"]


def test_a_call_with_guidance_in_every_language_or_none_is_published(
    officer_mexico, mission_mexico
):
    guided = draft_call(
        officer_mexico,
        mission_mexico,
        guidance_en="Read the priorities.",
        guidance_fr="Lisez les priorités.",
        guidance_es="Lea las prioridades.",
    )
    unguided = draft_call(officer_mexico, mission_mexico)

    for call in (guided, unguided):
        services.call_publish(actor=officer_mexico, call=call)
        call.refresh_from_db()
        assert call.status == Call.Status.SCHEDULED


def test_a_published_call_keeps_every_language_when_edited(officer_mexico, call_mexico):
    title_fr = call_mexico.title_fr

    with pytest.raises(ValidationError) as failure:
        services.call_update(
            actor=officer_mexico,
            call=call_mexico,
            priorities=[{"priority_area": call_mexico.priorities.get().priority_area}],
            title_fr="",
        )

    assert failure.value.message_dict == {
        "title_fr": ["A published call needs its title in every language; it is missing in French."]
    }
    call_mexico.refresh_from_db()
    assert call_mexico.title_fr == title_fr


def test_publishing_refuses_a_draft_whose_projects_would_end_before_the_deadline(
    officer_mexico, mission_mexico
):
    call = draft_call(officer_mexico, mission_mexico, title_es="")
    # Saved before the rule existed (or through the admin site): it ends before it opens.
    Call.objects.filter(pk=call.pk).update(latest_end_date=timezone.localdate())

    with pytest.raises(ValidationError) as failure:
        services.call_publish(actor=officer_mexico, call=call)

    assert failure.value.message_dict == {  # every problem at once
        "latest_end_date": [LATEST_END_BEFORE_DEADLINE],
        "title_es": [
            "A published call needs its title in every language; it is missing in Spanish."
        ],
    }
    call.refresh_from_db()
    assert call.published_at is None


def test_the_factory_s_calls_are_valid_published_calls(call_mexico, call_colombia):
    for call in (call_mexico, call_colombia, CallFactory(published_at=None)):
        call.full_clean()
    services.call_publish(actor=officer_of(call.mission), call=call)


def officer_of(mission):
    return MissionStaffFactory(mission=mission, user=UserFactory()).user


def test_missing_languages_are_named_in_the_reader_s_language():
    assert language_names(["fr", "es"]) == "French, Spanish"
    with translation.override("fr"):
        assert language_names(["en", "es"]) == "Anglais, Espagnol"
    with translation.override("es"):
        assert language_names(["en", "fr"]) == "Inglés, Francés"


def test_extending_the_deadline_records_the_reason(officer_mexico, call_mexico):
    call_mexico.refresh_from_db()
    previous = call_mexico.closes_at
    later = previous + timedelta(days=7)

    services.call_extend_deadline(
        actor=officer_mexico, call=call_mexico, closes_at=later, reason="Hurricane season"
    )

    call_mexico.refresh_from_db()
    assert call_mexico.closes_at == later
    event = AuditEvent.objects.get(verb="call.deadline_extended")
    assert event.data["reason"] == "Hurricane season"
    assert event.data["previous_closes_at"] == previous.isoformat()


@pytest.mark.parametrize(
    ("_case", "days", "reason", "message"),
    [
        ("earlier deadline", -1, "why", "later than the current one"),
        ("no reason", 3, "  ", "Say why the deadline moves."),
        # call_mexico's projects end by 2027-02-15.
        ("past the latest project end date", 60, "why", "Projects must be able to end after"),
    ],
)
def test_extension_is_refused_when_not_later_or_without_reason(
    _case, days, reason, message, officer_mexico, call_mexico
):
    previous = call_mexico.closes_at

    with pytest.raises(ValidationError, match=message):
        services.call_extend_deadline(
            actor=officer_mexico,
            call=call_mexico,
            closes_at=previous + timedelta(days=days),
            reason=reason,
        )

    call_mexico.refresh_from_db()
    assert call_mexico.closes_at == previous
    assert not AuditEvent.objects.exists()


def test_officer_cannot_extend_another_missions_call(officer_mexico, call_colombia):
    with pytest.raises(PermissionDenied):
        services.call_extend_deadline(
            actor=officer_mexico,
            call=call_colombia,
            closes_at=call_colombia.closes_at + timedelta(days=1),
            reason="x",
        )


def test_closing_early_closes_now_and_keeps_the_reason(officer_mexico, call_mexico):
    services.call_close_early(actor=officer_mexico, call=call_mexico, reason="Envelope used up")

    call_mexico.refresh_from_db()
    assert call_mexico.status == Call.Status.CLOSED
    assert AuditEvent.objects.get(verb="call.closed_early").data["reason"] == "Envelope used up"


def test_a_call_in_a_mission_not_using_cad_needs_its_exchange_rate(officer_mexico, mission_mexico):
    with pytest.raises(ValidationError, match="budgets in MXN are converted to Canadian dollars"):
        services.call_create(
            actor=officer_mexico,
            priorities=[],
            **call_fields(mission_mexico, exchange_rate=None),
        )
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    ("state", "actions"),
    [
        ("draft", {"publish"}),
        ("scheduled", {"extend", "close"}),
        ("open", {"extend", "close"}),
        ("closed", {"extend", "archive"}),
        ("archived", set()),
    ],
)
def test_a_call_offers_and_accepts_only_the_actions_of_its_state(
    client, officer_mexico, mission_mexico, state, actions
):
    """The page shows a button for each allowed action, and the services refuse the others."""
    now = timezone.now()
    call = CallFactory(
        mission=mission_mexico,
        opens_at=now + timedelta(days=2 if state == "scheduled" else -20),
        closes_at=now + timedelta(days=-1 if state in ("closed", "archived") else 10),
        published_at=None if state == "draft" else now - timedelta(days=30),
        archived_at=now if state == "archived" else None,
    )
    client.force_login(officer_mexico)
    page = client.get(f"/manage/calls/{call.pk}/").content.decode()
    tries = {
        "publish": lambda: services.call_publish(actor=officer_mexico, call=call),
        "archive": lambda: services.call_archive(actor=officer_mexico, call=call),
        "close": lambda: services.call_close_early(actor=officer_mexico, call=call, reason="R"),
        "extend": lambda: services.call_extend_deadline(
            actor=officer_mexico, call=call, closes_at=now + timedelta(days=60), reason="R"
        ),
    }
    buttons = {
        "publish": f"/manage/calls/{call.pk}/publish/",
        "archive": f"/manage/calls/{call.pk}/archive/",
        "close": f"/manage/calls/{call.pk}/close/",
        "extend": f"/manage/calls/{call.pk}/extend/",
    }

    for action, attempt in tries.items():
        assert (buttons[action] in page) is (action in actions), action
        if action in actions:
            continue
        if action == "publish":
            # Publishing a published call again is a no-op (a double click), not an error.
            assert attempt().published_at == call.published_at
            continue
        with pytest.raises(ValidationError):
            attempt()
