import re
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from notifications.models import Notification
from notifications.services import render_email
from proposals.models import Proposal
from proposals.services import proposal_move, proposal_submit
from reviews import services
from reviews.models import Decision
from tests.accounts.factories import UserFactory
from tests.programs.factories import MissionStaffFactory
from tests.proposals.factories import ProposalFactory, fill_in


def reviewed(call, organization, partner, officer):
    draft = fill_in(ProposalFactory(call=call, organization=organization))
    received = call.opens_at + timedelta(days=1)
    proposal = proposal_submit(proposal=draft, actor=partner, received_at=received).proposal
    for step in ("in_review", "reviewed"):
        proposal = proposal_move(proposal=proposal, to=step, actor=officer)
    return proposal


def recommend(proposal, officer, amount="60000"):
    return services.decision_recommend(
        proposal=proposal,
        actor=officer,
        recommendation="fund",
        amount=Decimal(amount),
        rationale="Sólido y bien presupuestado.",
    )


def release(decision, approver_mexico):
    """The approver releases the decision to the applicants, from the committee page."""
    return services.decisions_release(
        call=decision.proposal.call, actor=approver_mexico, decision_ids=[decision.pk]
    )


@pytest.mark.django_db
def test_the_officer_recommends_and_the_approver_approves_within_the_envelope(
    call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico, private_files
):
    proposal = reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico)
    with pytest.raises(ValidationError) as error:
        services.decision_recommend(
            proposal=proposal, actor=officer_mexico, recommendation="fund", rationale="Bien."
        )
    assert error.value.message_dict == {"amount": ["Give the amount to fund."]}

    decision = recommend(proposal, officer_mexico)
    with pytest.raises(PermissionDenied):
        services.decision_approve(decision=decision, actor=officer_mexico, ge_code="GE-2")
    services.decision_approve(decision=decision, actor=approver_mexico, ge_code="GE-2")
    # Held: the applicant hears nothing until the approver releases it.
    proposal.refresh_from_db()
    assert proposal.status == "recommended"
    assert not Notification.objects.filter(event="proposal_decided").exists()
    assert release(decision, approver_mexico) == 1

    proposal.refresh_from_db()
    assert proposal.status == "approved"
    assert list(proposal.events.values_list("kind", "actor__email"))[-2:] == [
        ("recommended", "officer.mx@example.org"),
        ("approved", "approver@example.org"),
    ]
    notification = Notification.objects.get(event="proposal_decided")
    # Rendered for a French reader, the amount is written the French way.
    notification.language = "fr"
    assert "pour 60\xa0000,00\xa0$\xa0CA." in render_email(notification).body


@pytest.mark.django_db
def test_an_approval_beyond_the_envelope_is_refused_with_the_figures(
    call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico, private_files
):
    call_mexico.budget_envelope = Decimal("100000")
    call_mexico.save()
    first = recommend(
        reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico), officer_mexico
    )
    second = recommend(
        reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico), officer_mexico
    )
    services.decision_approve(decision=first, actor=approver_mexico, ge_code="GE-1")

    with pytest.raises(ValidationError) as error:
        services.decision_approve(decision=second, actor=approver_mexico, ge_code="GE-1")

    assert error.value.messages == [
        "CAD 60,000.00 does not fit: CAD 60,000.00 of the envelope of CAD 100,000.00 is "
        "already approved, so CAD 40,000.00 remains."
    ]
    second.refresh_from_db()
    assert second.decided_at is None
    # Waitlisting it needs no money.
    services.decision_approve(
        decision=second, actor=approver_mexico, ge_code="GE-1", recommendation="waitlist"
    )
    release(second, approver_mexico)
    assert Proposal.objects.get(pk=second.proposal_id).status == "waitlisted"


