"""The decision step an embassy can trust: the staff's internal rationale never reaches the
applicant, and decisions are held until an approver releases them."""

import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification
from proposals.models import Proposal
from reviews import services
from reviews.models import ReviewSummary
from tests.reviews.test_decisions import recommend, release, reviewed

INTERNAL = "INTERNAL: check their bank account before signing"
FOR_APPLICANT = "El presupuesto no corresponde a las actividades previstas."


def declined(proposal, officer, approver_mexico):
    decision = services.decision_recommend(
        proposal=proposal,
        actor=officer,
        recommendation="fund",
        amount=Decimal("40000"),
        rationale=INTERNAL,
    )
    return services.decision_approve(
        decision=decision,
        actor=approver_mexico,
        ge_code="GE-1",
        recommendation="decline",
        reasons_for_applicant=FOR_APPLICANT,
    )


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.django_db
def test_the_applicant_reads_the_reasons_for_them_and_never_the_internal_rationale(
    client,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    private_files,
):
    proposal = reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico)
    decision = declined(proposal, officer_mexico, approver_mexico)
    client.force_login(partner_oaxaca)
    before = client.get(f"/proposals/{proposal.pk}/").text
    assert "Declined" not in before  # held: nothing told yet
    assert client.get(f"/proposals/{proposal.pk}/decision.pdf").status_code == 404

    release(decision, approver_mexico)

    page = client.get(f"/proposals/{proposal.pk}/").text
    letter = pdf_text(client.get(f"/proposals/{proposal.pk}/decision.pdf").content)
    email = Notification.objects.get(event="proposal_decided")
    from notifications.services import render_email

    body = render_email(email)
    html = body.alternatives[0][0] if body.alternatives else ""
    assert "Declined" in page
    assert FOR_APPLICANT in " ".join(letter.split())
    assert FOR_APPLICANT in body.body
    for surface in (page, letter, body.body, html):
        assert "bank account" not in surface


@pytest.mark.django_db
def test_the_applicant_reads_in_review_until_the_decision_is_released(
    client,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    private_files,
):
    """Neither the reviews being done, the officer's recommendation nor a held decision shows
    on the applicant's pages: their status, timeline, list and printed copy say "In review"."""
    proposal = reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico)
    # The printed copy is in the proposal's language.
    surfaces = {
        "list": ("en", lambda: client.get("/proposals/").text),
        "status page": ("en", lambda: client.get(f"/proposals/{proposal.pk}/").text),
        "printed copy": (
            proposal.language,
            lambda: pdf_text(client.get(f"/proposals/{proposal.pk}/pdf/").content),
        ),
    }
    internal = [Proposal.Status.REVIEWED, Proposal.Status.RECOMMENDED, Proposal.Status.APPROVED]
    decision = recommend(proposal, officer_mexico)
    for stage in ("recommended", "held"):
        if stage == "held":
            decision = services.decision_approve(
                decision=decision,
                actor=approver_mexico,
                ge_code="GE-1",
                reasons_for_applicant="Un proyecto sólido.",
            )
        client.force_login(partner_oaxaca)
        for surface, (language, read) in surfaces.items():
            text = " ".join(read().split())
            with translation.override(language):
                assert str(Proposal.Status.IN_REVIEW.label) in text, (stage, surface)
                for status in internal:
                    assert str(status.label) not in text, (stage, surface, status)
            assert "Review completed" not in text
        # The embassy's own pages keep its status.
        client.force_login(officer_mexico)
        assert "Recommended" in client.get(reverse("reviews:workspace", args=[proposal.pk])).text

    release(decision, approver_mexico)
    client.force_login(partner_oaxaca)
    assert "Approved" in client.get(f"/proposals/{proposal.pk}/").text


