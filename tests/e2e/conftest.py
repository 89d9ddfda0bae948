import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM refuses to run inside one
# unless told that this is deliberate (test code only, never the application).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright's own browser download is not available here."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def page_in(context, live_server):
    """Open a path in a given interface language, as a visitor whose browser asks for it."""

    def open_page(path: str, language: str):
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto(live_server.url + path)
        return page

    return open_page


@pytest.fixture
def log_in(page, live_server):
    """Sign in through the login page, as a person would."""
    from tests.accounts.factories import PASSWORD

    def sign_in(user):
        page.goto(live_server.url + "/accounts/login/")
        page.locator("#id_login").fill(user.email)
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()

    return sign_in


@pytest.fixture
def sign_in(new_context, live_server):
    """Open a page of its own for each person, signed in through the login form."""
    from tests.accounts.factories import PASSWORD

    def open_as(user):
        page = new_context().new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.locator("#id_login").fill(user.email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("#id_password").press("Enter")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return open_as
