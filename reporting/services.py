"""Exports: answered at once when small, built in the background when large; all audited."""

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from core.background import enqueue_on_commit
from core.services import audit_record
from notifications.services import notify

from .exports import EXPORT_KINDS, write_export
from .models import Export
from .selectors import can_export

logger = logging.getLogger(__name__)

Status = Export.Status
# A build that crashes this many times is given up (failed), for the person to ask again.
MAX_ATTEMPTS = 3
# Longer than the build task's hard time limit (tasks.py): a claim older than this is dead.
CLAIM_TIMEOUT = timedelta(minutes=15)
# How long a pending export waits for its Celery message before the relay sends another.
PENDING_GRACE = timedelta(minutes=3)
# Prepared files hold applicants' data: they are deleted this long after they are ready (the
# row stays, as the record that the export was made).
KEEP_FILES = timedelta(days=7)


@transaction.atomic
def export_start(
    *,
    actor,
    kind: str,
    file_format: str,
    filters: dict,
    language: str,
    request: HttpRequest | None = None,
) -> Export | None:
    """Export a list the actor may see, with its filters (JSON values).

    Up to CFLI_EXPORT_INLINE_MAX_ROWS rows the caller writes the file in the response and this
    returns None; beyond, it returns an Export row whose file a task builds. Both are audited.
    """
    if not can_export(actor):
        raise PermissionDenied
    spec = EXPORT_KINDS[kind]
    row_count = spec.queryset(actor, filters).count()
    background = row_count > settings.CFLI_EXPORT_INLINE_MAX_ROWS
    export = None
    if background:
        export = Export.objects.create(
            requested_by=actor, kind=kind, format=file_format, filters=filters, language=language
        )
        from .tasks import build_export

        enqueue_on_commit(build_export, export.pk)
    audit_record(
        actor=actor,
        verb=spec.verb,
        target=export,
        mission_id=filters.get("mission"),
        data={
            "format": file_format,
            "filters": filters,
            "row_count": row_count,
            "background": background,
        },
        request=request,
    )
    return export


def export_build(*, export_id: int) -> bool:
    """Build a pending export's file once per claim, then tell its requester it is ready.
    Returns whether this call built it.

    The rows are read with the requester's scope at build time. A failure puts the export back
    to pending for the relay, until MAX_ATTEMPTS; then it is failed.
    """
    rows = Export.objects.filter(pk=export_id)
    claimed_at = timezone.now()
    if not rows.filter(status=Status.PENDING).update(
        status=Status.RUNNING, claimed_at=claimed_at, attempts=F("attempts") + 1
    ):
        return False  # ready, failed, or being built elsewhere
    mine = rows.filter(status=Status.RUNNING, claimed_at=claimed_at)
    export = rows.select_related("requested_by").get()
    spec = EXPORT_KINDS[export.kind]
    try:
        with tempfile.TemporaryFile() as handle:
            row_count = write_export(
                spec,
                export.format,
                user=export.requested_by,
                filters=export.filters,
                language=export.language,
                handle=handle,
            )
            handle.seek(0)
            export.file.save(spec.file_name(export.format), File(handle), save=False)
        with transaction.atomic():
            if not mine.update(
                status=Status.READY,
                file=export.file.name,
                row_count=row_count,
                finished_at=timezone.now(),
                error="",
            ):
                return False  # the claim was taken back meanwhile: the new claim finishes it
            notify(
                event="export_ready",
                key=f"export-ready:{export.pk}",
                recipients=[export.requested_by],
                context={
                    "objects": {"export": ["reporting.Export", export.pk]},
                    "path": reverse("reporting:export-download", args=[export.pk]),
                },
            )
    except Exception as error:
        if export.file.name:  # saved before the failure: the next attempt saves its own
            export.file.delete(save=False)
        failed = export.attempts >= MAX_ATTEMPTS
        mine.update(
            status=Status.FAILED if failed else Status.PENDING,
            finished_at=timezone.now() if failed else None,
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.exception("Export %s not built (attempt %s)", export_id, export.attempts)
        return False
    return True


def exports_relay() -> int:
    """Send again the exports whose message was lost (Redis down when they were asked for), and
    free those whose worker died mid-build. The rows are the truth. Returns how many were sent."""
    now = timezone.now()
    stuck = Export.objects.filter(status=Status.RUNNING, claimed_at__lt=now - CLAIM_TIMEOUT)
    stuck.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, finished_at=now, error="The build stopped too many times."
    )
    stuck.update(status=Status.PENDING)
    due = Export.objects.filter(status=Status.PENDING).filter(
        Q(claimed_at__isnull=True, created_at__lt=now - PENDING_GRACE)
        | Q(claimed_at__lt=now - PENDING_GRACE)
    )
    from .tasks import build_export

    ids = list(due.order_by("pk").values_list("pk", flat=True)[:100])
    for export_id in ids:
        enqueue_on_commit(build_export, export_id)
    return len(ids)


def exports_delete_old_files(*, now) -> int:
    """Delete the files of exports prepared more than KEEP_FILES ago; their rows stay, marked.
    Returns how many files were deleted."""
    deleted = 0
    old = Export.objects.filter(status=Status.READY, finished_at__lt=now - KEEP_FILES)
    for export in old.order_by("pk")[:500]:
        # Claim the row first: a download that already opened the file finishes; none starts.
        if not Export.objects.filter(pk=export.pk, status=Status.READY).update(
            status=Status.DELETED
        ):
            continue
        if export.file:
            export.file.delete(save=False)
        Export.objects.filter(pk=export.pk).update(file="")
        deleted += 1
    return deleted


@transaction.atomic
def export_download_record(*, export: Export, actor, request: HttpRequest | None = None) -> None:
    """Only the requester downloads an export (the selector's rule), and each download is
    audited."""
    if export.requested_by_id != actor.pk:
        raise PermissionDenied
    audit_record(
        actor=actor,
        verb="export.downloaded",
        target=export,
        data={"kind": export.kind, "format": export.format, "row_count": export.row_count},
        request=request,
    )


def publication_download_record(*, actor, mission_id: int | None, data: dict, request=None):
    """A proactive-publication file downloaded: who, which mission (None: all theirs), which
    quarter and what it held."""
    return audit_record(
        verb="publication.exported", actor=actor, mission_id=mission_id, data=data, request=request
    )
