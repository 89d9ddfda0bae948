import pytest
from django.test import Client

from core.models import AuditEvent
from notifications.models import Notification
from reviews.eligibility import prefilled_checks
from reviews.models import Screening
from tests.accounts.factories import UserFactory
from tests.programs.factories import MissionStaffFactory

pytestmark = pytest.mark.django_db


def screening_data(proposal, **overrides):
    data = {f"check_{check.key}": "yes" for check in prefilled_checks(proposal)}
    data.update({"outcome": "eligible", "reason": "", "note": ""}, **overrides)
    return data


def test_checks_are_prefilled_from_the_proposal(submitted_oaxaca):
    checks = {check.key: check.computed for check in prefilled_checks(submitted_oaxaca)}

    # A not-registered organization, and a call that asks for proof: a person must look.
    assert checks.pop("registration") is None
    assert checks == dict.fromkeys(checks, True)


def test_the_officer_finds_the_proposal_eligible_and_the_review_starts(
    client, submitted_oaxaca, officer_mexico, partner_oaxaca
):
    client.force_login(officer_mexico)
    page = client.get(f"/manage/proposals/{submitted_oaxaca.pk}/screening/")
    assert "The system cannot tell: check it." in page.text

    response = client.post(
        f"/manage/proposals/{submitted_oaxaca.pk}/screening/", screening_data(submitted_oaxaca)
    )

    assert response["Location"] == f"/manage/proposals/{submitted_oaxaca.pk}/"
    submitted_oaxaca.refresh_from_db()
    assert submitted_oaxaca.status == "in_review"
    assert list(submitted_oaxaca.events.values_list("kind", "actor__email"))[-1] == (
        "in_review",
        "officer.mx@example.org",
    )
    assert Notification.objects.filter(event="proposal_screened").count() == 1


@pytest.mark.usefixtures("celery_eager")
def test_an_ineligible_proposal_tells_the_applicant_why_in_their_language(
    client,
    submitted_oaxaca,
    officer_mexico,
    partner_oaxaca,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save()
    client.force_login(officer_mexico)
    url = f"/manage/proposals/{submitted_oaxaca.pk}/screening/"

    refused = client.post(url, screening_data(submitted_oaxaca, outcome="ineligible"))
    assert refused.status_code == 400
    assert "Choose the reason the applicant will be told." in refused.text

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            screening_data(
                submitted_oaxaca, check_amount="no", outcome="ineligible", reason="amount"
            ),
        )

    submitted_oaxaca.refresh_from_db()
    assert submitted_oaxaca.status == "ineligible"
    assert Screening.objects.get().checks[4] == {
        "key": "amount",
        "computed": True,
        "passed": False,
        "note": "",
    }
    (mail,) = mailoutbox
    assert mail.subject == "[FCIL] La propuesta CFLI-MEX-2026-27-0001 no es elegible"
    assert "El monto solicitado supera el máximo de la convocatoria." in mail.body


def test_a_failed_check_cannot_be_called_eligible(client, submitted_oaxaca, officer_mexico):
    client.force_login(officer_mexico)

    response = client.post(
        f"/manage/proposals/{submitted_oaxaca.pk}/screening/",
        screening_data(submitted_oaxaca, check_language="no"),
    )

    assert response.status_code == 400
    assert "A check is marked as failed" in response.text
    submitted_oaxaca.refresh_from_db()
    assert submitted_oaxaca.status == "submitted"


def test_the_workspace_shows_everything_to_the_missions_staff_and_audits_the_view(
    client, submitted_oaxaca, officer_mexico, django_assert_max_num_queries
):
    client.force_login(officer_mexico)

    # 1 the session with its user, their mission roles and the header's unread count, 2 the
    # proposal with call, mission, organization, priority, sub-theme, screening (and who
    # screened it), decision and summary, 3-7 results, activities, budget lines, other funders
    # and attachments, 8 the audit row, 9 reviewers (and their reviews), 10 questions to the
    # applicant, 11 the timeline, 12 internal comments.
    with django_assert_max_num_queries(12):
        page = client.get(f"/manage/proposals/{submitted_oaxaca.pk}/")
    # Again: its sections and files are kept rendered in this process (not 3-7).
    with django_assert_max_num_queries(7):
        again = client.get(f"/manage/proposals/{submitted_oaxaca.pk}/")

    assert "Defensoras comunitarias de la Sierra Norte" in page.text
    assert "Defensoras comunitarias de la Sierra Norte" in again.text
    assert "Screen the proposal" in page.text
    assert AuditEvent.objects.filter(verb="proposal.viewed").count() == 2
    attachment = submitted_oaxaca.attachments.get()
    download = client.get(f"/manage/proposals/{submitted_oaxaca.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert AuditEvent.objects.filter(verb="attachment.downloaded", actor=officer_mexico).exists()


def test_internal_comments_stay_with_staff(
    client, submitted_oaxaca, officer_mexico, partner_oaxaca
):
    client.force_login(officer_mexico)
    client.post(f"/manage/proposals/{submitted_oaxaca.pk}/", {"text": "Pedir carta de apoyo."})

    partner = Client()
    partner.force_login(partner_oaxaca)
    for url in (f"/proposals/{submitted_oaxaca.pk}/", f"/proposals/{submitted_oaxaca.pk}/preview/"):
        assert "Pedir carta de apoyo." not in partner.get(url).text
    assert "Pedir carta de apoyo." in client.get(f"/manage/proposals/{submitted_oaxaca.pk}/").text


@pytest.mark.parametrize(
    "who", ["partner_oaxaca", "partner_bogota", "officer_colombia", "reviewer"]
)
def test_others_get_404_on_the_workspace_screening_and_files(
    who, client, request, submitted_oaxaca, mission_colombia, mission_mexico
):
    if who == "officer_colombia":
        user = MissionStaffFactory(mission=mission_colombia, user=UserFactory()).user
    elif who == "reviewer":
        user = MissionStaffFactory(mission=mission_mexico, user=UserFactory(), role="reviewer").user
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    attachment = submitted_oaxaca.attachments.get()

    for url in (
        f"/manage/proposals/{submitted_oaxaca.pk}/",
        f"/manage/proposals/{submitted_oaxaca.pk}/screening/",
        f"/manage/proposals/{submitted_oaxaca.pk}/attachments/{attachment.pk}/",
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            f"/manage/proposals/{submitted_oaxaca.pk}/screening/", screening_data(submitted_oaxaca)
        ).status_code
        == 404
    )
    submitted_oaxaca.refresh_from_db()
    assert submitted_oaxaca.status == "submitted"


def test_the_applicant_reads_the_reason_on_the_proposals_page(
    client, submitted_oaxaca, officer_mexico, partner_oaxaca
):
    client.force_login(officer_mexico)
    client.post(
        f"/manage/proposals/{submitted_oaxaca.pk}/screening/",
        screening_data(
            submitted_oaxaca,
            check_language="no",
            outcome="ineligible",
            reason="language",
            note="Envíela en español o inglés en la próxima convocatoria.",
        ),
    )
    client.force_login(partner_oaxaca)

    page = client.get(f"/proposals/{submitted_oaxaca.pk}/").text

    assert "The proposal is not in a language the call accepts." in page
    assert "Envíela en español o inglés en la próxima convocatoria." in page
    assert "Pedir" not in page
