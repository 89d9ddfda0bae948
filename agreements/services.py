"""Writes on contribution agreements. Each service locks the agreement, checks the move against
`workflow.py` and the actor's permission, and writes the change, its timeline event and its
audit row in one transaction."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import member_users
from core.services import audit_record
from core.uploads import MB, inspect_upload
from notifications.services import notify
from programs.models import (
    Call,
    InstalmentCondition,
    Mission,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
)
from programs.selectors import approvers_of, program_officers_of
from proposals import budget
from proposals.models import Proposal
from reviews import commitments
from reviews.models import Decision

from . import bank, money, permissions, selectors, signals, workflow
from .models import (
    PUBLICATION_FIELDS,
    AgreementBudget,
    AgreementBudgetLine,
    AgreementEvent,
    AgreementSequence,
    Amendment,
    BankAccount,
    ContributionAgreement,
    PaymentInstalment,
)

Status = ContributionAgreement.Status
AGREEMENT_LANGUAGES = ("en", "fr", "es")
RATE_PLACES = Decimal("0.00000001")


def agreement_number_allocate(*, mission: Mission, fiscal_year: int) -> str:
    """The next agreement number of the mission's fiscal year, CFLI-<mission>-<fiscal
    year>-A<NNNN>. The sequence row stays locked until the caller's transaction commits, so
    numbers have no gap and no duplicate when two agreements become ready at the same instant."""
    (number,) = AgreementSequence.take(mission_id=mission.pk, fiscal_year=fiscal_year)
    return f"CFLI-{mission.code}-{fiscal_year_label(fiscal_year)}-A{number:04d}"


def _language(proposal: Proposal) -> str:
    """The agreement is written in the proposal's language, or, for a proposal in a language
    the agreement's template is not written in, in the language of whoever submitted it."""
    if proposal.language in AGREEMENT_LANGUAGES:
        return proposal.language
    submitter = proposal.submitted_by or proposal.created_by
    return submitter.preferred_language if submitter.preferred_language else "en"


def _budget_copy(agreement: ContributionAgreement, proposal: Proposal, actor: User | None):
    """Version 1 of the agreement's budget: the proposal's budget as submitted, accepted with
    the decision that funds it in full."""
    lines = list(proposal.budget_lines.all())
    now = timezone.now()
    version = AgreementBudget.objects.create(
        agreement=agreement,
        version=1,
        currency=agreement.currency,
        cfli_total=proposal.cfli_total,
        project_total=proposal.project_total,
        proposed_at=proposal.submitted_at or now,
        accepted_by=actor,
        accepted_at=now,
    )
    AgreementBudgetLine.objects.bulk_create(
        AgreementBudgetLine(
            budget=version,
            position=position,
            category=line.category,
            description=line.description,
            unit=line.unit,
            quantity=line.quantity or Decimal(0),
            unit_cost=line.unit_cost or Decimal(0),
            cfli_amount=line.cfli_amount or Decimal(0),
            applicant_cash=line.applicant_cash or Decimal(0),
            in_kind=line.in_kind or Decimal(0),
            other_donor=line.other_donor or Decimal(0),
        )
        for position, line in enumerate(lines, start=1)
    )
    return version


def _instalments_schedule(agreement: ContributionAgreement, schedule: list[dict]) -> None:
    """The call's payment schedule in cents of the agreement's amount, adding up exactly."""
    amounts = money.allocate(agreement.amount_cad, [part["percent"] for part in schedule])
    PaymentInstalment.objects.bulk_create(
        PaymentInstalment(
            agreement=agreement,
            sequence=sequence,
            condition=part["condition"],
            amount_cad=amount,
        )
        for sequence, (part, amount) in enumerate(zip(schedule, amounts, strict=True), start=1)
    )


@transaction.atomic
def agreement_open(*, decision: Decision, actor: User | None) -> ContributionAgreement:
    """The draft contribution agreement of a funded proposal, made when its decision is released
    (in that transaction). When the approved amount differs from the amount requested, the
    partner first adjusts the budget to it and the agreement waits in "budget to adjust";
    otherwise the proposal's budget becomes the agreement's version 1. A second call returns
    the agreement already made."""
    proposal = Proposal.objects.select_related("call__mission", "submitted_by", "created_by").get(
        pk=decision.proposal_id
    )
    existing = ContributionAgreement.objects.filter(proposal=proposal).first()
    if existing is not None:
        return existing
    if decision.amount is None or not decision.is_funding:
        raise ValidationError(_("Only a funding decision opens an agreement."), code="not_funded")
    call = proposal.call
    currency = proposal.currency or "CAD"
    # The rate the proposal was checked at; a submitted proposal always has one.
    rate = proposal.exchange_rate or budget.cad_rate(call=call, currency=currency)
    if rate is None:
        raise ValidationError(_("The proposal's budget has no exchange rate."), code="no_rate")
    adjust = decision.amount != proposal.amount_requested_cad
    agreement = ContributionAgreement.objects.create(
        proposal=proposal,
        mission=call.mission,
        fiscal_year=call.fiscal_year,
        status=Status.BUDGET_ADJUSTMENT if adjust else Status.DRAFT,
        title=proposal.title,
        language=_language(proposal),
        amount_cad=decision.amount,
        currency=currency,
        exchange_rate=rate,
        rate_date=timezone.localdate(),
        # Funded as asked, the budget's own CFLI total is the amount in its currency; otherwise
        # the partner adjusts the budget's CFLI column to the approved amount at the rate.
        amount_local=money.in_currency(decision.amount, rate) if adjust else proposal.cfli_total,
        end_date=proposal.end_date or call.latest_end_date,
        special_conditions=decision.conditions,
        **_publication_prefilled(proposal),
    )
    if not adjust:
        agreement.budget = _budget_copy(agreement, proposal, actor)
        agreement.save(update_fields=["budget"])
    _instalments_schedule(agreement, call.payment_schedule)
    record_event(
        agreement,
        kind=AgreementEvent.Kind.OPENED,
        actor=actor,
        data={"proposal": proposal.reference, "amount_cad": str(agreement.amount_cad)},
    )
    if adjust:
        record_event(agreement, kind=AgreementEvent.Kind.BUDGET_REQUESTED, actor=actor)
        _tell(
            agreement,
            "agreement_budget_requested",
            key=f"agreement-budget-requested:{agreement.pk}",
            recipients=member_users(proposal.organization_id),
            path=_partner_path(agreement),
        )
    return agreement


