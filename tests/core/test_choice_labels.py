"""get_FOO_display() through core.models.ChoiceLabels: the same labels as Django's, in the
language active when it is called, from a dictionary built once per field."""

from django.db.models import Model
from django.utils import translation

from proposals.models import Proposal, ProposalEvent


def test_each_label_is_the_field_choices_one_in_the_active_language():
    event = ProposalEvent()
    for value, label in ProposalEvent.Kind.choices:
        event.kind = value
        for language in ("en", "fr", "es"):
            with translation.override(language):
                assert event.get_kind_display() == str(label)
                assert event.get_kind_display() == Model._get_FIELD_display(
                    event, ProposalEvent._meta.get_field("kind")
                )


def test_the_same_field_speaks_each_reader_s_language_in_turn():
    proposal = Proposal(status=Proposal.Status.SUBMITTED)

    with translation.override("fr"):
        french = proposal.get_status_display()
    with translation.override("es"):
        spanish = proposal.get_status_display()

    assert (french, spanish) == ("Soumise", "Presentada")


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert ProposalEvent(kind="retired-kind").get_kind_display() == "retired-kind"
    assert Proposal(status=None).get_status_display() is None
