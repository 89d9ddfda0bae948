from datetime import timedelta

import pytest

from cfli.proposals import services


@pytest.fixture
def submitted_oaxaca(complete_draft, partner_oaxaca):
    received = complete_draft.call.opens_at + timedelta(days=1)
    return services.proposal_submit(
        proposal=complete_draft, actor=partner_oaxaca, received_at=received
    ).proposal
