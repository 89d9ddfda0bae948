"""The agreements' list and their payments as CSV or XLSX, with the list's filters, scoped to
the user's missions, numbers and dates as such in the workbook."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from core.models import AuditEvent
from tests.agreements.test_payments import pay
from tests.agreements.test_signature import signed, to_sign


@pytest.fixture
def parties(call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico):
    return call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico


def rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.django_db
def test_the_agreements_and_their_payments_as_the_list_filters_them(
    client, parties, officer_colombia, private_files
):
    officer = parties[3]
    paid = signed(parties)
    pay(paid, officer, amount_local=Decimal("349867.06"))
    to_sign(parties)
    client.force_login(officer)

    everything = rows(client.get("/manage/agreements/export/?format=csv"))
    assert everything[0][:3] == ["Agreement number", "Reference", "Title"]
    assert len(everything) == 1 + 2
    active = rows(client.get("/manage/agreements/export/?status=active&format=csv"))
    assert [row[0] for row in active[1:]] == [paid.number]
    assert active[1][7:10] == ["Active", "37600.00", "26320.00"]

    payments = rows(client.get("/manage/agreements/payments/export/?status=active&format=csv"))
    assert len(payments) == 1 + 3
    first = dict(zip(payments[0], payments[1], strict=True))
    assert (first["Instalment"], first["Status"], first["Amount paid (CAD)"]) == (
        "1",
        "Paid",
        "26320.00",
    )
    assert first["Amount paid in the budget's currency"] == "349867.06"
    assert first["Payment reference"] == "TRF-2026-0415"
    assert AuditEvent.objects.filter(verb="payments.exported", actor=officer).exists()

    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/manage/agreements/payments/export/?format=xlsx").getvalue())
    )
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    paid_row = next(
        row
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[header.index("Status")] == "Paid"
    )
    assert (
        paid_row[header.index("Amount (CAD)")] == Decimal("26320")
        or paid_row[header.index("Amount (CAD)")] == 26320
    )
    assert isinstance(paid_row[header.index("Paid on")], date)

    client.force_login(officer_colombia)
    assert len(rows(client.get("/manage/agreements/payments/export/?format=csv"))) == 1
    assert client.get("/manage/agreements/export/?status=nonsense&format=csv").status_code == 400
