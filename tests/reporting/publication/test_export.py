"""The quarter's proactive-publication file, checked by a validator that reads the template's
rules: an agreement in force and its approved amendment as rows of the template, an
organization at risk not named, an agreement without its English and French texts left out
with what is missing, and the "nothing to report" file of a quarter without any."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Organization
from agreements import services
from core.models import AuditEvent
from reporting.publication import COLUMNS, WITHHELD, Quarter, csv_text, publication_for
from reporting.selectors import publication_agreements
from tests.agreements.test_publication import TEXTS
from tests.agreements.test_signature import signed
from tests.reporting.publication.validator import grants_errors, nothing_to_report_errors, read

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def published(agreement, officer):
    return services.agreement_publication_set(agreement=agreement, actor=officer, values=TEXTS)


def export(quarter: Quarter) -> tuple[str, list]:
    publication = publication_for(publication_agreements(None, quarter), quarter)
    return csv_text(COLUMNS, publication.rows), publication


def test_an_agreement_and_its_amendment_are_valid_rows_of_the_template(parties, private_files):
    officer, approver = parties[3], parties[4]
    agreement = published(signed(parties), officer)
    later = agreement.end_date + datetime.timedelta(days=60)
    services.amendment_decide(
        amendment=services.amendment_request(
            agreement=agreement, actor=officer, kind="extension", reason="Lluvias.",
            new_end_date=later,
        ),
        actor=approver,
        approve=True,
    )  # fmt: skip
    quarter = Quarter.of(agreement.start_date)

    text, publication = export(quarter)

    assert grants_errors(text) == []
    _header, rows = read(text)
    assert [(row["agreement_number"], row["amendment_number"]) for row in rows] == [
        (agreement.number, "0"),
        (agreement.number, "1"),
    ]
    original, amended = rows
    assert original["agreement_type"] == "C"
    assert original["recipient_type"] == "N"  # a local NGO
    assert original["recipient_legal_name"] == "Mujeres de la Sierra Norte"
    assert original["recipient_country"] == agreement.proposal.organization.country.code
    assert original["agreement_value"] == "37600.00"
    assert original["agreement_start_date"] == agreement.start_date.isoformat()
    assert original["agreement_end_date"] == (later - datetime.timedelta(days=60)).isoformat()
    assert original["agreement_title_fr"] == TEXTS["publication_title_fr"]
    assert original["alternate_agreement_number"] == agreement.proposal.reference
    assert amended["amendment_date"] == agreement.today.isoformat()
    assert amended["agreement_end_date"] == later.isoformat()
    assert publication.refused == []


def test_an_amendment_of_a_later_quarter_is_that_quarter_s_row(parties, private_files):
    officer, approver = parties[3], parties[4]
    agreement = published(signed(parties), officer)
    now = Quarter.of(agreement.start_date)
    earlier = Quarter.of(now.first_day - datetime.timedelta(days=1))
    type(agreement).objects.filter(pk=agreement.pk).update(start_date=earlier.last_day)
    services.amendment_decide(
        amendment=services.amendment_request(
            agreement=agreement, actor=officer, kind="extension", reason="Lluvias.",
            new_end_date=agreement.end_date + datetime.timedelta(days=30),
        ),
        actor=approver,
        approve=True,
    )  # fmt: skip

    then, _publication = export(earlier)
    later, _publication = export(now)

    assert [row["amendment_number"] for row in read(then)[1]] == ["0"]
    assert [row["amendment_number"] for row in read(later)[1]] == ["1"]
    assert grants_errors(then) == grants_errors(later) == []


def test_an_agreement_without_its_texts_is_left_out_and_named(parties, private_files, tmp_path):
    agreement = signed(parties)
    quarter = Quarter.of(agreement.start_date)

    _text, publication = export(quarter)

    assert publication.rows == []
    (refusal,) = publication.refused
    assert refusal.number == agreement.number
    assert "“Title in French” is empty." in refusal.reasons
    assert len(refusal.reasons) == 6
    with pytest.raises(CommandError, match="1 agreements left out"):
        call_command(
            "publication_export", fiscal_year=quarter.fiscal_year, quarter=quarter.number,
            output=str(tmp_path),
        )  # fmt: skip
    assert not (tmp_path / "grants-nil.csv").exists()  # not "nothing to report": one was left out


def test_an_organization_at_risk_is_not_named(parties, private_files):
    organization, officer = parties[1], parties[3]
    Organization.objects.filter(pk=organization.pk).update(
        registration_status=Organization.Registration.AT_RISK
    )
    agreement = published(signed(parties), officer)

    text, publication = export(Quarter.of(agreement.start_date))

    assert grants_errors(text) == []
    (row,) = read(text)[1]
    assert row["recipient_legal_name"] == WITHHELD
    assert organization.name not in text
    assert organization.city not in text
    assert publication.withheld == 1


def test_a_quarter_without_agreements_has_its_nothing_to_report_file(db, tmp_path, capsys):
    call_command("publication_export", fiscal_year=2024, quarter=3, output=str(tmp_path))

    text = (tmp_path / "grants-nil.csv").read_bytes().decode("utf-8")
    assert nothing_to_report_errors(text) == []
    assert read(text)[1] == [{"fiscal_year": "2024-2025", "quarter": "Q3"}]
    assert "0 rows" in capsys.readouterr().out


def test_the_validator_finds_what_the_portal_would_refuse(parties, private_files):
    agreement = published(signed(parties), parties[3])
    _text, publication = export(Quarter.of(agreement.start_date))
    row = publication.rows[0] | {
        "agreement_title_fr": "",
        "agreement_number": "CFLI,MEX",
        "agreement_value": "-1.5",
        "recipient_type": "X",
    }

    errors = grants_errors(csv_text(COLUMNS, [row, row]))

    for expected in (
        "row 2, agreement_title_fr: required",
        "row 2, agreement_number: no comma allowed",
        "row 2, agreement_value: not an amount with two decimals",
        "row 2, recipient_type: invalid choice 'X'",
        "row 3, agreement_number+amendment_number: ('CFLI,MEX', '0') is not unique",
    ):
        assert expected in errors
    assert Decimal(publication.rows[0]["agreement_value"]) > 10000


def quarters_of(agreements) -> set[Quarter]:
    days = [a.start_date for a in agreements] + [
        amendment.decided_at.date()
        for a in agreements
        for amendment in a.amendments.all()
        if amendment.decided_at
    ]
    return {Quarter.of(day) for day in days}


def every_quarter_valid() -> int:
    """Every quarter's file of every agreement in force: valid, none left out; the rows."""
    agreements = list(publication_agreements(None))
    assert agreements
    rows = 0
    for quarter in quarters_of(agreements):
        text, publication = export(quarter)
        assert publication.refused == []
        assert grants_errors(text) == [], quarter
        rows += len(publication.rows)
    return rows


