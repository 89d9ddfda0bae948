"""Signals other apps listen to, so that proposals never import them."""

from django.dispatch import Signal

# Sent inside the transaction that returns a proposal to "in review" (an answer arrived): the
# review side checks, after the commit, whether every review was already in. Argument:
# proposal_id.
returned_to_review = Signal()

# Sent after proposals (and their organizations and review records) were written in bulk,
# without `save()` and so without its signals (the volume seeding): what keeps anything
# computed from them must forget it. No argument.
proposals_written_in_bulk = Signal()