def _publication_prefilled(proposal: Proposal) -> dict[str, str]:
    """The publication texts in the proposal's language when it is English or French: its
    title, objectives and expected results, for the officer to confirm; the other language's
    are theirs to write."""
    language = proposal.language
    if language not in ("en", "fr"):
        return {}
    results = "\n".join(
        result.description.strip()
        for result in proposal.results.order_by("position", "pk")
        if result.description.strip()
    )
    return {
        f"publication_title_{language}": proposal.title,
        f"publication_description_{language}": proposal.objectives.strip(),
        f"publication_results_{language}": results,
    }


@transaction.atomic
def agreement_publication_set(
    *, agreement: ContributionAgreement, actor: User, values: dict[str, str]
) -> ContributionAgreement:
    """A program officer writes or corrects what Canada publishes of the agreement, in English
    and French (the fields of `values` among PUBLICATION_FIELDS); audited with what changed."""
    agreement = _locked(agreement)
    if not permissions.can_write_publication(actor, agreement):
        raise PermissionDenied
    changed = {
        name: {"from": getattr(agreement, name), "to": values[name].strip()}
        for name in PUBLICATION_FIELDS
        if name in values and values[name].strip() != getattr(agreement, name)
    }
    if not changed:
        return agreement
    for name, change in changed.items():
        setattr(agreement, name, change["to"])
    agreement.save(update_fields=[*changed, "updated_at"])
    audit_record(
        verb="agreement.publication_set",
        actor=actor,
        target=agreement,
        mission_id=agreement.mission_id,
        data=changed,
    )
    return agreement


def agreements_open_missing() -> int:
    """The agreement of every proposal whose funding was released before agreements existed
    (or whose opening failed and was rolled back with nothing to show): each opened as the
    release would have opened it, in a transaction of its own. Returns how many it opened."""
    released = (
        Decision.objects.filter(
            released_at__isnull=False,
            recommendation__in=Decision.FUNDED,
            amount__isnull=False,
            proposal__status=Proposal.Status.APPROVED,
            proposal__agreement__isnull=True,
        )
        .select_related("released_by", "approved_by")
        .order_by("pk")
    )
    count = 0
    for decision in released:
        actor = decision.released_by or decision.approved_by
        agreement_open(decision=decision, actor=actor)
        count += 1
    return count


def _context(
    agreement: ContributionAgreement,
    *,
    path: str,
    instalment: PaymentInstalment | None = None,
    amendment: Amendment | None = None,
    event: AgreementEvent | None = None,
) -> dict:
    """What an agreement's notification reads when it is sent, in its recipient's language."""
    objects = {
        "agreement": ["agreements.ContributionAgreement", agreement.pk],
        "proposal": ["proposals.Proposal", agreement.proposal_id],
        "organization": ["accounts.Organization", agreement.proposal.organization_id],
    }
    if instalment is not None:
        objects["instalment"] = ["agreements.PaymentInstalment", instalment.pk]
    if amendment is not None:
        objects["amendment"] = ["agreements.Amendment", amendment.pk]
    if event is not None:
        objects["event"] = ["agreements.AgreementEvent", event.pk]
    return {"objects": objects, "path": path}


def _tell(
    agreement: ContributionAgreement,
    event: str,
    *,
    key: str,
    recipients,
    path: str,
    instalment: PaymentInstalment | None = None,
    amendment: Amendment | None = None,
    step: AgreementEvent | None = None,
) -> None:
    """Notify the recipients of a step of the agreement, through the outbox (`step`: the
    timeline's event whose note they read)."""
    notify(
        event=event,
        key=key,
        recipients=recipients,
        context=_context(
            agreement, path=path, instalment=instalment, amendment=amendment, event=step
        ),
    )


def _tell_partner(agreement: ContributionAgreement, event: str, *, key: str, **parts) -> None:
    """Notify the organization's members of a step, with a link to their agreement's page."""
    _tell(
        agreement,
        event,
        key=key,
        recipients=member_users(agreement.proposal.organization_id),
        path=_partner_path(agreement),
        **parts,
    )


def _partner_path(agreement: ContributionAgreement) -> str:
    return reverse("agreements:agreement", args=[agreement.proposal_id])


def _staff_path(agreement: ContributionAgreement) -> str:
    return reverse("agreements_staff:agreement", args=[agreement.proposal_id])


def _locked(agreement: ContributionAgreement) -> ContributionAgreement:
    return ContributionAgreement.objects.select_for_update().get(pk=agreement.pk)


def record_event(
    agreement: ContributionAgreement,
    *,
    kind: str,
    actor: User | None,
    data: dict | None = None,
    instalment: int | None = None,
    amendment: int | None = None,
    report: str = "",
    due_date: date | None = None,
    note: str = "",
) -> AgreementEvent:
    """A step of the agreement: on its timeline, and in the audit log as agreement.<kind>.
    The apps above record their steps of the project's life here too (monitoring: reports)."""
    event = AgreementEvent.objects.create(
        agreement=agreement,
        kind=kind,
        actor=actor,
        instalment=instalment,
        amendment=amendment,
        report=report,
        due_date=due_date,
        note=note,
    )
    numbers = {"instalment": instalment, "amendment": amendment, "report": report}
    audit_record(
        verb=f"agreement.{kind}",
        actor=actor,
        target=agreement,
        mission_id=agreement.mission_id,
        data={**(data or {}), **{key: value for key, value in numbers.items() if value}},
    )
    return event


def _schedule_errors(instalments: list[dict], amount: Decimal) -> list[str]:
    """What keeps a schedule from paying the agreement's amount: each instalment above zero,
    a date for those paid on a date, and a total of the amount to the cent."""
    errors = []
    if not instalments:
        errors.append(_("Give at least one instalment."))
    for number, part in enumerate(instalments, start=1):
        if part["condition"] == InstalmentCondition.ON_DATE and part.get("due_date") is None:
            errors.append(
                _("Instalment %(number)d is paid on a date: give the date.") % {"number": number}
            )
        if part["amount_cad"] <= 0:
            errors.append(
                _("Instalment %(number)d: give an amount above zero.") % {"number": number}
            )
    total = sum((part["amount_cad"] for part in instalments), Decimal(0))
    if instalments and total != amount:
        errors.append(
            _("The instalments add up to CAD %(total)s, not the agreement's CAD %(amount)s.")
            % {"total": _shown(total), "amount": _shown(amount)}
        )
    return errors


def _shown(amount: Decimal) -> str:
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


