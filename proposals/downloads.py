"""A proposal's file, for every page that offers one (partners', staff's and reviewers'): each
applies its own permission first. A download by default; at a preview URL (the same view, wrapped
by `preview`), a file a browser shows itself (PDF, PNG, JPEG) is served inline instead, locked in
a sandbox."""

from functools import wraps

from django.http import FileResponse

from . import services

# A previewed file runs nothing and loads nothing: a sandbox (no script, a unique origin, no
# forms), no resource of any kind, and no page may frame it. Chromium's PDF viewer and its image
# viewer still show the file under it (tests/e2e/test_committee_and_previews.py).
PREVIEW_POLICY = "sandbox; default-src 'none'; frame-ancestors 'none'"


def preview(view):
    """The preview URL of an attachment's download view: the same view, so the same selector
    and permission, whose file is then served inline when a browser may show it."""

    @wraps(view)
    def previewing(request, *args, **kwargs):
        request.attachment_preview = True
        return view(request, *args, **kwargs)

    return previewing


def attachment_download(request, attachment) -> FileResponse:
    """A proposal's file as a download (on the audit trail), never cached; inline only at a
    preview URL and only for a kind a browser shows, under PREVIEW_POLICY. The content type is
    the one the upload's checks recorded, never guessed from the name. Callers have already
    applied the permission of whoever asks."""
    services.attachment_download_record(attachment=attachment, actor=request.user, request=request)
    inline = getattr(request, "attachment_preview", False) and attachment.can_preview
    return private_file_response(attachment, inline=inline)


def private_file_response(row, *, inline: bool) -> FileResponse:
    """A stored private file (a row with `file`, `file_name` and `content_type`, as the
    upload's checks recorded it), never cached; inline under PREVIEW_POLICY."""
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=not inline,
        filename=row.file_name,
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        # Set here, the project's page policy (CSP middleware) leaves it as it is.
        response["Content-Security-Policy"] = PREVIEW_POLICY
    return response