@pytest.mark.django_db
@pytest.mark.usefixtures("celery_eager")
def test_decisions_are_held_then_released_once_with_a_confirmation(
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    private_files,
):
    first = recommend(
        reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico), officer_mexico
    )
    second = reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico)
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_approve(decision=first, actor=approver_mexico, ge_code="GE-2")
        declined(second, officer_mexico, approver_mexico)
    mailoutbox.clear()
    url = f"/manage/proposals/committee/{call_mexico.pk}/release/"

    client.force_login(officer_mexico)
    assert client.get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.decisions_release(call=call_mexico, actor=officer_mexico)

    client.force_login(approver_mexico)
    committee = client.get(f"/manage/proposals/committee/{call_mexico.pk}/").text
    assert "2 decisions wait for release" in committee
    confirmation = client.get(url).text
    assert "Release 2 decisions" in confirmation
    assert FOR_APPLICANT in confirmation
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    # One member per organization, one decision e-mail per proposal; the proposal funded below
    # the amount it asked is also told to adjust its budget (the agreements app).
    subjects = sorted(message.subject for message in mailoutbox)
    assert len(subjects) == 3
    assert sum("Adjust the budget" in subject for subject in subjects) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)  # a double click or a retry
    assert len(mailoutbox) == 3
    first.proposal.refresh_from_db()
    second.refresh_from_db()
    assert (first.proposal.status, second.status) == ("approved", "declined")
    assert (
        "wait for release" not in client.get(f"/manage/proposals/committee/{call_mexico.pk}/").text
    )


@pytest.mark.django_db
def test_one_decision_may_be_released_alone_and_a_held_one_corrected(
    client,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    private_files,
):
    first = recommend(
        reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico), officer_mexico
    )
    second = recommend(
        reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico), officer_mexico
    )
    services.decision_approve(decision=first, actor=approver_mexico, ge_code="GE-2")
    services.decision_approve(decision=second, actor=approver_mexico, ge_code="GE-2")
    # Held, it may be corrected; the envelope counts it once.
    services.decision_approve(
        decision=second, actor=approver_mexico, ge_code="GE-2", amount=Decimal("50000")
    )
    client.force_login(approver_mexico)
    url = f"/manage/proposals/committee/{call_mexico.pk}/release/?decision={first.pk}"
    assert "Release 1 decision" in client.get(url).text

    client.post(url.split("?")[0], {"decision": first.pk})

    first.proposal.refresh_from_db()
    second.proposal.refresh_from_db()
    assert (first.proposal.status, second.proposal.status) == ("approved", "recommended")
    with pytest.raises(ValidationError):
        services.decision_approve(
            decision=first,
            actor=approver_mexico,
            ge_code="GE-2",
            recommendation="decline",
            reasons_for_applicant="Otro motivo.",
        )


@pytest.mark.django_db
def test_the_committee_draws_the_line_where_the_envelope_runs_out(
    client,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    private_files,
    django_assert_max_num_queries,
):
    call_mexico.budget_envelope = Decimal("100000")
    call_mexico.save()
    proposals = [
        reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico) for _ in range(3)
    ]
    for proposal, score in zip(proposals, ("90.00", "80.00", "70.00"), strict=True):
        ReviewSummary.objects.create(proposal=proposal, score=Decimal(score))
        proposal.amount_requested_cad = Decimal("45000")
        proposal.save(update_fields=["amount_requested_cad"])
    client.force_login(approver_mexico)

    with django_assert_max_num_queries(12):
        page = client.get(f"/manage/proposals/committee/{call_mexico.pk}/").text

    line = page.index("The envelope runs out here")
    assert page.index(proposals[1].reference) < line < page.index(proposals[2].reference)


@pytest.mark.django_db
def test_staff_preview_the_letter_before_release_in_the_proposal_language(
    client,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    private_files,
):
    proposal = reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico)
    url = f"/manage/proposals/{proposal.pk}/decision/letter/"
    client.force_login(approver_mexico)
    assert client.get(url).status_code == 404  # nothing decided yet
    declined(proposal, officer_mexico, approver_mexico)

    response = client.get(url)

    assert response["Content-Disposition"].startswith("inline")
    text = " ".join(pdf_text(response.content).split())
    assert FOR_APPLICANT in text
    assert "bank account" not in text
    assert "Lo lamentamos" in text or "lamentamos" in text.lower()