@transaction.atomic
def agreement_mark_ready(*, agreement: ContributionAgreement, actor: User):
    """The officer sends the agreement for signature: its budget is accepted (a draft's always
    is) and its schedule adds up to its amount. It takes its number now, the next of its
    mission's fiscal year, so that a draft that never goes out leaves no gap; one sent back to
    draft keeps it."""
    agreement = _locked(agreement)
    if not permissions.is_officer_of(actor, agreement):
        raise PermissionDenied
    workflow.check_transition(agreement, to=Status.TO_SIGN)
    instalments = agreement.instalments.exclude(status=PaymentInstalment.Status.CANCELLED)
    problems = _schedule_errors(
        [
            {"condition": i.condition, "due_date": i.due_date, "amount_cad": i.amount_cad}
            for i in instalments
        ],
        agreement.amount_cad,
    )
    if problems:
        raise ValidationError(problems, code="not_ready")
    workflow.transition(agreement, to=Status.TO_SIGN)
    if not agreement.number:
        agreement.number = agreement_number_allocate(
            mission=agreement.mission, fiscal_year=agreement.fiscal_year
        )
    agreement.save(update_fields=["status", "number"])
    event = record_event(
        agreement, kind=AgreementEvent.Kind.READY, actor=actor, data={"number": agreement.number}
    )
    # Keyed by the step: an agreement sent again after a change is announced again.
    _tell_partner(
        agreement,
        "agreement_ready_to_sign",
        key=f"agreement-ready:{event.pk}",
    )
    return agreement


def _returned_to_draft(agreement: ContributionAgreement, actor: User) -> None:
    """An agreement sent for signature whose terms change goes back to draft: the partner must
    not sign what is no longer the agreement."""
    if agreement.status == Status.TO_SIGN:
        workflow.transition(agreement, to=Status.DRAFT)
        agreement.save(update_fields=["status"])
        record_event(agreement, kind=AgreementEvent.Kind.REOPENED, actor=actor)


@transaction.atomic
def agreement_schedule_set(
    *, agreement: ContributionAgreement, instalments: list[dict], actor: User
) -> ContributionAgreement:
    """The officer changes the payment schedule before signature: the instalments, in order,
    each with its condition (and its date when paid on a date) and its amount in CAD. They
    must add up to the agreement's amount to the cent; the schedule is replaced whole."""
    agreement = _locked(agreement)
    if not permissions.can_prepare_agreement(actor, agreement):
        raise PermissionDenied
    errors = _schedule_errors(instalments, agreement.amount_cad)
    if errors:
        raise ValidationError(errors, code="invalid_schedule")
    before = [
        [i.condition, str(i.due_date or ""), str(i.amount_cad)] for i in agreement.instalments.all()
    ]
    agreement.instalments.all().delete()
    PaymentInstalment.objects.bulk_create(
        PaymentInstalment(
            agreement=agreement,
            sequence=sequence,
            condition=part["condition"],
            due_date=part.get("due_date")
            if part["condition"] == InstalmentCondition.ON_DATE
            else None,
            amount_cad=part["amount_cad"],
        )
        for sequence, part in enumerate(instalments, start=1)
    )
    _returned_to_draft(agreement, actor)
    record_event(
        agreement,
        kind=AgreementEvent.Kind.SCHEDULE_CHANGED,
        actor=actor,
        data={
            "before": before,
            "after": [
                [part["condition"], str(part.get("due_date") or ""), str(part["amount_cad"])]
                for part in instalments
            ],
        },
    )
    return agreement


