"""Saving a section of a draft: a rule one field breaks is said on that field in the person's
language while the rest is saved, and a save over a newer one is a conflict, whether someone
else saved it or the same person in another tab."""

import html
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from proposals import services
from proposals.models import END_BEFORE_START

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
EDITOR = re.compile(r'name="editor" id="id_editor" value="([0-9a-f]{32})"')


def section_url(proposal, key="project"):
    return f"/proposals/{proposal.pk}/{key}/"


def editor_of(page) -> str:
    """The token a section page sends with each of its saves."""
    return EDITOR.search(page.text).group(1)


def project_form(**values) -> dict:
    """What the project page posts: every field of its form, as the person left it."""
    data = {
        "version": "0",
        "title": "",
        "location_city": "",
        "location_region": "",
        "location_country": "",
        "start_date": "",
        "end_date": "",
        "language": "es",
    }
    data.update(values)
    return data


def end_date_error(message) -> str:
    return f'<span id="error_1_id_end_date"><strong>{html.escape(str(message))}</strong></span>'


# --- An end date before the start date (issue 19, 3) -------------------------------------------


def test_an_end_before_the_start_is_said_on_the_end_date_and_the_rest_of_the_section_is_saved(
    client, draft_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)

    response = client.post(
        section_url(draft_oaxaca),
        project_form(
            title="Defensoras del Atoyac",
            location_city="Oaxaca de Juárez",
            start_date="2026-12-01",
            end_date="2026-11-01",
        ),
    )

    assert response.status_code == 400
    assert "Saved, except the fields marked below" in response.text
    assert end_date_error("The end date cannot be before the start date.") in response.text
    assert "proposals_end_after_start" not in response.text
    # Both dates stay as typed, for the person to correct.
    assert 'value="2026-12-01"' in response.text
    assert 'value="2026-11-01"' in response.text
    draft_oaxaca.refresh_from_db()
    assert (
        draft_oaxaca.title,
        draft_oaxaca.location_city,
        draft_oaxaca.start_date,
        draft_oaxaca.end_date,
        draft_oaxaca.section_version("project"),
    ) == ("Defensoras del Atoyac", "Oaxaca de Juárez", None, None, 1)


@pytest.fixture
def partner_in_spanish(partner_oaxaca):
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save(update_fields=["preferred_language"])
    yield partner_oaxaca
    translation.deactivate()  # the request left Spanish active in this thread


def test_the_end_date_error_is_in_the_persons_language_never_the_databases_words(
    client, draft_oaxaca, partner_in_spanish
):
    client.force_login(partner_in_spanish)

    response = client.post(
        section_url(draft_oaxaca),
        project_form(title="Defensoras", start_date="2026-12-01", end_date="2026-11-01"),
    )

    with translation.override("es"):
        assert end_date_error(END_BEFORE_START) in response.text
    assert "restricción" not in response.text  # Django's "No se cumple la restricción…"
    draft_oaxaca.refresh_from_db()
    assert (draft_oaxaca.title, draft_oaxaca.end_date) == ("Defensoras", None)


def test_an_autosave_with_a_start_after_the_saved_end_saves_the_rest_and_keeps_both_dates(
    client, draft_oaxaca, partner_oaxaca
):
    draft_oaxaca.start_date, draft_oaxaca.end_date = date(2026, 12, 1), date(2027, 2, 10)
    draft_oaxaca.save(update_fields=["start_date", "end_date"])
    client.force_login(partner_oaxaca)

    response = client.post(
        section_url(draft_oaxaca),
        project_form(title="Defensoras", start_date="2027-03-01", end_date="2027-02-10"),
        **HTMX,
    )

    assert response.status_code == 200
    assert "except fields with errors" in response.text
    assert 'name="version" id="id_version" value="1"' in response.text
    draft_oaxaca.refresh_from_db()
    assert (draft_oaxaca.title, draft_oaxaca.start_date, draft_oaxaca.end_date) == (
        "Defensoras",
        date(2026, 12, 1),
        date(2027, 2, 10),
    )


