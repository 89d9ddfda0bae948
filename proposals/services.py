"""Writes to proposals: each locks the proposal, checks, writes and records in one transaction."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.permissions import is_member
from accounts.selectors import member_users
from core.services import audit_record
from core.uploads import MB, inspect_upload
from notifications.services import notify
from programs.models import Call, Mission, fiscal_year_label
from programs.selectors import program_officers_of

from . import budget, completeness, permissions, workflow
from .models import (
    Attachment,
    BudgetLine,
    InformationRequest,
    OtherFunder,
    Proposal,
    ProposalActivity,
    ProposalEvent,
    ProposalResult,
    ProposalRevision,
    ReferenceSequence,
)
from .sections import BY_KEY
from .signals import returned_to_review

ROW_MODELS = {
    "results": ProposalResult,
    "activities": ProposalActivity,
    "budget_lines": BudgetLine,
    "other_funders": OtherFunder,
}


class SectionConflict(Exception):
    """Someone saved the section since this form was loaded; nothing of theirs is overwritten."""

    def __init__(self, *, version: int, saved_by: str, saved_at: datetime):
        super().__init__("section conflict")
        self.version, self.saved_by, self.saved_at = version, saved_by, saved_at


def section_version(proposal: Proposal, key: str) -> int:
    return proposal.section_versions.get(key, {}).get("version", 0)


def _check_call_open(call: Call, moment: datetime) -> None:
    if not call.is_open_at(moment):
        zone = call.mission.zone
        raise ValidationError(
            _(
                "This call closed on %(deadline)s (%(zone)s time). Proposals received after the "
                "deadline cannot be considered."
            ),
            code="call_closed",
            params={
                "deadline": date_format(call.closes_at.astimezone(zone), "DATETIME_FORMAT"),
                "zone": call.mission.time_zone.replace("_", " "),
            },
        )


def _check_eligible(call: Call, organization: Organization) -> None:
    """The rule the list of open calls applies, enforced: a call's create URL posted to
    directly gives no way around it."""
    if not permissions.is_in_call_countries(organization, call):
        raise ValidationError(
            _("This call is for organizations in %(countries)s, and yours is in %(country)s."),
            code="ineligible_country",
            params={
                "countries": ", ".join(str(country.name) for country in call.mission.countries),
                "country": str(organization.country.name),
            },
        )
    if not permissions.is_of_call_types(organization, call):
        raise ValidationError(
            _(
                "This call is for these types of organization only: %(types)s. Your "
                "organization's type is “%(kind)s”."
            ),
            code="ineligible_organization_type",
            params={
                "types": "; ".join(map(str, call.eligible_organization_type_labels)),
                "kind": str(organization.get_kind_display()),
            },
        )


@transaction.atomic
def proposal_create(*, call: Call, organization: Organization, actor: User) -> Proposal:
    """A member starts a draft for an open call their organization may apply to (its country
    and type), in the first language the call accepts that they speak."""
    if not is_member(actor, organization):
        raise PermissionDenied
    _check_call_open(call, timezone.now())
    _check_eligible(call, organization)
    languages = call.accepted_languages or ["en"]
    language = actor.preferred_language if actor.preferred_language in languages else languages[0]
    proposal = Proposal.objects.create(
        call=call,
        organization=organization,
        created_by=actor,
        language=language,
        currency=call.mission.local_currency,
        exchange_rate=call.exchange_rate,
        location_country=organization.country,
        location_city=organization.city,
    )
    ProposalEvent.objects.create(proposal=proposal, kind=ProposalEvent.Kind.CREATED, actor=actor)
    audit_record(verb="proposal.created", actor=actor, target=proposal, mission_id=call.mission_id)
    return proposal


# Fields a section's save computes from what was typed.
SECTION_COMPUTED = {"budget": {"cfli_total", "project_total", "amount_requested_cad"}}


@transaction.atomic
def proposal_section_save(
    *,
    proposal: Proposal,
    section: str,
    values: dict,
    rows: dict[str, list[dict]],
    version: int,
    actor: User,
    force: bool = False,
) -> Proposal:
    """Save what the applicant typed in one section of a draft.

    `version` is the section's version the form was loaded with: if someone else saved since,
    a `SectionConflict` says who and when, and nothing is written (unless `force`, when the
    person chose to keep their own text). `values` and `rows` hold only valid input; the
    caller keeps the rest on screen with its error.
    """
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call__mission")
        .get(pk=proposal.pk)
    )
    if not permissions.can_edit_proposal(actor, proposal):
        raise PermissionDenied
    current = proposal.section_versions.get(section, {})
    # One's own earlier save (an autosave still in flight when Save was pressed) is no conflict.
    stale = current.get("version", 0) != version and current.get("by_id") != actor.pk
    if stale and not force:
        raise SectionConflict(
            version=current.get("version", 0),
            saved_by=current.get("by", ""),
            saved_at=datetime.fromisoformat(current["at"]) if current.get("at") else None,
        )
    allowed = set(BY_KEY[section].fields)
    for name, value in values.items():
        if name in allowed:
            setattr(proposal, name, value)
    for name, items in rows.items():
        if name in BY_KEY[section].row_sets:
            _replace_rows(proposal, name, items)
    if section == "budget":
        _recompute_budget(proposal)
    now = timezone.now()
    proposal.section_versions[section] = {
        "version": current.get("version", 0) + 1,
        "by": actor.full_name or actor.email,
        "by_id": actor.pk,
        "at": now.isoformat(),
    }
    # Check and write only what this section changes: the rest was checked when it was saved.
    columns = {field.name for field in Proposal._meta.concrete_fields}
    changed = columns & (
        allowed | SECTION_COMPUTED.get(section, set()) | {"section_versions", "updated_at"}
    )
    proposal.full_clean(exclude=columns - changed, validate_unique=False)
    proposal.save(update_fields=changed)
    return proposal


def _replace_rows(proposal: Proposal, name: str, items: list[dict]) -> None:
    model = ROW_MODELS[name]
    model.objects.filter(proposal=proposal).delete()
    model.objects.bulk_create(
        model(proposal=proposal, position=position, **item) for position, item in enumerate(items)
    )


def _recompute_budget(proposal: Proposal) -> None:
    totals = budget.totals(list(proposal.budget_lines.all()))
    proposal.cfli_total = totals.cfli
    proposal.project_total = totals.project
    _convert_to_cad(proposal)


def _convert_to_cad(proposal: Proposal) -> None:
    """The amount in CAD that staff see and decide on, at the rate the rules use (the call's,
    see `budget.cad_rate`); the proposal keeps that rate with it."""
    rate = budget.cad_rate(call=proposal.call, currency=proposal.currency)
    proposal.exchange_rate = rate
    proposal.amount_requested_cad = (
        budget.to_cad(proposal.amount_requested, rate)
        if proposal.amount_requested is not None
        else None
    )


def references_allocate(*, mission: Mission, fiscal_year: int, count: int = 1) -> list[str]:
    """The next `count` references of the mission's fiscal year, CFLI-<mission>-<fiscal
    year>-<NNNN>, in order. The sequence row stays locked until the caller's transaction
    commits, so numbers have no gap and no duplicate even when proposals are submitted at the
    same instant. Every reference comes from here: a submission's, and `seed_volume`'s by the
    batch."""
    sequence, _created = ReferenceSequence.objects.get_or_create(
        mission_id=mission.pk, fiscal_year=fiscal_year
    )
    sequence = ReferenceSequence.objects.select_for_update().get(pk=sequence.pk)
    first = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    label = fiscal_year_label(fiscal_year)
    return [f"CFLI-{mission.code}-{label}-{number:04d}" for number in range(first, first + count)]


def snapshot(proposal: Proposal) -> dict:
    """The proposal's content as submitted, for the revision kept with it."""
    fields = {
        field.name: field.value_to_string(proposal)
        for field in Proposal._meta.concrete_fields
        if field.name not in {"section_versions"}
    }
    return {
        "proposal": fields,
        "results": list(proposal.results.values()),
        "activities": list(proposal.activities.values()),
        "budget_lines": list(proposal.budget_lines.values()),
        "other_funders": list(proposal.other_funders.values()),
        "attachments": list(
            proposal.attachments.values("id", "kind", "file_name", "size", "sha256")
        ),
    }


