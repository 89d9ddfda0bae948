"""Exports of the staff list and of the disclosure list: what they hold, who gets them, how
large ones are built in the background, and that no cell ever runs as a formula."""

import csv
import io
import tempfile
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization
from core.models import AuditEvent
from core.storage import private_storage
from notifications.models import Notification
from programs.models import SubTheme
from proposals.models import Proposal
from reporting import services
from reporting.exports import EXPORT_KINDS, safe_text, write_export, write_xlsx
from reporting.models import Export
from reporting.tasks import build_export
from reviews.models import Decision, ReviewSummary
from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.programs.factories import CallFactory, MissionStaffFactory
from tests.proposals.factories import ProposalFactory

EXPORT = reverse("reporting:proposal-export")
DISCLOSURE = reverse("reporting:disclosure-export")
EXPORTS = reverse("reporting:export-list")

HEADERS = [
    "Reference",
    "Title",
    "Organization",
    "Type of organization",
    "Country",
    "City or village",
    "District or state",
    "Mission",
    "Call",
    "Fiscal year",
    "Priority area",
    "Sub-theme",
    "Status",
    "Amount requested (CAD)",
    "Submitted at (America/Mexico City)",  # the requester's zone (the officer's)
    "Start date",
    "End date",
    "Combined score",
    "Gender-equality code (final, else suggested)",
    "Decided amount (CAD)",
]
DISCLOSURE_HEADERS = [
    "Organization",
    "Title",
    "Amount (CAD)",
    "Start date",
    "End date",
    "City or village",
    "District or state",
    "Country",
    "Mission",
    "Fiscal year",
]
# 2026-05-04 18:30 UTC is 12:30 in Mexico City (UTC-6, no daylight saving since 2022).
SUBMITTED_AT = datetime(2026, 5, 4, 18, 30, tzinfo=UTC)


def submitted(call, organization, reference, **fields):
    """A submitted proposal (services are not the subject here)."""
    fields.setdefault("status", Proposal.Status.SUBMITTED)
    fields.setdefault("submitted_at", SUBMITTED_AT)
    return ProposalFactory(call=call, organization=organization, reference=reference, **fields)


def csv_rows(response) -> list[list[str]]:
    body = response.getvalue()
    assert body.startswith("\ufeff".encode())  # the BOM: Excel reads the accents as UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def workbook_of(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def values(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def proposals(call_mexico, call_colombia, organization_oaxaca, partner_oaxaca):
    """Two submitted proposals in Mexico (one of a university, withdrawn), a draft, and one
    proposal in Colombia."""
    university = OrganizationFactory(name="Universidad del Istmo", kind="academic")
    MembershipFactory(organization=university)
    bogota = OrganizationFactory(name="Fundación Caminos de Paz", country="CO")
    MembershipFactory(organization=bogota)
    return {
        "sierra": submitted(
            call_mexico,
            organization_oaxaca,
            "CFLI-MEX-2026-27-0001",
            title="Defensoras comunitarias",
            location_city="Guelatao de Juárez",
            location_region="Oaxaca",
            location_country="MX",
            amount_requested_cad=Decimal("30000.00"),
            start_date=date(2026, 12, 1),
            end_date=date(2027, 2, 10),
            call_priority=call_mexico.priorities.get(),
            sub_theme=SubTheme.objects.create(name_en="Human Rights", name_es="Derechos humanos"),
        ),
        "water": submitted(
            call_mexico,
            university,
            "CFLI-MEX-2026-27-0002",
            title="Agua limpia para Juchitán",
            location_country="MX",
            amount_requested_cad=Decimal("45000.00"),
            status=Proposal.Status.WITHDRAWN,
        ),
        "draft": ProposalFactory(
            call=call_mexico, organization=organization_oaxaca, title="Borrador secreto"
        ),
        "colombia": submitted(
            call_colombia,
            bogota,
            "CFLI-COL-2026-27-0001",
            title="Caminos de paz",
            location_country="CO",
            amount_requested_cad=Decimal("25000.00"),
        ),
    }


@pytest.fixture
def officer(client, officer_mexico):
    officer_mexico.time_zone = "America/Mexico_City"  # exports give times in the reader's zone
    officer_mexico.save(update_fields=["time_zone"])
    client.force_login(officer_mexico)
    return client


