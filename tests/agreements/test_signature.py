"""Signature in order: the partner's authorized signatory (an owner of the organization) signs
what the embassy sent, with an attestation kept as shown and, optionally, a scanned copy
checked as every upload; then an approver of the mission countersigns, the agreement is in
force from that day, and its first instalment becomes due. Each step audited, each party told."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from agreements import services
from agreements.models import ContributionAgreement
from core.models import AuditEvent
from notifications.models import Notification
from notifications.services import render_email
from tests.agreements.test_bank_account import account_data
from tests.agreements.test_opening import funded
from tests.core.test_uploads import EXE_BYTES, PDF_BYTES, zeros_docx


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def to_sign(parties, *, with_account=True) -> ContributionAgreement:
    """An agreement the embassy sent for signature, with the partner's account given."""
    _call, _organization, partner, officer, _approver = parties
    agreement = funded(*parties).agreement
    services.agreement_mark_ready(agreement=agreement, actor=officer)
    if with_account:
        data = account_data()
        services.bank_account_set(agreement=agreement, actor=partner, **data)
    agreement.refresh_from_db()
    return agreement


def sign(agreement, partner, **changes):
    values = {
        "signatory_name": "Rosa Martínez",
        "signatory_title": "Directora",
        "attested": True,
        "signed_copy": None,
    } | changes
    return services.agreement_sign(agreement=agreement, actor=partner, **values)


def signed(parties) -> ContributionAgreement:
    """An agreement signed by both parties: in force, its advance due."""
    agreement = to_sign(parties)
    sign(agreement, parties[2])
    services.agreement_countersign(agreement=agreement, actor=parties[4])
    agreement.refresh_from_db()
    return agreement


@pytest.mark.django_db
def test_sending_for_signature_tells_each_member_in_their_language(parties, private_files):
    agreement = to_sign(parties)

    told = Notification.objects.filter(event="agreement_ready_to_sign").order_by("email")
    assert [(n.email, n.language) for n in told] == [("owner.oaxaca@example.org", "en")]
    body = render_email(told[0]).body
    assert "CFLI-MEX-2026-27-A0001" in body
    assert f"/proposals/{agreement.proposal_id}/agreement/" in body


@pytest.mark.django_db
def test_only_an_owner_signs_and_only_with_the_account_and_the_attestation(
    parties, member_oaxaca, private_files
):
    partner, officer = parties[2], parties[3]
    agreement = to_sign(parties, with_account=False)

    for person in (member_oaxaca, officer):
        with pytest.raises(PermissionDenied):
            sign(agreement, person)
    with pytest.raises(ValidationError) as error:
        sign(agreement, partner, attested=False, signatory_title=" ")
    assert error.value.message_dict == {
        "signatory_title": ["Give the title of the person who signs."],
        "attested": ["Confirm the attestation to sign."],
        "__all__": [
            "Give the bank account the fund pays into before you sign: it is part of the agreement."
        ],
    }
    agreement.refresh_from_db()
    assert (agreement.status, agreement.partner_signed_at) == ("to_sign", None)


@pytest.mark.django_db
def test_the_partner_signs_with_the_attestation_they_read_and_the_approvers_are_told(
    parties, private_files
):
    partner, approver = parties[2], parties[4]
    agreement = to_sign(parties)

    with translation.override("es"):
        sign(agreement, partner)

    agreement.refresh_from_db()
    assert agreement.status == "partner_signed"
    assert (agreement.partner_signed_by, agreement.partner_signatory_name) == (
        partner,
        "Rosa Martínez",
    )
    # Kept as the partner read it, in Spanish, with the organization and the number.
    assert agreement.partner_attestation.startswith(
        "Tengo autorización para firmar en nombre de Mujeres de la Sierra Norte"
    )
    assert "CFLI-MEX-2026-27-A0001" in agreement.partner_attestation
    assert AuditEvent.objects.filter(verb="agreement.partner_signed", actor=partner).exists()
    told = Notification.objects.get(event="agreement_to_countersign")
    assert told.recipient == approver
    assert "Countersign it for Canada" in render_email(told).body
    with pytest.raises(ValidationError):  # signed once
        sign(agreement, partner)


