import pytest

from tests.e2e.axe import check_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = {"home": "/", "login": "/accounts/login/", "sign-up": "/accounts/signup/"}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("page_name", list(PAGES))
def test_page_has_no_axe_violation(page_in, page_name, language):
    page = page_in(PAGES[page_name], language)

    assert page.locator("html").get_attribute("lang") == language
    check_axe(page)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_call_pages_have_no_axe_violation(page_in, call_mexico, language):
    for path in ["/calls/", call_mexico.get_absolute_url()]:
        page = page_in(path, language)

        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("[data-cfli-visitor-time]").first.is_visible()
        check_axe(page)


def test_call_filters_work_with_the_keyboard_alone(page_in, call_mexico, call_colombia):
    page = page_in("/calls/", "en")

    page.get_by_label("Country").focus()
    page.keyboard.press("ArrowDown")  # Colombia comes before Mexico
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.wait_for_url("**/calls/?*country=CO*")
    assert page.get_by_role("link", name=call_colombia.title).is_visible()
    assert page.get_by_role("link", name=call_mexico.title).count() == 0
