"""Writes on contribution agreements. Each service locks the agreement, checks the move against
`workflow.py` and the actor's permission, and writes the change, its timeline event and its
audit row in one transaction."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import member_users
from core.services import audit_record
from notifications.services import notify
from programs.models import InstalmentCondition, Mission, fiscal_year_label
from programs.selectors import program_officers_of
from proposals import budget
from proposals.models import Proposal
from reviews.models import Decision

from . import bank, money, permissions, workflow
from .models import (
    AgreementBudget,
    AgreementBudgetLine,
    AgreementEvent,
    AgreementSequence,
    BankAccount,
    ContributionAgreement,
    PaymentInstalment,
)

Status = ContributionAgreement.Status
AGREEMENT_LANGUAGES = ("en", "fr", "es")


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


def _budget_copy(agreement: ContributionAgreement, proposal: Proposal, actor: User):
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
def agreement_open(*, decision: Decision, actor: User) -> ContributionAgreement:
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
    )
    if not adjust:
        agreement.budget = _budget_copy(agreement, proposal, actor)
        agreement.save(update_fields=["budget"])
    _instalments_schedule(agreement, call.payment_schedule)
    _record(
        agreement,
        kind=AgreementEvent.Kind.OPENED,
        actor=actor,
        data={"proposal": proposal.reference, "amount_cad": str(agreement.amount_cad)},
    )
    if adjust:
        _record(agreement, kind=AgreementEvent.Kind.BUDGET_REQUESTED, actor=actor)
        notify(
            event="agreement_budget_requested",
            key=f"agreement-budget-requested:{agreement.pk}",
            recipients=member_users(proposal.organization_id),
            context=_context(agreement, path=reverse("agreements:agreement", args=[proposal.pk])),
        )
    return agreement


def _context(agreement: ContributionAgreement, *, path: str) -> dict:
    """What an agreement's notification reads when it is sent, in its recipient's language."""
    return {
        "objects": {
            "agreement": ["agreements.ContributionAgreement", agreement.pk],
            "proposal": ["proposals.Proposal", agreement.proposal_id],
            "organization": ["accounts.Organization", agreement.proposal.organization_id],
        },
        "path": path,
    }


def _locked(agreement: ContributionAgreement) -> ContributionAgreement:
    return ContributionAgreement.objects.select_for_update().get(pk=agreement.pk)


def _record(
    agreement: ContributionAgreement, *, kind: str, actor: User, data: dict | None = None
) -> None:
    """A step of the agreement: on its timeline, and in the audit log as agreement.<kind>."""
    AgreementEvent.objects.create(agreement=agreement, kind=kind, actor=actor)
    audit_record(
        verb=f"agreement.{kind}",
        actor=actor,
        target=agreement,
        mission_id=agreement.mission_id,
        data=data or {},
    )


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
    _record(
        agreement, kind=AgreementEvent.Kind.READY, actor=actor, data={"number": agreement.number}
    )
    return agreement


def _returned_to_draft(agreement: ContributionAgreement, actor: User) -> None:
    """An agreement sent for signature whose terms change goes back to draft: the partner must
    not sign what is no longer the agreement."""
    if agreement.status == Status.TO_SIGN:
        workflow.transition(agreement, to=Status.DRAFT)
        agreement.save(update_fields=["status"])
        _record(agreement, kind=AgreementEvent.Kind.REOPENED, actor=actor)


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
    _record(
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
    elif totals.cfli != agreement.amount_local:
        problems.append(
            _(
                "The CFLI column adds up to %(total)s %(currency)s; it must be the approved "
                "amount, %(amount)s %(currency)s (CAD %(cad)s)."
            )
            % {
                "total": _shown(totals.cfli),
                "amount": _shown(agreement.amount_local),
                "currency": agreement.currency,
                "cad": _shown(agreement.amount_cad),
            }
        )
    if problems:
        raise ValidationError(problems, code="invalid_budget")
    for line in lines:  # a contribution left empty gives nothing
        for name in budget.CONTRIBUTIONS:
            setattr(line, name, getattr(line, name) or Decimal(0))
    agreement.budgets.filter(accepted_at__isnull=True).delete()
    version = AgreementBudget.objects.create(
        agreement=agreement,
        version=(agreement.budgets.count() + 1),
        currency=agreement.currency,
        cfli_total=totals.cfli,
        project_total=totals.project,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    for position, line in enumerate(lines, start=1):
        line.budget, line.position = version, position
    AgreementBudgetLine.objects.bulk_create(lines)
    _record(
        agreement,
        kind=AgreementEvent.Kind.BUDGET_PROPOSED,
        actor=actor,
        data={"version": version.version, "cfli_total": str(totals.cfli)},
    )
    notify(
        event="agreement_budget_sent",
        key=f"agreement-budget-sent:{version.pk}",
        recipients=program_officers_of(agreement.mission_id),
        context=_context(
            agreement, path=reverse("agreements_staff:agreement", args=[agreement.proposal_id])
        ),
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
    _record(
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
    _record(
        agreement,
        kind=AgreementEvent.Kind.BANK_ACCOUNT_SET,
        actor=actor,
        data={"account": account.masked_number, "needs_confirmation": account.needs_confirmation},
    )
    return account


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
