"""Exports in the browser: the staff list's "Export CSV" downloads the filtered list, and the
"My exports" page is axe-clean in English, French and Spanish."""

import csv
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from reporting.models import Export
from tests.e2e.axe import check_axe
from tests.proposals.factories import ProposalFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submitted(call, organization, reference, title):
    return ProposalFactory(
        call=call,
        organization=organization,
        reference=reference,
        title=title,
        status="submitted",
        submitted_at=timezone.now(),
    )


def test_an_officer_exports_the_filtered_list_as_csv(
    page, live_server, log_in, call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico
):
    submitted(call_mexico, organization_oaxaca, "CFLI-MEX-2026-27-0001", "Defensoras")
    submitted(call_mexico, organization_oaxaca, "CFLI-MEX-2026-27-0002", "=HYPERLINK(1)")
    log_in(officer_mexico)
    page.goto(live_server.url + "/manage/proposals/")
    page.locator("#id_q").fill("Defensoras")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"q=Defensoras"))

    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()

    assert re.fullmatch(r"cfli-proposals-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename)
    with open(download.value.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [row[:2] for row in rows] == [
        ["Reference", "Title"],
        ["CFLI-MEX-2026-27-0001", "Defensoras"],
    ]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_my_exports_is_accessible(
    page, live_server, log_in, language, call_mexico, officer_mexico, private_files
):
    officer_mexico.preferred_language = language
    officer_mexico.save()
    ready = Export.objects.create(
        requested_by=officer_mexico,
        kind="proposals",
        format="xlsx",
        language=language,
        status="ready",
        row_count=2500,
    )
    ready.file.save("cfli-proposals.xlsx", ContentFile(b"PK"))
    Export.objects.create(
        requested_by=officer_mexico, kind="disclosure", format="csv", language=language
    )
    log_in(officer_mexico)

    page.goto(live_server.url + "/manage/exports/")

    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(f"a[href='/manage/exports/{ready.pk}/download/']").count() == 1
    check_axe(page)
    # The disclosure list's form is there, its fiscal year labelled.
    assert page.locator("label[for=id_fiscal_year]").inner_text()
