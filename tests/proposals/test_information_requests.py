"""Requests for more information: the officer asks, the partner answers with text and files,
the proposal returns to where it was."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from proposals import services
from proposals.models import Attachment, InformationRequest, Proposal
from reviews import services as review_services
from tests.accounts.factories import UserFactory
from tests.core.test_uploads import EXE_BYTES, PDF_BYTES
from tests.programs.factories import MissionStaffFactory

pytestmark = pytest.mark.django_db

QUESTION = "¿Cuántas mujeres indígenas participarán en los talleres?"


@pytest.fixture
def in_review(submitted_oaxaca, officer_mexico):
    return services.proposal_move(proposal=submitted_oaxaca, to="in_review", actor=officer_mexico)


def mission_today(proposal):
    """The day it is at the proposal's mission: the one the answer's date is checked against
    (between midnight UTC and the mission's midnight, not the day of the server)."""
    return timezone.localdate(timezone=proposal.call.mission.zone)


def ask(client, proposal, question=QUESTION, days=7):
    return client.post(
        reverse("reviews:information-request", args=[proposal.pk]),
        {"question": question, "due_date": mission_today(proposal) + timedelta(days=days)},
    )


def answer(client, information_request, text="Participarán 42 mujeres.", files=()):
    return client.post(
        reverse(
            "proposals:information-answer",
            args=[information_request.proposal_id, information_request.pk],
        ),
        {"answer": text, "files": list(files)},
    )


@pytest.fixture
def asked(in_review, officer_mexico, private_files):
    return services.information_request_create(
        proposal=in_review,
        actor=officer_mexico,
        question=QUESTION,
        due_date=mission_today(in_review) + timedelta(days=7),
    )


def test_the_officer_asks_and_the_members_are_told_in_their_language(
    client,
    in_review,
    officer_mexico,
    partner_oaxaca,
    member_oaxaca,
    mailoutbox,
    celery_eager,
    django_capture_on_commit_callbacks,
):
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save()
    client.force_login(officer_mexico)

    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, in_review)

    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == "more_info_requested"
    event = in_review.events.last()
    assert (event.kind, event.actor, event.note) == (
        "more_info_requested",
        officer_mexico,
        QUESTION,
    )
    mails = {mail.to[0]: mail for mail in mailoutbox}
    spanish = mails["owner.oaxaca@example.org"]
    assert spanish.subject == (
        "[FCIL] La embajada tiene una pregunta sobre la propuesta CFLI-MEX-2026-27-0001"
    )
    assert QUESTION in spanish.body
    assert "The embassy needs more information" in mails["member.oaxaca@example.org"].body
    workspace = client.get(reverse("reviews:workspace", args=[in_review.pk]))
    assert QUESTION in workspace.text
    assert "Waiting for the answer" in workspace.text


@pytest.mark.parametrize(
    ("question", "days", "message"),
    [
        ("", 7, "This field is required."),
        (QUESTION, 0, "Give a date after today"),
        (QUESTION, -3, "Give a date after today"),
        (QUESTION, 200, "Give a date within 90 days."),
    ],
)
def test_a_question_without_text_or_a_sensible_date_is_refused(
    client, in_review, officer_mexico, question, days, message
):
    client.force_login(officer_mexico)

    response = ask(client, in_review, question=question, days=days)

    assert response.status_code == 400
    assert message in response.text
    if question:
        assert QUESTION in response.text  # what was typed is still there
    in_review.refresh_from_db()
    assert in_review.status == "in_review"
    assert not InformationRequest.objects.exists()


def test_only_a_program_officer_of_the_mission_asks(client, in_review, administrator):
    reviewer = MissionStaffFactory(
        mission=in_review.call.mission, role="reviewer", user=UserFactory()
    ).user
    for person, status in ((administrator, 403), (reviewer, 404)):
        client.force_login(person)
        assert ask(client, in_review).status_code == status
    assert not InformationRequest.objects.exists()