def test_the_demo_s_projects_are_published_valid(db, private_files):
    call_command("seed_demo", verbosity=0)

    assert every_quarter_valid() >= 7  # the demo's projects in force, and their amendments


def test_the_volume_data_is_published_valid(db, private_files):
    from seeding.services import volume_seed

    volume_seed(proposals=300, seed=7)

    assert every_quarter_valid() > 0


PAGE = "/manage/exports/publication/"


def test_the_officer_prepares_the_quarter_sees_what_is_left_out_and_downloads_the_file(
    client, parties, private_files, django_assert_max_num_queries
):
    officer = parties[3]
    written = published(signed(parties), officer)
    unwritten = signed(parties)
    quarter = Quarter.of(written.start_date)
    client.force_login(officer)
    asked = {"mission": written.mission_id, "fiscal_year": quarter.fiscal_year}
    asked["quarter"] = quarter.number

    with django_assert_max_num_queries(6):
        page = client.get(PAGE, asked)

    shown = page.text.split('id="publication-result-title"')[1]
    assert "1 agreement is left out" in shown
    assert f'href="/manage/proposals/{unwritten.proposal_id}/agreement/"' in shown
    assert "“Title in French” is empty." in shown
    assert "1 row to publish." in shown
    download = client.get(PAGE, asked | {"download": "1"})
    assert download["Content-Disposition"].endswith(f'-{quarter.code}-grants.csv"')
    text = download.content.decode("utf-8")
    assert grants_errors(text) == []
    assert [row["agreement_number"] for row in read(text)[1]] == [written.number]
    event = AuditEvent.objects.get(verb="publication.exported")
    assert (event.actor, event.data["left_out"]) == (officer, [unwritten.number])


def test_another_mission_is_an_invalid_choice_and_shows_nothing_of_it(
    client, parties, officer_colombia, private_files
):
    agreement = published(signed(parties), parties[3])
    quarter = Quarter.of(agreement.start_date)
    client.force_login(officer_colombia)
    asked = {"fiscal_year": quarter.fiscal_year, "quarter": quarter.number}

    refused = client.get(PAGE, asked | {"mission": agreement.mission_id, "download": "1"})
    assert refused["Content-Type"].startswith("text/html")  # the form again, no file
    assert "Select a valid choice" in refused.text
    assert 'id="publication-result-title"' not in refused.text
    assert agreement.number not in refused.text
    everything_theirs = client.get(PAGE, asked | {"download": "1"}).content.decode("utf-8")
    assert agreement.number not in everything_theirs  # Colombia's quarter has nothing of Mexico
    assert nothing_to_report_errors(everything_theirs) == []
