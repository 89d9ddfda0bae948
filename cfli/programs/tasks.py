from celery import shared_task

from .mail import staff_invitation_send


@shared_task(name="programs.send_staff_invitation", acks_late=True)
def send_staff_invitation(invitation_id: int) -> None:
    staff_invitation_send(invitation_id=invitation_id)