def test_the_service_refuses_an_end_before_the_start_on_the_end_date_and_writes_nothing(
    draft_oaxaca, partner_oaxaca
):
    with pytest.raises(ValidationError) as refused:
        services.proposal_section_save(
            proposal=draft_oaxaca,
            section="project",
            values={"title": "X", "start_date": date(2026, 12, 1), "end_date": date(2026, 11, 1)},
            rows={},
            version=0,
            actor=partner_oaxaca,
        )

    assert {
        field: [(error.code, error.message) for error in errors]
        for field, errors in refused.value.error_dict.items()
    } == {"end_date": [("end_before_start", "The end date cannot be before the start date.")]}
    draft_oaxaca.refresh_from_db()
    assert (draft_oaxaca.title, draft_oaxaca.section_versions) == ("", {})


# --- The same person in two tabs (issue 19, 11) --------------------------------------------------


def save(proposal, actor, version, **values):
    return services.proposal_section_save(
        proposal=proposal, section="project", values=values, rows={}, version=version, actor=actor
    )


def test_a_save_of_an_older_version_by_the_same_person_is_a_conflict_that_changes_nothing(
    draft_oaxaca, partner_oaxaca
):
    save(draft_oaxaca, partner_oaxaca, 0, title="Desde la primera pestaña")

    with pytest.raises(services.SectionConflict) as conflict:
        save(draft_oaxaca, partner_oaxaca, 0, title="Desde la segunda pestaña")

    assert (conflict.value.version, conflict.value.saved_by, conflict.value.same_person) == (
        1,
        "Rosa Martínez",
        True,
    )
    draft_oaxaca.refresh_from_db()
    assert (draft_oaxaca.title, draft_oaxaca.section_version("project")) == (
        "Desde la primera pestaña",
        1,
    )


def test_a_second_tab_of_the_same_person_is_told_of_the_other_tab_and_keeps_its_text(
    client, draft_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)
    first_tab = editor_of(client.get(section_url(draft_oaxaca)))
    second_tab = editor_of(client.get(section_url(draft_oaxaca)))
    assert first_tab != second_tab
    client.post(
        section_url(draft_oaxaca), {"version": "0", "editor": first_tab, "title": "Uno"}, **HTMX
    )

    autosave = client.post(
        section_url(draft_oaxaca), {"version": "0", "editor": second_tab, "title": "Dos"}, **HTMX
    )
    save_button = client.post(
        section_url(draft_oaxaca), project_form(editor=second_tab, title="Dos")
    )

    assert autosave.status_code == 409
    assert "You saved this section in another tab or window at" in autosave.text
    assert "Keep the text on this page" in autosave.text
    assert save_button.status_code == 409
    assert "You saved this section in another tab or window while you were editing it here" in (
        html.unescape(save_button.text)
    )
    assert 'name="title" value="Dos"' in save_button.text  # still there, to copy or keep
    draft_oaxaca.refresh_from_db()
    assert draft_oaxaca.title == "Uno"

    kept = client.post(
        section_url(draft_oaxaca),
        {"version": "0", "editor": second_tab, "title": "Dos", "keep_mine": "1"},
        **HTMX,
    )

    assert kept.status_code == 200
    assert 'name="version" id="id_version" value="2"' in kept.text
    draft_oaxaca.refresh_from_db()
    assert draft_oaxaca.title == "Dos"


def test_saves_from_one_tab_never_conflict_with_each_other(client, draft_oaxaca, partner_oaxaca):
    client.force_login(partner_oaxaca)
    tab = editor_of(client.get(section_url(draft_oaxaca)))

    statuses = [
        client.post(
            section_url(draft_oaxaca), {"version": version, "editor": tab, "title": title}, **HTMX
        ).status_code
        for version, title in [
            ("0", "Uno"),
            ("1", "Dos"),  # the version the first save answered
            ("1", "Tres"),  # Save pressed before the answer to "Dos" came back
        ]
    ]

    assert statuses == [200, 200, 200]
    draft_oaxaca.refresh_from_db()
    assert (draft_oaxaca.title, draft_oaxaca.section_version("project")) == ("Tres", 3)
