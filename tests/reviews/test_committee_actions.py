"""The committee page acts: the officer recommends and the approver decides from the ranking,
with the workspace's forms and services; mistakes come back on the page next to the row, as
typed. And the committee pack, the same board as a PDF in the reader's language."""

import re
import subprocess
from decimal import Decimal

import pytest
from crispy_forms.utils import render_crispy_form
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proposals.models import Proposal
from reviews import selectors, services
from reviews.models import Decision, ReviewSummary
from reviews.views_committee import RowForms, row_form
from tests.reviews.test_decisions import recommend, reviewed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_files")]


def committee_url(call):
    return f"/manage/proposals/committee/{call.pk}/"


def decision_url(proposal):
    return f"/manage/proposals/committee/{proposal.call_id}/{proposal.pk}/decision/"


def scored(proposals, *scores):
    for proposal, score in zip(proposals, scores, strict=True):
        ReviewSummary.objects.create(
            proposal=proposal,
            score=Decimal(score),
            spread=Decimal("12.50"),
            suggested_ge_code="GE-2",
        )


def row_of(page: str, proposal) -> str:
    """The proposal's row and its action row: from its anchor to the next proposal's."""
    start = page.index(f'id="proposal-{proposal.pk}"')
    end = page.find('<tr id="proposal-', start + 1)
    return page[start : end if end != -1 else None]


def test_the_officer_recommends_from_the_committee_with_the_amount_requested_prefilled(
    client, call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico
):
    proposal = reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico)
    client.force_login(officer_mexico)

    row = row_of(client.get(committee_url(call_mexico)).text, proposal)

    assert "Record the recommendation" in row
    assert f'action="{decision_url(proposal)}#proposal-{proposal.pk}"' in row
    # The request, in CAD, is the amount offered; the row's fields have ids of their own.
    assert re.search(r'name="amount" value="37600(\.00)?"', row)
    assert f'id="decision-{proposal.pk}-rationale"' in row

    response = client.post(
        decision_url(proposal),
        {"recommendation": "fund", "amount": "37600", "rationale": "Muy pertinente."},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{committee_url(call_mexico)}#proposal-{proposal.pk}"
    proposal.refresh_from_db()
    assert proposal.status == "recommended"
    assert (proposal.decision.amount, proposal.decision.recommended_by) == (
        Decimal("37600.00"),
        officer_mexico,
    )
    page = client.get(response["Location"]).text
    assert "The recommendation is recorded." in page
    # Recommended, the officer has nothing more to do on it: the approver decides.
    assert "Record the" not in row_of(page, proposal)


def test_a_refused_recommendation_comes_back_next_to_its_row_as_typed(
    client, call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico
):
    first, second = (
        reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico) for _ in range(2)
    )
    scored([first, second], "90.00", "80.00")
    client.force_login(officer_mexico)

    response = client.post(
        decision_url(second),
        {
            "recommendation": "fund_with_conditions",
            "amount": "150000",
            "conditions": "Informe trimestral de actividades.",
            "rationale": "Equipo con experiencia comprobada.",
        },
    )

    assert response.status_code == 400
    row = row_of(response.text, second)
    assert '<details class="ms-lg-5" open>' in row
    assert "The amount is above the call&#x27;s maximum of CAD 100,000.00." in row
    assert 'value="150000"' in row
    assert "Informe trimestral de actividades.</textarea>" in row
    assert "Equipo con experiencia comprobada.</textarea>" in row
    assert re.search(r'value="fund_with_conditions"[^>]* checked>', row)
    # The other row keeps its own blank form, closed.
    other = row_of(response.text, first)
    assert '<details class="ms-lg-5">' in other
    assert "Equipo con experiencia" not in other
    assert not Decision.objects.exists()
    second.refresh_from_db()
    assert second.status == "reviewed"


def test_the_approver_decides_from_the_committee_and_the_decision_is_held(
    client, call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico
):
    proposal = reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico)
    recommend(proposal, officer_mexico, amount="40000")
    client.force_login(approver_mexico)

    row = row_of(client.get(committee_url(call_mexico)).text, proposal)
    assert "Record the decision" in row
    assert "Sólido y bien presupuestado." in row  # the officer's rationale, to decide on
    assert re.search(r'name="amount" value="40000(\.00)?"', row)

    response = client.post(
        decision_url(proposal),
        {"recommendation": "fund", "amount": "35000", "ge_code": "GE-2"},
    )

    assert response.status_code == 302
    decision = Decision.objects.get(proposal=proposal)
    assert (decision.amount, decision.ge_code, decision.approved_by) == (
        Decimal("35000.00"),
        "GE-2",
        approver_mexico,
    )
    assert decision.is_held
    page = client.get(response["Location"]).text
    assert "The decision is recorded and held" in page
    assert "1 decision waits for release" in page


