import pytest
from django.test import Client

from proposals.services import proposal_move
from reviews import services
from reviews.models import ReviewAssignment
from tests.accounts.factories import UserFactory
from tests.programs.factories import MissionStaffFactory

pytestmark = pytest.mark.django_db

CONTENT = "Las defensoras indígenas enfrentan amenazas crecientes."


@pytest.fixture
def assigned(submitted_oaxaca, officer_mexico, mission_mexico):
    reviewers = [
        MissionStaffFactory(
            mission=mission_mexico, role="reviewer", user=UserFactory(email=f"{name}@example.org")
        ).user
        for name in ("ana", "beto", "carla")
    ]
    proposal = proposal_move(proposal=submitted_oaxaca, to="in_review", actor=officer_mexico)
    services.reviewers_assign(proposal=proposal)
    return {r.email.split("@")[0]: r for r in reviewers}, proposal


def page_of(reviewer, proposal):
    return ReviewAssignment.objects.get(reviewer=reviewer, proposal=proposal)


def test_before_declaring_the_reviewer_sees_only_reference_title_and_organization(client, assigned):
    reviewers, proposal = assigned
    assignment = page_of(reviewers["ana"], proposal)
    client.force_login(reviewers["ana"])

    page = client.get(f"/manage/reviews/{assignment.pk}/").text

    assert proposal.reference in page
    assert "Defensoras comunitarias de la Sierra Norte" in page
    assert "Sign the declaration" in page
    assert CONTENT not in page
    attachment = proposal.attachments.get()
    url = f"/manage/reviews/{assignment.pk}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 404
    assert client.get(f"/manage/proposals/{proposal.pk}/").status_code == 404


def test_after_declaring_no_conflict_the_reviewer_reads_scores_and_submits(client, assigned):
    reviewers, proposal = assigned
    assignment = page_of(reviewers["ana"], proposal)
    client.force_login(reviewers["ana"])
    client.post(f"/manage/reviews/{assignment.pk}/", {"declare": "1", "conflict": "False"})

    page = client.get(f"/manage/reviews/{assignment.pk}/").text
    assert CONTENT in page
    # No checklist answer yet: no code to suggest (not GE-0 for "every item n/a").
    assert "Answer the GBA+ checklist to see the code it points to." in page
    review = assignment.review
    form = {f"score_{c.pk}": "4" for c in review.grid.criteria.all()}
    form.update({f"answer_{i.key}": "yes" for i in review.checklist.items.all()})
    form.update(
        {
            "ge_code": "GE-2",
            "ge_justification": "Diseño con mujeres.",
            "version": "0",
            "submit": "1",
        }
    )
    response = client.post(f"/manage/reviews/{assignment.pk}/", form)

    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, str(review.score)) == ("submitted", "80.00")
    attachment = proposal.attachments.get()
    download = client.get(f"/manage/reviews/{assignment.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200


def test_other_reviews_are_visible_only_after_ones_own_is_submitted(assigned):
    reviewers, proposal = assigned
    clients = {}
    for name in ("ana", "beto"):
        assignment = page_of(reviewers[name], proposal)
        services.assignment_declare(assignment=assignment, actor=reviewers[name], conflict=False)
        review = services.review_start(assignment=assignment, actor=reviewers[name])
        data = {
            "scores": {str(c.pk): 5 for c in review.grid.criteria.all()},
            "answers": {i.key: "yes" for i in review.checklist.items.all()},
            "ge_code": "GE-2",
            "ge_justification": "Bien.",
            "comment": f"Comentario de {name}",
        }
        services.review_save(review=review, actor=reviewers[name], data=data, version=0)
        clients[name] = Client()
        clients[name].force_login(reviewers[name])
    ana_review = page_of(reviewers["ana"], proposal).review
    services.review_submit(review=ana_review, actor=reviewers["ana"])

    beto_page = clients["beto"].get(f"/manage/reviews/{page_of(reviewers['beto'], proposal).pk}/")
    ana_page = clients["ana"].get(f"/manage/reviews/{page_of(reviewers['ana'], proposal).pk}/")

    assert "Comentario de ana" not in beto_page.text
    assert "Comentario de beto" not in ana_page.text  # Beto has not submitted yet


@pytest.mark.parametrize("who", ["carla", "partner", "colombia"])
def test_anyone_but_the_assigned_reviewer_gets_404(who, client, assigned, mission_colombia):
    reviewers, proposal = assigned
    assignment = page_of(reviewers["ana"], proposal)
    if who == "carla":
        user = reviewers["carla"]
    elif who == "partner":
        user = proposal.organization.memberships.first().user
    else:
        user = MissionStaffFactory(
            mission=mission_colombia, role="reviewer", user=UserFactory()
        ).user
    client.force_login(user)

    assert client.get(f"/manage/reviews/{assignment.pk}/").status_code == 404
    response = client.post(
        f"/manage/reviews/{assignment.pk}/", {"declare": "1", "conflict": "False"}
    )
    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.declaration == "pending"
