"""A submission counts from when it reached the load balancer (X-Request-Start, when the
balancer is trusted to set it), not from when a busy node took it up."""

from datetime import timedelta

import pytest
import time_machine

pytestmark = pytest.mark.django_db


def submit(client, proposal, stamp: str | None):
    headers = {"HTTP_X_REQUEST_START": stamp} if stamp is not None else {}
    return client.post(f"/proposals/{proposal.pk}/submit/", **headers)


@pytest.mark.parametrize(
    ("_case", "trusted", "stamp", "accepted"),
    [
        ("HAProxy, milliseconds, 3 s before", True, lambda t: f"t={round(t * 1000)}", True),
        ("nginx, seconds with a fraction", True, lambda t: f"t={t:.3f}", True),
        ("microseconds", True, lambda t: f"t={round(t * 1_000_000)}", True),
        ("a balancer not trusted", False, lambda t: f"t={round(t * 1000)}", False),
        ("no header", True, None, False),
        ("a stamp 2 minutes old", True, lambda t: f"t={round((t - 120) * 1000)}", False),
        ("a stamp in the future", True, lambda t: f"t={round((t + 60) * 1000)}", False),
        ("not a number", True, lambda t: "t=soon", False),
    ],
)
def test_a_submit_queued_past_the_deadline_counts_from_its_arrival(
    _case, trusted, stamp, accepted, client, settings, complete_draft, partner_oaxaca
):
    settings.TRUST_X_REQUEST_START = trusted
    deadline = complete_draft.call.closes_at
    arrived = deadline - timedelta(seconds=3)

    # The node takes the request up 2 s after the deadline, 5 s after it reached the balancer.
    with time_machine.travel(deadline + timedelta(seconds=2), tick=False):
        client.force_login(partner_oaxaca)
        response = submit(client, complete_draft, stamp(arrived.timestamp()) if stamp else None)

    complete_draft.refresh_from_db()
    if accepted:
        assert response["Location"] == f"/proposals/{complete_draft.pk}/receipt/"
        assert complete_draft.status == "submitted"
        assert abs(complete_draft.submitted_at - arrived) < timedelta(milliseconds=1)
    else:
        assert response["Location"] == f"/proposals/{complete_draft.pk}/checklist/"
        assert complete_draft.status == "draft"
