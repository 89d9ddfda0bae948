import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = {"home": "/", "login": "/accounts/login/", "sign-up": "/accounts/signup/"}


def violations_summary(violations: list[dict]) -> str:
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"])
        for violation in violations
    )


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("page_name", list(PAGES))
def test_page_has_no_axe_violation(page_in, page_name, language):
    page = page_in(PAGES[page_name], language)

    assert page.locator("html").get_attribute("lang") == language
    violations = Axe().run(page).response["violations"]
    assert violations == [], violations_summary(violations)
