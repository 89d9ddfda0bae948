from notifications.services import notify


def notify_invitation(invitation, recipient, occurrence="1"):
    """Notify `recipient` (a User or an (e-mail, language) pair) about a staff invitation."""
    return notify(
        event="staff_invitation",
        key=f"test-invitation:{occurrence}",
        recipients=[recipient],
        context={
            "objects": {"invitation": ["programs.StaffInvitation", invitation.pk]},
            "path": invitation.get_absolute_url(),
        },
    )
