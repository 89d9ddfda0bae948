import html
import re
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from core.models import AuditEvent
from notifications.models import Notification
from proposals.models import Proposal, ProposalEvent
from tests.accounts.factories import MembershipFactory, OrganizationFactory
from tests.proposals.factories import ProposalFactory, fill_in

HTMX = {"HTTP_HX_REQUEST": "true"}


def section_url(proposal, key="project"):
    return f"/proposals/{proposal.pk}/{key}/"


@pytest.mark.django_db
def test_autosave_saves_the_field_and_says_when(client, draft_oaxaca, partner_oaxaca):
    client.force_login(partner_oaxaca)

    response = client.post(
        section_url(draft_oaxaca), {"version": "0", "title": "Red de defensoras"}, **HTMX
    )

    assert response.status_code == 200
    assert "Saved at" in response.text
    assert 'name="version" id="id_version" value="1"' in response.text
    draft_oaxaca.refresh_from_db()
    assert draft_oaxaca.title == "Red de defensoras"


@pytest.mark.django_db
def test_an_autosave_reads_its_section_only_and_leaves_the_rest_as_it_was(
    client, complete_draft, partner_oaxaca, django_assert_max_num_queries
):
    # The busiest request of deadline day: the session with its user, the proposal, then in one
    # transaction the locked row, the membership check and one UPDATE of the section's columns.
    before = {
        field.attname: getattr(complete_draft, field.attname)
        for field in Proposal._meta.concrete_fields
    }
    client.force_login(partner_oaxaca)

    with django_assert_max_num_queries(9):
        response = client.post(
            section_url(complete_draft, "risks"),
            {"version": "0", "risks": "Lluvias: calendario flexible.", "sustainability": "Red."},
            **HTMX,
        )

    assert response.status_code == 200
    assert "Saved at" in response.text
    complete_draft.refresh_from_db()
    after = {
        field.attname: getattr(complete_draft, field.attname)
        for field in Proposal._meta.concrete_fields
    }
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"risks", "sustainability", "section_versions", "updated_at"}
    assert complete_draft.risks == "Lluvias: calendario flexible."
    assert complete_draft.results.count() > 0  # rows of other sections untouched


@pytest.mark.django_db
def test_someone_outside_the_organization_gets_404_everywhere(client, draft_oaxaca, partner_bogota):
    client.force_login(partner_bogota)

    for url in [
        section_url(draft_oaxaca),
        f"/proposals/{draft_oaxaca.pk}/checklist/",
        f"/proposals/{draft_oaxaca.pk}/",
    ]:
        assert client.get(url).status_code == 404
    response = client.post(section_url(draft_oaxaca), {"version": "0", "title": "X"}, **HTMX)

    assert response.status_code == 404
    draft_oaxaca.refresh_from_db()
    assert draft_oaxaca.title == ""


@pytest.mark.django_db
def test_a_stale_autosave_shows_the_conflict_and_keeps_the_first_text(
    client, draft_oaxaca, partner_oaxaca, member_oaxaca
):
    client.force_login(partner_oaxaca)
    client.post(section_url(draft_oaxaca), {"version": "0", "title": "De Rosa"}, **HTMX)
    other = Client()
    other.force_login(member_oaxaca)

    response = other.post(section_url(draft_oaxaca), {"version": "0", "title": "De Lucía"}, **HTMX)

    assert response.status_code == 409
    assert "Rosa Martínez saved this section" in response.text
    assert "Keep my version" in response.text
    draft_oaxaca.refresh_from_db()
    assert draft_oaxaca.title == "De Rosa"


@pytest.mark.django_db
def test_an_expired_session_keeps_the_text_and_gives_it_back_after_signing_in(
    client, draft_oaxaca, partner_oaxaca
):
    response = client.post(
        section_url(draft_oaxaca), {"version": "0", "title": "Texto sin guardar"}, **HTMX
    )
    assert response.status_code == 401
    assert "Your session has ended" in response.text

    client.force_login(partner_oaxaca)
    page = client.get(section_url(draft_oaxaca))

    assert "Texto sin guardar" in page.text
    assert "Your session had ended before this was saved" in page.text
    draft_oaxaca.refresh_from_db()
    assert draft_oaxaca.title == ""


def budget_data(**line):
    base = {
        "version": "0",
        "currency": "MXN",
        "exchange_rate": "0.0752",
        "amount_requested": "100000",
        "budget_lines-TOTAL_FORMS": "1",
        "budget_lines-INITIAL_FORMS": "0",
        "budget_lines-0-category": "training",
        "budget_lines-0-description": "Talleres",
        "budget_lines-0-quantity": "10",
        "budget_lines-0-unit_cost": "10000",
        "budget_lines-0-cfli_amount": "100000",
    }
    base.update({f"budget_lines-0-{key}": value for key, value in line.items()})
    return base


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "line", "message"),
    [
        ("negative", {"unit_cost": "-5"}, "Enter an amount from 0 to 9999999999.99"),
        (
            "10^20",
            {"cfli_amount": "1" + "0" * 20},
            "Enter an amount from 0 to 9999999999.99",
        ),
        ("letters", {"quantity": "diez"}, "Enter an amount from 0 to 9999999999.99"),
    ],
)
def test_bad_amounts_get_a_clear_message_on_the_line_never_a_500(
    _case, line, message, client, draft_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)

    response = client.post(section_url(draft_oaxaca, "budget"), budget_data(**line))

    assert response.status_code == 400
    assert message in response.text
    assert "Saved, except the fields marked below" in response.text