def decide(proposal, amount, officer, *, status=Proposal.Status.APPROVED):
    Proposal.objects.filter(pk=proposal.pk).update(status=status)
    return Decision.objects.create(
        proposal=proposal,
        recommendation="fund",
        amount=amount,
        rationale="Sólida y pertinente.",
        recommended_by=officer,
        ge_code="GE-2",
    )


# --- What the file holds ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_csv_holds_exactly_the_filtered_rows_with_every_column(
    officer, proposals, officer_mexico, call_mexico
):
    ReviewSummary.objects.create(
        proposal=proposals["sierra"], score=Decimal("81.50"), suggested_ge_code="GE-3"
    )
    decide(proposals["sierra"], Decimal("28000.00"), officer_mexico)  # final code GE-2

    response = officer.get(EXPORT, {"format": "csv", "q": "Defensoras"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # Named after the day it is for the reader, in their time zone.
    today = timezone.localdate(timezone=officer_mexico.zone)
    assert response["Content-Disposition"] == (
        f'attachment; filename="cfli-proposals-{today:%Y-%m-%d}.csv"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    area = call_mexico.priorities.get().priority_area.name
    assert csv_rows(response) == [
        HEADERS,
        [
            "CFLI-MEX-2026-27-0001",
            "Defensoras comunitarias",
            "Mujeres de la Sierra Norte",
            "Local non-governmental or community-based organization",
            "Mexico",
            "Guelatao de Juárez",
            "Oaxaca",
            "Embassy of Canada to Mexico",
            "Mexico call 2026-27",
            "2026-27",
            area,
            "Human Rights",
            "Approved",
            "30000.00",
            "2026-05-04 12:30",
            "2026-12-01",
            "2027-02-10",
            "81.50",
            "GE-2",
            "28000.00",
        ],
    ]


@pytest.mark.django_db
def test_the_csv_uses_the_status_filter_and_leaves_drafts_out(officer, proposals):
    response = officer.get(EXPORT, {"format": "csv", "status": "withdrawn"})

    rows = csv_rows(response)
    assert [row[0] for row in rows[1:]] == ["CFLI-MEX-2026-27-0002"]
    assert rows[1][12] == "Withdrawn"
    assert rows[1][17:] == ["", "", ""]  # no score, no code, no decision yet


@pytest.mark.django_db
def test_the_xlsx_keeps_numbers_and_dates_as_numbers_and_dates(officer, proposals):
    response = officer.get(EXPORT, {"format": "xlsx", "q": "Defensoras"})

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="cfli-proposals-')
    assert response["X-Content-Type-Options"] == "nosniff"
    sheet = workbook_of(response.getvalue())
    assert sheet.title == "Proposals"
    header, row = list(sheet.iter_rows())
    assert [cell.value for cell in header] == HEADERS
    amount, submitted_at, start = row[13], row[14], row[15]
    assert (amount.value, amount.data_type, amount.number_format) == (30000, "n", "#,##0.00")
    # The requester's wall-clock time (the header names the zone): a cell has no time zone.
    assert submitted_at.value == datetime(2026, 5, 4, 12, 30)  # noqa: DTZ001
    assert submitted_at.is_date
    assert start.value == datetime(2026, 12, 1)  # noqa: DTZ001  (read back as a datetime)
    assert start.number_format == "yyyy-mm-dd"
    assert row[0].value == "CFLI-MEX-2026-27-0001"
    assert row[0].data_type == "s"


@pytest.mark.django_db
def test_the_xlsx_header_is_bold_frozen_and_filtered_and_columns_fit_their_contents(
    officer, proposals
):
    response = officer.get(EXPORT, {"format": "xlsx"})

    sheet = workbook_of(response.getvalue())
    assert sheet.freeze_panes == "A2"  # the header stays in view
    assert sheet.auto_filter.ref == "A1:T3"  # 20 columns; the header and the two of Mexico
    header = next(sheet.iter_rows(max_row=1))
    assert all(cell.font.b for cell in header)
    assert not any(cell.font.b for cell in next(sheet.iter_rows(min_row=2, max_row=2)))
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in header}
    assert widths["Reference"] == len("CFLI-MEX-2026-27-0001") + 2  # its longest value
    assert widths["Gender-equality code (final, else suggested)"] == 46  # its header
    assert widths["Country"] == 10  # "Country", "Mexico": the narrowest a column gets
    assert widths["Amount requested (CAD)"] == len("Amount requested (CAD)") + 2
    assert all(10 <= width <= 60 for width in widths.values())


def test_a_very_long_text_gives_its_column_the_widest_width_and_no_more():
    with tempfile.TemporaryFile() as handle:
        write_xlsx(
            [["Title", "Start date"], ["x" * 500, date(2026, 12, 1)], ["Short", None]],
            handle,
            title="Proposals",
        )
        handle.seek(0)
        sheet = workbook_of(handle.read())

    assert sheet.column_dimensions["A"].width == 60
    assert sheet.column_dimensions["B"].width == 12  # "Start date", and dates are yyyy-mm-dd
    assert sheet["B2"].is_date
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet.auto_filter.ref == "A1:B3"


@pytest.mark.django_db
def test_a_spanish_officer_gets_spanish_headers_and_labels(
    client, proposals, mission_mexico, call_mexico
):
    spanish = MissionStaffFactory(
        mission=mission_mexico, user=UserFactory(preferred_language="es")
    ).user
    client.force_login(spanish)

    rows = csv_rows(client.get(EXPORT, {"format": "csv", "q": "Defensoras"}))

    header, row = rows
    assert header[:5] == ["Referencia", "Título", "Organización", "Tipo de organización", "País"]
    assert header[7:13] == [
        "Misión",
        "Convocatoria",
        "Año fiscal",
        "Área prioritaria",
        "Subtema",
        "Estado",
    ]
    assert row[3] == "Organización no gubernamental local o comunitaria"
    assert row[4] == "México"
    assert row[8] == call_mexico.title_es
    assert row[11] == "Derechos humanos"
    assert row[12] == "Presentada"
    sheet = workbook_of(client.get(EXPORT, {"format": "xlsx", "q": "Defensoras"}).getvalue())
    assert sheet.title == "Propuestas"
    assert sheet["A1"].value == "Referencia"


# --- Cells that would run ----------------------------------------------------------------------

DANGEROUS_TITLES = {
    '=HYPERLINK("http://x","y")': '\'=HYPERLINK("http://x","y")',
    "+1": "'+1",
    "-2+3": "'-2+3",
    "@SUM(A1)": "'@SUM(A1)",
    "\tcmd": "'\tcmd",
    "<script>alert(1)</script>": "<script>alert(1)</script>",
}


@pytest.mark.parametrize(
    ("_case", "text", "safe"),
    [
        ("a formula", "=1+1", "'=1+1"),
        ("a plus", "+1", "'+1"),
        ("a minus", "-2+3", "'-2+3"),
        ("an at sign", "@SUM(A1)", "'@SUM(A1)"),
        ("a tab", "\tcmd", "'\tcmd"),
        ("a carriage return", "\r=1+1", "'\r=1+1"),
        ("a line feed", "\n=1+1", "'\n=1+1"),
        ("another control character, dropped after", "\x01=1+1", "'=1+1"),
        ("controls inside are dropped", "Agua\x00 lim\x1fpia", "Agua limpia"),
        ("line breaks inside stay", "Agua\nlimpia", "Agua\nlimpia"),
        ("plain text is untouched", "Agua limpia", "Agua limpia"),
        ("a minus inside is untouched", "Oaxaca - Juchitán", "Oaxaca - Juchitán"),
        ("empty", "", ""),
    ],
)
def test_safe_text_neutralises_what_a_spreadsheet_would_run(_case, text, safe):
    assert safe_text(text) == safe


@pytest.fixture
def dangerous(call_mexico, organization_oaxaca, partner_oaxaca):
    for number, title in enumerate([*DANGEROUS_TITLES, "Agua\x01limpia"], start=1):
        submitted(
            call_mexico,
            organization_oaxaca,
            f"CFLI-MEX-2026-27-{number:04}",
            title=title,
            amount_requested_cad=Decimal("1000.00") * number,
        )


@pytest.mark.django_db
@pytest.mark.usefixtures("dangerous")
def test_dangerous_titles_come_out_inert_in_the_csv(officer):
    rows = csv_rows(officer.get(EXPORT, {"format": "csv", "sort": "reference"}))

    assert [row[1] for row in rows[1:]] == [*DANGEROUS_TITLES.values(), "Agualimpia"]


@pytest.mark.django_db
@pytest.mark.usefixtures("dangerous")
def test_dangerous_titles_come_out_as_text_in_the_xlsx_and_no_cell_is_a_formula(officer):
    response = officer.get(EXPORT, {"format": "xlsx", "sort": "reference"})

    sheet = workbook_of(response.getvalue())
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell for cell in cells if cell.data_type == "f"] == []
    titles = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in titles] == [*DANGEROUS_TITLES.values(), "Agualimpia"]
    assert {cell.data_type for cell in titles} == {"s"}
    amounts = [row[13] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in amounts] == [1000 * number for number in range(1, 8)]
    assert {cell.data_type for cell in amounts} == {"n"}


