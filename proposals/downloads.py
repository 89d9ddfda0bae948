"""A proposal's file as a download, for every page that offers one (partners', staff's and
reviewers'): each applies its own permission first."""

from django.http import FileResponse

from . import services


def attachment_download(request, attachment) -> FileResponse:
    """A proposal's file as a download (on the audit trail), never inline, never cached.
    Callers have already applied the permission of whoever asks."""
    services.attachment_download_record(attachment=attachment, actor=request.user, request=request)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.file_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