@pytest.mark.django_db
def test_budget_rules_name_the_line_and_the_figure(client, draft_oaxaca, partner_oaxaca):
    client.force_login(partner_oaxaca)
    data = budget_data(cfli_amount="100000")
    data.update(
        {
            "budget_lines-TOTAL_FORMS": "2",
            "budget_lines-1-category": "administration",
            "budget_lines-1-description": "Contabilidad",
            "budget_lines-1-quantity": "1",
            "budget_lines-1-unit_cost": "30000",
            "budget_lines-1-cfli_amount": "30000",
            "amount_requested": "2000000",
        }
    )
    data["budget_lines-0-quantity"] = "100"
    data["budget_lines-0-unit_cost"] = "14000"
    data["budget_lines-0-cfli_amount"] = "1400000"

    client.post(section_url(draft_oaxaca, "budget"), data)
    page = client.get(f"/proposals/{draft_oaxaca.pk}/checklist/").text

    draft_oaxaca.refresh_from_db()
    assert draft_oaxaca.cfli_total == 1430000
    # 30,000 of 1,430,000 is 2.1%: under the cap. The maximum: 1,430,000 MXN is CAD 107,536.00.
    assert "is CAD 107,536.00, above the call&#x27;s maximum of CAD 100,000.00" in page
    # The 2,000,000 posted as the amount requested is not taken: it is the CFLI column's total.
    assert draft_oaxaca.amount_requested == 1430000
    assert "must equal the total of the CFLI column" not in page


@pytest.mark.django_db
def test_administration_over_the_cap_names_the_line(client, draft_oaxaca, partner_oaxaca):
    client.force_login(partner_oaxaca)
    data = budget_data()
    data.update(
        {
            "budget_lines-TOTAL_FORMS": "2",
            "budget_lines-1-category": "administration",
            "budget_lines-1-description": "Oficina",
            "budget_lines-1-quantity": "1",
            "budget_lines-1-unit_cost": "20000",
            "budget_lines-1-cfli_amount": "20000",
            "amount_requested": "120000",
        }
    )

    client.post(section_url(draft_oaxaca, "budget"), data)
    page = client.get(f"/proposals/{draft_oaxaca.pk}/checklist/").text

    assert (
        "Administration and overhead (line 2) ask 20,000.00 MXN of the CFLI, 16.7% of the CFLI "
        "total of 120,000.00; the call allows at most 15% (18,000.00 MXN)."
    ) in page