# --- Who gets what -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_another_mission_s_proposals_never_appear_even_when_asked_for(
    officer, proposals, mission_colombia
):
    response = officer.get(
        EXPORT, {"format": "csv", "mission": mission_colombia.pk, "sort": "reference"}
    )

    assert [row[0] for row in csv_rows(response)[1:]] == [
        "CFLI-MEX-2026-27-0001",
        "CFLI-MEX-2026-27-0002",
    ]


@pytest.mark.django_db
def test_an_administrator_exports_every_mission(client, administrator, proposals):
    client.force_login(administrator)

    rows = csv_rows(client.get(EXPORT, {"format": "csv", "sort": "reference"}))

    assert [row[0] for row in rows[1:]] == [
        "CFLI-COL-2026-27-0001",
        "CFLI-MEX-2026-27-0001",
        "CFLI-MEX-2026-27-0002",
    ]


def a_reviewer(fixture):
    return MissionStaffFactory(
        mission=fixture("mission_mexico"), role="reviewer", user=UserFactory()
    ).user


@pytest.mark.django_db
@pytest.mark.parametrize("url", [EXPORT, DISCLOSURE, EXPORTS], ids=["export", "disclosure", "list"])
@pytest.mark.parametrize(
    ("_case", "who", "status"),
    [
        ("a partner gets 404", lambda fixture: fixture("partner_oaxaca"), 404),
        ("a reviewer gets 404", a_reviewer, 404),
        ("a signed-up user gets 404", lambda fixture: fixture("user"), 404),
        ("anonymous goes to the login page", None, 302),
    ],
)
def test_only_those_who_see_the_staff_list_may_export(
    _case, who, status, url, client, request, proposals
):
    if who:
        client.force_login(who(request.getfixturevalue))

    response = client.get(url, {"format": "csv"})

    assert response.status_code == status
    assert not AuditEvent.objects.filter(verb__endswith=".exported").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", [EXPORT, DISCLOSURE], ids=["export", "disclosure"])