def _budget_version_add(
    agreement: ContributionAgreement,
    lines: list[AgreementBudgetLine],
    *,
    actor: User,
    cfli_local: Decimal,
    cad: Decimal,
) -> AgreementBudget:
    """A new version of the agreement's budget, not accepted yet, if it keeps the budget's
    rules (complete lines that add up, the call's cap on administration, its maximum) and its
    CFLI column adds up to `cfli_local` (`cad` in the budget's currency)."""
    call = agreement.proposal.call
    problems = [message for _field, message in budget.line_problems(lines)]
    problems += [
        message
        for _field, message in budget.rule_problems(
            lines=lines, amount_requested=None, currency=agreement.currency, call=call
        )
    ]
    totals = budget.totals(lines)
    if not lines:
        problems.append(_("Give at least one budget line."))
    elif totals.cfli != cfli_local:
        problems.append(
            _(
                "The CFLI column adds up to %(total)s %(currency)s; it must be the approved "
                "amount, %(amount)s %(currency)s (CAD %(cad)s)."
            )
            % {
                "total": _shown(totals.cfli),
                "amount": _shown(cfli_local),
                "currency": agreement.currency,
                "cad": _shown(cad),
            }
        )
    if problems:
        raise ValidationError(problems, code="invalid_budget")
    for line in lines:  # a contribution left empty gives nothing
        for name in budget.CONTRIBUTIONS:
            setattr(line, name, getattr(line, name) or Decimal(0))
    last = agreement.budgets.aggregate(last=Max("version"))["last"] or 0
    version = AgreementBudget.objects.create(
        agreement=agreement,
        version=last + 1,
        currency=agreement.currency,
        cfli_total=totals.cfli,
        project_total=totals.project,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    for position, line in enumerate(lines, start=1):
        line.budget, line.position = version, position
    AgreementBudgetLine.objects.bulk_create(lines)
    return version


@transaction.atomic
def agreement_budget_propose(
    *, agreement: ContributionAgreement, lines: list[AgreementBudgetLine], actor: User
) -> AgreementBudget:
    """The partner's budget adjusted to the approved amount: the budget's rules (complete
    lines that add up, the call's cap on administration, its maximum) and a CFLI column that
    adds up to the agreement's amount in the budget's currency. Sent again before the officer
    accepts it, it replaces the one sent before."""
    agreement = _locked(agreement)
    if not permissions.can_adjust_budget(actor, agreement):
        raise PermissionDenied
    agreement.budgets.filter(accepted_at__isnull=True).delete()
    version = _budget_version_add(
        agreement, lines, actor=actor, cfli_local=agreement.amount_local, cad=agreement.amount_cad
    )
    record_event(
        agreement,
        kind=AgreementEvent.Kind.BUDGET_PROPOSED,
        actor=actor,
        data={"version": version.version, "cfli_total": str(version.cfli_total)},
    )
    _tell(
        agreement,
        "agreement_budget_sent",
        key=f"agreement-budget-sent:{version.pk}",
        recipients=program_officers_of(agreement.mission_id),
        path=_staff_path(agreement),
    )
    return version


@transaction.atomic
def agreement_budget_accept(
    *, agreement: ContributionAgreement, actor: User
) -> ContributionAgreement:
    """The officer accepts the partner's adjusted budget: it becomes the agreement's budget and
    the agreement a draft to send for signature."""
    agreement = _locked(agreement)
    if not permissions.can_accept_budget(actor, agreement):
        raise PermissionDenied
    proposed = agreement.budgets.filter(accepted_at__isnull=True).order_by("-version").first()
    if proposed is None:
        raise ValidationError(
            _("The partner has not sent an adjusted budget yet."), code="no_budget"
        )
    proposed.accepted_by, proposed.accepted_at = actor, timezone.now()
    proposed.save(update_fields=["accepted_by", "accepted_at"])
    workflow.transition(agreement, to=Status.DRAFT)
    agreement.budget = proposed
    agreement.save(update_fields=["status", "budget"])
    record_event(
        agreement,
        kind=AgreementEvent.Kind.BUDGET_ACCEPTED,
        actor=actor,
        data={"version": proposed.version},
    )
    return agreement


@transaction.atomic
def bank_account_set(
    *,
    agreement: ContributionAgreement,
    actor: User,
    holder: str,
    bank_name: str,
    bank_address: str,
    account_number: str,
    swift_bic: str,
    iban: str,
) -> BankAccount:
    """A member gives the account the agreement pays into, in the organization's own name.
    The number and the IBAN are stored encrypted, never in the audit log. Given after the
    agreement is signed, the account waits for an officer's confirmation before any payment."""
    agreement = _locked(agreement)
    if not permissions.can_set_bank_account(actor, agreement):
        raise PermissionDenied
    organization = agreement.proposal.organization
    if not bank.holder_is_organization(holder, organization.name):
        raise ValidationError(
            {
                "holder": _(
                    "The account must be in the organization's own name, “%(name)s”: the fund "
                    "pays no personal or third-party account."
                )
                % {"name": organization.name}
            }
        )
    number, iban = bank.compact(account_number), bank.compact(iban)
    account = BankAccount.objects.create(
        organization=organization,
        holder=holder.strip(),
        bank_name=bank_name.strip(),
        bank_address=bank_address.strip(),
        account_number_encrypted=bank.encrypt(number),
        account_last4=number[-4:],
        iban_encrypted=bank.encrypt(iban) if iban else "",
        swift_bic=bank.compact(swift_bic),
        entered_by=actor,
        needs_confirmation=agreement.status in workflow.SIGNED,
    )
    agreement.bank_account = account
    agreement.save(update_fields=["bank_account"])
    record_event(
        agreement,
        kind=AgreementEvent.Kind.BANK_ACCOUNT_SET,
        actor=actor,
        data={"account": account.masked_number, "needs_confirmation": account.needs_confirmation},
    )
    return account


# A scanned signed copy is a scan or a PDF, not an office document.
SIGNED_COPY_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")


@transaction.atomic
def agreement_sign(
    *,
    agreement: ContributionAgreement,
    actor: User,
    signatory_name: str,
    signatory_title: str,
    attested: bool,
    signed_copy=None,
) -> ContributionAgreement:
    """The partner's authorized signatory signs the agreement sent for signature: their name and
    title, the attestation as the page showed it (in the language they read it in) and,
    optionally, a scanned signed copy, checked as every upload. The embassy's approvers are
    then asked to countersign."""
    agreement = _locked(agreement)
    if not permissions.is_signatory_of(actor, agreement):
        raise PermissionDenied
    workflow.check_transition(agreement, to=Status.PARTNER_SIGNED)
    errors: dict[str, list] = {}
    if not signatory_name.strip():
        errors["signatory_name"] = [_("Give the name of the person who signs.")]
    if not signatory_title.strip():
        errors["signatory_title"] = [_("Give the title of the person who signs.")]
    if not attested:
        errors["attested"] = [_("Confirm the attestation to sign.")]
    if agreement.bank_account is None:
        errors["__all__"] = [
            _(
                "Give the bank account the fund pays into before you sign: it is part of the "
                "agreement."
            )
        ]
    checked = None
    if signed_copy is not None:
        max_mb = agreement.proposal.call.attachment_max_mb
        try:
            checked = inspect_upload(signed_copy, max_bytes=max_mb * MB)
        except ValidationError as error:
            errors["signed_copy"] = error.error_list
        else:
            if checked.extension not in SIGNED_COPY_EXTENSIONS:
                errors["signed_copy"] = [
                    _("“%(name)s”: send the signed copy as a PDF, JPEG or PNG file.")
                    % {"name": checked.file_name}
                ]
    if errors:
        raise ValidationError(errors, code="not_signed")
    workflow.transition(agreement, to=Status.PARTNER_SIGNED)
    agreement.partner_signed_by = actor
    agreement.partner_signed_at = timezone.now()
    agreement.partner_signatory_name = signatory_name.strip()
    agreement.partner_signatory_title = signatory_title.strip()
    agreement.partner_attestation = agreement.attestation()
    fields = [
        "status",
        "partner_signed_by",
        "partner_signed_at",
        "partner_signatory_name",
        "partner_signatory_title",
        "partner_attestation",
    ]
    if checked is not None:
        agreement.signed_copy.save(checked.file_name, signed_copy, save=False)
        agreement.signed_copy_name = checked.file_name
        agreement.signed_copy_type = checked.content_type
        agreement.signed_copy_sha256 = checked.sha256
        fields += ["signed_copy", "signed_copy_name", "signed_copy_type", "signed_copy_sha256"]
    agreement.save(update_fields=fields)
    record_event(
        agreement,
        kind=AgreementEvent.Kind.PARTNER_SIGNED,
        actor=actor,
        data={
            "signatory": agreement.partner_signatory_name,
            "title": agreement.partner_signatory_title,
            "signed_copy_sha256": agreement.signed_copy_sha256,
        },
    )
    _tell(
        agreement,
        "agreement_to_countersign",
        key=f"agreement-to-countersign:{agreement.pk}:{agreement.partner_signed_at.timestamp()}",
        recipients=approvers_of(agreement.mission_id),
        path=_staff_path(agreement),
    )
    return agreement


@transaction.atomic
def agreement_signature_return(
    *, agreement: ContributionAgreement, actor: User, reason: str
) -> ContributionAgreement:
    """The embassy does not countersign what the partner signed (a wrong signatory or title, an
    unreadable copy) and sends it back to be signed again, saying why: the signature is
    withdrawn (what it was stays on the timeline and in the audit log) and the organization's
    members read the reason."""
    agreement = _locked(agreement)
    if not permissions.may_return_signature(actor, agreement):
        raise PermissionDenied
    if agreement.status != Status.PARTNER_SIGNED:
        raise ValidationError(
            _("Only a signature waiting for the embassy's countersignature can be returned."),
            code="invalid_transition",
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": [_("Say what must change: the partner reads it.")]}, code="no_reason"
        )
    withdrawn = {
        "signatory": agreement.partner_signatory_name,
        "title": agreement.partner_signatory_title,
        "signed_at": agreement.partner_signed_at.isoformat() if agreement.partner_signed_at else "",
        "signed_copy": agreement.signed_copy_name,
        "signed_copy_sha256": agreement.signed_copy_sha256,
    }
    workflow.transition(agreement, to=Status.TO_SIGN)
    agreement.partner_signed_by = agreement.partner_signed_at = None
    agreement.partner_signatory_name = agreement.partner_signatory_title = ""
    agreement.partner_attestation = ""
    # The scanned copy stays in storage, named by the timeline and the audit log.
    agreement.signed_copy = agreement.signed_copy_name = ""
    agreement.signed_copy_type = agreement.signed_copy_sha256 = ""
    agreement.save(
        update_fields=[
            "status",
            "partner_signed_by",
            "partner_signed_at",
            "partner_signatory_name",
            "partner_signatory_title",
            "partner_attestation",
            "signed_copy",
            "signed_copy_name",
            "signed_copy_type",
            "signed_copy_sha256",
        ]
    )
    event = record_event(
        agreement,
        kind=AgreementEvent.Kind.SIGNATURE_RETURNED,
        actor=actor,
        data=withdrawn,
        note=reason.strip(),
    )
    _tell_partner(
        agreement,
        "agreement_signature_returned",
        key=f"agreement-signature-returned:{agreement.pk}:{event.pk}",
        step=event,
    )
    return agreement


@transaction.atomic
def agreement_countersign(*, agreement: ContributionAgreement, actor: User):
    """An approver of the mission signs for Canada, after the partner: the agreement is in force
    from today, its reports are scheduled (`signals.agreement_signed`), the instalment paid on
    signature becomes due, and both sides are told."""
    agreement = _locked(agreement)
    if not permissions.is_approver_of(actor, agreement):
        raise PermissionDenied
    workflow.check_transition(agreement, to=Status.ACTIVE)
    today = agreement.today
    workflow.transition(agreement, to=Status.ACTIVE)
    agreement.countersigned_by, agreement.countersigned_at = actor, timezone.now()
    agreement.start_date = today
    agreement.save(update_fields=["status", "countersigned_by", "countersigned_at", "start_date"])
    record_event(
        agreement,
        kind=AgreementEvent.Kind.COUNTERSIGNED,
        actor=actor,
        data={"start_date": today.isoformat()},
    )
    signals.agreement_signed.send(sender=ContributionAgreement, agreement=agreement, actor=actor)
    _tell_partner(
        agreement,
        "agreement_signed",
        key=f"agreement-signed:{agreement.pk}",
    )
    due = agreement.instalments.filter(status=PaymentInstalment.Status.SCHEDULED).filter(
        Q(condition=InstalmentCondition.ON_SIGNATURE)
        | Q(condition=InstalmentCondition.ON_DATE, due_date__lte=today)
    )
    _instalments_due(agreement, list(due), actor=actor)
    return agreement


def _instalments_due(
    agreement: ContributionAgreement, instalments, *, actor: User | None, note: str = ""
) -> None:
    """Make each instalment due, on the timeline, and tell the mission's officers, who pay it."""
    for instalment in instalments:
        workflow.transition(instalment, to=PaymentInstalment.Status.DUE)
        instalment.save(update_fields=["status", "updated_at"])
        record_event(
            agreement,
            kind=AgreementEvent.Kind.INSTALMENT_DUE,
            actor=actor,
            instalment=instalment.sequence,
            note=note,
            data={"amount_cad": str(instalment.amount_cad)},
        )
        _tell(
            agreement,
            "instalment_due",
            key=f"instalment-due:{instalment.pk}",
            recipients=program_officers_of(agreement.mission_id),
            path=reverse(
                "agreements_staff:instalment", args=[agreement.proposal_id, instalment.sequence]
            ),
            instalment=instalment,
        )


@transaction.atomic
def instalment_mark_due(
    *, agreement: ContributionAgreement, instalment: PaymentInstalment, actor: User, reason: str
) -> PaymentInstalment:
    """The officer makes an instalment due by hand, saying why (a condition met outside the
    system; a report accepted in it releases its instalments: `instalments_release`)."""
    agreement = _locked(agreement)
    if not permissions.is_officer_of(actor, agreement):
        raise PermissionDenied
    instalment = agreement.instalments.select_for_update().get(pk=instalment.pk)
    if agreement.status != Status.ACTIVE:
        raise ValidationError(_not_in_force(), code="not_active")
    workflow.check_transition(instalment, to=PaymentInstalment.Status.DUE)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the instalment is due, for the file.")}, code="no_reason"
        )
    _instalments_due(agreement, [instalment], actor=actor, note=reason.strip())
    return instalment


