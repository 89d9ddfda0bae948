"""axe-core in the browser tests: every page a journey visits must have no violation."""

from axe_playwright_python.sync_playwright import Axe


def violations_summary(violations: list[dict]) -> str:
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"])
        for violation in violations
    )


def check_axe(page) -> None:
    """Fail with the rules and elements at fault if axe finds a violation on the page."""
    violations = Axe().run(page).response["violations"]
    assert violations == [], f"{page.url}: {violations_summary(violations)}"