@pytest.mark.django_db(transaction=True)
def test_two_approvals_racing_for_the_last_of_the_envelope_exactly_one_succeeds(
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    mission_mexico,
    settings,
    tmp_path,
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    call_mexico.budget_envelope = Decimal("100000")
    call_mexico.save()
    decisions = [
        recommend(
            reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico),
            officer_mexico,
        )
        for _ in range(2)
    ]
    approvers = [
        MissionStaffFactory(mission=mission_mexico, role="approver", user=UserFactory()).user
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(decision, person):
        barrier.wait()
        try:
            services.decision_approve(decision=decision, actor=person, ge_code="GE-2")
            outcomes.append("approved")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=pair)
        for pair in zip(decisions, approvers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["approved", "envelope"]
    assert Decision.objects.filter(decided_at__isnull=False).count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("celery_eager")
def test_a_declined_applicant_is_told_why_in_their_language(
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    private_files,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save()
    proposal = reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico)
    decision = services.decision_recommend(
        proposal=proposal,
        actor=officer_mexico,
        recommendation="decline",
        rationale="INTERNAL: check their bank account before signing.",
    )
    mailoutbox.clear()
    with pytest.raises(ValidationError) as error:
        services.decision_approve(decision=decision, actor=approver_mexico, ge_code="GE-1")
    assert list(error.value.message_dict) == ["reasons_for_applicant"]

    with django_capture_on_commit_callbacks(execute=True):
        services.decision_approve(
            decision=decision,
            actor=approver_mexico,
            ge_code="GE-1",
            reasons_for_applicant="El presupuesto no corresponde a las actividades.",
        )
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        release(decision, approver_mexico)

    (mail,) = mailoutbox
    assert mail.subject == "[FCIL] Decisión sobre la propuesta CFLI-MEX-2026-27-0001"
    assert "Lo lamentamos" in mail.body
    assert "Motivos: El presupuesto no corresponde a las actividades." in mail.body
    html = mail.alternatives[0][0] if mail.alternatives else ""
    assert "bank account" not in mail.body + html


@pytest.mark.django_db
def test_the_committee_page_ranks_and_shows_the_envelope_in_a_fixed_number_of_queries(
    client,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    private_files,
    django_assert_max_num_queries,
):
    from reviews.models import ReviewSummary

    proposals = [
        reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico) for _ in range(3)
    ]
    for proposal, score in zip(proposals, ("70.00", "90.00", "80.00"), strict=True):
        ReviewSummary.objects.create(proposal=proposal, score=Decimal(score))
    decision = recommend(proposals[1], officer_mexico, amount="50000")
    services.decision_approve(decision=decision, actor=approver_mexico, ge_code="GE-2")
    client.force_login(officer_mexico)

    with django_assert_max_num_queries(12):
        page = client.get(f"/manage/proposals/committee/{call_mexico.pk}/").text

    order = [page.index(p.reference) for p in (proposals[1], proposals[2], proposals[0])]
    assert order == sorted(order)
    assert "CAD 250,000.00" in page  # 300,000 envelope − 50,000 approved


@pytest.mark.django_db
def test_recommendation_and_decision_from_the_workspace(
    client,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    private_files,
    django_assert_max_num_queries,
):
    proposal = reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico)
    url = f"/manage/proposals/{proposal.pk}/decision/"
    client.force_login(officer_mexico)
    assert "Record the recommendation" in client.get(f"/manage/proposals/{proposal.pk}/").text
    client.post(
        url,
        {
            "recommendation": "fund_with_conditions",
            "amount": "45000",
            "conditions": "Informe trimestral.",
            "rationale": "Muy pertinente.",
        },
    )
    client.force_login(approver_mexico)
    # The twelve queries of a submitted proposal's (tests/reviews/test_screening.py); its
    # submitted reviews would add two (none here: tests/reviews/test_review_reading.py); the
    # recommendation and the decision form add none.
    with django_assert_max_num_queries(12):
        workspace = client.get(f"/manage/proposals/{proposal.pk}/").text
    assert "Record the decision" in workspace

    client.post(
        url, {"recommendation": "fund_with_conditions", "amount": "45000", "ge_code": "GE-3"}
    )

    proposal.refresh_from_db()
    assert proposal.status == "recommended"
    assert (
        "Held: not yet released to the applicant"
        in client.get(f"/manage/proposals/{proposal.pk}/").text
    )
    release(proposal.decision, approver_mexico)
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    assert (proposal.decision.amount, proposal.decision.ge_code) == (Decimal("45000.00"), "GE-3")


@pytest.mark.django_db
def test_the_applicant_downloads_the_decision_letter_in_their_language(
    client,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    partner_bogota,
    officer_mexico,
    approver_mexico,
    private_files,
):
    import subprocess

    proposal = reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico)
    url = f"/proposals/{proposal.pk}/decision.pdf"
    client.force_login(partner_oaxaca)
    assert client.get(url).status_code == 404  # no decision yet
    decision = recommend(proposal, officer_mexico, amount="45000")
    services.decision_approve(decision=decision, actor=approver_mexico, ge_code="GE-2")
    assert client.get(url).status_code == 404  # decided, not released yet
    release(decision, approver_mexico)
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save()

    response = client.get(url)

    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Buenas noticias" in text
    assert re.search(r"aprobada por CAD 45\s000,00", text)
    client.force_login(partner_bogota)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_approver_finds_the_proposals_from_the_header(client, approver_mexico):
    client.force_login(approver_mexico)

    page = client.get("/").text

    assert 'href="/manage/proposals/"' in page
    assert "My proposals" not in page