def test_an_approval_past_the_envelope_comes_back_with_the_figures_and_the_typed_reasons(
    client, call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico
):
    call_mexico.budget_envelope = Decimal("100000")
    call_mexico.save()
    first, second = (
        reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico) for _ in range(2)
    )
    services.decision_approve(
        decision=recommend(first, officer_mexico), actor=approver_mexico, ge_code="GE-1"
    )
    recommend(second, officer_mexico)
    client.force_login(approver_mexico)

    response = client.post(
        decision_url(second),
        {
            "recommendation": "fund",
            "amount": "60000",
            "reasons_for_applicant": "Proyecto bien fundamentado.",
            "ge_code": "GE-3",
        },
    )

    assert response.status_code == 400
    row = row_of(response.text, second)
    assert (
        "CAD 60,000.00 does not fit: CAD 60,000.00 of the envelope of CAD 100,000.00 is "
        "already approved, so CAD 40,000.00 remains."
    ) in row
    assert "Proyecto bien fundamentado.</textarea>" in row
    assert 'value="GE-3" selected' in row
    decision = Decision.objects.get(proposal=second)
    assert (decision.decided_at, decision.ge_code) == (None, "")


def test_who_may_act_from_the_committee(
    client, call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, officer_colombia
):
    reviewed_one = reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico)
    recommended = reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico)
    recommend(recommended, officer_mexico)
    decide = {"recommendation": "decline", "reasons_for_applicant": "No.", "ge_code": "GE-0"}

    # Another mission's officer: the committee, its pack and its rows do not exist.
    client.force_login(officer_colombia)
    assert client.get(committee_url(call_mexico)).status_code == 404
    assert client.get(f"{committee_url(call_mexico)}pack.pdf").status_code == 404
    assert client.post(decision_url(reviewed_one), {"rationale": "x"}).status_code == 404
    # The officer may not decide: that is the approver's.
    client.force_login(officer_mexico)
    assert client.post(decision_url(recommended), decide).status_code == 403
    # A proposal that is not on this committee's board: 404.
    reviewed_one.status = Proposal.Status.IN_REVIEW
    Proposal.objects.filter(pk=reviewed_one.pk).update(status="in_review")
    assert client.post(decision_url(reviewed_one), {"rationale": "x"}).status_code == 404

    assert Decision.objects.get().decided_at is None
    assert Decision.objects.count() == 1


@pytest.mark.parametrize("who", ["officer_mexico", "approver_mexico"])
def test_the_committee_with_its_forms_makes_the_same_queries_whatever_its_rows(
    who, request, client, call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico
):
    user = request.getfixturevalue(who)
    client.force_login(user)

    def add_rows(count):
        for _ in range(count):
            proposal = reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico)
            if who == "approver_mexico":  # the approver's forms are on recommended rows
                recommend(proposal, officer_mexico, amount="1000")
            scored([proposal], "75.00")

    add_rows(2)
    with CaptureQueriesContext(connection) as few:
        page = client.get(committee_url(call_mexico)).text
    assert page.count("<details") == 2
    add_rows(4)
    # The same whatever the rows, within the page's bound of 10: the session with its user,
    # roles and inbox badge, the call, the board's one query of proposals (each holding the
    # call, so who may act costs nothing).
    with CaptureQueriesContext(connection) as many:
        page = client.get(committee_url(call_mexico)).text

    assert page.count("<details") == 6
    assert len(many.captured_queries) == len(few.captured_queries) <= 10


def test_a_ranked_row_reads_in_the_readers_language_with_its_texts_escaped(
    client, call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico
):
    first, unscored = (
        reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico) for _ in range(2)
    )
    Proposal.objects.filter(pk=first.pk).update(title='Radio <comunitaria> & "voces"')
    ReviewSummary.objects.create(
        proposal=first,
        score=Decimal("90.50"),
        spread=Decimal("30.00"),
        large_disagreement=True,
        suggested_ge_code="GE-2",
    )
    officer_mexico.preferred_language = "fr"
    officer_mexico.save()
    client.force_login(officer_mexico)

    page = client.get(committee_url(call_mexico)).text

    assert row_of(page, first).startswith(
        f'id="proposal-{first.pk}"><td>1</td><th scope="row">'
        f'<a href="/manage/proposals/{first.pk}/">{first.reference}</a>'
        '<span class="d-block small fw-normal">Radio &lt;comunitaria&gt; &amp; &quot;voces&quot; · '
        "Mujeres de la Sierra Norte</span></th>"
        '<td class="text-end">37\xa0600,00</td>'
        '<td class="text-end">90,50 <span class="badge text-bg-warning">Les évaluateurs divergent'
        "</span></td><td>EG-2</td><td>—</td><td>Évaluée</td></tr>"
    )
    # Not scored yet: no score at all, no code.
    assert (
        '<td class="text-end">37\xa0600,00</td><td class="text-end"></td><td>—</td><td>—</td>'
    ) in row_of(page, unscored)