@transaction.atomic
def instalments_release(
    *, agreement: ContributionAgreement, condition: str, actor: User
) -> list[PaymentInstalment]:
    """Every scheduled instalment of an agreement in force paid on this condition becomes due,
    and the officers who pay it are told: the automatic twin of `instalment_mark_due`, called
    when the report it waits for is accepted (monitoring), in that transaction. Returns the
    instalments made due."""
    agreement = _locked(agreement)
    if agreement.status != Status.ACTIVE:
        return []
    due = list(
        agreement.instalments.select_for_update().filter(
            status=PaymentInstalment.Status.SCHEDULED, condition=condition
        )
    )
    _instalments_due(agreement, due, actor=actor)
    return due


@transaction.atomic
def agreement_close(*, agreement: ContributionAgreement, actor: User) -> ContributionAgreement:
    """The agreement of a project completed ends closed, once every instalment is paid or
    cancelled: called by the monitoring app's closure, which checks what it keeps (the final
    report accepted, no follow-up open), in its transaction. Nothing changes after."""
    agreement = _locked(agreement)
    if not permissions.is_officer_of(actor, agreement):
        raise PermissionDenied
    workflow.check_transition(agreement, to=Status.CLOSED)
    unpaid = agreement.instalments.filter(
        status__in=(PaymentInstalment.Status.SCHEDULED, PaymentInstalment.Status.DUE)
    )
    if unpaid.exists():
        raise ValidationError(
            _("Every instalment is paid or cancelled before the project closes."), code="unpaid"
        )
    workflow.transition(agreement, to=Status.CLOSED)
    agreement.save(update_fields=["status", "updated_at"])
    record_event(agreement, kind=AgreementEvent.Kind.CLOSED, actor=actor)
    return agreement


@transaction.atomic
def instalments_due_on_date() -> int:
    """Every instalment paid on a date that has come, in agreements in force, becomes due (the
    daily beat); a second run the same day finds nothing. Returns how many became due."""
    count = 0
    scheduled = PaymentInstalment.objects.filter(
        status=PaymentInstalment.Status.SCHEDULED,
        condition=InstalmentCondition.ON_DATE,
        agreement__status=Status.ACTIVE,
    )
    for agreement_id in sorted(set(scheduled.values_list("agreement_id", flat=True))):
        agreement = (
            ContributionAgreement.objects.select_for_update()
            .select_related("mission", "proposal")
            .get(pk=agreement_id)
        )
        if agreement.status != Status.ACTIVE:
            continue
        due = list(
            agreement.instalments.select_for_update().filter(
                status=PaymentInstalment.Status.SCHEDULED,
                condition=InstalmentCondition.ON_DATE,
                due_date__lte=agreement.today,
            )
        )
        _instalments_due(agreement, due, actor=None)
        count += len(due)
    return count


