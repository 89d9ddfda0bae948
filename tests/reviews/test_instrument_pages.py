"""The administrators' pages for scoring grids and GBA+ checklists, and a call's review
settings page."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEvent
from reviews import services
from reviews.models import (
    CallReviewSettings,
    Criterion,
    GbaChecklist,
    Review,
    ReviewAssignment,
    ScoringGrid,
)

pytestmark = pytest.mark.django_db

TEXTS = {
    "name_en": "Mission grid 2027",
    "name_fr": "Grille de la mission 2027",
    "name_es": "Tabla de la misión 2027",
    "description_en": "For small projects.",
    "description_fr": "",
    "description_es": "",
}


def default_grid():
    return ScoringGrid.objects.get(family="cfli-default", version=1)


def default_checklist():
    return GbaChecklist.objects.get(family="cfli-gba-plus", version=1)


def page_data(instrument, rows: list[dict], texts=None) -> dict:
    """The POST of a draft's page: its texts, then every line (existing lines by id)."""
    prefix, owner = (
        ("criteria", "grid") if isinstance(instrument, ScoringGrid) else ("items", "checklist")
    )
    existing = sum(1 for row in rows if row.get("id"))
    data = {
        **(texts or TEXTS),
        "seen": instrument.updated_at.isoformat(),
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(existing),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "50",
    }
    for index, row in enumerate(rows):
        data[f"{prefix}-{index}-{owner}"] = str(instrument.pk)
        for name, value in row.items():
            if value is True:
                value = "on"
            if value is not False:
                data[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)
    return data


def criterion(name: str, *, fr: str | None = None, weight="50", **more) -> dict:
    return {
        "name_en": name,
        "name_fr": f"{name} (fr)" if fr is None else fr,
        "name_es": f"{name} (es)",
        "guidance_en": f"How well: {name}",
        "guidance_fr": "",
        "guidance_es": "",
        "weight": weight,
        "scale_max": "5",
        "position": "",
        **more,
    }


def item(key: str, *, fr: str | None = None, **more) -> dict:
    return {
        "key": key,
        "question_en": f"Is {key} there?",
        "question_fr": f"{key} (fr)" if fr is None else fr,
        "question_es": f"¿{key}?",
        "guidance_en": "",
        "guidance_fr": "",
        "guidance_es": "",
        "required": True,
        "position": "",
        **more,
    }


