"""Signals other apps listen to, so that proposals never import them."""

from django.dispatch import Signal

# Sent inside the transaction that returns a proposal to "in review" (an answer arrived): the
# review side checks, after the commit, whether every review was already in. Argument:
# proposal_id.
returned_to_review = Signal()