@pytest.mark.parametrize("query", [{}, {"format": "pdf"}, {"format": "CSV\x7f"}])
def test_an_unknown_format_gets_400_with_a_message(officer, proposals, url, query):
    response = officer.get(url, query)

    assert response.status_code == 400
    assert "Choose CSV or Excel (XLSX) as the format of the export." in response.text
    assert not AuditEvent.objects.filter(verb__endswith=".exported").exists()


# --- Proactive disclosure ----------------------------------------------------------------------


@pytest.fixture
def awards(proposals, officer_mexico, call_colombia, mission_mexico):
    """The Oaxaca proposal approved at CAD 28,000; the university's at exactly 10,000 (not
    over); one in Colombia at 40,000; and a recommended one not yet approved."""
    decide(proposals["sierra"], Decimal("28000.00"), officer_mexico)
    decide(proposals["water"], Decimal("10000.00"), officer_mexico)
    decide(proposals["colombia"], Decimal("40000.00"), officer_mexico)
    later = CallFactory(mission=mission_mexico, fiscal_year=2027, title_en="Mexico call 2027-28")
    at_risk = OrganizationFactory(
        name="Periodistas en riesgo", registration_status=Organization.Registration.AT_RISK
    )
    MembershipFactory(organization=at_risk)
    decide(
        submitted(
            later,
            at_risk,
            "CFLI-MEX-2027-28-0001",
            title="Protección de periodistas en Guerrero",
            location_city="Chilpancingo",
            location_region="Guerrero",
            location_country="MX",
            start_date=date(2027, 6, 1),
            end_date=date(2028, 2, 1),
        ),
        Decimal("15000.00"),
        officer_mexico,
    )
    decide(
        submitted(later, at_risk, "CFLI-MEX-2027-28-0002", title="Aún en comité"),
        Decimal("50000.00"),
        officer_mexico,
        status=Proposal.Status.RECOMMENDED,
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("awards")
def test_the_disclosure_list_holds_approved_awards_over_10000_of_the_user_s_missions(
    officer, officer_mexico
):
    response = officer.get(DISCLOSURE, {"format": "csv"})

    assert response.status_code == 200
    today = timezone.localdate(timezone=officer_mexico.zone)
    assert response["Content-Disposition"] == (
        f'attachment; filename="cfli-disclosure-{today:%Y-%m-%d}.csv"'
    )
    assert csv_rows(response) == [
        DISCLOSURE_HEADERS,
        [
            "Mujeres de la Sierra Norte",
            "Defensoras comunitarias",
            "28000.00",
            "2026-12-01",
            "2027-02-10",
            "Guelatao de Juárez",
            "Oaxaca",
            "Mexico",
            "Embassy of Canada to Mexico",
            "2026-27",
        ],
        # An organization that registering would endanger is not named, nor where it works.
        [
            "Withheld for the organization's safety",
            "Withheld for the organization's safety",
            "15000.00",
            "2027-06-01",
            "2028-02-01",
            "Withheld for the organization's safety",
            "Withheld for the organization's safety",
            "Mexico",
            "Embassy of Canada to Mexico",
            "2027-28",
        ],
    ]
    event = AuditEvent.objects.get(verb="disclosure.exported")
    assert event.data == {"format": "csv", "filters": {}, "row_count": 2, "background": False}


@pytest.mark.django_db
@pytest.mark.usefixtures("awards")
def test_the_disclosure_list_of_one_fiscal_year_in_xlsx(officer):
    response = officer.get(DISCLOSURE, {"format": "xlsx", "fiscal_year": "2027"})

    sheet = workbook_of(response.getvalue())
    assert sheet.title == "Proactive disclosure"
    _header, row = list(sheet.iter_rows())
    assert row[2].value == 15000
    assert row[2].data_type == "n"
    assert row[-1].value == "2027-28"


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["2019", "next"])
def test_a_fiscal_year_outside_the_user_s_calls_gets_400(officer, proposals, year):
    response = officer.get(DISCLOSURE, {"format": "csv", "fiscal_year": year})

    assert response.status_code == 400
    assert "Choose a fiscal year from the list." in response.text


