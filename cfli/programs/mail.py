"""E-mails of the programs app, rendered in the recipient's language.

Interim until the notifications outbox lands: the invitation row persists, so an e-mail lost
to an SMTP fault is re-sent from the staff page ("Send again").
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import User

from .models import StaffInvitation


def recipient_language(email: str, mission) -> str:
    user = User.objects.filter(email=email).only("preferred_language").first()
    if user is not None:
        return user.preferred_language
    spoken = [code for code in mission.proposal_languages if code in dict(settings.LANGUAGES)]
    return spoken[0] if spoken else settings.LANGUAGE_CODE


def staff_invitation_send(*, invitation_id: int) -> None:
    invitation = StaffInvitation.objects.select_related("mission", "invited_by").get(
        pk=invitation_id
    )
    if invitation.accepted_at is not None:
        return
    with translation.override(recipient_language(invitation.email, invitation.mission)):
        context = {
            "invitation": invitation,
            "url": f"{settings.CFLI_SITE_URL}{invitation.get_absolute_url()}",
        }
        subject = render_to_string("email/staff_invitation.subject.txt", context).strip()
        body = render_to_string("email/staff_invitation.txt", context)
    EmailMessage(
        subject,
        body,
        to=[invitation.email],
        headers={"Message-ID": f"<staff-invitation-{invitation.pk}@cfli-grants>"},
    ).send()
