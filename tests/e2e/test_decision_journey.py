"""The decision step in the browser, in French and Spanish: the program officer (in French)
recommends with an internal rationale, the approver (in Spanish) declines with reasons for the
applicant and releases the call's decisions from the committee page; the partner (in Spanish)
and a colleague (in French) read the reasons in their pages, e-mails and letter, and never the
internal rationale. Every page visited passes axe-core."""

import re
import subprocess
from datetime import timedelta
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from notifications.models import Notification
from notifications.services import render_email
from proposals.models import Proposal
from proposals.services import proposal_move, proposal_submit
from tests.accounts.factories import UserFactory
from tests.e2e.axe import check_axe
from tests.programs.factories import MissionStaffFactory
from tests.proposals.factories import ProposalFactory, fill_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INTERNAL = "INTERNE : vérifier leur compte bancaire avant de signer"
REASONS = "El proyecto no demuestra cómo llegará a las mujeres de la Costa."


@pytest.fixture
def reviewed(call_mexico, organization_oaxaca, partner_oaxaca, member_oaxaca, private_files):
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save()
    member_oaxaca.preferred_language = "fr"
    member_oaxaca.save()
    draft = fill_in(ProposalFactory(call=call_mexico, organization=organization_oaxaca))
    proposal = proposal_submit(
        proposal=draft, actor=partner_oaxaca, received_at=call_mexico.opens_at + timedelta(days=1)
    ).proposal
    for step in ("in_review", "reviewed"):
        proposal = proposal_move(proposal=proposal, to=step, actor=partner_oaxaca)
    return proposal


def staff(mission, role, email, language):
    return MissionStaffFactory(
        mission=mission, role=role, user=UserFactory(email=email, preferred_language=language)
    ).user


def submit(page, form, url_pattern):
    with page.expect_navigation(url=re.compile(url_pattern)):
        form.locator("button[type=submit]").click()
    check_axe(page)


def pdf_text(content: bytes) -> str:
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def test_the_applicant_reads_the_reasons_for_them_and_never_the_internal_rationale(
    sign_in, live_server, reviewed, mission_mexico, partner_oaxaca, celery_eager, mailoutbox
):
    proposal = reviewed
    workspace = f"/manage/proposals/{proposal.pk}/"
    officer = sign_in(staff(mission_mexico, "program_officer", "olga@example.org", "fr"))
    officer.goto(live_server.url + workspace)
    check_axe(officer)
    form = officer.locator("form[action$='/decision/']")
    form.locator("input[name=recommendation][value=fund]").check()
    form.locator("#id_amount").fill("30000")
    form.locator("#id_rationale").fill(INTERNAL)
    submit(officer, form, rf"{workspace}$")
    expect(officer.locator(".alert-success")).to_have_text("La recommandation est enregistrée.")

    approver = sign_in(staff(mission_mexico, "approver", "hector@example.org", "es"))
    approver.goto(live_server.url + workspace)
    check_axe(approver)
    form = approver.locator("form[action$='/decision/']")
    expect(form.locator("#id_reasons_for_applicant")).to_be_visible()
    form.locator("input[name=recommendation][value=decline]").check()
    form.locator("#id_ge_code").select_option("GE-1")
    # A decline without reasons for the applicant is refused, on the field, nothing lost.
    submit(approver, form, rf"{workspace}decision/$")
    expect(approver.locator("#id_reasons_for_applicant")).to_have_attribute("aria-invalid", "true")
    form = approver.locator("form[action$='/decision/']")
    expect(form.locator("input[name=recommendation][value=decline]")).to_be_checked()
    form.locator("#id_reasons_for_applicant").fill(REASONS)
    submit(approver, form, rf"{workspace}$")
    expect(approver.locator(".alert-success")).to_contain_text("retenida")
    assert mailoutbox == []  # held: the applicant hears nothing yet
    assert Proposal.objects.get(pk=proposal.pk).status == "recommended"

    approver.goto(live_server.url + f"/manage/proposals/committee/{proposal.call_id}/")
    check_axe(approver)
    with approver.expect_navigation(url=re.compile(r"/release/$")):
        approver.locator("a[href$='/release/']").click()
    check_axe(approver)
    expect(approver.locator("main")).to_contain_text(REASONS)
    expect(approver.locator("main")).not_to_contain_text("bancaire")
    submit(approver, approver.locator("main form"), r"/committee/\d+/$")
    expect(approver.locator(".alert-success")).to_have_text(
        "1 decisión comunicada: se ha informado a sus solicitantes."
    )

    partner = sign_in(partner_oaxaca)
    partner.goto(live_server.url + f"/proposals/{proposal.pk}/")
    check_axe(partner)
    expect(partner.locator("main .lead")).to_have_text("Estado: Rechazada")
    letter = partner.locator("a[href$='/decision.pdf']")
    response = partner.request.get(urljoin(partner.url, letter.get_attribute("href")))
    letter_text = pdf_text(response.body())
    assert "Lo lamentamos" in letter_text
    assert REASONS in letter_text

    emails = {mail.to[0]: mail for mail in mailoutbox}
    spanish, french = emails["owner.oaxaca@example.org"], emails["member.oaxaca@example.org"]
    assert f"Motivos: {REASONS}" in spanish.body
    assert "Motifs\u202f:" in french.body
    assert REASONS in french.body
    for notification in Notification.objects.filter(event="proposal_decided"):
        rendered = render_email(notification)
        html = rendered.alternatives[0][0] if rendered.alternatives else ""
        assert REASONS in rendered.body
        assert "bancaire" not in rendered.body + html
    for surface in (partner.locator("main").inner_text(), letter_text):
        assert "bancaire" not in surface
        assert "INTERNE" not in surface
