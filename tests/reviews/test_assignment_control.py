"""A program officer changes a proposal's reviewers while its reviews run (issue 19, point 13):
adds one, replaces one, withdraws one, under the automatic assignment's conflict-of-interest
rules; and reads the workload of the mission's reviewers."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEvent
from notifications.models import Notification
from proposals.services import proposal_move, proposal_submit
from reviews import selectors, services
from reviews.models import Review, ReviewAssignment, ReviewSummary
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.programs.factories import MissionStaffFactory
from tests.proposals.factories import ProposalFactory, fill_in

pytestmark = pytest.mark.django_db

NAMES = {"ana": "Ana Ruiz", "beto": "Beto Díaz", "carla": "Carla Gómez", "dora": "Dora Pérez"}


def a_reviewer(mission, name, full_name=""):
    return MissionStaffFactory(
        mission=mission,
        role="reviewer",
        user=UserFactory(email=f"{name}@example.org", full_name=full_name or name.title()),
    ).user


@pytest.fixture
def reviewers(mission_mexico, mission_colombia):
    """Four Mexico reviewers (Ana and Beto are assigned first) and one of Colombia."""
    people = {name: a_reviewer(mission_mexico, name, full) for name, full in NAMES.items()}
    people["colombia"] = a_reviewer(mission_colombia, "colombia")
    return people


@pytest.fixture
def in_review(submitted_oaxaca, officer_mexico, reviewers):
    """The Oaxaca proposal in review, with its two automatic reviewers: Ana and Beto."""
    proposal = proposal_move(proposal=submitted_oaxaca, to="in_review", actor=officer_mexico)
    services.reviewers_assign(proposal=proposal)
    return proposal


def counting(proposal):
    """The emails of the reviewers who count (neither recused nor withdrawn)."""
    return sorted(
        proposal.review_assignments.exclude(declaration="conflict")
        .filter(withdrawn_at=None)
        .values_list("reviewer__email", flat=True)
    )


def assignment_of(proposal, reviewer):
    return ReviewAssignment.objects.get(proposal=proposal, reviewer=reviewer)


def notified(event):
    return sorted(Notification.objects.filter(event=event).values_list("email", flat=True))


def another_in_review(proposal, partner, officer):
    """A second proposal of the same organization, in the same call, in review."""
    draft = fill_in(ProposalFactory(call=proposal.call, organization=proposal.organization))
    received = draft.call.opens_at + timedelta(days=1)
    other = proposal_submit(proposal=draft, actor=partner, received_at=received).proposal
    return proposal_move(proposal=other, to="in_review", actor=officer)


def start(assignment):
    """The reviewer declares no conflict and starts the review (a draft)."""
    services.assignment_declare(assignment=assignment, actor=assignment.reviewer, conflict=False)
    assignment.refresh_from_db()
    return services.review_start(assignment=assignment, actor=assignment.reviewer)


def submit(assignment):
    """The reviewer declares no conflict, scores everything and submits."""
    review = start(assignment)
    review = services.review_save(
        review=review,
        actor=assignment.reviewer,
        data={
            "scores": {str(criterion.pk): 4 for criterion in review.grid.criteria.all()},
            "answers": {item.key: "yes" for item in review.checklist.items.all()},
            "ge_code": "GE-2",
            "ge_justification": "Las mujeres diseñaron el proyecto.",
        },
        version=review.version,
    )
    return services.review_submit(review=review, actor=assignment.reviewer)


# --- Adding, replacing, withdrawing --------------------------------------------------------


def test_an_officer_adds_a_reviewer_who_is_asked_as_by_the_automatic_assignment(
    in_review, reviewers, officer_mexico
):
    assignment = services.reviewer_add(
        proposal=in_review, reviewer=reviewers["carla"], actor=officer_mexico
    )

    assert counting(in_review) == ["ana@example.org", "beto@example.org", "carla@example.org"]
    assert assignment.assigned_by == officer_mexico
    assert assignment.due_date == timezone.localdate() + timedelta(days=14)
    asked = Notification.objects.get(event="review_assigned", recipient=reviewers["carla"])
    assert asked.key == f"review-assigned:{assignment.pk}:carla@example.org"
    assert asked.context["path"] == f"/manage/reviews/{assignment.pk}/"
    event = AuditEvent.objects.get(verb="review_assignment.created", actor=officer_mexico)
    assert event.target_id == str(assignment.pk)
    assert event.data == {"proposal": in_review.pk, "reviewer": reviewers["carla"].pk}


def test_replacing_a_reviewer_withdraws_and_tells_them_and_asks_the_other(
    in_review, reviewers, officer_mexico
):
    ana = assignment_of(in_review, reviewers["ana"])

    carla = services.reviewer_replace(
        assignment=ana, reviewer=reviewers["carla"], actor=officer_mexico
    )

    assert counting(in_review) == ["beto@example.org", "carla@example.org"]
    ana.refresh_from_db()
    assert ana.is_withdrawn
    assert ana.withdrawn_by == officer_mexico
    assert notified("review_withdrawn") == ["ana@example.org"]
    assert notified("review_assigned") == [
        "ana@example.org",  # when first assigned
        "beto@example.org",
        "carla@example.org",
    ]
    withdrawn = AuditEvent.objects.get(verb="review_assignment.withdrawn")
    assert (withdrawn.actor, withdrawn.target_id) == (officer_mexico, str(ana.pk))
    assert withdrawn.data["replaced_by"] == reviewers["carla"].pk
    assert withdrawn.data["draft_kept"] is False
    created = AuditEvent.objects.get(verb="review_assignment.created", actor=officer_mexico)
    assert created.data["replaces"] == ana.pk
    assert created.target_id == str(carla.pk)


def test_withdrawing_a_reviewer_gives_the_place_to_the_automatic_assignment(
    in_review, reviewers, officer_mexico
):
    beto = assignment_of(in_review, reviewers["beto"])

    services.reviewer_remove(assignment=beto, actor=officer_mexico)

    # The call asks for two: Carla, the least busy left, takes the place; Beto is not chosen
    # again.
    assert counting(in_review) == ["ana@example.org", "carla@example.org"]
    assert notified("review_withdrawn") == ["beto@example.org"]
    notice = Notification.objects.get(event="review_withdrawn")
    assert notice.context["path"] == "/manage/reviews/"
    assert assignment_of(in_review, reviewers["carla"]).assigned_by is None


def test_withdrawing_the_last_reviewer_still_to_submit_adds_up_the_reviews(
    in_review, reviewers, officer_mexico
):
    carla = services.reviewer_add(
        proposal=in_review, reviewer=reviewers["carla"], actor=officer_mexico
    )
    for name in ("ana", "beto"):
        submit(assignment_of(in_review, reviewers[name]))
    in_review.refresh_from_db()
    assert in_review.status == "in_review"  # Carla's review is still expected

    services.reviewer_remove(assignment=carla, actor=officer_mexico)

    in_review.refresh_from_db()
    assert in_review.status == "reviewed"
    assert ReviewSummary.objects.get(proposal=in_review).score == 80
    assert notified("proposal_reviewed") == ["officer.mx@example.org"]


def test_a_reviewer_withdrawn_earlier_comes_back_with_their_assignment(
    in_review, reviewers, officer_mexico
):
    beto = assignment_of(in_review, reviewers["beto"])
    services.reviewer_remove(assignment=beto, actor=officer_mexico)

    again = services.reviewer_add(
        proposal=in_review, reviewer=reviewers["beto"], actor=officer_mexico
    )

    assert again.pk == beto.pk
    assert not again.is_withdrawn
    assert counting(in_review) == ["ana@example.org", "beto@example.org", "carla@example.org"]
    # Asked again: a second request, not swallowed as a duplicate of the first.
    assert (
        Notification.objects.filter(event="review_assigned", recipient=reviewers["beto"]).count()
        == 2
    )
    assert AuditEvent.objects.filter(verb="review_assignment.reinstated").count() == 1


# --- What stays, and the conflict-of-interest rules ----------------------------------------


def test_a_reviewer_who_submitted_can_be_neither_replaced_nor_withdrawn(
    in_review, reviewers, officer_mexico
):
    ana = assignment_of(in_review, reviewers["ana"])
    submit(ana)
    before = Notification.objects.count(), AuditEvent.objects.count()

    with pytest.raises(ValidationError) as replacing:
        services.reviewer_replace(
            assignment=ana, reviewer=reviewers["carla"], actor=officer_mexico, confirm=True
        )
    with pytest.raises(ValidationError) as withdrawing:
        services.reviewer_remove(assignment=ana, actor=officer_mexico, confirm=True)

    message = "Ana Ruiz has submitted their review: they can no longer be replaced or withdrawn."
    assert replacing.value.messages == withdrawing.value.messages == [message]
    assert counting(in_review) == ["ana@example.org", "beto@example.org"]
    assert (Notification.objects.count(), AuditEvent.objects.count()) == before


def test_a_reviewer_who_started_is_withdrawn_once_confirmed_and_their_draft_is_kept(
    in_review, reviewers, officer_mexico, client
):
    ana = assignment_of(in_review, reviewers["ana"])
    draft = start(ana)

    with pytest.raises(ValidationError) as unconfirmed:
        services.reviewer_remove(assignment=ana, actor=officer_mexico)
    assert unconfirmed.value.messages == [
        "Ana Ruiz has started their review. Confirm to withdraw them: their draft is kept for "
        "the record and no longer counts."
    ]
    assert counting(in_review) == ["ana@example.org", "beto@example.org"]

    services.reviewer_remove(assignment=ana, actor=officer_mexico, confirm=True)

    assert Review.objects.get(pk=draft.pk).status == "in_progress"  # kept, not counted
    assert counting(in_review) == ["beto@example.org", "carla@example.org"]
    assert AuditEvent.objects.get(verb="review_assignment.withdrawn").data["draft_kept"] is True
    with pytest.raises(PermissionDenied):
        services.review_save(review=draft, actor=reviewers["ana"], data={}, version=draft.version)
    client.force_login(reviewers["ana"])
    assert client.get(f"/manage/reviews/{ana.pk}/").status_code == 404
    assert list(selectors.assignment_list_for(reviewers["ana"])) == []


def test_a_reviewer_recused_from_the_proposal_cannot_be_chosen_and_the_refusal_says_why(
    in_review, reviewers, officer_mexico
):
    services.assignment_declare(
        assignment=assignment_of(in_review, reviewers["ana"]),
        actor=reviewers["ana"],
        conflict=True,
        explanation="Mi hermana trabaja allí.",
    )

    with pytest.raises(ValidationError) as refusal:
        services.reviewer_add(proposal=in_review, reviewer=reviewers["ana"], actor=officer_mexico)

    assert refusal.value.message_dict == {
        "reviewer": ["Ana Ruiz cannot be chosen: conflict of interest declared on this proposal."]
    }
    assert not AuditEvent.objects.filter(
        verb__startswith="review_assignment.", actor=officer_mexico
    ).exists()


def test_a_conflict_declared_with_the_organization_elsewhere_keeps_the_reviewer_off(
    in_review, reviewers, officer_mexico, partner_oaxaca
):
    other = another_in_review(in_review, partner_oaxaca, officer_mexico)
    dora = services.reviewer_add(proposal=other, reviewer=reviewers["dora"], actor=officer_mexico)
    services.assignment_declare(
        assignment=dora, actor=reviewers["dora"], conflict=True, explanation="Fui su tesorera."
    )
    ana = assignment_of(in_review, reviewers["ana"])

    with pytest.raises(ValidationError) as refusal:
        services.reviewer_replace(assignment=ana, reviewer=reviewers["dora"], actor=officer_mexico)

    assert refusal.value.messages == [
        "Dora Pérez cannot be chosen: conflict of interest declared with this organization."
    ]
    ana.refresh_from_db()
    assert not ana.is_withdrawn


@pytest.mark.parametrize(
    ("_case", "who", "reason"),
    [
        ("a member of the applicant", "dora", "member of the applicant organization"),
        ("already a reviewer of it", "beto", "already one of this proposal's reviewers"),
        ("a reviewer of another mission", "colombia", "not an active reviewer of this mission"),
    ],
)
def test_the_refusal_names_the_rule(
    _case, who, reason, in_review, reviewers, officer_mexico, organization_oaxaca
):
    MembershipFactory(organization=organization_oaxaca, user=reviewers["dora"])
    reviewer = reviewers[who]

    with pytest.raises(ValidationError) as refusal:
        services.reviewer_add(proposal=in_review, reviewer=reviewer, actor=officer_mexico)

    assert refusal.value.messages == [f"{reviewer.get_full_name()} cannot be chosen: {reason}."]
    assert counting(in_review) == ["ana@example.org", "beto@example.org"]


def test_the_automatic_assignment_skips_a_member_of_the_applicant_organization(
    submitted_oaxaca, officer_mexico, reviewers, organization_oaxaca
):
    MembershipFactory(organization=organization_oaxaca, user=reviewers["ana"])
    proposal = proposal_move(proposal=submitted_oaxaca, to="in_review", actor=officer_mexico)

    services.reviewers_assign(proposal=proposal)

    assert counting(proposal) == ["beto@example.org", "carla@example.org"]


def test_reviewers_change_only_while_the_reviews_run(submitted_oaxaca, reviewers, officer_mexico):
    with pytest.raises(ValidationError) as refusal:
        services.reviewer_add(
            proposal=submitted_oaxaca, reviewer=reviewers["carla"], actor=officer_mexico
        )

    assert refusal.value.messages == ["Reviewers can change only while the proposal is in review."]
    assert not ReviewAssignment.objects.exists()


@pytest.mark.parametrize(
    ("_case", "who"),
    [
        ("an approver of the mission", "approver_mexico"),
        ("an officer of another mission", "officer_colombia"),
        ("an administrator", "administrator"),
        ("a reviewer of the proposal", "beto"),
    ],
)
def test_only_an_officer_of_the_mission_changes_the_reviewers(
    _case, who, in_review, reviewers, request
):
    actor = reviewers[who] if who in reviewers else request.getfixturevalue(who)
    ana = assignment_of(in_review, reviewers["ana"])
    before = Notification.objects.count(), AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        services.reviewer_add(proposal=in_review, reviewer=reviewers["carla"], actor=actor)
    with pytest.raises(PermissionDenied):
        services.reviewer_replace(assignment=ana, reviewer=reviewers["carla"], actor=actor)
    with pytest.raises(PermissionDenied):
        services.reviewer_remove(assignment=ana, actor=actor)

    assert counting(in_review) == ["ana@example.org", "beto@example.org"]
    assert ReviewAssignment.objects.filter(withdrawn_at__isnull=False).count() == 0
    assert (Notification.objects.count(), AuditEvent.objects.count()) == before


def test_the_withdrawn_reviewer_reads_a_short_notice_by_e_mail_and_in_the_inbox(
    in_review, reviewers, officer_mexico, mailoutbox, client
):
    from notifications.services import notification_deliver

    ana = assignment_of(in_review, reviewers["ana"])
    start(ana)
    services.reviewer_remove(assignment=ana, actor=officer_mexico, confirm=True)

    notice = Notification.objects.get(event="review_withdrawn")
    notification_deliver(notification_id=notice.pk)

    (mail,) = mailoutbox
    assert mail.subject == "[CFLI] You no longer review proposal CFLI-MEX-2026-27-0001"
    assert (
        "A program officer has withdrawn you from the review of the proposal "
        "CFLI-MEX-2026-27-0001" in mail.body
    )
    assert "The draft you started is kept for the record; it no longer counts." in mail.body
    client.force_login(reviewers["ana"])
    inbox = client.get("/inbox/").text
    assert "A program officer has withdrawn you from the review of the proposal" in inbox


def test_a_withdrawn_reviewer_is_not_reminded(in_review, reviewers, officer_mexico):
    ana = assignment_of(in_review, reviewers["ana"])
    services.reviewer_remove(assignment=ana, actor=officer_mexico)

    services.review_reminders_send(today=ana.due_date + timedelta(days=1))

    assert notified("review_reminder") == ["beto@example.org", "carla@example.org"]


# --- The workspace's controls and the pages ------------------------------------------------


def test_the_workspace_leads_the_officer_to_the_reviewers_page_with_their_load(
    client, in_review, reviewers, officer_mexico, partner_oaxaca
):
    other = another_in_review(in_review, partner_oaxaca, officer_mexico)
    for name in ("carla", "dora"):
        services.reviewer_add(proposal=other, reviewer=reviewers[name], actor=officer_mexico)
    services.assignment_declare(
        assignment=assignment_of(other, reviewers["dora"]),
        actor=reviewers["dora"],
        conflict=True,
        explanation="Fui su tesorera.",
    )
    client.force_login(officer_mexico)

    workspace = client.get(f"/manage/proposals/{in_review.pk}/").text
    page = client.get(f"/manage/proposals/{in_review.pk}/reviewers/").text

    # The workspace names the reviewers and links to the page that changes them; the
    # workload is counted there only.
    assert "Ana Ruiz" in workspace
    assert f'href="/manage/proposals/{in_review.pk}/reviewers/"' in workspace
    assert "Add, replace or withdraw reviewers" in workspace
    assert "Add the reviewer" not in workspace
    assert "Add the reviewer" in page
    # Carla: her review on the other proposal is open; Dora: recused from it.
    assert "Carla Gómez — 1 open, 1 in this call" in page
    dora = reviewers["dora"].pk
    assert (
        f'<option value="{dora}" disabled>Dora Pérez — cannot be chosen: conflict of interest '
        "declared with this organization</option>"
    ) in page
    assert "Replace or withdraw Ana Ruiz" in page
    assert 'href="/manage/proposals/reviewers/"' in page
    assert f'href="/manage/proposals/{in_review.pk}/"' in page


def test_the_approver_reads_the_reviewers_without_controls(client, in_review, approver_mexico):
    client.force_login(approver_mexico)

    page = client.get(f"/manage/proposals/{in_review.pk}/").text
    reviewers_page = client.get(f"/manage/proposals/{in_review.pk}/reviewers/")

    assert "Ana Ruiz" in page
    assert "Add, replace or withdraw reviewers" not in page
    assert "Replace or withdraw" not in page
    assert "/manage/proposals/reviewers/" not in page
    assert reviewers_page.status_code == 404


def test_once_the_reviews_are_over_the_officer_reads_the_reviewers_without_controls(
    client, in_review, reviewers, officer_mexico
):
    proposal_move(proposal=in_review, to="reviewed", actor=officer_mexico)
    client.force_login(officer_mexico)

    workspace = client.get(f"/manage/proposals/{in_review.pk}/").text
    page = client.get(f"/manage/proposals/{in_review.pk}/reviewers/").text

    assert "Add, replace or withdraw reviewers" not in workspace
    assert "Ana Ruiz" in page
    assert "The reviewers are chosen while the reviews run" in page
    assert "Add the reviewer" not in page
    assert "Replace or withdraw" not in page


def test_an_officer_adds_replaces_and_withdraws_from_the_reviewers_page(
    client, in_review, reviewers, officer_mexico
):
    client.force_login(officer_mexico)
    base = f"/manage/proposals/{in_review.pk}/reviewers"
    ana = assignment_of(in_review, reviewers["ana"])
    beto = assignment_of(in_review, reviewers["beto"])

    added = client.post(f"{base}/add/", {"reviewer": reviewers["carla"].pk})
    replaced = client.post(f"{base}/{ana.pk}/replace/", {"reviewer": reviewers["dora"].pk})
    withdrawn = client.post(f"{base}/{beto.pk}/remove/", follow=True)

    assert added.status_code == replaced.status_code == 302
    assert added["Location"] == f"/manage/proposals/{in_review.pk}/reviewers/"
    assert counting(in_review) == ["carla@example.org", "dora@example.org"]
    page = withdrawn.content.decode()
    assert "Beto Díaz no longer reviews this proposal." in page
    assert "Withdrawn on" in page


def test_a_refused_change_comes_back_to_the_reviewers_page_saying_why(
    client, in_review, reviewers, officer_mexico
):
    ana = assignment_of(in_review, reviewers["ana"])
    start(ana)
    client.force_login(officer_mexico)

    response = client.post(
        f"/manage/proposals/{in_review.pk}/reviewers/{ana.pk}/remove/", follow=True
    )

    assert "Ana Ruiz has started their review. Confirm to withdraw them" in response.text
    assert "Withdraw them although they started their review" in response.text
    assert counting(in_review) == ["ana@example.org", "beto@example.org"]


@pytest.mark.parametrize(
    ("_case", "who", "status"),
    [
        ("an approver of the mission sees the proposal: refused", "approver_mexico", 403),
        ("an officer of another mission: not found", "officer_colombia", 404),
        ("a reviewer of the proposal: not found", "beto", 404),
    ],
)
def test_the_change_pages_refuse_whoever_is_not_an_officer_of_the_mission(
    _case, who, status, client, in_review, reviewers, request
):
    client.force_login(reviewers[who] if who in reviewers else request.getfixturevalue(who))
    ana = assignment_of(in_review, reviewers["ana"])
    base = f"/manage/proposals/{in_review.pk}/reviewers"

    responses = [
        client.post(f"{base}/add/", {"reviewer": reviewers["carla"].pk}),
        client.post(f"{base}/{ana.pk}/replace/", {"reviewer": reviewers["carla"].pk}),
        client.post(f"{base}/{ana.pk}/remove/"),
    ]

    assert [response.status_code for response in responses] == [status] * 3
    assert counting(in_review) == ["ana@example.org", "beto@example.org"]


def test_another_proposals_assignment_is_not_found(
    client, in_review, reviewers, officer_mexico, partner_oaxaca
):
    other = another_in_review(in_review, partner_oaxaca, officer_mexico)
    services.reviewers_assign(proposal=other)
    foreign = other.review_assignments.first()
    client.force_login(officer_mexico)

    response = client.post(f"/manage/proposals/{in_review.pk}/reviewers/{foreign.pk}/remove/")

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert not foreign.is_withdrawn


def test_the_load_page_counts_open_submitted_and_overdue_reviews_in_the_officers_missions(
    client, in_review, reviewers, officer_mexico, officer_colombia, partner_oaxaca
):
    # Ana: one review submitted (the other proposal), one open and overdue (this one).
    other = another_in_review(in_review, partner_oaxaca, officer_mexico)
    for name in ("ana", "beto"):
        services.reviewer_add(proposal=other, reviewer=reviewers[name], actor=officer_mexico)
    submit(assignment_of(other, reviewers["ana"]))
    ReviewAssignment.objects.filter(proposal=in_review, reviewer=reviewers["ana"]).update(
        due_date=timezone.localdate() - timedelta(days=2)
    )
    # Carla: recused from her one assignment: nothing counts.
    carla = services.reviewer_replace(
        assignment=assignment_of(other, reviewers["beto"]),
        reviewer=reviewers["carla"],
        actor=officer_mexico,
    )
    services.assignment_declare(
        assignment=carla, actor=reviewers["carla"], conflict=True, explanation="Soy socia."
    )

    rows = {row.user.email: row for row in selectors.reviewer_load_for(officer_mexico)}

    counts = {
        email: (row.open_reviews, row.submitted_reviews, row.overdue_reviews)
        for email, row in rows.items()
    }
    assert counts == {
        "ana@example.org": (1, 1, 1),
        "beto@example.org": (1, 0, 0),  # withdrawn from the other proposal
        "carla@example.org": (0, 0, 0),
        "dora@example.org": (0, 0, 0),
    }
    client.force_login(officer_colombia)
    page = client.get("/manage/proposals/reviewers/").text
    assert "Colombia" in page
    assert "Ana Ruiz" not in page


def test_the_load_page_makes_a_fixed_number_of_queries(
    client,
    in_review,
    reviewers,
    officer_mexico,
    mission_mexico,
    partner_oaxaca,
    django_assert_max_num_queries,
):
    client.force_login(officer_mexico)
    # The session with its user, their roles and the inbox's unread count, the missions' time
    # zones, the rows with their counts.
    with django_assert_max_num_queries(3) as few:
        client.get("/manage/proposals/reviewers/")
    for name in ("eva", "fede", "gala"):
        a_reviewer(mission_mexico, name)
    other = another_in_review(in_review, partner_oaxaca, officer_mexico)
    services.reviewers_assign(proposal=other)

    with django_assert_max_num_queries(len(few)) as many:
        page = client.get("/manage/proposals/reviewers/").text

    assert len(many) == len(few)
    assert page.count('<th scope="row">') == 7


def test_the_workspace_and_the_reviewers_page_make_a_fixed_number_of_queries(
    client, in_review, reviewers, officer_mexico, mission_mexico, django_assert_max_num_queries
):
    client.force_login(officer_mexico)
    workspace = f"/manage/proposals/{in_review.pk}/"
    reviewers_page = f"{workspace}reviewers/"
    # The workspace's own queries (tests/reviews/test_screening.py) and the assignments: the
    # reviewers' workload is not counted there. Its sections are kept after the first view.
    with django_assert_max_num_queries(12):
        client.get(workspace)
    with django_assert_max_num_queries(7) as few:
        client.get(workspace)
    # The page: the session with the roles and the inbox, the proposal (not its rows), the
    # assignments, one for the mission's reviewers with their load and the conflict-of-interest
    # rules.
    with django_assert_max_num_queries(4) as few_on_page:
        client.get(reviewers_page)
    for name in ("eva", "fede", "gala"):
        reviewer = a_reviewer(mission_mexico, name)
        services.reviewer_add(proposal=in_review, reviewer=reviewer, actor=officer_mexico)
    start(assignment_of(in_review, reviewers["ana"]))

    with django_assert_max_num_queries(len(few)) as many:
        client.get(workspace)
    with django_assert_max_num_queries(len(few_on_page)) as many_on_page:
        page = client.get(reviewers_page).text

    assert len(many) == len(few)
    assert len(many_on_page) == len(few_on_page)
    assert page.count("Replace or withdraw") == 5
