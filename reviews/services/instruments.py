"""Review instruments: the versioned scoring grids and GBA+ checklists, and a call's choice of
them (its review settings).

Only administrators write instruments. A new grid or checklist starts as version 1, a draft,
under an identifier no other instrument of its kind uses. A draft's texts and lines may change
(a save over someone else's newer save is refused); publishing needs at least one line and
every text in English, French and Spanish, and freezes the version. The next version starts
as a draft copy of a published one; asked for the next draft while one exists, the pages get
that draft rather than a second. A call's program officers, or an administrator, choose
published versions for the call; reviews already started keep the versions they began with."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.languages import language_codes, language_names, missing_languages
from core.services import audit_record
from programs.models import Call
from programs.permissions import can_manage_call

from .. import permissions
from ..models import CallReviewSettings, ChecklistItem, Criterion, GbaChecklist, ScoringGrid

LANGUAGES = language_codes()
PARTS = {
    ScoringGrid: ("criteria", Criterion, "grid"),
    GbaChecklist: ("items", ChecklistItem, "checklist"),
}
TEXTS = {Criterion: ("name",), ChecklistItem: ("question",)}

# What the management pages may write: the texts of a version, and each line's fields.
INSTRUMENT_TEXTS = tuple(
    f"{name}_{language}" for name in ("name", "description") for language in LANGUAGES
)
PART_FIELDS = {
    Criterion: (
        *(f"{name}_{language}" for name in ("name", "guidance") for language in LANGUAGES),
        "weight",
        "scale_max",
        "asks_comment",
        "position",
    ),
    ChecklistItem: (
        "key",
        *(f"{name}_{language}" for name in ("question", "guidance") for language in LANGUAGES),
        "required",
        "position",
    ),
}


def _frozen() -> ValidationError:
    return ValidationError(
        _("This version is published and frozen: make a new version to change it."),
        code="published",
    )


@transaction.atomic
def instrument_create(
    *, model: type[ScoringGrid] | type[GbaChecklist], actor: User, family: str, texts: dict
) -> ScoringGrid | GbaChecklist:
    """A new grid or checklist starts as version 1, a draft, under an identifier that no other
    instrument of its kind uses."""
    if not permissions.can_manage_instruments(actor):
        raise PermissionDenied
    family = family.strip()
    taken = ValidationError(
        {"family": _("This identifier is already used: choose another.")}, code="family_taken"
    )
    if model.objects.filter(family=family).exists():
        raise taken
    instrument = model(family=family, version=1, created_by=actor)
    for name in INSTRUMENT_TEXTS:
        setattr(instrument, name, texts.get(name) or "")
    instrument.full_clean(exclude=["created_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            instrument.save()
    except IntegrityError:  # the same identifier created at the same moment
        raise taken from None
    audit_record(verb=f"{model._meta.model_name}.created", actor=actor, target=instrument)
    return instrument


@transaction.atomic
def instrument_draft_save(
    *,
    instrument: ScoringGrid | GbaChecklist,
    actor: User,
    texts: dict,
    parts: list[dict],
    seen_updated_at=None,
) -> ScoringGrid | GbaChecklist:
    """Change a draft's texts and lines (criteria or items). A line with an `id` is updated,
    or removed with `delete`; a line without one is added (at the end when it has no
    position). A published version refuses any change; a draft saved by someone else since
    `seen_updated_at` is a conflict. Either way nothing is written."""
    if not permissions.can_manage_instruments(actor):
        raise PermissionDenied
    model = type(instrument)
    instrument = model.objects.select_for_update().get(pk=instrument.pk)
    if instrument.is_published:
        raise _frozen()
    if seen_updated_at is not None and instrument.updated_at != seen_updated_at:
        raise ValidationError(
            _(
                "Someone else saved this version since you opened it, so your changes were not "
                "saved. They are still below: copy what you need, reload the page and apply "
                "them again."
            ),
            code="stale",
        )
    related, part_model, owner = PARTS[model]
    existing = {part.pk: part for part in getattr(instrument, related).all()}
    if any(line.get("id") is not None and line["id"] not in existing for line in parts):
        raise ValidationError(
            _("A line no longer belongs to this version: reload the page."), code="unknown_line"
        )
    for name in INSTRUMENT_TEXTS:
        if name in texts:
            setattr(instrument, name, texts[name] or "")
    instrument.full_clean(exclude=["created_by"], validate_constraints=False)
    instrument.save()

    removed = [line["id"] for line in parts if line.get("id") is not None and line.get("delete")]
    kept = [line for line in parts if not line.get("delete")]
    position = max((part.position for part in existing.values()), default=0)
    try:
        # Removals first, so a key freed by a removed item can go to another one.
        with transaction.atomic():
            for pk in removed:
                existing[pk].delete()
            for line in kept:
                part = (
                    existing[line["id"]]
                    if line.get("id") is not None
                    else part_model(**{owner: instrument})
                )
                for name in PART_FIELDS[part_model]:
                    if name in line:
                        setattr(part, name, line[name])
                if line.get("position") is None and line.get("id") is None:
                    position += 1
                    part.position = position
                part.full_clean(exclude=[owner], validate_constraints=False)
                part.save()
    except IntegrityError:  # the only constraint a line can break: an item key used twice
        raise ValidationError(
            _("Two items have the same key: give each item its own key."), code="duplicate_key"
        ) from None
    audit_record(
        verb=f"{model._meta.model_name}.edited",
        actor=actor,
        target=instrument,
        data={
            "added": sum(1 for line in kept if line.get("id") is None),
            "changed": sum(1 for line in kept if line.get("id") is not None),
            "removed": len(removed),
        },
    )
    return instrument


@transaction.atomic
def instrument_publish(
    *, instrument: ScoringGrid | GbaChecklist, actor: User
) -> ScoringGrid | GbaChecklist:
    """Publish a draft version: complete in the three languages, with at least one part.
    From then on it cannot change; calls may use it."""
    if not permissions.can_manage_instruments(actor):
        raise PermissionDenied
    model = type(instrument)
    instrument = model.objects.select_for_update().get(pk=instrument.pk)
    if instrument.is_published:
        raise ValidationError(_("This version is already published."), code="published")
    related, part_model, _owner = PARTS[model]
    parts = list(getattr(instrument, related).all())
    if not parts:
        raise ValidationError(_("Add at least one line before publishing."), code="empty")
    # Each text missing a language, with the languages' names (core.languages, as calls).
    missing = [
        (owner, field, codes)
        for owner, field in [
            (instrument, "name"),
            *((part, field) for part in parts for field in TEXTS[part_model]),
        ]
        if (codes := missing_languages(owner, field))
    ]
    if missing:
        raise ValidationError(
            _(
                "Write every text in English, French and Spanish before publishing "
                "(missing: %(list)s)."
            ),
            code="untranslated",
            params={
                "list": "; ".join(
                    f"{owner}: {language_names(codes)}" for owner, _field, codes in missing
                ),
                # Which text of which line (None: the version's own name) lacks which
                # languages: the page links each one to its first empty field.
                "missing": [
                    {
                        "line": None if owner is instrument else owner.pk,
                        "field": field,
                        "text": str(getattr(owner, field) or ""),
                        "languages": codes,
                    }
                    for owner, field, codes in missing
                ],
            },
        )
    model.objects.filter(pk=instrument.pk).update(published_at=timezone.now())
    instrument.refresh_from_db()
    audit_record(verb=f"{model._meta.model_name}.published", actor=actor, target=instrument)
    return instrument


@transaction.atomic
def instrument_new_version(
    *, instrument: ScoringGrid | GbaChecklist, actor: User
) -> ScoringGrid | GbaChecklist:
    """Start the next version as a draft copy of a published one; reviews pinned to the
    published version keep it."""
    if not permissions.can_manage_instruments(actor):
        raise PermissionDenied
    model = type(instrument)
    related, _part_model, owner = PARTS[model]
    latest = model.objects.select_for_update().filter(family=instrument.family).latest("version")
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


@transaction.atomic
def instrument_next_draft(
    *, instrument: ScoringGrid | GbaChecklist, actor: User
) -> tuple[ScoringGrid | GbaChecklist, bool]:
    """The draft of the family's next version, and whether it was made now: the draft
    already started if there is one (a double click, or another administrator), otherwise a
    new copy of `instrument` (instrument_new_version)."""
    if not permissions.can_manage_instruments(actor):
        raise PermissionDenied
    model = type(instrument)
    # Wait for anyone else versioning the family, then look again with a fresh snapshot: a
    # draft they have just committed is seen and returned, never doubled.
    list(model.objects.select_for_update().filter(family=instrument.family))
    draft = model.objects.filter(family=instrument.family, published_at__isnull=True).first()
    if draft is not None:
        return draft, False
    return instrument_new_version(instrument=instrument, actor=actor), True


def _is_published(model, instrument) -> bool:
    """Read again: the caller's copy may be older than the database's."""
    if instrument is None:
        return False
    return model.objects.filter(pk=instrument.pk).exclude(published_at=None).exists()


@transaction.atomic
def call_review_settings_save(
    *,
    call: Call,
    actor: User,
    grid: ScoringGrid | None,
    checklist: GbaChecklist | None,
    reviewers_per_proposal: int,
    days_to_review: int,
) -> CallReviewSettings:
    """The call's program officers, or an administrator, choose a published version of the
    scoring grid and of the GBA+ checklist, how many reviewers each proposal gets and how many
    days they have. Reviews already started keep the versions they started with."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not can_manage_call(actor, call):
        raise PermissionDenied
    errors = {}
    if not _is_published(ScoringGrid, grid):
        errors["grid"] = _("Choose a published version of a scoring grid.")
    if not _is_published(GbaChecklist, checklist):
        errors["checklist"] = _("Choose a published version of a GBA+ checklist.")
    if errors or grid is None or checklist is None:  # (None is never published)
        raise ValidationError(errors, code="unpublished")
    review_settings = CallReviewSettings.objects.filter(call=call).first() or CallReviewSettings(
        call=call
    )
    review_settings.grid = grid
    review_settings.checklist = checklist
    review_settings.reviewers_per_proposal = reviewers_per_proposal
    review_settings.days_to_review = days_to_review
    review_settings.full_clean()
    review_settings.save()
    audit_record(
        verb="call_review_settings.saved",
        actor=actor,
        target=review_settings,
        mission_id=call.mission_id,
        data={
            "call": call.pk,
            "grid": grid.pk,
            "checklist": checklist.pk,
            "reviewers_per_proposal": reviewers_per_proposal,
            "days_to_review": days_to_review,
        },
    )
    return review_settings
