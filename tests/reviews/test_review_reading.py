"""What is read of a review, and by whom (issue 19): the reviewer's copy of the proposal names
its call; the suggested code and what is still missing follow each autosave; a code reads the
same in a suggestion as in the choices; a criterion may ask for a comment; the staff who decide
read every submitted review in the workspace, and a reviewer re-reads their own."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from proposals.services import proposal_move
from reviews import selectors, services
from reviews.models import GbaChecklist, ReviewAssignment, ReviewSummary, ScoringGrid
from tests.accounts.factories import UserFactory
from tests.programs.factories import MissionStaffFactory
from tests.reviews.test_instrument_pages import page_data

pytestmark = pytest.mark.django_db

# The default grid's second criterion, which the mission's grid asks a comment on.
ASKS_COMMENT = "Problem analysis and effectiveness"


@pytest.fixture
def reviewers(mission_mexico):
    """Three reviewers of Mexico, in the order the assignment picks them."""
    return {
        name.split()[0].lower(): MissionStaffFactory(
            mission=mission_mexico,
            role="reviewer",
            user=UserFactory(full_name=name, email=f"{name.split()[0].lower()}@example.org"),
        ).user
        for name in ("Ana Reyes", "Beto Luna", "Carla Díaz")
    }


@pytest.fixture
def grid_asking_comment(call_mexico, administrator):
    """The call's grid: the default one's next version, whose second criterion asks reviewers
    for a comment (set on the draft, then published)."""
    draft = services.instrument_new_version(
        instrument=ScoringGrid.objects.get(family="cfli-default", version=1), actor=administrator
    )
    criterion = draft.criteria.get(name_en=ASKS_COMMENT)
    services.instrument_draft_save(
        instrument=draft,
        actor=administrator,
        texts={},
        parts=[{"id": criterion.pk, "asks_comment": True}],
    )
    grid = services.instrument_publish(instrument=draft, actor=administrator)
    services.call_review_settings_save(
        call=call_mexico,
        actor=administrator,
        grid=grid,
        checklist=GbaChecklist.objects.get(family="cfli-gba-plus", version=1),
        reviewers_per_proposal=2,
        days_to_review=14,
    )
    return grid


@pytest.fixture
def in_review(submitted_oaxaca, officer_mexico, reviewers, grid_asking_comment):
    """The Oaxaca proposal in review, assigned to Ana and Beto. Its priority area is not the
    first (gender equality), so that a checklist mostly answered yes points to GE-2."""
    area = submitted_oaxaca.call_priority.priority_area
    area.position = 2
    area.save()
    proposal = proposal_move(proposal=submitted_oaxaca, to="in_review", actor=officer_mexico)
    services.reviewers_assign(proposal=proposal)
    return proposal


def assignment_of(reviewer, proposal):
    return ReviewAssignment.objects.get(reviewer=reviewer, proposal=proposal)


def declared(reviewer, proposal):
    assignment = assignment_of(reviewer, proposal)
    services.assignment_declare(assignment=assignment, actor=reviewer, conflict=False)
    return assignment


def url(assignment):
    return f"/manage/reviews/{assignment.pk}/"


def complete_form(review, *, score=4, answer="yes", **more) -> dict:
    """The review form filled in: every criterion scored, every item answered."""
    form = {f"score_{c.pk}": str(score) for c in review.grid.criteria.all()}
    form.update({f"answer_{i.key}": answer for i in review.checklist.items.all()})
    form.update({"ge_code": "GE-2", "ge_justification": "Diseño con mujeres.", "version": "0"})
    form.update(more)
    return form


def submitted_review(reviewer, proposal, *, score, comment, criterion_comment="", ge_code="GE-2"):
    """The reviewer declares no conflict and submits: every criterion at `score`, every item
    yes but the first (partly)."""
    assignment = declared(reviewer, proposal)
    review = services.review_start(assignment=assignment, actor=reviewer)
    criteria = list(review.grid.criteria.all())
    items = list(review.checklist.items.all())
    asking = next(c for c in criteria if c.asks_comment)
    data = {
        "scores": {str(c.pk): score for c in criteria},
        "answers": {i.key: "partly" if n == 0 else "yes" for n, i in enumerate(items)},
        "criterion_comments": {str(asking.pk): criterion_comment},
        "ge_code": ge_code,
        "ge_justification": f"Justificación de {reviewer.full_name}.",
        "comment": comment,
    }
    review = services.review_save(review=review, actor=reviewer, data=data, version=0)
    return services.review_submit(review=review, actor=reviewer)


def fragment(html, element_id):
    """The element of an htmx answer sent out of band to replace #element_id."""
    match = re.search(
        rf'<div id="{element_id}"[^>]*hx-swap-oob="true"[^>]*>(.*?)\n</div>', html, re.S
    )
    assert match, f"no out-of-band #{element_id} in {html!r}"
    return match.group(1)


