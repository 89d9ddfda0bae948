"""Writes to review instruments: publish a version (it is frozen from then on), or start the
next version from a published one."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cfli.core.services import audit_record

from .models import ChecklistItem, Criterion, GbaChecklist, ScoringGrid

LANGUAGES = ("en", "fr", "es")
PARTS = {
    ScoringGrid: ("criteria", Criterion, "grid"),
    GbaChecklist: ("items", ChecklistItem, "checklist"),
}
TEXTS = {Criterion: ("name",), ChecklistItem: ("question",)}


def _check_administrator(actor: User) -> None:
    if not actor.is_administrator:
        raise PermissionDenied


@transaction.atomic
def instrument_publish(*, instrument: ScoringGrid | GbaChecklist, actor: User):
    """Publish a draft version: complete in the three languages, with at least one part.
    From then on it cannot change; calls may use it."""
    _check_administrator(actor)
    model = type(instrument)
    instrument = model.objects.select_for_update().get(pk=instrument.pk)
    if instrument.is_published:
        raise ValidationError(_("This version is already published."), code="published")
    related, part_model, _owner = PARTS[model]
    parts = list(getattr(instrument, related).all())
    if not parts:
        raise ValidationError(_("Add at least one line before publishing."), code="empty")
    missing = [
        f"{part}: {language}"
        for part in parts
        for field in TEXTS[part_model]
        for language in LANGUAGES
        if not getattr(part, f"{field}_{language}")
    ] + [language for language in LANGUAGES if not getattr(instrument, f"name_{language}")]
    if missing:
        raise ValidationError(
            _(
                "Write every text in English, French and Spanish before publishing "
                "(missing: %(list)s)."
            )
            % {"list": ", ".join(missing)},
            code="untranslated",
        )
    model.objects.filter(pk=instrument.pk).update(published_at=timezone.now())
    instrument.refresh_from_db()
    audit_record(verb=f"{model._meta.model_name}.published", actor=actor, target=instrument)
    return instrument


@transaction.atomic
def instrument_new_version(*, instrument: ScoringGrid | GbaChecklist, actor: User):
    """Start the next version as a draft copy of a published one; reviews pinned to the
    published version keep it."""
    _check_administrator(actor)
    model = type(instrument)
    related, _part_model, owner = PARTS[model]
    latest = model.objects.select_for_update().filter(family=instrument.family).first()
    copy = model.objects.get(pk=instrument.pk)
    parts = list(getattr(copy, related).all())
    copy.pk = None
    copy.version = latest.version + 1
    copy.published_at = None
    copy.created_by = actor
    copy._state.adding = True
    copy.save()
    for part in parts:
        part.pk = None
        part._state.adding = True
        setattr(part, owner, copy)
        part.save()
    audit_record(verb=f"{model._meta.model_name}.versioned", actor=actor, target=copy)
    return copy