@dataclass(frozen=True)
class Submission:
    proposal: Proposal
    already_submitted: bool


@transaction.atomic
def proposal_submit(*, proposal: Proposal, actor: User, received_at: datetime) -> Submission:
    """Submit a complete draft before the call closes (by the request's arrival time).

    Idempotent: a second submit of the same proposal (a double click, a retry) finds it
    submitted under the lock and returns it, changing nothing.
    """
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call__mission", "organization")
        .get(pk=proposal.pk)
    )
    if not is_member(actor, proposal.organization):
        raise PermissionDenied
    if proposal.status == Proposal.Status.SUBMITTED:
        return Submission(proposal, already_submitted=True)
    workflow.check_transition(proposal, to=Proposal.Status.SUBMITTED)  # before the slower checks
    call = proposal.call
    _check_call_open(call, received_at)
    if not completeness.is_complete(proposal):
        raise ValidationError(
            _("The proposal is not complete yet: the checklist shows what is missing."),
            code="incomplete",
        )
    limit = call.max_proposals_per_organization
    if limit is not None:
        # Lock the organization so two proposals submitted together are counted together.
        Organization.objects.select_for_update().get(pk=proposal.organization_id)
        submitted = Proposal.objects.filter(
            call=call, organization=proposal.organization, status__in=workflow.ACTIVE
        ).count()
        if submitted >= limit:
            raise ValidationError(
                _(
                    "This call accepts at most %(limit)d proposal(s) per organization, and "
                    "yours has already submitted %(count)d."
                ),
                code="too_many",
                params={"limit": limit, "count": submitted},
            )
    workflow.transition(proposal, to=Proposal.Status.SUBMITTED)
    proposal.submitted_at = received_at
    proposal.submitted_by = actor
    # At the call's rate of today, the one the maximum was just checked with.
    _convert_to_cad(proposal)
    ProposalRevision.objects.create(proposal=proposal, number=1, content=snapshot(proposal))
    ProposalEvent.objects.create(proposal=proposal, kind=ProposalEvent.Kind.SUBMITTED, actor=actor)
    _notify_submitted(proposal)
    # The reference last: its sequence row stays locked until the commit, and every submit of
    # the mission's fiscal year waits for it (deadline day: 29 ms on average when taken first).
    proposal.reference = references_allocate(mission=call.mission, fiscal_year=call.fiscal_year)[0]
    proposal.save(
        update_fields=[
            "status",
            "reference",
            "submitted_at",
            "submitted_by",
            "exchange_rate",
            "amount_requested_cad",
            "updated_at",
        ]
    )
    audit_record(
        verb="proposal.submitted",
        actor=actor,
        target=proposal,
        mission_id=call.mission_id,
        data={"reference": proposal.reference},
    )
    return Submission(proposal, already_submitted=False)