def _not_in_force() -> str:
    return _(
        "The agreement is not in force: nothing is paid before both parties signed it, nor "
        "after it ended."
    )


@transaction.atomic
def payment_record(
    *,
    agreement: ContributionAgreement,
    instalment: PaymentInstalment,
    actor: User,
    paid_on,
    amount_cad: Decimal,
    amount_local: Decimal,
    reference: str,
) -> PaymentInstalment:
    """The officer records the transfer of a due instalment: its date, the amount in CAD (the
    instalment's, in full), the amount the partner received in the budget's currency (whose
    ratio is the payment's rate, kept as recorded) and the bank's reference. Only into a
    confirmed account, only while the agreement is in force; the partner is told."""
    agreement = _locked(agreement)
    if not permissions.is_officer_of(actor, agreement):
        raise PermissionDenied
    instalment = agreement.instalments.select_for_update().get(pk=instalment.pk)
    if agreement.status != Status.ACTIVE:
        raise ValidationError(_not_in_force(), code="not_active")
    workflow.check_transition(instalment, to=PaymentInstalment.Status.PAID)
    account = agreement.bank_account
    if account is None:
        raise ValidationError(
            _("The partner has not given a bank account to pay into."), code="no_account"
        )
    if not account.is_payable:
        raise ValidationError(
            _(
                "The partner gave this bank account after signing: confirm it with them by "
                "another channel before paying into it."
            ),
            code="account_not_confirmed",
        )
    errors: dict[str, list] = {}
    if amount_cad != instalment.amount_cad:
        errors["amount_cad"] = [
            _("Instalment %(number)d is CAD %(amount)s: it is paid in full.")
            % {"number": instalment.sequence, "amount": _shown(instalment.amount_cad)}
        ]
    if amount_local <= 0:
        errors["amount_local"] = [_("Give the amount the partner received, above zero.")]
    elif agreement.currency == "CAD" and amount_local != amount_cad:
        errors["amount_local"] = [_("The budget is in CAD: give the same amount twice.")]
    if paid_on > agreement.today:
        errors["paid_on"] = [_("The date of payment cannot be in the future.")]
    elif agreement.start_date and paid_on < agreement.start_date:
        errors["paid_on"] = [
            _("Nothing is paid before the agreement's start date, %(day)s.")
            % {"day": date_format(agreement.start_date, "DATE_FORMAT")}
        ]
    if errors:
        raise ValidationError(errors, code="invalid_payment")
    workflow.transition(instalment, to=PaymentInstalment.Status.PAID)
    instalment.paid_on = paid_on
    instalment.paid_amount_cad = amount_cad
    instalment.paid_amount_local = amount_local
    instalment.paid_rate = (amount_cad / amount_local).quantize(RATE_PLACES)
    instalment.payment_reference = reference.strip()
    instalment.recorded_by = actor
    instalment.save()
    record_event(
        agreement,
        kind=AgreementEvent.Kind.PAYMENT_RECORDED,
        actor=actor,
        instalment=instalment.sequence,
        data={
            "paid_on": paid_on.isoformat(),
            "amount_cad": str(amount_cad),
            "amount_local": str(amount_local),
            "rate": str(instalment.paid_rate),
            "reference": instalment.payment_reference,
            "account": account.masked_number,
        },
    )
    _tell_partner(
        agreement,
        "payment_recorded",
        key=f"payment-recorded:{instalment.pk}",
        instalment=instalment,
    )
    return instalment


@transaction.atomic
def bank_account_reveal(
    *, agreement: ContributionAgreement, actor: User, request=None
) -> bank.Revealed:
    """The full account number and IBAN, for the officer about to pay a due instalment; each
    reveal is on the audit trail."""
    if not (
        permissions.can_manage_payments(actor, agreement)
        and agreement.bank_account is not None
        and agreement.instalments.filter(status=PaymentInstalment.Status.DUE).exists()
    ):
        raise PermissionDenied
    account = agreement.bank_account
    audit_record(
        verb="bank_details.revealed",
        actor=actor,
        target=account,
        mission_id=agreement.mission_id,
        data={"agreement": agreement.number, "account": account.masked_number},
        request=request,
    )
    return bank.reveal(account)


@transaction.atomic
def bank_account_confirm(
    *, agreement: ContributionAgreement, actor: User, note: str
) -> BankAccount:
    """The officer confirms, by another channel than the message that gave it, an account
    given after signature; payments may then go to it. The note says how it was confirmed."""
    agreement = _locked(agreement)
    if not permissions.is_officer_of(actor, agreement):
        raise PermissionDenied
    if not permissions.can_confirm_bank_account(actor, agreement):
        raise ValidationError(_("This bank account needs no confirmation."), code="confirmed")
    if not note.strip():
        raise ValidationError(
            {"note": _("Say how you confirmed the account, and with whom.")}, code="no_note"
        )
    account = agreement.bank_account
    if account is None:  # can_confirm_bank_account checked it; mypy cannot see that
        raise PermissionDenied
    account.confirmed_by, account.confirmed_at = actor, timezone.now()
    account.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
    record_event(
        agreement,
        kind=AgreementEvent.Kind.BANK_ACCOUNT_CONFIRMED,
        actor=actor,
        note=note.strip(),
        data={"account": account.masked_number},
    )
    return account


def _terms(agreement: ContributionAgreement) -> dict:
    """The terms an amendment may change, as its snapshots keep them."""
    return {
        "status": agreement.status,
        "end_date": agreement.end_date.isoformat(),
        "amount_cad": str(agreement.amount_cad),
        "amount_local": str(agreement.amount_local),
        "budget_version": agreement.budget.version if agreement.budget else None,
        "instalments": [
            [i.sequence, i.status, str(i.amount_cad)]
            for i in agreement.instalments.order_by("sequence")
        ],
    }


def _paid_cad(agreement: ContributionAgreement) -> Decimal:
    paid = agreement.instalments.filter(status=PaymentInstalment.Status.PAID)
    return paid.aggregate(total=Sum("paid_amount_cad"))["total"] or Decimal(0)