# --- The reviewer's copy of the proposal names its call (5) ---------------------------------


def test_the_reviewers_copy_names_the_call_and_its_mission_in_spanish_too(
    client, in_review, reviewers
):
    ana = reviewers["ana"]
    assignment = declared(ana, in_review)
    client.force_login(ana)

    page = client.get(url(assignment)).text
    ana.preferred_language = "es"
    ana.save()
    spanish = client.get(url(assignment)).text

    assert re.search(
        r"Call</dt>\s*<dd[^>]*>Mexico call 2026-27 \(Embassy of Canada to Mexico\)</dd>", page
    )
    with translation.override("es"):
        call = in_review.call
        expected = f"{call.title} ({call.mission.name})"
    assert expected.startswith("Convocatoria ")  # the call's Spanish title
    assert re.search(rf"Convocatoria</dt>\s*<dd[^>]*>{re.escape(expected)}</dd>", spanish)


# --- Feedback that follows each autosave, codes as the choices read (6, 20) -------------------


def test_each_autosave_brings_the_suggested_code_and_what_is_missing_up_to_date(
    client, in_review, reviewers
):
    ana = reviewers["ana"]
    assignment = declared(ana, in_review)
    client.force_login(ana)
    page = client.get(url(assignment)).text
    review = assignment_of(ana, in_review).review
    assert "Answer the GBA+ checklist to see the code it points to." in page
    assert "Answer “Women and/or girls were consulted" in page

    autosave = {"headers": {"HX-Request": "true"}}

    # The scores alone: the checklist is still to answer.
    scores_only = {k: v for k, v in complete_form(review).items() if k.startswith("score_")}
    response = client.post(url(assignment), {**scores_only, "version": "0"}, **autosave)
    assert response.status_code == 200
    suggestion = fragment(response.text, "ge-suggestion")
    missing = fragment(response.text, "review-missing")
    assert "Answer the GBA+ checklist to see the code it points to." in suggestion
    assert "Score “" not in missing
    assert "Answer “Women and/or girls were consulted" in missing

    # Everything answered: the code the answers point to, and nothing missing.
    response = client.post(url(assignment), complete_form(review, version="1"), **autosave)
    suggestion = fragment(response.text, "ge-suggestion")
    missing = fragment(response.text, "review-missing")
    assert "Suggested code: GE-2" in suggestion
    assert "Every checklist item is marked as not applying." not in suggestion
    assert "Nothing is missing: you can submit the review." in missing
    assert "Answer “" not in missing

    # Every item marked n/a: GE-0, and why.
    response = client.post(
        url(assignment), complete_form(review, answer="na", version="2"), **autosave
    )
    suggestion = fragment(response.text, "ge-suggestion")
    assert "Suggested code: GE-0" in suggestion
    assert "Every checklist item is marked as not applying." in suggestion


def test_a_suggested_code_reads_like_the_choices_in_french(
    client, in_review, reviewers, officer_mexico, call_mexico
):
    ana = reviewers["ana"]
    assignment = declared(ana, in_review)
    ana.preferred_language = "fr"
    ana.save()
    client.force_login(ana)
    review = services.review_start(assignment=assignment, actor=ana)

    page = client.get(url(assignment)).text
    response = client.post(url(assignment), complete_form(review), headers={"HX-Request": "true"})

    choice = "EG-2\u202f: égalité des genres pleinement intégrée"
    assert f'<option value="GE-2">{choice}</option>' in page
    with translation.override("fr"):
        said = gettext("Suggested code: %(code)s") % {"code": "EG-2"}
    assert said in fragment(response.text, "ge-suggestion")
    assert "GE-2" not in fragment(response.text, "ge-suggestion")

    # The summary's suggested code, on the workspace and the committee page.
    proposal = proposal_move(proposal=in_review, to="reviewed", actor=officer_mexico)
    ReviewSummary.objects.create(proposal=proposal, score="80.00", suggested_ge_code="GE-1")
    officer_mexico.preferred_language = "fr"
    officer_mexico.save()
    client.force_login(officer_mexico)
    workspace = client.get(f"/manage/proposals/{proposal.pk}/").text
    committee = client.get(f"/manage/proposals/committee/{call_mexico.pk}/").text
    with translation.override("fr"):
        summary = gettext("Combined score: %(score)s / 100. Suggested code: %(code)s.") % {
            "score": "80,00",
            "code": "EG-1",
        }
    assert summary in workspace
    assert "<td>EG-1</td>" in committee


