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
