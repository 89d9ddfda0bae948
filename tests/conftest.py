import pytest
from django.core.cache import cache

from tests import preflight
from tests.accounts.factories import UserFactory


def pytest_sessionstart(session):
    problems = preflight.problems()
    if problems:
        pytest.exit("\n".join(problems), returncode=3)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    """A signed-up person with a verified address (a local partner, for now)."""
    return UserFactory(email="partner@example.org", full_name="Ana Partner")


@pytest.fixture
def admin_user(db):
    return UserFactory(
        email="admin@example.org", full_name="Ada Admin", is_staff=True, is_superuser=True
    )
