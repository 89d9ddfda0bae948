"""Requests for more information.

A program officer of the proposal's mission asks the partner a question, due after today and
within 90 days; the proposal waits in "more information requested" and the organization's
members are told. A member answers with text and at most `InformationRequest.MAX_FILES` files,
every one checked before any is kept; the proposal returns to the state it was in (back in
review, it sends `returned_to_review`), and the mission's program officers and whoever asked
are told. Members who have not answered are reminded two days before the due date and once it
has passed, each reminder once."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_member
from accounts.selectors import member_users
from core.uploads import MB, inspect_upload
from notifications.services import notify
from programs.selectors import program_officers_of

from .. import permissions, workflow
from ..models import Attachment, InformationRequest, Proposal, ProposalEvent
from ..signals import returned_to_review
from .moves import proposal_move

LONGEST_WAIT = timedelta(days=90)
REMINDER_AHEAD = timedelta(days=2)


@transaction.atomic
def information_request_create(
    *, proposal: Proposal, actor: User, question: str, due_date
) -> InformationRequest:
    """A program officer asks the partner a question: the proposal waits for the answer, and
    the organization's members are told, each in their language."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call__mission")
        .get(pk=proposal.pk)
    )
    if not permissions.can_request_information(actor, proposal):
        raise PermissionDenied
    question = question.strip()
    errors = {}
    if not question:
        errors["question"] = _("Write the question.")
    today = timezone.localdate(timezone=proposal.call.mission.zone)
    if due_date <= today:
        errors["due_date"] = _("Give a date after today, so that the partner has time to answer.")
    elif due_date > today + LONGEST_WAIT:
        errors["due_date"] = _("Give a date within %(days)s days.") % {"days": LONGEST_WAIT.days}
    if errors:
        raise ValidationError(errors)
    request = InformationRequest.objects.create(
        proposal=proposal,
        question=question,
        due_date=due_date,
        asked_by=actor,
        return_status=proposal.status,
    )
    proposal_move(
        proposal=proposal, to=Proposal.Status.MORE_INFO_REQUESTED, actor=actor, note=question
    )
    notify(
        event="information_requested",
        key=f"information-requested:{request.pk}",
        recipients=member_users(proposal.organization_id),
        context=_information_context(request, path=proposal.get_absolute_url()),
    )
    return request


@transaction.atomic
def information_request_answer(
    *, information_request: InformationRequest, actor: User, answer: str, uploads: list
) -> InformationRequest:
    """The partner answers with text and files: every file is checked before any is kept, the
    proposal returns to where it was, and the mission's program officers are told. Answering
    twice (a double click) changes nothing."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=information_request.proposal_id)
    )
    request = InformationRequest.objects.select_for_update().get(pk=information_request.pk)
    if not is_member(actor, proposal.organization_id):
        raise PermissionDenied
    if not request.is_open:
        return request
    workflow.check_transition(proposal, to=request.return_status)
    answer = answer.strip()
    errors = {}
    if not answer:
        errors["answer"] = [_("Write your answer.")]
    most = InformationRequest.MAX_FILES
    if len(uploads) > most:
        errors["files"] = [_("Send at most %(count)s files.") % {"count": most}]
    checked = []
    for upload in uploads[:most]:
        try:
            checked.append(
                (upload, inspect_upload(upload, max_bytes=proposal.call.attachment_max_mb * MB))
            )
        except ValidationError as error:
            errors.setdefault("files", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    for upload, file in checked:
        attachment = Attachment(
            proposal=proposal,
            information_request=request,
            kind=Attachment.Kind.OTHER,
            file_name=file.file_name,
            content_type=file.content_type,
            size=file.size,
            sha256=file.sha256,
            uploaded_by=actor,
        )
        attachment.file.save(file.file_name, upload, save=False)
        attachment.save()
    request.answer = answer
    request.answered_at = timezone.now()
    request.answered_by = actor
    request.save(update_fields=["answer", "answered_at", "answered_by", "updated_at"])
    proposal_move(
        proposal=proposal,
        to=request.return_status,
        actor=actor,
        event=ProposalEvent.Kind.INFO_PROVIDED,
    )
    recipients = {user.pk: user for user in program_officers_of(proposal.call.mission_id)}
    recipients.setdefault(request.asked_by_id, request.asked_by)
    notify(
        event="information_provided",
        key=f"information-provided:{request.pk}",
        recipients=recipients.values(),
        context=_information_context(
            request, path=reverse("reviews:workspace", args=[proposal.pk])
        ),
    )
    if request.return_status == Proposal.Status.IN_REVIEW:
        returned_to_review.send(sender=Proposal, proposal_id=proposal.pk)
    return request


def information_reminders_send(*, today) -> int:
    """Members of an organization that has not answered are reminded two days before the due
    date and once it has passed; each reminder once (its key names the request and the kind)."""
    waiting = InformationRequest.objects.filter(
        answered_at__isnull=True,
        proposal__status=Proposal.Status.MORE_INFO_REQUESTED,
        due_date__lte=today + REMINDER_AHEAD,
    ).select_related("proposal")
    sent = 0
    for request in waiting:
        kind = "overdue" if request.due_date < today else "due-soon"
        with transaction.atomic():
            sent += len(
                notify(
                    event="information_reminder",
                    bulk=True,
                    key=f"information-{kind}:{request.pk}",
                    recipients=member_users(request.proposal.organization_id),
                    context={
                        **_information_context(request, path=request.proposal.get_absolute_url()),
                        "overdue": kind == "overdue",
                    },
                )
            )
    return sent


def _information_context(request: InformationRequest, *, path: str) -> dict:
    return {
        "objects": {
            "information_request": ["proposals.InformationRequest", request.pk],
            "proposal": ["proposals.Proposal", request.proposal_id],
        },
        "path": path,
    }
