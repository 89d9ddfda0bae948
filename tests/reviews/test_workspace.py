"""The proposal as the staff workspace prints it: answers and tables are written as HTML by
proposals.printing rather than tag by tag in the template, so they are held here to what the
template wrote (what applicants typed, escaped; line breaks kept; numbers aligned)."""

import re

import pytest

from proposals.models import BudgetLine, Proposal

pytestmark = pytest.mark.django_db


def test_the_workspace_prints_what_applicants_wrote_literally_with_their_line_breaks(
    client, submitted_oaxaca, officer_mexico
):
    Proposal.objects.filter(pk=submitted_oaxaca.pk).update(
        context="Primera línea <b>\r\nsegunda & 'tercera'", sustainability=""
    )
    BudgetLine.objects.filter(proposal=submitted_oaxaca).update(description="Talleres\n<i>x</i>")
    client.force_login(officer_mexico)

    # The white space between tags is left out: the template's indentation is not compared.
    page = re.sub(r">\s+<", "><", client.get(f"/manage/proposals/{submitted_oaxaca.pk}/").text)

    assert "<b>" not in page
    assert (
        "<dt>Context and problem</dt><dd>Primera línea &lt;b&gt;<br>segunda &amp; &#x27;tercera"
        "&#x27;</dd>" in page
    )
    assert (
        '<dt>Sustainability</dt><dd><span class="text-body-secondary pdf-muted">'
        "Not answered yet</span></dd>" in page
    )
    # A row's text keeps its line breaks; its numbers are aligned right.
    assert "<td>Talleres<br>&lt;i&gt;x&lt;/i&gt;</td>" in page
    assert '<td class="text-end pdf-number">500,000.00</td>' in page
    assert '<th scope="col" class="text-end pdf-number">Unit cost</th>' in page
    # The beneficiaries' table: each row is headed by its group.
    assert '<th scope="row">Women and girls</th><td class="text-end pdf-number">10</td>' in page


# --- The sections kept rendered, per proposal version and language -----------------------------


def content_of(page: str) -> str:
    """The sections and files as the workspace printed them (from the first answer to the
    reviews)."""
    start = page.index('<dl class="row pdf-fields">')
    return page[start : page.index('aria-labelledby="actions-title"', start)]


def test_the_second_view_reads_no_row_of_the_sections_and_shows_them_the_same(
    client, submitted_oaxaca, officer_mexico, django_assert_max_num_queries
):
    client.force_login(officer_mexico)
    url = f"/manage/proposals/{submitted_oaxaca.pk}/"
    first = client.get(url).text

    with django_assert_max_num_queries(7) as queries:
        again = client.get(url).text

    assert content_of(again) == content_of(first)
    assert "Talleres" in content_of(again)  # a budget line, not read this time
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "proposals_budgetline" not in read
    assert "proposals_attachment" not in read


def test_a_change_to_anything_the_sections_show_is_shown_on_the_next_view(
    client, submitted_oaxaca, officer_mexico
):
    client.force_login(officer_mexico)
    url = f"/manage/proposals/{submitted_oaxaca.pk}/"
    assert "Defensoras comunitarias" in client.get(url).text

    proposal = Proposal.objects.get(pk=submitted_oaxaca.pk)
    proposal.title = "Defensoras del agua"
    proposal.save(update_fields=["title"])  # the version moves all the same
    assert "Defensoras del agua" in content_of(client.get(url).text)

    organization = proposal.organization
    organization.name = "Colectiva Mixteca"
    organization.save()
    assert "Colectiva Mixteca" in content_of(client.get(url).text)

    area = proposal.call_priority.priority_area
    area.name_en = "Inclusive governance, renamed"
    area.save()
    assert "Inclusive governance, renamed" in content_of(client.get(url).text)

    proposal.refresh_from_db()
    proposal.status = Proposal.Status.IN_REVIEW
    proposal.save(update_fields=["status"])
    assert '<dd class="col-sm-9">In review</dd>' in content_of(client.get(url).text)


def test_each_language_keeps_its_own_sections(client, submitted_oaxaca, officer_mexico):
    client.force_login(officer_mexico)
    url = f"/manage/proposals/{submitted_oaxaca.pk}/"
    assert "Context and problem" in client.get(url).text

    officer_mexico.preferred_language = "fr"
    officer_mexico.save()
    french = content_of(client.get(url).text)

    assert "Context and problem" not in french
    assert "Contexte et problème" in french
