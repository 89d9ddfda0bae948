"""The role rules the applicant's POST-only actions rely on, at the service: whatever a view
forgets, the service refuses with PermissionDenied and changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from proposals import services
from proposals.models import Attachment, InformationRequest, Proposal, ProposalEvent
from tests.accounts.factories import UserFactory
from tests.programs.factories import MissionStaffFactory

pytestmark = pytest.mark.django_db

OUTSIDERS = ["partner_bogota", "officer_mexico", "approver", "reviewer", "administrator", "user"]


@pytest.fixture
def approver(mission_mexico):
    return MissionStaffFactory(mission=mission_mexico, role="approver", user=UserFactory()).user


@pytest.fixture
def reviewer(mission_mexico):
    return MissionStaffFactory(mission=mission_mexico, role="reviewer", user=UserFactory()).user


def who(request, name):
    return request.getfixturevalue(name)


def unchanged(proposal, before_status):
    proposal.refresh_from_db()
    return proposal.status == before_status


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_only_a_member_starts_a_draft(request, outsider, call_mexico, organization_oaxaca):
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            call=call_mexico, organization=organization_oaxaca, actor=who(request, outsider)
        )
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_only_a_member_edits_a_draft(request, outsider, draft_oaxaca):
    with pytest.raises(PermissionDenied):
        services.proposal_section_save(
            proposal=draft_oaxaca,
            actor=who(request, outsider),
            section="project",
            values={"title": "Otro título"},
            rows={},
            version=0,
        )
    draft_oaxaca.refresh_from_db()
    assert draft_oaxaca.title != "Otro título"


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_only_a_member_submits(request, outsider, complete_draft):
    with pytest.raises(PermissionDenied):
        services.proposal_submit(
            proposal=complete_draft, actor=who(request, outsider), received_at=timezone.now()
        )
    assert unchanged(complete_draft, Proposal.Status.DRAFT)


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_only_a_member_withdraws(request, outsider, submitted_oaxaca):
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(
            proposal=submitted_oaxaca, actor=who(request, outsider), reason="Ya no."
        )
    assert unchanged(submitted_oaxaca, Proposal.Status.SUBMITTED)
    assert not ProposalEvent.objects.filter(kind=ProposalEvent.Kind.WITHDRAWN).exists()


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_only_a_member_attaches_or_removes_a_file(request, outsider, complete_draft):
    attachment = complete_draft.attachments.first()
    upload = SimpleUploadedFile("carta.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    with pytest.raises(PermissionDenied):
        services.attachment_add(
            proposal=complete_draft, kind="other", upload=upload, actor=who(request, outsider)
        )
    with pytest.raises(PermissionDenied):
        services.attachment_delete(attachment=attachment, actor=who(request, outsider))
    assert list(Attachment.objects.filter(proposal=complete_draft)) == [attachment]


@pytest.mark.parametrize(
    "outsider",
    ["partner_oaxaca", "partner_bogota", "approver", "reviewer", "administrator", "user"],
)
def test_only_a_program_officer_asks_the_partner_a_question(request, outsider, submitted_oaxaca):
    with pytest.raises(PermissionDenied):
        services.information_request_create(
            proposal=submitted_oaxaca,
            actor=who(request, outsider),
            question="¿Cuántas mujeres?",
            due_date=timezone.localdate() + timedelta(days=7),
        )
    assert not InformationRequest.objects.exists()
    assert unchanged(submitted_oaxaca, Proposal.Status.SUBMITTED)


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_only_a_member_answers_the_question(request, outsider, submitted_oaxaca, officer_mexico):
    asked = services.information_request_create(
        proposal=submitted_oaxaca,
        actor=officer_mexico,
        question="¿Cuántas mujeres?",
        due_date=timezone.localdate() + timedelta(days=7),
    )
    with pytest.raises(PermissionDenied):
        services.information_request_answer(
            information_request=asked, actor=who(request, outsider), answer="42.", uploads=[]
        )
    asked.refresh_from_db()
    assert asked.answered_at is None
    assert unchanged(submitted_oaxaca, Proposal.Status.MORE_INFO_REQUESTED)
