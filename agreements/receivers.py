"""What the agreements app does when a lower app signals."""

from django.dispatch import receiver

from reviews.signals import funding_released

from .services import agreement_open


@receiver(funding_released, dispatch_uid="agreements.open_on_release")
def open_agreement(sender, *, decision, actor, **kwargs):
    agreement_open(decision=decision, actor=actor)