KINDS = {
    "grid": ("/manage/grids/", ScoringGrid, criterion, "criteria"),
    "checklist": ("/manage/checklists/", GbaChecklist, item, "items"),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_administrator_creates_fills_in_and_publishes_once_every_text_is_written(
    kind, client, administrator
):
    base, model, line, related = KINDS[kind]
    client.force_login(administrator)

    response = client.post(f"{base}new/", {"family": "mission-2027", **TEXTS})
    draft = model.objects.get(family="mission-2027")
    assert response["Location"] == f"{base}{draft.pk}/"
    assert (draft.version, draft.is_published, draft.created_by) == (1, False, administrator)
    page = client.get(f"{base}{draft.pk}/")
    assert page.context["formset"].total_form_count() == 1  # an empty line to start with

    response = client.post(
        f"{base}{draft.pk}/",
        page_data(draft, [line("first", fr=""), line("second")]),
    )
    assert response.status_code == 302
    lines = list(getattr(draft, related).all())
    assert [getattr(part, "name_es", None) or part.question_es for part in lines] == [
        "first (es)" if kind == "grid" else "¿first?",
        "second (es)" if kind == "grid" else "¿second?",
    ]
    assert [part.position for part in lines] == [1, 1]  # new lines go last, in their order

    response = client.post(f"{base}{draft.pk}/publish/")

    assert response.status_code == 400
    content = response.content.decode()
    assert "Write every text in English, French and Spanish before publishing" in content
    text = "first" if kind == "grid" else "Is first there?"
    assert f"“{text}” is not written in French yet." in content
    draft.refresh_from_db()
    assert not draft.is_published

    draft = model.objects.get(pk=draft.pk)
    rows = [
        {"id": part.pk, **line(name)} for part, name in zip(lines, ("first", "second"), strict=True)
    ]
    assert client.post(f"{base}{draft.pk}/", page_data(draft, rows)).status_code == 302
    response = client.post(f"{base}{draft.pk}/publish/")

    assert response["Location"] == f"{base}{draft.pk}/"
    draft.refresh_from_db()
    assert draft.is_published
    name = model._meta.model_name
    verbs = AuditEvent.objects.filter(target_id=str(draft.pk), verb__startswith=f"{name}.")
    verbs = verbs.values_list("verb", flat=True)
    assert sorted(verbs) == sorted(
        [f"{name}.created", f"{name}.edited", f"{name}.edited", f"{name}.published"]
    )


def summary_of(content: str) -> str:
    """The error summary's HTML (it holds no inner <div>)."""
    start = content.rindex("<div", 0, content.index('id="form-errors"'))
    return content[start : content.index("</div>", start)]


def test_a_refused_publication_is_summed_up_above_the_form_with_each_missing_language_named(
    client, administrator
):
    draft = services.instrument_create(
        model=ScoringGrid, actor=administrator, family="g", texts={"name_en": "Mission grid"}
    )
    services.instrument_draft_save(
        instrument=draft,
        actor=administrator,
        texts={},
        parts=[
            {"name_en": "Relevance", "name_fr": "Pertinence", "weight": 50, "scale_max": 5},
            {"name_en": "Reach", "name_es": "Alcance", "weight": 50, "scale_max": 5},
        ],
    )
    client.force_login(administrator)

    response = client.post(f"/manage/grids/{draft.pk}/publish/")

    assert response.status_code == 400
    items = [
        (item.get("id"), str(item.get("label")), str(item["message"]))
        for item in response.context["error_summary"]
    ]
    assert items == [
        ("id_name_fr", "Name", "“Mission grid” is not written in French, Spanish yet."),
        ("id_criteria-0-name_es", "Criterion 1", "“Relevance” is not written in Spanish yet."),
        ("id_criteria-1-name_fr", "Criterion 2", "“Reach” is not written in French yet."),
    ]
    content = response.content.decode()
    summary = summary_of(content)
    assert content.index('id="form-errors"') < content.index('<form method="post" novalidate')
    assert 'role="alert"' in summary
    assert 'tabindex="-1"' in summary
    assert "This version was not published." in summary
    assert '<a class="alert-link" href="#id_criteria-1-name_fr">Criterion 2</a>' in summary
    words = re.sub(r"<[^>]+>", " ", summary)
    assert "French" in words
    assert "Spanish" in words
    assert not re.search(r"\b(fr|es|FR|ES)\b", words)  # names, never codes
    assert 'id="publish-errors"' not in content  # nothing left far down the page
    draft.refresh_from_db()
    assert not draft.is_published
    assert not AuditEvent.objects.filter(verb="scoringgrid.published").exists()


def test_publishing_a_version_without_lines_links_to_the_first_line(client, administrator):
    draft = services.instrument_create(
        model=GbaChecklist, actor=administrator, family="c", texts=TEXTS
    )
    client.force_login(administrator)

    response = client.post(f"/manage/checklists/{draft.pk}/publish/")

    assert response.status_code == 400
    summary = summary_of(response.content.decode())
    assert (
        '<a class="alert-link" href="#id_items-0-question_en">'
        "Add at least one line before publishing.</a>"
    ) in summary
    draft.refresh_from_db()
    assert not draft.is_published


def test_publishing_again_goes_back_to_the_published_version(client, administrator):
    published = default_grid()
    published_at = published.published_at
    client.force_login(administrator)

    response = client.post(f"/manage/grids/{published.pk}/publish/", follow=True)

    assert response.redirect_chain == [(f"/manage/grids/{published.pk}/", 302)]
    assert "This version is already published." in response.content.decode()
    assert default_grid().published_at == published_at


def test_criteria_are_edited_reordered_and_removed_on_the_draft(client, administrator):
    draft = services.instrument_new_version(instrument=default_grid(), actor=administrator)
    first, second, *others = draft.criteria.all()
    client.force_login(administrator)
    rows = [
        {"id": first.pk, **criterion("Relevance", weight="30", position="9")},
        {"id": second.pk, "DELETE": True, **criterion("Gone")},
        *(
            {
                "id": other.pk,
                **criterion(other.name_en, weight=str(other.weight), position=str(other.position)),
            }
            for other in others
        ),
    ]
    rows[2]["name_fr"], rows[2]["name_es"] = others[0].name_fr, others[0].name_es

    response = client.post(
        f"/manage/grids/{draft.pk}/",
        page_data(draft, rows, texts={**TEXTS, "name_en": "CFLI grid, revised"}),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    criteria = list(draft.criteria.all())
    assert draft.name_en == "CFLI grid, revised"
    assert len(criteria) == 6
    assert (criteria[-1].name_en, criteria[-1].weight, criteria[-1].position) == (
        "Relevance",
        Decimal(30),
        9,
    )
    assert not Criterion.objects.filter(pk=second.pk).exists()
    assert default_grid().criteria.count() == 7  # the published version is untouched


def test_a_wrong_line_is_refused_with_its_error_next_to_it_and_nothing_saved(client, administrator):
    draft = services.instrument_create(
        model=ScoringGrid, actor=administrator, family="g", texts=TEXTS
    )
    client.force_login(administrator)

    response = client.post(
        f"/manage/grids/{draft.pk}/",
        page_data(draft, [criterion("Good"), criterion("Bad", weight="0")]),
    )

    assert response.status_code == 400
    summary = response.context["error_summary"]
    assert [entry["id"] for entry in summary] == ["id_criteria-1-weight"]
    assert summary[0]["label"] == "Criterion 2, Weight"
    assert 'href="#id_criteria-1-weight"' in response.content.decode()
    assert draft.criteria.count() == 0


def test_two_items_with_the_same_key_are_refused(client, administrator):
    draft = services.instrument_create(
        model=GbaChecklist, actor=administrator, family="c", texts=TEXTS
    )
    client.force_login(administrator)

    response = client.post(
        f"/manage/checklists/{draft.pk}/", page_data(draft, [item("same"), item("same")])
    )

    assert response.status_code == 400
    assert draft.items.count() == 0


def test_a_save_over_someone_elses_newer_save_is_refused_and_keeps_what_was_typed(
    client, administrator
):
    draft = services.instrument_create(
        model=ScoringGrid, actor=administrator, family="g", texts=TEXTS
    )
    opened = page_data(draft, [criterion("Mine")])
    services.instrument_draft_save(
        instrument=draft, actor=administrator, texts={"name_en": "Theirs"}, parts=[]
    )
    client.force_login(administrator)

    response = client.post(f"/manage/grids/{draft.pk}/", opened)

    assert response.status_code == 400
    assert "Someone else saved this version since you opened it" in response.content.decode()
    assert 'value="Mine"' in response.content.decode()
    draft.refresh_from_db()
    assert (draft.name_en, draft.criteria.count()) == ("Theirs", 0)


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_published_version_has_no_edit_form_and_a_post_changes_nothing(
    kind, client, administrator
):
    base, model, line, related = KINDS[kind]
    published = default_grid() if kind == "grid" else default_checklist()
    count = getattr(published, related).count()
    client.force_login(administrator)

    page = client.get(f"{base}{published.pk}/")

    assert page.context["form"] is None
    assert "is frozen" in page.content.decode()
    assert 'name="add_row"' not in page.content.decode()
    assert f'action="{base}{published.pk}/new-version/"' in page.content.decode()

    response = client.post(
        f"{base}{published.pk}/",
        page_data(published, [line("sneaky")], texts={**TEXTS, "name_en": "Changed"}),
    )

    assert response.status_code == 409
    summary = summary_of(response.content.decode())
    assert "Your changes were not saved." in summary
    assert "This version is published and frozen" in summary
    published = model.objects.get(pk=published.pk)
    assert published.name_en != "Changed"
    assert getattr(published, related).count() == count
    with pytest.raises(ValidationError) as error:
        services.instrument_draft_save(
            instrument=published, actor=administrator, texts={"name_en": "Changed"}, parts=[]
        )
    assert error.value.code == "published"


@pytest.fixture
def review_on_version_1(submitted_oaxaca, mission_mexico):
    """A review of the Oaxaca proposal, started with version 1 of the default instruments."""
    from tests.accounts.factories import UserFactory
    from tests.programs.factories import MissionStaffFactory

    reviewer = MissionStaffFactory(
        mission=mission_mexico, role="reviewer", user=UserFactory(email="rev@example.org")
    ).user
    assignment = ReviewAssignment.objects.create(
        proposal=submitted_oaxaca,
        reviewer=reviewer,
        due_date="2027-01-15",
        declaration="no_conflict",
    )
    return Review.objects.create(
        assignment=assignment, grid=default_grid(), checklist=default_checklist()
    )


@pytest.mark.parametrize("kind", list(KINDS))
def test_new_version_makes_a_draft_v2_and_a_review_keeps_v1(
    kind, client, administrator, review_on_version_1
):
    base, model, _line, related = KINDS[kind]
    first = default_grid() if kind == "grid" else default_checklist()
    client.force_login(administrator)

    response = client.post(f"{base}{first.pk}/new-version/")

    second = model.objects.get(family=first.family, version=2)
    assert response["Location"] == f"{base}{second.pk}/"
    assert not second.is_published
    assert getattr(second, related).count() == getattr(first, related).count()
    # A second click finds the draft already started instead of making a third version.
    assert client.post(f"{base}{first.pk}/new-version/")["Location"] == f"{base}{second.pk}/"
    assert model.objects.filter(family=first.family).count() == 2

    services.instrument_publish(instrument=second, actor=administrator)
    review_on_version_1.refresh_from_db()
    assert getattr(review_on_version_1, kind) == first
    list_page = client.get(base).content.decode()
    assert "Reviews made with it" in list_page


def test_only_published_versions_are_offered_and_the_settings_are_saved(
    client, officer_mexico, call_mexico, administrator
):
    draft = services.instrument_new_version(instrument=default_grid(), actor=administrator)
    client.force_login(officer_mexico)
    url = reverse("instruments:call-review-settings", args=[call_mexico.pk])

    page = client.get(url)

    assert list(page.context["form"].fields["grid"].queryset) == [default_grid()]
    assert list(page.context["form"].fields["checklist"].queryset) == [default_checklist()]
    assert "CFLI scoring grid (cfli-default, version 1)" in page.content.decode()
    values = {
        "checklist": default_checklist().pk,
        "reviewers_per_proposal": 3,
        "days_to_review": 10,
    }

    refused = client.post(url, {**values, "grid": draft.pk})

    assert refused.status_code == 400
    assert not CallReviewSettings.objects.exists()

    response = client.post(url, {**values, "grid": default_grid().pk})

    assert response["Location"] == f"/manage/calls/{call_mexico.pk}/"
    saved = CallReviewSettings.objects.get(call=call_mexico)
    assert (saved.grid, saved.checklist, saved.reviewers_per_proposal, saved.days_to_review) == (
        default_grid(),
        default_checklist(),
        3,
        10,
    )
    assert AuditEvent.objects.get(verb="call_review_settings.saved").actor == officer_mexico
    detail = client.get(f"/manage/calls/{call_mexico.pk}/").content.decode()
    assert "Grid: CFLI scoring grid, version 1." in detail
    assert "Reviewers per proposal: 3." in detail


def test_the_service_refuses_an_unpublished_version(officer_mexico, call_mexico, administrator):
    draft = services.instrument_new_version(instrument=default_grid(), actor=administrator)

    with pytest.raises(ValidationError) as error:
        services.call_review_settings_save(
            call=call_mexico,
            actor=officer_mexico,
            grid=draft,
            checklist=default_checklist(),
            reviewers_per_proposal=2,
            days_to_review=14,
        )

    assert list(error.value.message_dict) == ["grid"]
    assert not CallReviewSettings.objects.exists()


@pytest.mark.parametrize(
    ("_case", "who", "call", "status"),
    [
        ("officer of another mission sees 404", "officer_mexico", "call_colombia", 404),
        ("partner sees 404", "partner_oaxaca", "call_mexico", 404),
        ("administrator may", "administrator", "call_colombia", 200),
        ("the call's officer may", "officer_mexico", "call_mexico", 200),
    ],
)
def test_review_settings_page_access(_case, who, call, status, client, request):
    client.force_login(request.getfixturevalue(who))
    url = reverse("instruments:call-review-settings", args=[request.getfixturevalue(call).pk])
    values = {"grid": default_grid().pk, "checklist": default_checklist().pk}

    assert client.get(url).status_code == status
    if status == 404:
        client.post(url, {**values, "reviewers_per_proposal": 5, "days_to_review": 3})
        assert not CallReviewSettings.objects.exists()


@pytest.mark.parametrize("who", ["officer_mexico", "partner_oaxaca"])
def test_other_people_get_404_and_change_nothing(who, client, request):
    client.force_login(request.getfixturevalue(who))
    grid = default_grid()

    for url in (
        "/manage/grids/",
        "/manage/checklists/",
        f"/manage/grids/{grid.pk}/",
        "/manage/grids/new/",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/manage/grids/{grid.pk}/new-version/").status_code == 404
    assert client.post("/manage/grids/new/", {"family": "x", **TEXTS}).status_code == 404
    assert ScoringGrid.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/manage/grids/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_list_makes_a_fixed_number_of_queries(
    kind, client, administrator, django_assert_max_num_queries
):
    base, model, _line, _related = KINDS[kind]
    client.force_login(administrator)
    with django_assert_max_num_queries(6) as few:
        # the session with its user and their mission roles (header), the versions with their
        # use, the calls without review settings (default in effect), savepoint pair
        client.get(base)
    for number in range(5):
        services.instrument_new_version(
            instrument=model.objects.filter(published_at__isnull=False).first(), actor=administrator
        )
        services.instrument_create(
            model=model, actor=administrator, family=f"f-{number}", texts=TEXTS
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(base)

    assert sum(len(family.versions) for family in response.context["families"]) == 11