def test_the_partner_sees_the_question_and_answers_with_text_and_a_file(
    client, asked, partner_oaxaca, officer_mexico, django_capture_on_commit_callbacks
):
    client.force_login(partner_oaxaca)
    page = client.get(reverse("proposals:detail", args=[asked.proposal_id]))
    assert "The embassy needs more information" in page.text
    assert QUESTION in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = answer(
            client, asked, files=[SimpleUploadedFile("lista de participantes.pdf", PDF_BYTES)]
        )

    assert response.status_code == 302
    asked.refresh_from_db()
    proposal = asked.proposal
    assert proposal.status == "in_review"
    assert asked.answer == "Participarán 42 mujeres."
    assert asked.answered_by == partner_oaxaca
    (file,) = asked.files.all()
    assert file.file_name == "lista de participantes.pdf"
    event = proposal.events.last()
    assert (event.kind, event.actor) == ("info_provided", partner_oaxaca)
    assert Notification.objects.filter(
        event="information_provided", email=officer_mexico.email
    ).exists()
    page = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert "Participarán 42 mujeres." in page.text
    assert "Send the answer" not in page.text
    client.force_login(officer_mexico)
    workspace = client.get(reverse("reviews:workspace", args=[proposal.pk]))
    download = reverse("reviews:attachment", args=[proposal.pk, file.pk])
    assert download in workspace.text
    assert client.get(download)["Content-Disposition"].startswith("attachment;")


def test_a_refused_file_keeps_the_answer_and_saves_nothing(client, asked, partner_oaxaca):
    client.force_login(partner_oaxaca)

    response = answer(
        client,
        asked,
        files=[
            SimpleUploadedFile("acta.pdf", PDF_BYTES),
            SimpleUploadedFile("factura.pdf", EXE_BYTES),
        ],
    )

    assert response.status_code == 400
    assert "its content is not a PDF file" in response.text
    assert "Participarán 42 mujeres." in response.text
    asked.refresh_from_db()
    assert asked.is_open
    assert asked.proposal.status == "more_info_requested"
    assert not Attachment.objects.filter(information_request__isnull=False).exists()


def test_a_file_over_the_limit_keeps_the_answer(client, asked, partner_oaxaca):
    call = asked.proposal.call
    call.attachment_max_mb = 1
    call.save()
    client.force_login(partner_oaxaca)

    response = answer(
        client,
        asked,
        files=[SimpleUploadedFile("enorme.pdf", PDF_BYTES + b"0" * (2 * 1024 * 1024))],
    )

    assert response.status_code == 400
    assert "is larger than 1 MB" in response.text
    assert "Participarán 42 mujeres." in response.text
    assert InformationRequest.objects.get().is_open


def test_an_empty_answer_is_refused(client, asked, partner_oaxaca):
    client.force_login(partner_oaxaca)

    response = answer(client, asked, text="   ")

    assert response.status_code == 400
    assert "This field is required." in response.text or "Write your answer." in response.text
    assert InformationRequest.objects.get().is_open


def test_answering_twice_records_one_answer(client, asked, partner_oaxaca):
    client.force_login(partner_oaxaca)

    first, second = answer(client, asked), answer(client, asked, text="Otra respuesta")

    assert (first.status_code, second.status_code) == (302, 302)
    asked.refresh_from_db()
    assert asked.answer == "Participarán 42 mujeres."
    assert asked.proposal.events.filter(kind="info_provided").count() == 1


def test_another_organization_cannot_answer(client, asked, partner_bogota):
    client.force_login(partner_bogota)

    assert answer(client, asked).status_code == 404
    assert InformationRequest.objects.get().is_open


def test_a_question_before_screening_returns_the_proposal_to_screening(
    submitted_oaxaca, officer_mexico, partner_oaxaca, private_files
):
    request = services.information_request_create(
        proposal=submitted_oaxaca,
        actor=officer_mexico,
        question=QUESTION,
        due_date=timezone.localdate() + timedelta(days=3),
    )

    services.information_request_answer(
        information_request=request, actor=partner_oaxaca, answer="Sí.", uploads=[]
    )

    submitted_oaxaca.refresh_from_db()
    assert submitted_oaxaca.status == "submitted"