@pytest.mark.django_db
def test_the_checklist_links_each_missing_item_to_its_field(client, draft_oaxaca, partner_oaxaca):
    client.force_login(partner_oaxaca)

    page = client.get(f"/proposals/{draft_oaxaca.pk}/checklist/").text

    assert f'href="/proposals/{draft_oaxaca.pk}/project/#id_title"' in page
    assert "Submit the proposal" not in page


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_make_one_submission_and_the_same_receipt(
    call_mexico, organization_oaxaca, partner_oaxaca, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    proposal = fill_in(ProposalFactory(call=call_mexico, organization=organization_oaxaca))
    barrier = threading.Barrier(2)
    responses = []

    def submit():
        client = Client()
        client.force_login(partner_oaxaca)
        barrier.wait()
        responses.append(client.post(f"/proposals/{proposal.pk}/submit/"))
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [response["Location"] for response in responses] == [
        f"/proposals/{proposal.pk}/receipt/"
    ] * 2
    proposal.refresh_from_db()
    assert proposal.reference == "CFLI-MEX-2026-27-0001"
    assert Notification.objects.filter(event="proposal_submitted").count() == 1
    assert Proposal.objects.filter(status="submitted").count() == 1


@pytest.mark.django_db
def test_the_dashboard_makes_a_fixed_number_of_queries(
    client, call_mexico, organization_oaxaca, partner_oaxaca, django_assert_max_num_queries
):
    for _ in range(5):
        ProposalFactory(call=call_mexico, organization=organization_oaxaca)
    client.force_login(partner_oaxaca)

    # the session with its user, acting organization, proposals with calls and missions, open calls,
    # and the header's own (inbox count, roles).
    with django_assert_max_num_queries(12):
        response = client.get("/proposals/")

    assert response.text.count("Continue the draft") == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "organization", "message"),
    [
        (
            "based in another mission's country",
            {"country": "CO"},
            "This call is for organizations in Mexico, and yours is in Colombia.",
        ),
        (
            "of a type the call does not take",
            {"kind": "government"},
            "This call is for these types of organization only: Local non-governmental or "
            "community-based organization; Local academic institution. Your organization's "
            "type is “Local, regional or national government body”.",
        ),
    ],
)
def test_posting_to_the_create_url_of_a_call_not_for_the_organization_says_why_and_creates_nothing(
    _case, organization, message, client, call_mexico
):
    membership = MembershipFactory(organization=OrganizationFactory(**organization))
    client.force_login(membership.user)
    assert call_mexico.title not in client.get("/proposals/").text  # not offered either

    response = client.post(f"/proposals/new/{call_mexico.pk}/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(f"/calls/{call_mexico.pk}/", 302)]
    assert message in html.unescape(response.text)
    assert not Proposal.objects.exists()
    assert not ProposalEvent.objects.exists()
    assert not AuditEvent.objects.filter(verb="proposal.created").exists()


@pytest.mark.django_db
def test_an_organization_the_call_is_for_still_starts_its_draft(
    client, call_mexico, organization_oaxaca, partner_oaxaca
):
    client.force_login(partner_oaxaca)
    assert call_mexico.title in client.get("/proposals/").text

    response = client.post(f"/proposals/new/{call_mexico.pk}/")

    proposal = Proposal.objects.get()
    assert response["Location"] == f"/proposals/{proposal.pk}/project/"
    assert (proposal.call, proposal.organization) == (call_mexico, organization_oaxaca)
    assert ProposalEvent.objects.filter(proposal=proposal, kind="created").count() == 1
    assert AuditEvent.objects.filter(verb="proposal.created").count() == 1


@pytest.mark.django_db
def test_a_tiny_exchange_rate_posted_with_the_budget_does_not_bring_it_under_the_maximum(
    client, draft_oaxaca, partner_oaxaca
):
    # 20,000,000 pesos at 0.00001 would be CAD 200; at the call's 0.0752 it is CAD 1,504,000.
    client.force_login(partner_oaxaca)
    data = budget_data(quantity="1", unit_cost="20000000", cfli_amount="20000000")
    data.update({"exchange_rate": "0.00001", "amount_requested": "20000000"})

    response = client.post(section_url(draft_oaxaca, "budget"), data, **HTMX)
    page = html.unescape(client.get(section_url(draft_oaxaca, "budget")).text)

    assert "1,504,000.00 CAD" in response.text  # the totals the autosave shows
    draft_oaxaca.refresh_from_db()
    assert (draft_oaxaca.amount_requested_cad, draft_oaxaca.exchange_rate) == (
        Decimal("1504000.00"),
        Decimal("0.0752"),
    )
    assert (
        "The CFLI total of 20,000,000.00 MXN is CAD 1,504,000.00, above the call's maximum of "
        "CAD 100,000.00." in page
    )
    rate_input = re.search(r'<input[^>]*name="exchange_rate"[^>]*>', page).group()
    assert ("disabled" in rate_input, 'value="0.0752"' in rate_input) == (True, True)
    assert "Set by the call for budgets in MXN" in page


@pytest.mark.django_db
def test_the_priority_section_lists_the_call_s_areas_and_the_active_sub_themes(
    client, complete_draft, partner_oaxaca
):
    from programs.models import SubTheme

    SubTheme.objects.create(name_en="Retired theme", is_active=False)
    chosen = complete_draft.call_priority
    client.force_login(partner_oaxaca)

    page = client.get(section_url(complete_draft, "priority")).text

    for priority in complete_draft.call.priorities.select_related("priority_area"):
        checked = " checked" if priority == chosen else ""
        assert re.search(
            rf'value="{priority.pk}" [^>]*{checked}[^>]*> <label [^>]*>'
            rf"{re.escape(html.escape(priority.priority_area.name))}</label>",
            page,
        )
    assert '<option value="">Choose…</option>' in page
    assert f'<option value="{complete_draft.sub_theme_id}" selected>Human Rights</option>' in page
    assert "Retired theme" not in page


@pytest.mark.django_db
def test_an_autosave_of_the_priority_section_reads_neither_list(
    client, complete_draft, partner_oaxaca
):
    # The lists are read to show the form; a save only checks the values posted.
    from django.test.utils import CaptureQueriesContext

    client.force_login(partner_oaxaca)
    data = {
        "version": "0",
        "call_priority": complete_draft.call_priority_id,
        "sub_theme": complete_draft.sub_theme_id,
    }
    with CaptureQueriesContext(connection) as queries:
        response = client.post(section_url(complete_draft, "priority"), data, **HTMX)

    assert response.status_code == 200
    assert "Saved at" in response.text
    # A value is checked by its id; a list is read without one.
    lists = [
        query["sql"]
        for query in queries.captured_queries
        if any(f'FROM "programs_{table}"' in query["sql"] for table in ("callpriority", "subtheme"))
        and '."id" = ' not in query["sql"]
    ]
    assert lists == []