def _notify_submitted(proposal: Proposal) -> None:
    notify(
        event="proposal_submitted",
        key=f"proposal-submitted:{proposal.pk}",
        recipients=member_users(proposal.organization_id),
        context=_context(proposal, path=proposal.get_absolute_url()),
    )
    officers = program_officers_of(proposal.call.mission_id)
    notify(
        event="proposal_received",
        key=f"proposal-received:{proposal.pk}",
        recipients=officers,
        context=_context(proposal, path=reverse("reviews:workspace", args=[proposal.pk])),
    )


def _context(proposal: Proposal, *, path: str) -> dict:
    return {
        "objects": {
            "proposal": ["proposals.Proposal", proposal.pk],
            "organization": ["accounts.Organization", proposal.organization_id],
        },
        "path": path,
    }


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor: User, reason: str) -> Proposal:
    """A member withdraws a submitted proposal before a decision, saying why."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    )
    if not permissions.can_withdraw_proposal(actor, proposal):
        raise PermissionDenied
    workflow.check_transition(proposal, to=Proposal.Status.WITHDRAWN)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the proposal is withdrawn.")}, code="required")
    workflow.transition(proposal, to=Proposal.Status.WITHDRAWN)
    proposal.withdrawn_at = timezone.now()
    proposal.withdrawal_reason = reason
    proposal.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
    ProposalEvent.objects.create(
        proposal=proposal, kind=ProposalEvent.Kind.WITHDRAWN, actor=actor, note=reason
    )
    audit_record(
        verb="proposal.withdrawn", actor=actor, target=proposal, mission_id=proposal.call.mission_id
    )
    notify(
        event="proposal_withdrawn",
        key=f"proposal-withdrawn:{proposal.pk}",
        recipients=member_users(proposal.organization_id),
        context=_context(proposal, path=proposal.get_absolute_url()),
    )
    return proposal


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


REMINDERS = ((timedelta(hours=2), "2h"), (timedelta(hours=48), "48h"))
# A call closed longer ago than this was reported already (or the system was off for a week).
CLOSING_LOOKBACK = timedelta(days=7)


def draft_reminders_send(*, now: datetime) -> int:
    """Tell the members of organizations with an unsubmitted draft that the call closes soon:
    48 hours before, then 2 hours before; each reminder once (the notification key is unique),
    and only the nearer one if the scheduler was down when the first was due."""
    sent = 0
    drafts = Proposal.objects.filter(
        status=Proposal.Status.DRAFT,
        call__closes_at__gt=now,
        call__closes_at__lte=now + REMINDERS[-1][0],
    ).select_related("call", "organization")
    for proposal in drafts:
        remaining = proposal.call.closes_at - now
        label = next(name for delay, name in REMINDERS if remaining <= delay)
        with transaction.atomic():
            sent += len(
                notify(
                    event="draft_reminder",
                    bulk=True,
                    key=f"draft-reminder-{label}:{proposal.pk}",
                    recipients=member_users(proposal.organization_id),
                    context=_context(proposal, path=proposal.get_absolute_url()),
                )
            )
    return sent


@transaction.atomic
def proposal_move(
    *, proposal: Proposal, to: str, actor: User | None, note: str = "", event: str | None = None
) -> Proposal:
    """The one way a submitted proposal changes state (screening, review, decision): lock the
    row, check the move against the workflow table, write the state, the timeline event and
    the audit row. Callers check who may act and add their notifications in the same
    transaction."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    )
    previous = workflow.transition(proposal, to=to)
    proposal.save(update_fields=["status", "updated_at"])
    ProposalEvent.objects.create(proposal=proposal, kind=event or to, actor=actor, note=note)
    audit_record(
        verb=f"proposal.{to}",
        actor=actor,
        target=proposal,
        mission_id=proposal.call.mission_id,
        data={"from": previous},
    )
    return proposal


def calls_closed_report(*, now: datetime) -> int:
    """When a call closes, its program officers are told how many proposals came in (once:
    the notification key is unique). Its drafts can no longer change (see permissions)."""
    sent = 0
    recent = Call.objects.filter(
        closes_at__lte=now, closes_at__gt=now - CLOSING_LOOKBACK, published_at__isnull=False
    ).select_related("mission")
    for call in recent:
        officers = program_officers_of(call.mission_id)
        submitted = call.proposals.exclude(status=Proposal.Status.DRAFT).count()
        drafts = call.proposals.filter(status=Proposal.Status.DRAFT).count()
        with transaction.atomic():
            sent += len(
                notify(
                    event="call_closed",
                    key=f"call-closed:{call.pk}",
                    recipients=officers,
                    context={
                        "objects": {"call": ["programs.Call", call.pk]},
                        "submitted": submitted,
                        "drafts": drafts,
                        "path": reverse("proposals_staff:list"),
                    },
                )
            )
    return sent


# --- Requests for more information -------------------------------------------------------------

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
    if not is_member(actor, proposal.organization):
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