# --- A comment per criterion, where the grid asks for one (12) ------------------------------


def test_a_criterion_that_asks_for_a_comment_has_a_box_whose_text_is_kept(
    client, in_review, reviewers
):
    ana = reviewers["ana"]
    assignment = declared(ana, in_review)
    client.force_login(ana)
    review = services.review_start(assignment=assignment, actor=ana)
    asking, other = (review.grid.criteria.get(name_en=ASKS_COMMENT), review.grid.criteria.first())

    page = client.get(url(assignment)).text
    assert f'name="criterion_comment_{asking.pk}"' in page
    assert f"Your comment on “{ASKS_COMMENT}” (optional)" in page
    assert f'name="criterion_comment_{other.pk}"' not in page
    client.post(
        url(assignment),
        {
            f"criterion_comment_{asking.pk}": "El árbol de problemas es claro.",
            f"criterion_comment_{other.pk}": "Not asked: dropped.",
            "version": "0",
        },
    )
    review.refresh_from_db()
    assert review.criterion_comments == {str(asking.pk): "El árbol de problemas es claro."}

    # Emptied, it is gone; a submitted review never needed it.
    client.post(url(assignment), {f"criterion_comment_{asking.pk}": " ", "version": "1"})
    review.refresh_from_db()
    assert review.criterion_comments == {}
    response = client.post(url(assignment), complete_form(review, version="2", submit="1"))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_submitted


def test_an_administrator_has_a_draft_criterion_ask_for_a_comment(client, administrator):
    draft = services.instrument_new_version(
        instrument=ScoringGrid.objects.get(family="cfli-default", version=1), actor=administrator
    )
    criteria = list(draft.criteria.all())
    client.force_login(administrator)
    page = client.get(f"/manage/grids/{draft.pk}/").text
    assert "Ask reviewers for a comment on this criterion" in page
    rows = [
        {
            "id": c.pk,
            **{
                f"{name}_{language}": getattr(c, f"{name}_{language}")
                for name in ("name", "guidance")
                for language in ("en", "fr", "es")
            },
            "weight": c.weight,
            "scale_max": c.scale_max,
            "position": c.position,
            "asks_comment": c.name_en == ASKS_COMMENT,
        }
        for c in criteria
    ]
    texts = {
        f"{name}_{language}": getattr(draft, f"{name}_{language}") or ""
        for name in ("name", "description")
        for language in ("en", "fr", "es")
    }

    response = client.post(f"/manage/grids/{draft.pk}/", page_data(draft, rows, texts))

    assert response.status_code == 302
    asking = list(draft.criteria.filter(asks_comment=True).values_list("name_en", flat=True))
    assert asking == [ASKS_COMMENT]


# --- The staff who decide read the reviews; a reviewer re-reads their own (12) --------------


@pytest.fixture
def reviewed(in_review, reviewers):
    """Ana reviews (every criterion 5 of 5); Beto recuses himself and Carla takes his place and
    reviews (3 of 5); the reviews are added up."""
    submitted_review(
        reviewers["ana"],
        in_review,
        score=5,
        comment="Propuesta sólida y bien presupuestada.",
        criterion_comment="El árbol de problemas es claro.",
    )
    beto = assignment_of(reviewers["beto"], in_review)
    services.assignment_declare(
        assignment=beto, actor=reviewers["beto"], conflict=True, explanation="Mi hermana."
    )
    services.reviewers_assign(proposal=in_review)
    submitted_review(
        reviewers["carla"], in_review, score=3, comment="Riesgos poco claros.", ge_code="GE-1"
    )
    services.reviews_aggregate(proposal=in_review)
    in_review.refresh_from_db()
    return in_review