@pytest.mark.usefixtures("celery_eager")
def test_reviews_finished_while_waiting_are_added_up_once_the_answer_arrives(
    submitted_oaxaca,
    officer_mexico,
    partner_oaxaca,
    mission_mexico,
    private_files,
    django_capture_on_commit_callbacks,
):
    for name in ("ana", "beto"):
        MissionStaffFactory(
            mission=mission_mexico, role="reviewer", user=UserFactory(email=f"{name}@example.org")
        )
    proposal = services.proposal_move(
        proposal=submitted_oaxaca, to="in_review", actor=officer_mexico
    )
    assignments = review_services.reviewers_assign(proposal=proposal)
    request = services.information_request_create(
        proposal=proposal,
        actor=officer_mexico,
        question=QUESTION,
        due_date=timezone.localdate() + timedelta(days=3),
    )
    with django_capture_on_commit_callbacks(execute=True):
        for assignment in assignments:
            review_services.assignment_declare(
                assignment=assignment, actor=assignment.reviewer, conflict=False
            )
            review = review_services.review_start(assignment=assignment, actor=assignment.reviewer)
            review = review_services.review_save(
                review=review,
                actor=assignment.reviewer,
                version=review.version,
                data={
                    "scores": {str(c.pk): 4 for c in review.grid.criteria.all()},
                    "answers": {item.key: "yes" for item in review.checklist.items.all()},
                    "ge_code": "GE-2",
                    "ge_justification": "Las mujeres diseñaron el proyecto.",
                },
            )
            review_services.review_submit(review=review, actor=assignment.reviewer)
    proposal.refresh_from_db()
    assert proposal.status == "more_info_requested"  # the answer is still awaited

    with django_capture_on_commit_callbacks(execute=True):
        services.information_request_answer(
            information_request=request, actor=partner_oaxaca, answer="Sí.", uploads=[]
        )

    proposal.refresh_from_db()
    assert proposal.status == "reviewed"


def test_the_members_are_reminded_two_days_before_and_once_overdue(client, asked, partner_oaxaca):
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save(update_fields=["preferred_language"])
    due = asked.due_date
    sent = [
        services.information_reminders_send(today=due + timedelta(days=offset))
        for offset in (-3, -2, -1, 0, 1, 5)
    ]

    assert sent == [0, 1, 0, 0, 1, 0]
    assert sorted(
        Notification.objects.filter(event="information_reminder").values_list("key", flat=True)
    ) == [
        f"information-due-soon:{asked.pk}:owner.oaxaca@example.org",
        f"information-overdue:{asked.pk}:owner.oaxaca@example.org",
    ]
    # The inbox says which reminder each is, in the member's language (Spanish).
    client.force_login(partner_oaxaca)
    inbox = client.get(reverse("notifications:inbox")).text
    assert "Recordatorio: su respuesta vence en dos días." in inbox
    assert "Recordatorio: la fecha límite para responder ya pasó." in inbox


def test_no_reminder_once_answered(asked, partner_oaxaca):
    services.information_request_answer(
        information_request=asked, actor=partner_oaxaca, answer="Sí.", uploads=[]
    )

    assert services.information_reminders_send(today=asked.due_date) == 0


def test_answer_files_are_not_part_of_the_proposal_as_submitted(client, asked, partner_oaxaca):
    client.force_login(partner_oaxaca)
    answer(client, asked, files=[SimpleUploadedFile("lista.pdf", PDF_BYTES)])

    preview = client.get(reverse("proposals:preview", args=[asked.proposal_id]))

    assert preview.status_code == 200
    assert "lista.pdf" not in preview.text
    assert Proposal.objects.get().attachments.filter(information_request=asked).count() == 1


def test_a_reviewer_reads_the_answer_and_its_files_after_declaring(
    client, asked, partner_oaxaca, mission_mexico
):
    from reviews.models import ReviewAssignment

    client.force_login(partner_oaxaca)
    answer(client, asked, files=[SimpleUploadedFile("lista.pdf", PDF_BYTES)])
    reviewer = MissionStaffFactory(mission=mission_mexico, role="reviewer", user=UserFactory()).user
    assignment = ReviewAssignment.objects.create(
        proposal=asked.proposal, reviewer=reviewer, due_date="2027-01-15"
    )
    client.force_login(reviewer)
    page = reverse("reviewer:assignment", args=[assignment.pk])
    download = reverse("reviewer:attachment", args=[assignment.pk, asked.files.get().pk])

    assert "Participarán 42 mujeres." not in client.get(page).text  # not before declaring
    assert client.get(download).status_code == 404
    ReviewAssignment.objects.filter(pk=assignment.pk).update(declaration="no_conflict")

    text = client.get(page).text
    assert "Participarán 42 mujeres." in text
    assert download in text
    assert client.get(download).status_code == 200
