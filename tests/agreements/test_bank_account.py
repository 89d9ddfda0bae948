"""The partner's bank account: in the organization's own name, checked as a bank would, kept
encrypted, shown masked to everyone, and never written to the audit log in full."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.core.management import call_command

from agreements import bank, services
from agreements.models import BankAccount, ContributionAgreement
from core.models import AuditEvent
from tests.agreements.test_opening import funded

VALID_IBAN = "GB82 WEST 1234 5698 7654 32"  # the standard's own example


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def account_data(**changes):
    return {
        "holder": "Mujeres de la Sierra Norte",
        "bank_name": "Banco del Bienestar",
        "bank_address": "Oaxaca de Juárez",
        "account_number": "0123-4567-8901-4821",
        "swift_bic": "bnmxmxmm",
        "iban": "",
    } | changes


def test_iban_check_digits_and_swift_codes_are_checked():
    bank.validate_iban(VALID_IBAN)
    bank.validate_swift_bic("BNMXMXMMXXX")
    with pytest.raises(ValidationError):
        bank.validate_iban(VALID_IBAN[:-1] + "3")
    with pytest.raises(ValidationError):
        bank.validate_swift_bic("BNMX12")
    with pytest.raises(ValidationError):
        bank.validate_iban("GB82\u202eWEST12345698765432")  # not a letter or digit


@pytest.mark.django_db
def test_the_partner_gives_the_account_and_everyone_sees_it_masked(
    client, parties, officer_mexico, partner_oaxaca, private_files
):
    proposal = funded(*parties)
    address = f"/proposals/{proposal.pk}/agreement/"
    client.force_login(partner_oaxaca)

    personal = client.post(f"{address}bank-account/", account_data(holder="Rosa Martínez"))
    assert personal.status_code == 400
    assert "The account must be in the organization" in personal.text
    assert 'value="0123-4567-8901-4821"' in personal.text  # kept for correcting
    mistyped = client.post(f"{address}bank-account/", account_data(iban="GB82WEST12345698765433"))
    assert "This IBAN is not valid" in mistyped.text
    assert not BankAccount.objects.exists()

    saved = client.post(
        f"{address}bank-account/",
        account_data(holder="MUJERES DE LA SIERRA NORTE", iban=VALID_IBAN),
        follow=True,
    )
    assert "The bank account •••• 4821 is saved." in saved.text
    account = ContributionAgreement.objects.get(pk=proposal.agreement.pk).bank_account
    assert "4567" not in account.account_number_encrypted
    assert bank.decrypt(account.account_number_encrypted) == "0123456789014821"
    assert bank.decrypt(account.iban_encrypted) == "GB82WEST12345698765432"
    assert (account.swift_bic, account.needs_confirmation) == ("BNMXMXMM", False)
    for page in (saved.text, client.get(address).text):
        assert "•••• 4821" in page
        assert "0123" not in page
        assert "GB82" not in page
    client.force_login(officer_mexico)
    staff_page = client.get(f"/manage/proposals/{proposal.pk}/agreement/").text
    assert "•••• 4821" in staff_page
    assert "0123" not in staff_page
    audit = AuditEvent.objects.get(verb="agreement.bank_account_set")
    assert "0123" not in str(audit.data)
    assert audit.data["account"] == "•••• 4821"


@pytest.mark.django_db
def test_an_account_given_after_signature_waits_for_the_embassys_confirmation(
    parties, partner_oaxaca, private_files
):
    agreement = funded(*parties).agreement
    ContributionAgreement.objects.filter(pk=agreement.pk).update(status="active")
    agreement.refresh_from_db()

    fields = account_data() | {"iban": "", "swift_bic": ""}
    account = services.bank_account_set(agreement=agreement, actor=partner_oaxaca, **fields)

    assert account.needs_confirmation


@pytest.mark.django_db
def test_rotating_the_key_keeps_every_account_readable_under_the_new_key(
    settings, parties, partner_oaxaca, private_files
):
    agreement = funded(*parties).agreement
    services.bank_account_set(agreement=agreement, actor=partner_oaxaca, **account_data())
    old_key, new_key = settings.CFLI_DATA_KEYS[0], Fernet.generate_key().decode()
    settings.CFLI_DATA_KEYS = [new_key, old_key]

    call_command("bank_details_rotate_key", stdout=io.StringIO())

    settings.CFLI_DATA_KEYS = [new_key]
    account = BankAccount.objects.get()
    assert bank.decrypt(account.account_number_encrypted) == "0123456789014821"
    assert AuditEvent.objects.filter(verb="bank_details.key_rotated").exists()
