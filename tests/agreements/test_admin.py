import pytest

from agreements.models import ContributionAgreement
from tests.agreements.test_opening import funded


@pytest.mark.django_db
def test_the_admin_shows_agreements_and_changes_nothing(
    client,
    admin_user,
    call_mexico,
    organization_oaxaca,
    partner_oaxaca,
    officer_mexico,
    approver_mexico,
    private_files,
):
    agreement = funded(
        call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico, approver_mexico
    ).agreement
    client.force_login(admin_user)
    base = "/admin/agreements/contributionagreement/"

    listing = client.get(base)
    page = client.get(f"{base}{agreement.pk}/change/")
    change = client.post(f"{base}{agreement.pk}/change/", {"status": "active"})
    delete = client.post(f"{base}{agreement.pk}/delete/", {"post": "yes"})

    assert listing.status_code == page.status_code == 200
    assert "Defensoras comunitarias" in listing.text
    assert "26320.00" in page.text  # the first instalment, read only
    assert (change.status_code, delete.status_code) == (403, 403)
    assert client.get(f"{base}add/").status_code == 403
    assert ContributionAgreement.objects.get().status == "draft"