@transaction.atomic
def amendment_request(
    *,
    agreement: ContributionAgreement,
    actor: User,
    kind: str,
    reason: str,
    new_end_date=None,
    new_amount_cad: Decimal | None = None,
    lines: list[AgreementBudgetLine] | None = None,
    repaid_cad: Decimal | None = None,
) -> Amendment:
    """A change to the agreement in force, with its reason: a later end date, the budget's
    lines reallocated (the same CFLI total), another amount (with the budget brought to it;
    never below what is paid), or, for the officer only, a termination (with what the partner
    returns). One at a time; the approvers decide it."""
    agreement = _locked(agreement)
    if not permissions.may_ask_amendment(actor, agreement, kind):
        raise PermissionDenied
    if agreement.status != Status.ACTIVE:
        raise ValidationError(_("Only an agreement in force is amended."), code="not_active")
    waiting = agreement.amendments.filter(status=Amendment.Status.REQUESTED).first()
    if waiting is not None:
        raise ValidationError(
            _("Amendment %(number)d is waiting for a decision: one amendment at a time.")
            % {"number": waiting.number},
            code="amendment_open",
        )
    errors: dict[str, list] = {}
    if not reason.strip():
        errors["reason"] = [_("Give the reason for the amendment.")]
    paid = _paid_cad(agreement)
    if kind == Amendment.Kind.EXTENSION:
        if new_end_date is None:
            errors["new_end_date"] = [_("Give the new end date.")]
        elif new_end_date <= agreement.end_date:
            errors["new_end_date"] = [
                _("The new end date comes after the current one, %(day)s.")
                % {"day": date_format(agreement.end_date, "DATE_FORMAT")}
            ]
    elif kind == Amendment.Kind.AMOUNT:
        if new_amount_cad is None or new_amount_cad <= 0:
            errors["new_amount_cad"] = [_("Give the new amount in CAD, above zero.")]
        elif new_amount_cad == agreement.amount_cad:
            errors["new_amount_cad"] = [_("This is the current amount: nothing would change.")]
        elif new_amount_cad < paid:
            errors["new_amount_cad"] = [
                _("CAD %(paid)s is already paid: the amount cannot be lower.")
                % {"paid": _shown(paid)}
            ]
    elif kind == Amendment.Kind.TERMINATION:
        repaid_cad = repaid_cad if repaid_cad is not None else Decimal(0)
        if not Decimal(0) <= repaid_cad <= paid:
            errors["repaid_cad"] = [
                _("What the partner returns is between CAD 0 and the CAD %(paid)s paid.")
                % {"paid": _shown(paid)}
            ]
    if errors:
        raise ValidationError(errors, code="invalid_amendment")
    version = None
    if kind == Amendment.Kind.REALLOCATION:
        version = _budget_version_add(
            agreement,
            lines or [],
            actor=actor,
            cfli_local=agreement.amount_local,
            cad=agreement.amount_cad,
        )
    elif kind == Amendment.Kind.AMOUNT and new_amount_cad is not None:
        version = _budget_version_add(
            agreement,
            lines or [],
            actor=actor,
            cfli_local=money.in_currency(new_amount_cad, agreement.exchange_rate),
            cad=new_amount_cad,
        )
    last = agreement.amendments.aggregate(last=Max("number"))["last"] or 0
    amendment = Amendment.objects.create(
        agreement=agreement,
        number=last + 1,
        kind=kind,
        reason=reason.strip(),
        requested_by=actor,
        new_end_date=new_end_date if kind == Amendment.Kind.EXTENSION else None,
        new_amount_cad=new_amount_cad if kind == Amendment.Kind.AMOUNT else None,
        budget=version,
        repaid_cad=repaid_cad if kind == Amendment.Kind.TERMINATION else None,
        before=_terms(agreement),
    )
    record_event(
        agreement,
        kind=AgreementEvent.Kind.AMENDMENT_REQUESTED,
        actor=actor,
        amendment=amendment.number,
        data={"kind": kind},
    )
    _tell(
        agreement,
        "amendment_requested",
        key=f"amendment-requested:{amendment.pk}",
        recipients=approvers_of(agreement.mission_id),
        path=_amendment_path(amendment, staff=True),
        amendment=amendment,
    )
    return amendment


def _amendment_path(amendment: Amendment, *, staff: bool) -> str:
    name = "agreements_staff:amendment" if staff else "agreements:amendment"
    return reverse(name, args=[amendment.agreement.proposal_id, amendment.number])


@transaction.atomic
def amendment_decide(
    *, amendment: Amendment, actor: User, approve: bool, note: str = ""
) -> Amendment:
    """An approver approves the amendment, which then applies, or refuses it, saying why. A
    higher amount must fit in the call's envelope: the call is locked first, as decisions lock
    it, so a decision and an amendment, or two amendments, that together exceed it cannot both
    pass."""
    agreement = ContributionAgreement.objects.select_related("proposal").get(
        pk=amendment.agreement_id
    )
    if not permissions.is_approver_of(actor, agreement):
        raise PermissionDenied
    call = Call.objects.select_for_update().get(pk=agreement.proposal.call_id)
    agreement = _locked(agreement)
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    to = Amendment.Status.APPROVED if approve else Amendment.Status.REFUSED
    workflow.check_transition(amendment, to=to)
    if not approve and not note.strip():
        raise ValidationError(
            {"note": [_("Say why the amendment is refused: the requester reads it.")]},
            code="no_note",
        )
    if approve:
        if agreement.status != Status.ACTIVE:
            raise ValidationError(_("Only an agreement in force is amended."), code="not_active")
        _amendment_apply(agreement, amendment, call=call, actor=actor)
        amendment.after = _terms(agreement)
    workflow.transition(amendment, to=to)
    amendment.decided_by, amendment.decided_at = actor, timezone.now()
    amendment.decision_note = note.strip()
    amendment.save()
    record_event(
        agreement,
        kind=AgreementEvent.Kind.AMENDMENT_APPROVED
        if approve
        else AgreementEvent.Kind.AMENDMENT_REFUSED,
        actor=actor,
        amendment=amendment.number,
        note=amendment.decision_note,
        data={"kind": amendment.kind},
    )
    if approve:
        signals.agreement_amended.send(
            sender=ContributionAgreement, agreement=agreement, amendment=amendment, actor=actor
        )
    for recipients, staff in (
        (member_users(agreement.proposal.organization_id), False),
        (program_officers_of(agreement.mission_id), True),
    ):
        _tell(
            agreement,
            "amendment_decided",
            key=f"amendment-decided:{amendment.pk}",
            recipients=recipients,
            path=_amendment_path(amendment, staff=staff),
            amendment=amendment,
        )
    return amendment


