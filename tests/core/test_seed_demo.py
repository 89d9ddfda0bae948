import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db

DEMO_EMAILS = {
    "admin@cfli.example",
    "officer.mexico@cfli.example",
    "reviewer.mexico@cfli.example",
    "approver.mexico@cfli.example",
    "officer.colombia@cfli.example",
    "reviewer.colombia@cfli.example",
    "partner.oaxaca@cfli.example",
    "partner.bogota@cfli.example",
}


def test_seed_demo_creates_the_demo_accounts_with_verified_addresses(client, capsys):
    call_command("seed_demo")

    assert set(User.objects.values_list("email", flat=True)) == DEMO_EMAILS
    assert set(EmailAddress.objects.filter(verified=True).values_list("email", flat=True)) == (
        DEMO_EMAILS
    )
    assert list(User.objects.filter(is_superuser=True).values_list("email", flat=True)) == [
        "admin@cfli.example"
    ]
    response = client.post(
        "/accounts/login/", {"login": "partner.oaxaca@cfli.example", "password": "cfli-demo-2026"}
    )
    assert response.status_code == 302
    assert "Demo data: 8 change(s)." in capsys.readouterr().out


def test_a_second_seed_demo_changes_nothing(capsys):
    call_command("seed_demo")
    before = list(User.objects.order_by("pk").values())
    capsys.readouterr()

    call_command("seed_demo")

    assert list(User.objects.order_by("pk").values()) == before
    assert EmailAddress.objects.count() == 8
    assert "Demo data: up to date." in capsys.readouterr().out
