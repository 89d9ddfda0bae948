from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from proposals import services

pytestmark = pytest.mark.django_db


def test_when_a_call_closes_its_officers_get_the_count_once_and_drafts_lock(
    client, complete_draft, draft_oaxaca, partner_oaxaca, officer_mexico, private_files
):
    from tests.proposals.factories import ProposalFactory

    call = complete_draft.call
    services.proposal_submit(
        proposal=complete_draft, actor=partner_oaxaca, received_at=call.opens_at + timedelta(days=1)
    )
    draft = ProposalFactory(call=call, organization=complete_draft.organization)
    after = call.closes_at + timedelta(minutes=5)

    assert services.calls_closed_report(now=call.closes_at - timedelta(minutes=5)) == 0
    assert services.calls_closed_report(now=after) == 1
    assert services.calls_closed_report(now=after + timedelta(minutes=10)) == 0
    notification = Notification.objects.get(event="call_closed")
    assert (notification.email, notification.context["submitted"]) == ("officer.mx@example.org", 1)
    assert notification.context["drafts"] == 1

    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.opens_at = call.closes_at - timedelta(days=30)
    call.save()
    client.force_login(partner_oaxaca)
    page = client.get(f"/proposals/{draft.pk}/project/")
    assert "this draft is kept as it is and can no longer change" in page.text
    response = client.post(
        f"/proposals/{draft.pk}/project/",
        {"version": "0", "title": "Tarde"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.title == ""