def _amendment_apply(
    agreement: ContributionAgreement, amendment: Amendment, *, call: Call, actor: User
) -> None:
    """What an approved amendment changes, on the agreement its caller locked."""
    kind = amendment.kind
    if kind == Amendment.Kind.EXTENSION and amendment.new_end_date is not None:
        agreement.end_date = amendment.new_end_date
        agreement.save(update_fields=["end_date", "updated_at"])
    elif kind in (Amendment.Kind.REALLOCATION, Amendment.Kind.AMOUNT) and amendment.budget:
        if kind == Amendment.Kind.AMOUNT and amendment.new_amount_cad is not None:
            _envelope_check(agreement, amendment.new_amount_cad, call=call)
            agreement.amount_cad = amendment.new_amount_cad
            agreement.amount_local = amendment.budget.cfli_total
            _instalments_rescaled(agreement, actor=actor)
        version = amendment.budget
        version.accepted_by, version.accepted_at = actor, timezone.now()
        version.save(update_fields=["accepted_by", "accepted_at"])
        agreement.budget = version
        agreement.save(update_fields=["amount_cad", "amount_local", "budget", "updated_at"])
    elif kind == Amendment.Kind.TERMINATION:
        workflow.transition(agreement, to=Status.TERMINATED)
        agreement.save(update_fields=["status", "updated_at"])
        for instalment in agreement.instalments.filter(
            status__in=(PaymentInstalment.Status.SCHEDULED, PaymentInstalment.Status.DUE)
        ):
            workflow.transition(instalment, to=PaymentInstalment.Status.CANCELLED)
            instalment.save(update_fields=["status", "updated_at"])
        record_event(
            agreement,
            kind=AgreementEvent.Kind.TERMINATED,
            actor=actor,
            amendment=amendment.number,
            data={"paid_cad": str(_paid_cad(agreement)), "repaid_cad": str(amendment.repaid_cad)},
        )


def _envelope_check(agreement: ContributionAgreement, new_amount: Decimal, *, call: Call) -> None:
    """A higher amount takes the difference from the call's envelope: refused when it does
    not fit beside every decision and amendment already counted (under the call's lock)."""
    increase = new_amount - agreement.amount_cad
    if increase <= 0:
        return
    decided = Decision.objects.committing_envelope().filter(proposal__call=call)
    committed = (decided.aggregate(total=Sum("amount"))["total"] or Decimal(0)) + (
        commitments.beyond_decisions(call.pk)
    )
    if committed + increase > call.budget_envelope:
        raise ValidationError(
            _(
                "CAD %(increase)s more does not fit: CAD %(committed)s of the call's envelope "
                "of CAD %(envelope)s is committed, so CAD %(remaining)s remains."
            )
            % {
                "increase": _shown(increase),
                "committed": _shown(committed),
                "envelope": _shown(call.budget_envelope),
                "remaining": _shown(call.budget_envelope - committed),
            },
            code="envelope",
        )


def _instalments_rescaled(agreement: ContributionAgreement, *, actor: User) -> None:
    """The instalments not yet paid, brought to the new amount less what is paid, in
    proportion to what they were (to the cent: money.allocate); one that comes to nothing is
    cancelled. With none left to pay, a higher amount is a new instalment, due now."""
    instalments = list(agreement.instalments.select_for_update().order_by("sequence"))
    open_statuses = (PaymentInstalment.Status.SCHEDULED, PaymentInstalment.Status.DUE)
    unpaid = [i for i in instalments if i.status in open_statuses]
    paid = sum(
        (i.amount_cad for i in instalments if i.status == PaymentInstalment.Status.PAID),
        Decimal(0),
    )
    remaining = agreement.amount_cad - paid
    if not unpaid:
        if remaining > 0:
            added = PaymentInstalment.objects.create(
                agreement=agreement,
                sequence=instalments[-1].sequence + 1 if instalments else 1,
                condition=InstalmentCondition.ON_DATE,
                due_date=agreement.today,
                amount_cad=remaining,
            )
            _instalments_due(agreement, [added], actor=actor)
        return
    parts = (
        money.allocate(remaining, [i.amount_cad for i in unpaid])
        if remaining > 0
        else [Decimal(0)] * len(unpaid)
    )
    for instalment, part in zip(unpaid, parts, strict=True):
        if part > 0:
            instalment.amount_cad = part
        else:
            workflow.transition(instalment, to=PaymentInstalment.Status.CANCELLED)
        instalment.save(update_fields=["amount_cad", "status", "updated_at"])


def signed_copy_download_record(*, agreement: ContributionAgreement, actor: User, request=None):
    """Every download of the signed copy is on the audit trail."""
    audit_record(
        verb="agreement.signed_copy_downloaded",
        actor=actor,
        target=agreement,
        mission_id=agreement.mission_id,
        data={"sha256": agreement.signed_copy_sha256},
        request=request,
    )


@transaction.atomic
def bank_details_key_rotate() -> int:
    """Re-encrypt every bank account under the first of CFLI_DATA_KEYS; the older keys can be
    removed afterwards. Returns how many accounts were re-encrypted."""
    count = 0
    for account in BankAccount.objects.select_for_update().order_by("pk"):
        account.account_number_encrypted = bank.rotate(account.account_number_encrypted)
        if account.iban_encrypted:
            account.iban_encrypted = bank.rotate(account.iban_encrypted)
        account.save(update_fields=["account_number_encrypted", "iban_encrypted"])
        count += 1
    audit_record(verb="bank_details.key_rotated", data={"accounts": count})
    return count


def year_end_reminders_send() -> int:
    """Once a mission's reminder date has come (its days before March 31), each of its program
    officers gets one e-mail per fiscal year with what is still to pay before the funds lapse
    (the daily beat; the outbox's key makes a second run send nothing). Returns how many."""
    sent = 0
    for mission in Mission.objects.filter(is_active=True).order_by("pk"):
        today = timezone.localdate(timezone=mission.zone)
        fiscal_year = fiscal_year_of(today)
        _start, closes_on = fiscal_year_bounds(fiscal_year)
        if today < closes_on - timedelta(days=mission.year_end_reminder_days):
            continue
        summary = selectors.year_end(mission, fiscal_year)
        if not summary.instalments and not summary.past_end:
            continue
        with transaction.atomic():
            sent += len(
                notify(
                    event="year_end_reminder",
                    key=f"year-end:{mission.pk}:{fiscal_year}",
                    recipients=program_officers_of(mission.pk),
                    context={
                        "objects": {"mission": ["programs.Mission", mission.pk]},
                        "path": reverse("agreements_manage:year-end") + f"?mission={mission.pk}",
                        "fiscal_year": fiscal_year_label(fiscal_year),
                        "closes_on": closes_on.isoformat(),
                        "at_risk": str(summary.at_risk),
                        "instalments": len(summary.instalments),
                        "past_end": len(summary.past_end),
                    },
                )
            )
    return sent