# --- Large exports, in the background ------------------------------------------------------------


@pytest.fixture
def small_threshold(settings, private_files):
    """Anything over one row is a large export; files go to the test's own folder."""
    settings.CFLI_EXPORT_INLINE_MAX_ROWS = 1
    return private_files


@pytest.mark.django_db
@pytest.mark.usefixtures("celery_eager", "small_threshold")
def test_a_large_export_is_built_in_the_background_and_only_its_requester_downloads_it(
    client, proposals, mission_mexico, officer_mexico, administrator, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    spanish = MissionStaffFactory(
        mission=mission_mexico, user=UserFactory(preferred_language="es")
    ).user
    client.force_login(spanish)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(EXPORT, {"format": "csv", "sort": "reference"}, follow=True)

    assert response.redirect_chain == [(EXPORTS, 302)]
    export = Export.objects.get()
    assert (export.requested_by, export.kind, export.format) == (spanish, "proposals", "csv")
    assert (export.status, export.row_count, export.language) == ("ready", 2, "es")
    assert export.filters == {"sort": "reference"}
    notification = Notification.objects.get()
    assert (notification.event, notification.recipient, notification.language) == (
        "export_ready",
        spanish,
        "es",
    )
    assert notification.key == f"export-ready:{export.pk}:{spanish.email}"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [spanish.email]
    download = reverse("reporting:export-download", args=[export.pk])
    assert f"{settings.CFLI_SITE_URL}{download}" in mail.outbox[0].body
    assert download in client.get(EXPORTS).text

    response = client.get(download)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="cfli-proposals-{export.created_at:%Y-%m-%d}.csv"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = csv_rows(response)
    assert rows[0][:2] == ["Referencia", "Título"]
    assert [row[0] for row in rows[1:]] == ["CFLI-MEX-2026-27-0001", "CFLI-MEX-2026-27-0002"]
    assert AuditEvent.objects.filter(verb="export.downloaded", actor=spanish).count() == 1
    for other in (officer_mexico, administrator):
        client.force_login(other)
        assert client.get(download).status_code == 404
    assert AuditEvent.objects.filter(verb="export.downloaded").count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("small_threshold")
def test_asking_for_a_large_export_says_it_is_being_prepared(
    officer, proposals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        response = officer.get(EXPORT, {"format": "csv"}, follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "Your export is being prepared; you will be notified when it is ready."
    ]
    assert Export.objects.get().status == "pending"


@pytest.mark.django_db
@pytest.mark.usefixtures("small_threshold")
def test_a_large_xlsx_export_is_a_workbook_announced_by_e_mail_and_in_the_inbox(
    officer, officer_mexico, proposals, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():  # Celery's message is not sent: built by hand
        officer.get(EXPORT, {"format": "xlsx", "sort": "reference"})
    export = Export.objects.get()

    with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes out
        assert services.export_build(export_id=export.pk) is True

    export.refresh_from_db()
    assert export.file.name == f"exports/{export.pk}/{export.file_name}"
    with export.file.open("rb") as handle:
        sheet = workbook_of(handle.read())
    assert [row[0] for row in values(sheet)] == [
        "Reference",
        "CFLI-MEX-2026-27-0001",
        "CFLI-MEX-2026-27-0002",
    ]
    download = reverse("reporting:export-download", args=[export.pk])
    (message,) = mail.outbox
    assert message.subject == "[CFLI] Your export is ready"
    assert "Your export “Proposals” (Excel (XLSX), 2 rows) is ready." in message.body
    assert "Your export “Proposals” (Excel (XLSX), 2 rows) is ready." in message.alternatives[0][0]
    inbox = officer.get(reverse("notifications:inbox")).text
    assert "Your export “Proposals” (Excel (XLSX), 2 rows) is ready." in inbox
    assert f'<a href="{download}">Download the export</a>' in inbox


@pytest.mark.django_db
@pytest.mark.usefixtures("small_threshold")
def test_running_the_build_task_twice_builds_once(
    officer, proposals, private_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        officer.get(EXPORT, {"format": "csv"})
    export = Export.objects.get()
    assert len(callbacks) == 1  # the task, sent after the commit

    with django_capture_on_commit_callbacks():
        build_export(export.pk)
        build_export(export.pk)

    export.refresh_from_db()
    assert (export.status, export.attempts, export.row_count) == ("ready", 1, 2)
    assert Notification.objects.count() == 1
    assert [path.name for path in (private_files / "exports").rglob("*.csv")] == [export.file_name]


@pytest.mark.django_db
@pytest.mark.usefixtures("small_threshold")
def test_a_failed_build_waits_for_the_relay_then_fails_after_three_attempts(
    officer, proposals, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        officer.get(EXPORT, {"format": "csv"})
    export = Export.objects.get()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "write_export", broken)

    assert services.export_build(export_id=export.pk) is False
    export.refresh_from_db()
    assert (export.status, export.attempts, export.error) == ("pending", 1, "OSError: disk full")
    services.export_build(export_id=export.pk)
    services.export_build(export_id=export.pk)
    export.refresh_from_db()
    assert (export.status, export.attempts) == ("failed", 3)
    assert export.finished_at is not None
    assert Notification.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("celery_eager", "small_threshold")
def test_the_relay_builds_an_export_whose_message_was_lost(
    officer, proposals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():  # Redis was down: the message never left
        officer.get(EXPORT, {"format": "csv"})
        officer.get(EXPORT, {"format": "xlsx"})
    lost, recent = Export.objects.order_by("pk")
    Export.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(minutes=5))

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.exports_relay()

    assert sent == 1  # the recent one may still get its own message
    lost.refresh_from_db()
    recent.refresh_from_db()
    assert (lost.status, lost.row_count) == ("ready", 2)
    assert recent.status == "pending"
    assert Notification.objects.get().key.startswith(f"export-ready:{lost.pk}:")


@pytest.mark.django_db
@pytest.mark.usefixtures("celery_eager", "small_threshold")
def test_the_relay_frees_an_export_whose_worker_died_mid_build(
    officer, proposals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        officer.get(EXPORT, {"format": "csv"})
    export = Export.objects.get()
    claimed = timezone.now() - timedelta(minutes=20)  # longer than the task's time limit
    Export.objects.filter(pk=export.pk).update(status="running", claimed_at=claimed, attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.exports_relay() == 1

    export.refresh_from_db()
    assert (export.status, export.attempts) == ("ready", 2)


@pytest.mark.django_db
def test_the_relay_leaves_a_build_in_progress_alone(officer_mexico):
    export = Export.objects.create(
        requested_by=officer_mexico,
        kind="proposals",
        format="csv",
        language="en",
        status="running",
        claimed_at=timezone.now() - timedelta(minutes=5),
        attempts=1,
    )

    assert services.exports_relay() == 0

    export.refresh_from_db()
    assert export.status == "running"


# --- Audit ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_small_export_is_audited_with_its_format_filters_and_rows(
    officer, officer_mexico, proposals, mission_mexico
):
    officer.get(
        EXPORT, {"format": "xlsx", "mission": mission_mexico.pk, "amount_min": "20000.5"}
    ).getvalue()

    event = AuditEvent.objects.get(verb__endswith=".exported")
    assert (event.verb, event.actor, event.target_id, event.mission_id) == (
        "proposals.exported",
        officer_mexico,
        "",
        mission_mexico.pk,
    )
    assert event.data == {
        "format": "xlsx",
        "filters": {"mission": mission_mexico.pk, "amount_min": "20000.5", "sort": "-submitted"},
        "row_count": 2,
        "background": False,
    }
    assert event.ip_address == "127.0.0.1"


@pytest.mark.django_db
@pytest.mark.usefixtures("small_threshold")
def test_a_large_export_is_audited_with_its_export_row(
    officer, officer_mexico, proposals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        officer.get(EXPORT, {"format": "csv", "status": "withdrawn"})
        officer.get(EXPORT, {"format": "csv"})

    small, large = AuditEvent.objects.filter(verb__endswith=".exported").order_by("pk")
    export = Export.objects.get()
    assert small.target_id == ""
    assert small.data["row_count"] == 1
    assert (large.verb, large.target_id, large.data["background"]) == (
        "proposals.exported",
        str(export.pk),
        True,
    )
    assert large.data["row_count"] == 2


# --- The list of one's exports ------------------------------------------------------------------


@pytest.mark.django_db
def test_my_exports_lists_only_mine_newest_first_with_a_link_when_ready(
    officer, officer_mexico, administrator, private_files
):
    def export(who, status, **fields):
        return Export.objects.create(
            requested_by=who, kind="proposals", format="csv", language="en", status=status,
            **fields,
        )  # fmt: skip

    ready = export(officer_mexico, "ready", row_count=2500, file="exports/1/a.csv")
    pending = export(officer_mexico, "pending")
    theirs = export(administrator, "ready", row_count=3, file="exports/3/c.csv")

    response = officer.get(EXPORTS)

    assert list(response.context["exports"]) == [pending, ready]
    assert reverse("reporting:export-download", args=[ready.pk]) in response.text
    assert reverse("reporting:export-download", args=[theirs.pk]) not in response.text
    assert "Waiting" in response.text
    assert officer.get(reverse("reporting:export-download", args=[pending.pk])).status_code == 404


@pytest.mark.django_db
def test_a_missing_file_is_a_404_not_an_error(officer, officer_mexico, private_files):
    export = Export.objects.create(
        requested_by=officer_mexico,
        kind="proposals",
        format="csv",
        language="en",
        status="ready",
        file="exports/9/gone.csv",
    )

    response = officer.get(reverse("reporting:export-download", args=[export.pk]))

    assert response.status_code == 404


# --- Query bounds ---------------------------------------------------------------------------------


def many_proposals(call, organization, count, *, start=1):
    """`count` submitted proposals, inserted in one statement."""
    created_by = organization.memberships.first().user
    priority = call.priorities.first()
    Proposal.objects.bulk_create(
        Proposal(
            call=call,
            organization=organization,
            created_by=created_by,
            status=Proposal.Status.SUBMITTED,
            reference=f"CFLI-MEX-2026-27-{number:05}",
            submitted_at=SUBMITTED_AT,
            title=f"Proyecto comunitario número {number} de la Sierra Norte de Oaxaca",
            location_city="Guelatao de Juárez",
            location_region="Oaxaca",
            location_country="MX",
            call_priority=priority,
            amount_requested_cad=Decimal("25000.00") + number,
            start_date=date(2026, 12, 1),
            end_date=date(2027, 2, 10),
        )
        for number in range(start, start + count)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 40])
def test_a_small_export_makes_the_same_queries_whatever_its_length(
    officer, call_mexico, organization_oaxaca, partner_oaxaca, count,
    django_assert_num_queries,
):  # fmt: skip
    many_proposals(call_mexico, organization_oaxaca, count)

    # The session with its user and the user's mission roles; the filters' choices (calls,
    # priority areas, sub-themes and reviewers in one union); savepoint, count, audit event,
    # release; the rows (every relation joined).
    with django_assert_num_queries(7):
        response = officer.get(EXPORT, {"format": "csv"})
        rows = csv_rows(response)

    assert len(rows) == count + 1


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_my_exports_makes_the_same_queries_whatever_its_length(
    officer, officer_mexico, count, django_assert_num_queries
):
    Export.objects.bulk_create(
        Export(requested_by=officer_mexico, kind="proposals", format="csv", language="en")
        for _ in range(count)
    )

    # The session with its user, the user's mission roles and the header's unread count, the
    # fiscal years of the user's calls, the count and the page of exports.
    with django_assert_num_queries(4):
        response = officer.get(EXPORTS)

    assert response.status_code == 200


# --- Memory -------------------------------------------------------------------------------------


def peak_memory(function) -> int:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.django_db
def test_memory_stays_flat_however_many_rows(
    officer_mexico, call_mexico, organization_oaxaca, partner_oaxaca
):
    """Building a file reads CHUNK_SIZE rows at a time and writes each row at once, so its peak
    memory depends on the chunk, not on the number of rows.

    The fair bound: a list of every row of the export (the plain values of its cells, not even
    model instances) is what any "read everything, then write" code holds at its peak. We
    measure that list for 3,000 rows and require each real build of the same 3,000 rows to
    peak under half of it. And flat means flat: a build of 3,000 rows (five times as many) may
    not need more than half as much memory again as a build of 600 rows, where the list needs
    several times more. (The bound leaves room for what the allocator and the database driver
    keep between chunks: within a whole suite run, +20% was seen.)
    """
    kind = EXPORT_KINDS["proposals"]

    def build(file_format):
        def run():
            with tempfile.TemporaryFile() as handle:
                write_export(
                    kind, file_format, user=officer_mexico, filters={}, language="en", handle=handle
                )

        return run

    def every_row():
        return list(kind.table(officer_mexico, {}, "en"))

    many_proposals(call_mexico, organization_oaxaca, 600)
    build("xlsx")()  # warm up: translations, openpyxl's modules and styles
    small = {file_format: peak_memory(build(file_format)) for file_format in ("csv", "xlsx")}
    small_list = peak_memory(every_row)
    many_proposals(call_mexico, organization_oaxaca, 2400, start=601)
    large = {file_format: peak_memory(build(file_format)) for file_format in ("csv", "xlsx")}
    large_list = peak_memory(every_row)

    assert large_list > small_list * 3  # what growing with the rows looks like
    for file_format in ("csv", "xlsx"):
        assert large[file_format] < large_list / 2, (file_format, large, large_list)
        assert large[file_format] < small[file_format] * 1.5, (file_format, small, large)


@pytest.mark.django_db
@pytest.mark.usefixtures("celery_eager", "small_threshold")
def test_a_prepared_file_is_deleted_after_seven_days_and_the_row_stays(
    officer, proposals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        officer.get(EXPORT, {"format": "csv"})
    export = Export.objects.get()
    stored = export.file.name
    download = reverse("reporting:export-download", args=[export.pk])
    ready_at = export.finished_at

    # Six days later the file is still there; eight days later it is gone.
    assert services.exports_delete_old_files(now=ready_at + timedelta(days=6)) == 0
    assert officer.get(download).status_code == 200
    assert services.exports_delete_old_files(now=ready_at + timedelta(days=8)) == 1
    assert services.exports_delete_old_files(now=ready_at + timedelta(days=9)) == 0

    export.refresh_from_db()
    assert (export.status, export.file.name, export.row_count) == ("deleted", "", 2)
    assert not private_storage().exists(stored)
    assert officer.get(download).status_code == 404
    page = officer.get(EXPORTS).text
    assert "File deleted" in page
    assert "A prepared file is deleted 7 days after it is ready" in page
