import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from tests import preflight
from tests.accounts.factories import UserFactory


def pytest_sessionstart(session):
    problems = preflight.problems()
    if problems:
        pytest.exit("\n".join(problems), returncode=3)


@pytest.fixture(scope="session", autouse=True)
def _empty_test_queue():
    """Drop what tests sent to the broker and no worker consumed."""
    yield
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(*(queue.name for queue in settings.CELERY_TASK_QUEUES))


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request or a task run in this thread may
    have left another one active (LocaleMiddleware activates and never deactivates)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and kept fragments live in the caches: each test starts from zero
    (a row's id and time can come back in another test's data)."""
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture
def user(db):
    """A signed-up person with a verified address (a local partner, for now)."""
    return UserFactory(email="partner@example.org", full_name="Ana Partner")


@pytest.fixture
def admin_user(db):
    return UserFactory(
        email="admin@example.org", full_name="Ada Admin", is_staff=True, is_superuser=True
    )


@pytest.fixture
def administrator(db):
    """The application's administrator role (not the Django superuser)."""
    return UserFactory(email="administrator@example.org", is_administrator=True)


@pytest.fixture
def mission_mexico(db):
    from tests.programs.factories import MissionFactory

    return MissionFactory(
        name_en="Embassy of Canada to Mexico", code="MEX", time_zone="America/Mexico_City"
    )


@pytest.fixture
def mission_colombia(db):
    from tests.programs.factories import MissionFactory

    return MissionFactory(
        name_en="Embassy of Canada to Colombia",
        code="COL",
        countries=["CO"],
        time_zone="America/Bogota",
        local_currency="COP",
    )


@pytest.fixture
def officer_mexico(mission_mexico):
    from tests.programs.factories import MissionStaffFactory

    return MissionStaffFactory(
        mission=mission_mexico, user=UserFactory(email="officer.mx@example.org")
    ).user


@pytest.fixture
def approver_mexico(mission_mexico):
    from tests.programs.factories import MissionStaffFactory

    return MissionStaffFactory(
        mission=mission_mexico, role="approver", user=UserFactory(email="approver@example.org")
    ).user


@pytest.fixture
def officer_colombia(mission_colombia):
    from tests.programs.factories import MissionStaffFactory

    return MissionStaffFactory(
        mission=mission_colombia, user=UserFactory(email="officer.co@example.org")
    ).user


@pytest.fixture
def call_mexico(mission_mexico):
    from tests.programs.factories import CallFactory

    return CallFactory(mission=mission_mexico, title_en="Mexico call 2026-27")


@pytest.fixture
def call_colombia(mission_colombia):
    from tests.programs.factories import CallFactory

    return CallFactory(mission=mission_colombia, title_en="Colombia call 2026-27")


@pytest.fixture
def organization_oaxaca(db):
    from tests.accounts.factories import OrganizationFactory

    return OrganizationFactory(name="Mujeres de la Sierra Norte", acronym="MSN")


@pytest.fixture
def partner_oaxaca(organization_oaxaca):
    """The owner of the Oaxaca organization."""
    from tests.accounts.factories import MembershipFactory

    return MembershipFactory(
        organization=organization_oaxaca,
        user=UserFactory(email="owner.oaxaca@example.org", full_name="Rosa Martínez"),
    ).user


@pytest.fixture
def member_oaxaca(organization_oaxaca):
    """A member (not an owner) of the Oaxaca organization."""
    from tests.accounts.factories import MembershipFactory

    return MembershipFactory(
        organization=organization_oaxaca,
        user=UserFactory(email="member.oaxaca@example.org", full_name="Lucía Pérez"),
        role="member",
    ).user


@pytest.fixture
def private_files(settings, tmp_path):
    """Attachments saved during the test go to a folder of its own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    return tmp_path / "private"


@pytest.fixture
def celery_eager(monkeypatch):
    """Run tasks in the test process when sent (tests about what a task does, not transport)."""
    from cfli.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "task_eager_propagates", True)


@pytest.fixture
def draft_oaxaca(call_mexico, organization_oaxaca, partner_oaxaca):
    from tests.proposals.factories import ProposalFactory

    return ProposalFactory(call=call_mexico, organization=organization_oaxaca)


@pytest.fixture
def complete_draft(draft_oaxaca, private_files):
    from tests.proposals.factories import fill_in

    return fill_in(draft_oaxaca)


@pytest.fixture
def submitted_oaxaca(complete_draft, partner_oaxaca):
    """The complete Oaxaca draft, submitted the day after its call opened."""
    from datetime import timedelta

    from proposals import services

    received = complete_draft.call.opens_at + timedelta(days=1)
    return services.proposal_submit(
        proposal=complete_draft, actor=partner_oaxaca, received_at=received
    ).proposal


@pytest.fixture
def partner_bogota(db):
    from tests.accounts.factories import MembershipFactory, OrganizationFactory

    organization = OrganizationFactory(name="Fundación Caminos de Paz", country="CO")
    return MembershipFactory(
        organization=organization, user=UserFactory(email="partner.bogota@example.org")
    ).user


@pytest.fixture
def default_instruments():
    """The default grid and checklist, for tests whose database was emptied between tests
    (browser tests): the data migration's own seed."""
    from importlib import import_module

    from django.apps import apps

    from reviews.models import ScoringGrid

    if not ScoringGrid.objects.exists():
        import_module("reviews.migrations.0002_default_instruments").seed(apps, None)
