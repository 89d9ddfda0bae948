"""No database constraint speaks to a person in its own words. Django words a check, or a unique
constraint with a condition, as "Constraint “name” is violated." unless it has a message of its
own: each of ours has one, translated, with a code. (A unique constraint on fields alone is worded
by Django itself, "… with this … already exists.", in the person's language.)"""

from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise

from proposals.models import Proposal


def our_constraints():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if not path.is_relative_to(base) or ".venv" in path.parts:
            continue
        for model in config.get_models():
            for constraint in model._meta.constraints:
                yield model, constraint


def worded_by_django(constraint) -> bool:
    return (
        isinstance(constraint, models.UniqueConstraint)
        and bool(constraint.fields)
        and constraint.condition is None
    )


def test_every_constraint_django_would_name_has_a_translated_message_and_a_code():
    unworded = [
        constraint.name
        for _model, constraint in our_constraints()
        if not worded_by_django(constraint)
        and not (
            isinstance(constraint.violation_error_message, Promise)
            and constraint.violation_error_code
        )
    ]

    assert unworded == []
    assert any(not worded_by_django(c) for _m, c in our_constraints())  # the test sees them


@pytest.mark.django_db
def test_the_proposal_dates_constraint_says_the_end_is_before_the_start():
    constraint = next(
        c for c in Proposal._meta.constraints if c.name == "proposals_end_after_start"
    )
    proposal = Proposal(start_date=date(2026, 12, 1), end_date=date(2026, 11, 1))

    with pytest.raises(ValidationError) as violated:
        constraint.validate(Proposal, proposal)

    assert (violated.value.code, violated.value.message) == (
        "end_before_start",
        "The end date cannot be before the start date.",
    )
