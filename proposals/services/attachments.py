"""A draft's attached files: adding one (an allowed type by its name and its content, within
the call's size limit, no zip bomb; stored privately under a sanitized name with its SHA-256),
deleting one while the proposal is a draft (the stored file goes after the commit), and the
audit record of every download. The files of an answer to a request for information are added
by `information`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from core.uploads import MB, inspect_upload

from .. import permissions
from ..models import Attachment, Proposal


@transaction.atomic
def attachment_add(*, proposal: Proposal, kind: str, upload, actor: User) -> Attachment:
    """Attach a checked file to a draft: allowed type by name and content, within the call's
    size limit, no zip bomb; stored privately under a sanitized name with its SHA-256."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    )
    if not permissions.can_edit_proposal(actor, proposal):
        raise PermissionDenied
    if kind not in Attachment.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")}, code="invalid_kind")
    try:
        checked = inspect_upload(upload, max_bytes=proposal.call.attachment_max_mb * MB)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error
    attachment = Attachment(
        proposal=proposal,
        kind=kind,
        file_name=checked.file_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    attachment.file.save(checked.file_name, upload, save=False)
    attachment.save()
    audit_record(
        verb="attachment.added",
        actor=actor,
        target=attachment,
        mission_id=proposal.call.mission_id,
        data={"proposal": proposal.pk, "sha256": checked.sha256, "size": checked.size},
    )
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, actor: User) -> None:
    """Remove a file while its proposal is a draft; the file goes once the row is gone."""
    proposal = Proposal.objects.select_for_update().get(pk=attachment.proposal_id)
    if not permissions.can_edit_proposal(actor, proposal):
        raise PermissionDenied
    audit_record(
        verb="attachment.deleted",
        actor=actor,
        target=attachment,
        data={"proposal": proposal.pk, "file_name": attachment.file_name},
    )
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    if name:  # always set on a saved attachment
        transaction.on_commit(lambda: storage.delete(name))


def attachment_download_record(*, attachment: Attachment, actor: User, request=None) -> None:
    """Every download of a proposal's file is on the audit trail."""
    audit_record(
        verb="attachment.downloaded",
        actor=actor,
        target=attachment,
        data={"proposal": attachment.proposal_id},
        request=request,
    )