@pytest.mark.django_db
def test_a_signed_copy_is_checked_as_every_upload_and_served_only_to_the_two_parties(
    client, parties, partner_bogota, officer_colombia, private_files
):
    partner, officer = parties[2], parties[3]
    agreement = to_sign(parties)
    address = f"/proposals/{agreement.proposal_id}/agreement/"
    client.force_login(partner)

    for name, content, message in [
        ("firmado.pdf", EXE_BYTES, "does not contain what its name says"),
        ("firmado.docx", zeros_docx(size=0), "send the signed copy as a PDF, JPEG or PNG file"),
    ]:
        refused = client.post(
            f"{address}sign/",
            {
                "signatory_name": "Rosa Martínez",
                "signatory_title": "Directora",
                "attested": "on",
                "signed_copy": SimpleUploadedFile(name, content),
            },
        )
        assert refused.status_code == 400
        assert message in refused.text
        assert 'value="Directora"' in refused.text  # what was typed is kept
    agreement.refresh_from_db()
    assert agreement.status == "to_sign"

    signed_page = client.post(
        f"{address}sign/",
        {
            "signatory_name": "Rosa Martínez",
            "signatory_title": "Directora",
            "attested": "on",
            "signed_copy": SimpleUploadedFile("../convenio firmado.pdf", PDF_BYTES),
        },
        follow=True,
    )
    assert "You signed the agreement" in signed_page.text
    assert "Signed copy (convenio firmado.pdf)" in signed_page.text

    download = client.get(f"{address}signed-copy/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "no-store" in download["Cache-Control"]
    client.force_login(officer)
    staff_copy = client.get(f"/manage/proposals/{agreement.proposal_id}/agreement/signed-copy/")
    assert staff_copy.status_code == 200
    assert AuditEvent.objects.filter(verb="agreement.signed_copy_downloaded").count() == 2
    for outsider, url in [
        (partner_bogota, f"{address}signed-copy/"),
        (officer_colombia, f"/manage/proposals/{agreement.proposal_id}/agreement/signed-copy/"),
    ]:
        client.force_login(outsider)
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_approver_countersigns_and_the_advance_becomes_due(parties, private_files):
    partner, officer, approver = parties[2], parties[3], parties[4]
    agreement = to_sign(parties)
    with pytest.raises(ValidationError):  # the partner signs first
        services.agreement_countersign(agreement=agreement, actor=approver)
    sign(agreement, partner)
    for person in (officer, partner):
        with pytest.raises(PermissionDenied):
            services.agreement_countersign(agreement=agreement, actor=person)

    services.agreement_countersign(agreement=agreement, actor=approver)

    agreement.refresh_from_db()
    assert agreement.status == "active"
    assert agreement.countersigned_by == approver
    assert agreement.start_date == timezone.localdate(timezone=agreement.mission.zone)
    assert [(i.sequence, i.status) for i in agreement.instalments.all()] == [
        (1, "due"),
        (2, "scheduled"),
        (3, "scheduled"),
    ]
    # Its reports are scheduled in the same transaction (the monitoring app's, tests/monitoring).
    assert list(agreement.events.values_list("kind", "instalment", "report"))[-5:] == [
        ("partner_signed", None, ""),
        ("countersigned", None, ""),
        ("report_scheduled", None, "interim"),
        ("report_scheduled", None, "final"),
        ("instalment_due", 1, ""),
    ]
    assert AuditEvent.objects.filter(verb="agreement.countersigned", actor=approver).exists()
    in_force = Notification.objects.get(event="agreement_signed")
    assert in_force.recipient == partner
    assert "It is in force from" in render_email(in_force).body
    due = Notification.objects.get(event="instalment_due")
    assert due.recipient == officer
    assert "Instalment 1 of agreement CFLI-MEX-2026-27-A0001" in render_email(due).body
    assert agreement.instalments.get(sequence=1).amount_cad == Decimal("26320.00")


@pytest.mark.django_db
def test_each_party_reads_the_steps_in_their_inbox(client, parties, private_files):
    partner, officer = parties[2], parties[3]
    signed(parties)

    client.force_login(partner)
    partner_inbox = client.get("/inbox/")
    client.force_login(officer)
    officer_inbox = client.get("/inbox/")

    assert "Agreement CFLI-MEX-2026-27-A0001 is signed by both parties" in partner_inbox.text
    assert "is ready for your signature" in partner_inbox.text
    assert "Instalment 1 of agreement CFLI-MEX-2026-27-A0001, CAD 26,320.00, is due." in (
        officer_inbox.text
    )


@pytest.mark.django_db
def test_the_embassy_returns_a_signature_the_partner_reads_why_and_signs_again(
    client, parties, private_files
):
    _call, _organization, partner, _officer, approver = parties
    partner.preferred_language = "es"
    partner.save()
    agreement = to_sign(parties)
    copy = SimpleUploadedFile("firmado.pdf", PDF_BYTES, content_type="application/pdf")
    sign(agreement, partner, signatory_name="Rosa", signatory_title="Tesorera", signed_copy=copy)
    agreement.refresh_from_db()
    client.force_login(approver)
    page = f"/manage/proposals/{agreement.proposal_id}/agreement/"
    assert "Return to the partner" in client.get(page).text

    refused = client.post(page + "return-signature/", {"reason": "  "})
    assert refused.status_code == 400
    assert "This field is required." in refused.text
    reason = "The agreement must be signed by the director, the authorized signatory."
    returned = client.post(page + "return-signature/", {"reason": reason}, follow=True)

    assert "The signature is returned" in returned.text
    agreement.refresh_from_db()
    assert agreement.status == ContributionAgreement.Status.TO_SIGN
    assert (agreement.partner_signed_at, agreement.partner_signatory_title) == (None, "")
    assert not agreement.signed_copy
    audit = AuditEvent.objects.get(verb="agreement.signature_returned")
    assert audit.data["title"] == "Tesorera"
    assert audit.data["signed_copy"] == "firmado.pdf"
    told = Notification.objects.get(event="agreement_signature_returned", recipient=partner)
    message = render_email(told)
    assert "fírmelo de nuevo" in message.subject  # in the partner's language
    assert reason in message.body
    client.force_login(partner)
    partner_page = client.get(f"/proposals/{agreement.proposal_id}/agreement/").text
    assert reason in partner_page  # on the timeline, written to the partner

    sign(agreement, partner, signatory_name="Rosa Martínez", signatory_title="Directora")
    services.agreement_countersign(agreement=agreement, actor=approver)
    agreement.refresh_from_db()
    assert agreement.status == ContributionAgreement.Status.ACTIVE
    assert agreement.partner_signatory_title == "Directora"
    # The approvers were asked to countersign each signature.
    assert Notification.objects.filter(event="agreement_to_countersign").count() == 2


@pytest.mark.django_db
def test_only_a_signature_awaiting_countersignature_is_returned_and_only_by_the_mission(
    parties, officer_colombia, private_files
):
    _call, _organization, partner, officer, _approver = parties
    agreement = to_sign(parties)

    with pytest.raises(ValidationError, match="waiting for the embassy"):
        services.agreement_signature_return(agreement=agreement, actor=officer, reason="x")
    sign(agreement, partner)
    for outsider in (partner, officer_colombia):
        with pytest.raises(PermissionDenied):
            services.agreement_signature_return(agreement=agreement, actor=outsider, reason="x")
    with pytest.raises(ValidationError, match="Say what must change"):
        services.agreement_signature_return(agreement=agreement, actor=officer, reason=" ")
    services.agreement_signature_return(agreement=agreement, actor=officer, reason="Title.")
    assert ContributionAgreement.objects.get(pk=agreement.pk).status == "to_sign"
