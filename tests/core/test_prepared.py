"""A read prepared once per process gives what its queryset gives, for every shape and language,
and refuses a builder whose SQL would not follow its arguments (core/prepared.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Prefetch
from django.utils import translation

from core.prepared import _children_of, prefetch, prepared
from programs.models import Call
from proposals.models import Proposal, ProposalEvent
from proposals.selectors import PARTS
from tests.programs.factories import CallFactory
from tests.proposals.factories import ProposalFactory, fill_in

pytestmark = pytest.mark.django_db


@prepared
def proposals_of(call_ids, *, parts: tuple[str, ...] = ()):
    return (
        Proposal.objects.filter(call__in=call_ids)
        .select_related("call__mission", "organization")
        .prefetch_related(*parts)
        .order_by("pk")
    )


@prepared
def calls_by_title(call_ids):
    return Call.objects.filter(pk__in=call_ids).order_by("title")


def test_it_gives_the_querysets_instances_joins_and_rows_in_as_many_queries(
    submitted_oaxaca, django_assert_num_queries
):
    expected = Proposal.objects.prefetch_related(*PARTS).get(pk=submitted_oaxaca.pk)
    proposals_of.list([submitted_oaxaca.call_id], parts=PARTS)  # compiled here

    with django_assert_num_queries(1 + len(PARTS)):
        [proposal] = proposals_of.list([submitted_oaxaca.call_id], parts=PARTS)
        assert proposal.call.mission.code == "MEX"
        assert proposal.organization.name == submitted_oaxaca.organization.name
        for name in PARTS:
            rows = list(getattr(proposal, name).all())
            assert rows == list(getattr(expected, name).all())
            assert all(row.proposal is proposal for row in rows)
        assert proposal.budget_lines.all()
        assert proposal.attachments.all()
    assert proposal.title == expected.title
    assert proposal.amount_requested_cad == expected.amount_requested_cad


def test_a_prefetched_relation_still_filters_on_its_own_rows(submitted_oaxaca):
    other = fill_in(
        ProposalFactory(call=submitted_oaxaca.call, organization=submitted_oaxaca.organization)
    )
    found = proposals_of.list([submitted_oaxaca.call_id], parts=("budget_lines",))
    [proposal] = [each for each in found if each.pk == submitted_oaxaca.pk]
    own = list(proposal.budget_lines.all())

    assert other.budget_lines.exists()
    assert list(proposal.budget_lines.filter(pk__gt=0)) == own


def test_each_number_of_ids_is_a_shape_of_its_own(call_mexico, call_colombia):
    one, two = CallFactory(mission=call_mexico.mission), CallFactory(mission=call_mexico.mission)

    assert [call.pk for call in calls_by_title.list([one.pk])] == [one.pk]
    assert {call.pk for call in calls_by_title.list([one.pk, two.pk])} == {one.pk, two.pk}
    assert {call.pk for call in calls_by_title.list([call_colombia.pk, two.pk])} == {
        call_colombia.pk,
        two.pk,
    }
    assert calls_by_title.list([-1]) == []
    assert calls_by_title.get([call_colombia.pk]) == call_colombia


def test_each_language_has_its_own_statement(mission_mexico):
    ants = CallFactory(mission=mission_mexico, title_en="Ants", title_fr="Zèbres")
    zebras = CallFactory(mission=mission_mexico, title_en="Zebras", title_fr="Abeilles")
    ids = [ants.pk, zebras.pk]

    with translation.override("en"):
        in_english = [call.pk for call in calls_by_title.list(ids)]
    with translation.override("fr"):
        in_french = [call.pk for call in calls_by_title.list(ids)]

    assert in_english == [ants.pk, zebras.pk]
    assert in_french == [zebras.pk, ants.pk]


def test_a_read_that_does_not_pass_its_ids_to_the_query_is_refused(call_mexico):
    @prepared
    def decided_in_python(call_ids):
        return Call.objects.filter(pk__gt=0) if call_ids else Call.objects.none()

    with pytest.raises(ImproperlyConfigured, match="as a value"):
        decided_in_python.list([call_mexico.pk])


def test_prefetch_of_other_lookups_goes_to_django(submitted_oaxaca, django_assert_num_queries):
    proposal = Proposal.objects.get(pk=submitted_oaxaca.pk)

    with django_assert_num_queries(2):
        prefetch([proposal], "budget_lines", "events")
        assert list(proposal.budget_lines.all())
        assert list(proposal.events.all())


@prepared
def references_of(call_ids):
    return Proposal.objects.filter(call__in=call_ids).order_by("pk").values_list("pk", "reference")


def test_a_values_list_read_gives_tuples_as_its_queryset_does(submitted_oaxaca):
    expected = list(
        Proposal.objects.filter(call=submitted_oaxaca.call_id)
        .order_by("pk")
        .values_list("pk", "reference")
    )

    assert references_of.list([submitted_oaxaca.call_id]) == expected
    assert references_of.list([submitted_oaxaca.call_id]) == expected  # kept statement


def test_rows_through_a_joined_relation_are_read_by_a_kept_statement(
    submitted_oaxaca, django_assert_num_queries
):
    expected = list(submitted_oaxaca.call.priorities.all())
    read = Proposal.objects.select_related("call").filter(pk=submitted_oaxaca.pk)
    prefetch(list(read), "call__priorities")  # compiled here

    proposals = list(read)
    with django_assert_num_queries(1):
        prefetch(proposals, "call__priorities")
        assert list(proposals[0].call.priorities.all()) == expected
    assert expected
    assert _children_of(Call, "priorities", ())._statements


def test_a_prefetch_that_only_joins_rows_is_kept_and_joins_them(
    submitted_oaxaca, django_assert_num_queries
):
    expected = [(event.pk, event.actor) for event in submitted_oaxaca.events.all()]
    joined = Prefetch("events", queryset=ProposalEvent.objects.select_related("actor"))
    prefetch([Proposal.objects.get(pk=submitted_oaxaca.pk)], joined)  # compiled here
    proposal = Proposal.objects.get(pk=submitted_oaxaca.pk)

    with django_assert_num_queries(1):
        prefetch([proposal], joined)
        events = [(event.pk, event.actor) for event in proposal.events.all()]
    assert events == expected
    assert any(actor for _pk, actor in events)
    assert _children_of(Proposal, "events", ("actor",))._statements


def test_a_prefetch_that_filters_its_rows_keeps_its_filter(submitted_oaxaca):
    ProposalEvent.objects.create(proposal=submitted_oaxaca, kind=ProposalEvent.Kind.WITHDRAWN)
    submitted = ProposalEvent.objects.filter(kind=ProposalEvent.Kind.SUBMITTED)
    proposal = Proposal.objects.get(pk=submitted_oaxaca.pk)

    prefetch([proposal], Prefetch("events", queryset=submitted))

    assert [event.kind for event in proposal.events.all()] == [ProposalEvent.Kind.SUBMITTED]


@prepared
def calls_of_years(call_ids, fiscal_years):
    return Call.objects.filter(pk__in=call_ids, fiscal_year__in=fiscal_years)


def test_a_small_integer_column_takes_its_values_too(call_mexico):
    """The driver is given a small column's values typed (psycopg's Int2): they are arguments
    all the same."""
    year = call_mexico.fiscal_year

    assert calls_of_years.list([call_mexico.pk], [year]) == [call_mexico]
    assert calls_of_years.list([call_mexico.pk], [year + 1]) == []