@pytest.mark.parametrize("who", ["officer_mexico", "approver_mexico"])
def test_each_rows_form_renders_as_the_workspace_form_of_that_row(
    who, request, call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico
):
    """The page renders each kind of form once and fills in each row's own values: every row
    still shows exactly the form `row_form` makes for it."""
    user = request.getfixturevalue(who)
    proposals = [
        reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico) for _ in range(7)
    ]
    Proposal.objects.filter(pk=proposals[1].pk).update(language="fr", amount_requested_cad=None)
    Proposal.objects.filter(pk=proposals[2].pk).update(amount_requested_cad=Decimal("1234.50"))
    outcomes = [
        # (status, recommendation, amount, reasons, held or released, ge code)
        ("recommended", "fund", "40000", "", None, ""),
        ("recommended", "decline", None, 'Sin "presupuesto" <b>claro</b> & sin aval.', None, ""),
        ("recommended", "fund_with_conditions", "25000.50", "Con informe.", "held", "GE-2"),
        ("waitlisted", "waitlist", "30000", "En espera.", "released", "GE-1"),
    ]
    for proposal, (status, outcome, amount, reasons, decided, code) in zip(
        proposals[3:], outcomes, strict=True
    ):
        Proposal.objects.filter(pk=proposal.pk).update(status=status)
        Decision.objects.create(
            proposal=proposal,
            recommendation=outcome,
            amount=amount and Decimal(amount),
            rationale="Pertinente.",
            reasons_for_applicant=reasons,
            recommended_by=officer_mexico,
            decided_at=decided and timezone.now(),
            released_at=timezone.now() if decided == "released" else None,
            ge_code=code,
        )
    forms = RowForms(user)

    for proposal in selectors.committee_board(call_mexico).rows:
        expected = row_form(user, proposal)
        rendered = forms.render(proposal)
        assert rendered == (expected and render_crispy_form(expected)), proposal.pk
    assert len(forms.kinds) == (2 if who == "officer_mexico" else 4)


def pdf_text(content: bytes) -> str:
    # -raw: the text in the order it is written, whatever the columns' widths.
    return subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_the_committee_pack_in_spanish_ranks_the_proposals_with_their_summaries_and_the_line(
    client,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    django_assert_num_queries,
):
    call_mexico.budget_envelope = Decimal("90000")
    call_mexico.save()
    proposals = [
        reviewed(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico) for _ in range(3)
    ]
    summaries = [
        "Talleres de autoprotección para defensoras.",
        "Radio comunitaria en zapoteco.",
        "Huertos escolares en la sierra.",
    ]
    for proposal, summary in zip(proposals, summaries, strict=True):
        Proposal.objects.filter(pk=proposal.pk).update(objectives=summary)
    scored(proposals, "70.00", "90.50", "80.00")
    recommend(proposals[1], officer_mexico, amount="45000")
    approver_mexico.preferred_language = "es"
    approver_mexico.save()
    client.force_login(approver_mexico)

    # The session with its user and roles, the call, the board's one query of proposals (none
    # per proposal) and the one of what the call's agreements were amended by.
    with django_assert_num_queries(4):
        response = client.get(f"{committee_url(call_mexico)}pack.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    text = pdf_text(response.content)
    flat = " ".join(text.split())
    # The envelope, in Spanish, the Spanish way (a space groups the thousands).
    for figure in ("Presupuesto de la convocatoria CAD 90 000,00", "Disponible CAD 90 000,00"):
        assert figure in flat
    # Best score first, in the table and proposal by proposal; the funding line after the
    # second: 45,000 recommended and 37,600 requested fit in 90,000, 37,600 more do not.
    line = "La dotación se agota aquí: las propuestas de abajo no caben en ella, en este orden."
    first, second, third = (p.reference for p in (proposals[1], proposals[2], proposals[0]))
    table, sections = flat.split(f"1. {first} ·", 1)
    assert re.search(
        rf"1 {first} .* 37 600,00 90,50 IG-2 Financiar · CAD 45 000,00 "
        rf"2 {second} .* 37 600,00 80,00 IG-2 — {re.escape(line)} "
        rf"3 {third} .* 37 600,00 70,00 IG-2 —",
        table,
    )
    assert re.search(rf"2\. {second} · .* {re.escape(line)} 3\. {third} · ", sections)
    for summary in summaries:
        assert summary in flat
    assert "Puntaje combinado 90,50" in flat
    assert "Diferencia entre las personas evaluadoras 12,50" in flat
    assert "Código sugerido IG-2" in flat  # the suggested code, as Spanish readers write it
    assert "Recomendación Financiar · CAD 45 000,00" in flat
    assert "Organización Mujeres de la Sierra Norte" in flat
