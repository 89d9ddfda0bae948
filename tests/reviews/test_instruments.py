from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reviews.models import ChecklistItem, Criterion, FrozenError, GbaChecklist, ScoringGrid
from reviews.services import instrument_new_version, instrument_publish

pytestmark = pytest.mark.django_db


def default_grid():
    return ScoringGrid.objects.get(family="cfli-default", version=1)


def test_the_default_grid_and_checklist_are_published_in_three_languages():
    grid = default_grid()
    weights = list(grid.criteria.values_list("weight", flat=True))

    assert grid.is_published
    assert weights == [Decimal(w) for w in (20, 20, 15, 15, 15, 10, 5)]
    assert sum(weights) == 100
    assert grid.criteria.first().name_es == (
        "Alineación con el área prioritaria y el enfoque de la misión"
    )
    checklist = GbaChecklist.objects.get(family="cfli-gba-plus")
    assert checklist.is_published
    assert list(checklist.items.filter(required=False).values_list("key", flat=True)) == [
        "womens_organizations",
        "decision_making",
    ]


def test_a_published_grid_cannot_be_changed_in_any_way():
    grid = default_grid()
    criterion = grid.criteria.first()

    grid.name_en = "Changed"
    with pytest.raises(FrozenError):
        grid.save()
    criterion.weight = Decimal(50)
    with pytest.raises(FrozenError):
        criterion.save()
    with pytest.raises(FrozenError):
        criterion.delete()
    with pytest.raises(FrozenError):
        Criterion.objects.create(grid=grid, name="New", weight=Decimal(1))
    with pytest.raises(FrozenError):
        ChecklistItem.objects.filter(checklist__family="cfli-gba-plus").first().delete()

    grid.refresh_from_db()
    assert grid.name_en == "CFLI scoring grid"
    assert grid.criteria.count() == 7
    assert grid.criteria.first().weight == Decimal(20)


def test_a_new_version_is_a_draft_copy_and_leaves_the_published_one_unchanged(administrator):
    grid = default_grid()

    draft = instrument_new_version(instrument=grid, actor=administrator)
    first = draft.criteria.first()
    first.weight = Decimal(30)
    first.save()
    draft.criteria.last().delete()

    assert (draft.version, draft.is_published) == (2, False)
    assert grid.criteria.values_list("weight", flat=True).first() == Decimal(20)
    assert grid.criteria.count() == 7
    assert draft.criteria.count() == 6
    published = instrument_publish(instrument=draft, actor=administrator)
    assert published.is_published


def test_publishing_needs_every_text_in_three_languages(administrator):
    draft = instrument_new_version(instrument=default_grid(), actor=administrator)
    criterion = draft.criteria.first()
    criterion.name_fr = ""
    criterion.save()

    with pytest.raises(ValidationError) as error:
        instrument_publish(instrument=draft, actor=administrator)

    assert error.value.code == "untranslated"
    assert error.value.messages[0].endswith(f"(missing: {criterion.name_en}: French).")
    draft.refresh_from_db()
    assert not draft.is_published


def test_only_administrators_version_or_publish(officer_mexico):
    with pytest.raises(PermissionDenied):
        instrument_new_version(instrument=default_grid(), actor=officer_mexico)
    assert ScoringGrid.objects.count() == 1
