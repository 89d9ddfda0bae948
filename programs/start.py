"""Where a signed-in person starts: the page of what waits for them, by role. Signing in (the
account adapter, through settings.CFLI_START_PAGE) and accepting a staff invitation land there;
a `next` in the sign-in link still wins."""

from django.urls import reverse
from django.utils.http import urlencode

from .models import MissionStaff
from .permissions import is_administrator, mission_roles

# The staff list's status filter of what waits for each role: new proposals to screen, and
# recommendations to decide. They are values of proposals' Proposal.Status, which this app may
# not import (tests/test_dependencies.py); tests/accounts/test_start_page.py checks them.
WAITING_STATUS = {
    MissionStaff.Role.PROGRAM_OFFICER: "submitted",
    MissionStaff.Role.APPROVER: "recommended",
}


def start_page_for(user) -> str:
    """The URL a user starts from, the first that applies: administrators, the management pages;
    program officers and approvers, the staff list of proposals filtered to what waits for them
    (unfiltered for someone who is both); reviewers, their reviews; everyone else (partners, new
    accounts), their proposals."""
    if is_administrator(user):
        return reverse("programs:manage-call-list")
    roles = set().union(*mission_roles(user).values())
    waiting = {WAITING_STATUS[role] for role in roles if role in WAITING_STATUS}
    if waiting:
        url = reverse("proposals_staff:list")
        # The list filters on one status: both roles' queues together are the whole list.
        return f"{url}?{urlencode({'status': waiting.pop()})}" if len(waiting) == 1 else url
    if MissionStaff.Role.REVIEWER in roles:
        return reverse("reviewer:list")
    return reverse("proposals:dashboard")
