"""One instant, one clock (issue 19, bug 2): a person in Mexico City who submits at 07:46 their
time reads 07:46 (America/Mexico City) on every page, e-mail, PDF and export that shows that
moment, never 13:46 on some of them. Each person reads times in their own zone (their profile's),
and the zone is always named."""

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.middleware import UserTimeZoneMiddleware
from notifications import services as notifications
from notifications.models import Notification
from proposals import services
from tests.core.test_pdf import pdf_text
from tests.proposals.factories import ProposalFactory

# 13:46 UTC is 07:46 in Mexico City (UTC-6 all year since 2022).
INSTANT = datetime(2026, 12, 6, 13, 46, tzinfo=UTC)
MEXICO = "America/Mexico_City"
STAMP = "Dec. 6, 2026, 7:46 a.m. (America/Mexico City)"
STAMP_HTML = f'<time datetime="2026-12-06T07:46:00-06:00">{STAMP}</time>'
UTC_STAMP = "Dec. 6, 2026, 1:46 p.m. (UTC)"


@pytest.fixture(autouse=True)
def _at_the_instant():
    """Everything in these tests happens at INSTANT: the call opened a week before it."""
    with time_machine.travel(INSTANT, tick=False):
        yield


def in_mexico(user):
    user.time_zone = MEXICO
    user.save(update_fields=["time_zone"])
    return user


@pytest.fixture
def submitted(complete_draft, partner_oaxaca):
    in_mexico(partner_oaxaca)
    return services.proposal_submit(
        proposal=complete_draft, actor=partner_oaxaca, received_at=INSTANT
    ).proposal


@pytest.mark.django_db
def test_the_receipt_page_shows_the_submission_in_the_partners_zone_named(
    client, submitted, partner_oaxaca
):
    client.force_login(partner_oaxaca)

    html = client.get(reverse("proposals:receipt", args=[submitted.pk])).text

    assert STAMP_HTML in html
    assert "mission's time" not in html  # the partner's zone is the mission's: said once


@pytest.mark.django_db
def test_the_receipt_pdf_shows_the_same_clock(client, submitted, partner_oaxaca):
    client.force_login(partner_oaxaca)

    response = client.get(reverse("proposals:receipt-pdf", args=[submitted.pk]))

    assert response.status_code == 200
    assert STAMP in " ".join(pdf_text(response.content).split())


@pytest.mark.django_db
def test_the_status_page_timeline_shows_the_same_clock(client, submitted, partner_oaxaca):
    client.force_login(partner_oaxaca)

    html = client.get(reverse("proposals:detail", args=[submitted.pk])).text

    assert STAMP_HTML in html
    assert "1:46 p.m." not in html


@pytest.mark.django_db
def test_the_inbox_shows_the_same_clock(client, submitted, partner_oaxaca):
    client.force_login(partner_oaxaca)

    html = client.get(reverse("notifications:inbox")).text

    assert STAMP_HTML in html
    assert "1:46 p.m." not in html


@pytest.mark.django_db
def test_the_staff_timeline_shows_the_same_clock_to_an_officer_in_mexico(
    client, submitted, officer_mexico
):
    client.force_login(in_mexico(officer_mexico))

    html = client.get(reverse("reviews:workspace", args=[submitted.pk])).text

    assert STAMP_HTML in html
    assert "1:46 p.m." not in html


@pytest.mark.django_db
def test_the_autosave_status_says_saved_at_the_same_clock(
    client, call_mexico, organization_oaxaca, partner_oaxaca
):
    draft = ProposalFactory(call=call_mexico, organization=organization_oaxaca)
    client.force_login(in_mexico(partner_oaxaca))

    response = client.post(
        reverse("proposals:section", args=[draft.pk, "project"]),
        {"version": "0", "title": "Red de defensoras"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert (
        'Saved at <time datetime="2026-12-06T07:46:00-06:00">7:46 a.m. (America/Mexico City)'
        "</time>" in response.text
    )


@pytest.mark.django_db
def test_the_confirmation_email_shows_each_member_the_clock_of_their_own_zone(
    complete_draft, partner_oaxaca, member_oaxaca
):
    in_mexico(partner_oaxaca)
    member_oaxaca.time_zone = "America/Bogota"
    member_oaxaca.save(update_fields=["time_zone"])
    services.proposal_submit(proposal=complete_draft, actor=partner_oaxaca, received_at=INSTANT)

    with timezone.override("Asia/Tokyo"):  # a worker's own zone never leaks into the e-mail
        for notification in Notification.objects.filter(event="proposal_submitted"):
            notifications.notification_deliver(notification_id=notification.pk)

    sent = {message.to[0]: message for message in mail.outbox}
    mexico, bogota = sent[partner_oaxaca.email], sent[member_oaxaca.email]
    assert f"Received on {STAMP}." in mexico.body
    assert f"Received on {STAMP}." in mexico.alternatives[0].content
    assert "Received on Dec. 6, 2026, 8:46 a.m. (America/Bogota)." in bogota.body


@pytest.mark.django_db
def test_a_partner_in_another_zone_reads_their_own_clock_and_the_missions(
    client, complete_draft, partner_oaxaca
):
    proposal = services.proposal_submit(
        proposal=complete_draft, actor=partner_oaxaca, received_at=INSTANT
    ).proposal
    client.force_login(partner_oaxaca)  # still in UTC, the default

    receipt = client.get(reverse("proposals:receipt", args=[proposal.pk])).text
    status = client.get(reverse("proposals:detail", args=[proposal.pk])).text

    assert UTC_STAMP in receipt
    assert "Dec. 6, 2026, 7:46 a.m.</time> (America/Mexico City, mission's time)" in receipt
    assert UTC_STAMP in status


@pytest.mark.django_db
def test_an_export_gives_times_in_the_requesters_zone_and_names_it_in_the_header(
    client, submitted, officer_mexico
):
    client.force_login(in_mexico(officer_mexico))

    response = client.get(reverse("reporting:proposal-export"), {"format": "csv"})

    header, row = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    column = header.index("Submitted at (America/Mexico City)")
    assert row[column] == "2026-12-06 07:46"


@pytest.mark.django_db
def test_the_middleware_uses_the_users_zone_without_a_query_and_puts_utc_back(
    partner_oaxaca, django_assert_num_queries
):
    in_mexico(partner_oaxaca)
    request = RequestFactory().get("/")
    request.user = partner_oaxaca
    seen = []
    middleware = UserTimeZoneMiddleware(lambda request: seen.append(timezone.localtime().hour))

    with django_assert_num_queries(0):
        middleware(request)
    request.user = AnonymousUser()
    timezone.activate(MEXICO)  # left over by something else in this thread
    middleware(request)

    assert seen == [7, 13]
    assert timezone.get_current_timezone_name() == "UTC"


@pytest.mark.django_db
def test_a_deadline_shows_the_missions_time_and_the_signed_in_readers_own(
    client, call_mexico, partner_oaxaca
):
    partner_oaxaca.time_zone = "America/Bogota"
    partner_oaxaca.save(update_fields=["time_zone"])
    client.force_login(partner_oaxaca)

    html = client.get(call_mexico.get_absolute_url()).text

    assert "Dec. 27, 2026, 11:59 p.m.</time>" in html
    assert "(America/Mexico City, mission's time)" in html
    assert (
        'Your time: <time datetime="2026-12-28T00:59:59-05:00">'
        "Dec. 28, 2026, 12:59 a.m. (America/Bogota)</time>" in html
    )