@pytest.mark.parametrize("who", ["officer_mexico", "approver_mexico", "administrator"])
def test_those_who_decide_read_every_submitted_review_in_the_workspace(
    who, client, request, reviewed
):
    client.force_login(request.getfixturevalue(who))

    page = client.get(f"/manage/proposals/{reviewed.pk}/").text

    section = page[page.index('id="reviews-title"') :]
    ana = section[section.index(">Ana Reyes</h3>") : section.index(">Carla Díaz</h3>")]
    assert "Weighted score: 100.00 out of 100." in ana
    assert re.search(
        rf"{ASKS_COMMENT}</th>\s*<td[^>]*>5 / 5</td>\s*<td>El árbol de problemas es claro.</td>",
        ana,
    )
    assert re.search(r"Women and/or girls were consulted[^<]*</th><td>Yes</td>", ana)
    assert re.search(r"The analysis shows how women[^<]*</th><td>Partly</td>", ana)
    assert "GE-2: gender equality fully integrated" in ana
    assert "Justificación de Ana Reyes." in ana
    assert "Propuesta sólida y bien presupuestada." in ana
    assert "Riesgos poco claros." in section
    assert "<strong>Beto Luna</strong> · Conflict of interest: recused" in section
    assert "Mi hermana." not in section
    assert "Combined score: 80.00 / 100. Spread between reviewers: 40.00 points." in section


def test_a_review_in_progress_is_not_shown_to_staff(client, in_review, reviewers, officer_mexico):
    submitted_review(reviewers["ana"], in_review, score=5, comment="Enviada.")
    beto = declared(reviewers["beto"], in_review)
    review = services.review_start(assignment=beto, actor=reviewers["beto"])
    services.review_save(
        review=review, actor=reviewers["beto"], data={"comment": "Borrador de Beto."}, version=0
    )
    client.force_login(officer_mexico)

    page = client.get(f"/manage/proposals/{in_review.pk}/").text

    assert "Enviada." in page
    assert "Borrador de Beto." not in page


def test_a_reviewer_reads_no_other_review_than_their_own(client, reviewed, reviewers):
    carla = reviewers["carla"]
    client.force_login(carla)

    assert client.get(f"/manage/proposals/{reviewed.pk}/").status_code == 404
    ana_assignment = assignment_of(reviewers["ana"], reviewed)
    assert client.get(url(ana_assignment)).status_code == 404


def test_staff_who_also_review_the_proposal_read_the_others_only_once_theirs_is_in(
    in_review, reviewers, officer_mexico
):
    submitted_review(reviewers["ana"], in_review, score=5, comment="Enviada.")
    own = ReviewAssignment.objects.create(
        proposal=in_review, reviewer=officer_mexico, due_date=in_review.submitted_at.date()
    )

    assert selectors.proposal_reviews_for(officer_mexico, in_review) is None
    own.declaration = ReviewAssignment.Declaration.CONFLICT
    own.save()
    assert selectors.proposal_reviews_for(officer_mexico, in_review) is None
    own.delete()
    readings = selectors.proposal_reviews_for(officer_mexico, in_review).readings
    assert [reading.review.comment for reading in readings] == ["Enviada."]


def test_a_reviewer_rereads_their_own_submitted_review(client, in_review, reviewers):
    ana = reviewers["ana"]
    submitted_review(
        ana, in_review, score=4, comment="Mi comentario.", criterion_comment="Bien analizado."
    )
    client.force_login(ana)

    page = client.get(url(assignment_of(ana, in_review))).text

    assert "Your review is submitted." in page
    assert 'id="section-form"' not in page
    assert re.search(rf"{ASKS_COMMENT}</th>\s*<td[^>]*>4 / 5</td>\s*<td>Bien analizado.</td>", page)
    assert "Mi comentario." in page
    assert "Justificación de Ana Reyes." in page
    assert "GE-2: gender equality fully integrated" in page


def test_the_workspace_reads_the_reviews_in_a_fixed_number_of_queries(
    client, in_review, reviewers, officer_mexico, django_assert_max_num_queries
):
    client.force_login(officer_mexico)
    workspace = f"/manage/proposals/{in_review.pk}/"
    # In review, no review submitted yet: the twelve of a submitted proposal's workspace
    # (tests/reviews/test_screening.py), whose assignments (with reviewer, review, grid and
    # checklist) tell the reviews apart too: nothing more; seven once its sections are kept.
    with django_assert_max_num_queries(12):
        client.get(workspace)
    with django_assert_max_num_queries(7) as none:
        client.get(workspace)
    submitted_review(reviewers["ana"], in_review, score=5, comment="Primera.")

    # With reviews: two more, the grids' criteria and the checklists' items.
    with django_assert_max_num_queries(len(none.captured_queries) + 2) as one:
        assert "Primera." in client.get(workspace).text
    submitted_review(reviewers["beto"], in_review, score=3, comment="Segunda.")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert "Segunda." in client.get(workspace).text
