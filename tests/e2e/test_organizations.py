import re

import pytest
from playwright.sync_api import expect

from accounts.models import Organization
from tests.accounts.factories import UserFactory
from tests.e2e.axe import check_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORD_COUNT = {"en": "3 of 150 words", "fr": "3 mots sur 150", "es": "3 de 150 palabras"}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_person_registers_an_organization_at_risk(page, live_server, log_in, language):
    person = UserFactory(email=f"founder.{language}@example.org", preferred_language=language)
    log_in(person)
    page.goto(live_server.url + "/accounts/organizations/new/")
    check_axe(page)

    page.locator("#id_name").fill("Colectivo Tierra y Agua")
    page.locator("#id_kind").select_option("local_ngo")
    page.locator("#id_country").select_option("MX")
    page.locator("#id_city").fill("Juchitán")
    description = page.locator("#id_description")
    description.fill("Defendemos el agua")
    expect(page.locator("#id_description-words")).to_have_text(WORD_COUNT[language])
    assert "id_description-words" in description.get_attribute("aria-describedby")
    page.locator("#id_contact_name").fill("Itzel López")
    page.locator("#id_contact_email").fill("itzel@example.org")
    page.locator("#id_has_own_bank_account_1").check()

    # Registered: the details are asked; at risk: they are not, nor the address or phone.
    page.locator("input[name=registration_status][value=registered]").check()
    expect(page.locator("#id_registration_place")).to_be_visible()
    page.locator("input[name=registration_status][value=at_risk]").check()
    expect(page.locator("#id_registration_place")).to_be_hidden()
    expect(page.locator("#id_street_address")).to_be_hidden()
    expect(page.locator("#id_contact_phone")).to_be_hidden()
    page.locator("form[data-cfli-organization-form] button[type=submit]").press("Enter")

    page.wait_for_url(re.compile(r"/accounts/organizations/\d+/$"))
    organization = Organization.objects.get()
    assert page.url.endswith(f"/accounts/organizations/{organization.pk}/")
    assert organization.is_at_risk
    assert organization.has_own_bank_account is False
    check_axe(page)
    for path in ("/accounts/organizations/", f"/accounts/organizations/{organization.pk}/members/"):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        check_axe(page)
