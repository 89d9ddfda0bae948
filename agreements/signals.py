"""Signals the apps above agreements listen to, so that agreements never imports them."""

from django.dispatch import Signal

# Sent inside the transaction that countersigns an agreement: it is in force from today. The
# monitoring app opens its report schedule in the same transaction, so an agreement in force
# never lacks one. Arguments: agreement, actor.
agreement_signed = Signal()

# Sent inside the transaction that applies an approved amendment, after the agreement's terms
# changed (a new end date moves the final report's). Arguments: agreement, amendment, actor.
agreement_amended = Signal()
