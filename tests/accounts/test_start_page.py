"""After signing in, each role lands on its own start page, one it can open (programs/start.py);
a `next` in the sign-in link still wins, and staff pass their second factor first."""

import pytest

from programs.start import WAITING_STATUS
from proposals.models import Proposal
from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.test_mfa import totp
from tests.accounts.test_staff_second_factor import enroll
from tests.programs.factories import MissionStaffFactory

pytestmark = pytest.mark.django_db


def staff(mission, *roles):
    person = UserFactory()
    for role in roles:
        MissionStaffFactory(mission=mission, user=person, role=role)
    return person


@pytest.fixture
def person(request, mission_mexico, administrator, partner_oaxaca):
    return {
        "partner": lambda: partner_oaxaca,
        "new account": lambda: UserFactory(),
        "reviewer": lambda: staff(mission_mexico, "reviewer"),
        "program officer": lambda: staff(mission_mexico, "program_officer"),
        "approver": lambda: staff(mission_mexico, "approver"),
        "officer and approver": lambda: staff(mission_mexico, "program_officer", "approver"),
        "officer and reviewer": lambda: staff(mission_mexico, "program_officer", "reviewer"),
        "administrator": lambda: administrator,
    }[request.param]()


@pytest.mark.parametrize(
    ("person", "start"),
    [
        ("partner", "/proposals/"),
        ("new account", "/proposals/"),
        ("reviewer", "/manage/reviews/"),
        ("program officer", "/manage/proposals/?status=submitted"),
        ("approver", "/manage/proposals/?status=recommended"),
        ("officer and approver", "/manage/proposals/"),
        ("officer and reviewer", "/manage/proposals/?status=submitted"),
        ("administrator", "/manage/calls/"),
    ],
    indirect=["person"],
)
def test_each_role_lands_on_its_own_start_page_and_can_open_it(client, person, start):
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == start
    assert client.get(start).status_code == 200


def test_the_waiting_filters_are_statuses_of_proposals():
    assert set(WAITING_STATUS.values()) <= set(Proposal.Status.values)


def test_a_next_in_the_sign_in_link_still_wins(client, officer_mexico):
    response = client.post(
        "/accounts/login/?next=/calls/", {"login": officer_mexico.email, "password": PASSWORD}
    )

    assert response["Location"] == "/calls/"


def test_staff_enter_their_code_before_reaching_their_start_page(client, settings, officer_mexico):
    settings.CFLI_STAFF_MFA_REQUIRED = True
    secret = enroll(officer_mexico)

    password = client.post(
        "/accounts/login/", {"login": officer_mexico.email, "password": PASSWORD}
    )
    code = client.post("/accounts/2fa/authenticate/", {"code": totp(secret)})

    assert password["Location"] == "/accounts/2fa/authenticate/"
    assert code["Location"] == "/manage/proposals/?status=submitted"
    assert client.get(code["Location"]).status_code == 200


def test_staff_without_an_authenticator_are_asked_to_set_one_up_for_their_start_page(
    client, settings, mission_mexico
):
    settings.CFLI_STAFF_MFA_REQUIRED = True
    reviewer = staff(mission_mexico, "reviewer")

    landed = client.post("/accounts/login/", {"login": reviewer.email, "password": PASSWORD})
    start = client.get(landed["Location"])

    assert landed["Location"] == "/manage/reviews/"
    assert start["Location"] == "/accounts/2fa/totp/activate/?next=/manage/reviews/"
