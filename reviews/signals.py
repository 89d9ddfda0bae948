"""Signals the apps above reviews listen to, so that reviews never imports them."""

from django.dispatch import Signal

# Sent inside the transaction that tells an applicant their proposal is funded (a funding
# decision released): the agreements app opens the proposal's contribution agreement in the
# same transaction, so an approved proposal never lacks one. Arguments: decision, actor.
funding_released = Signal()
