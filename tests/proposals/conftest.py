import pytest

from tests.proposals.factories import ProposalFactory, fill_in


@pytest.fixture
def draft_oaxaca(call_mexico, organization_oaxaca, partner_oaxaca):
    return ProposalFactory(call=call_mexico, organization=organization_oaxaca)


@pytest.fixture
def complete_draft(draft_oaxaca, private_files):
    return fill_in(draft_oaxaca)


@pytest.fixture
def partner_bogota(db):
    from tests.accounts.factories import MembershipFactory, OrganizationFactory, UserFactory

    organization = OrganizationFactory(name="Fundación Caminos de Paz", country="CO")
    return MembershipFactory(
        organization=organization, user=UserFactory(email="partner.bogota@example.org")
    ).user
