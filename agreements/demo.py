"""Demo agreements for `seed_demo`: Mexico projects at each stage after approval (the reviews'
demo leaves one with its budget to adjust), taken there through the services."""

import datetime

from django.db import transaction

from accounts.models import Organization, User
from proposals import demo as proposal_demo
from proposals.models import Proposal
from reviews import demo as review_demo

from . import money, services
from .models import ContributionAgreement

OFFICER = review_demo.OFFICER
APPROVER = review_demo.APPROVER

# title, and how far its agreement goes.
PLAN = [
    ("Agua potable para las escuelas de la Chinantla", "to_sign"),
    ("Radio de mujeres zapotecas en Juchitán", "advance_paid"),
    ("Parteras tradicionales de la Montaña", "amended"),
    ("Taller de costura de Tlacolula", "terminated"),
]
ACCOUNT = {
    "holder": "",
    "bank_name": "Banco del Bienestar",
    "bank_address": "Oaxaca de Juárez",
    "account_number": "0123 4567 8901 4821",
    "swift_bic": "BNMXMXMM",
    "iban": "",
}


def _user(email: str) -> User:
    return User.objects.get(email=email)


def take(agreement, stage: str, partner: User) -> None:
    """Take an agreement through the services to a stage of PLAN."""
    officer, approver = _user(OFFICER), _user(APPROVER)
    services.agreement_mark_ready(agreement=agreement, actor=officer)
    services.bank_account_set(
        agreement=agreement,
        actor=partner,
        **{**ACCOUNT, "holder": agreement.proposal.organization.name},
    )
    if stage == "to_sign":
        return
    services.agreement_sign(
        agreement=agreement,
        actor=partner,
        signatory_name=partner.full_name or partner.email,
        signatory_title="Directora",
        attested=True,
    )
    services.agreement_countersign(agreement=agreement, actor=approver)
    advance = agreement.instalments.get(sequence=1)
    services.payment_record(
        agreement=agreement,
        instalment=advance,
        actor=officer,
        paid_on=agreement.today,
        amount_cad=advance.amount_cad,
        amount_local=money.in_currency(advance.amount_cad, agreement.exchange_rate),
        reference="SPEI-2026-0415",
    )
    if stage == "amended":
        amendment = services.amendment_request(
            agreement=agreement,
            actor=partner,
            kind="extension",
            reason="Las lluvias de julio cerraron el camino a las comunidades seis semanas.",
            new_end_date=agreement.end_date + datetime.timedelta(days=60),
        )
        services.amendment_decide(amendment=amendment, actor=approver, approve=True)
    elif stage == "terminated":
        amendment = services.amendment_request(
            agreement=agreement,
            actor=officer,
            kind="termination",
            reason="La cooperativa se disolvió en asamblea; el taller no abrirá.",
            repaid_cad=advance.amount_cad / 2,
        )
        services.amendment_decide(amendment=amendment, actor=approver, approve=True)


def new_agreements(plan):
    """For each (title, stage) of a plan not in the demo yet, a Mexico proposal of that title
    approved as it asked, and its agreement: (agreement, stage, the partner who wrote it).
    Nothing when the demo has no such organization or open call."""
    organization = Organization.objects.filter(name__startswith="Mujeres Tejiendo").first()
    call = proposal_demo._open_call("MEX")
    if organization is None or call is None:
        return
    for title, stage in plan:
        if Proposal.objects.filter(organization=organization, title=title).exists():
            continue
        proposal = review_demo.take_to(call, organization, title, "approved", as_requested=True)
        yield ContributionAgreement.objects.get(proposal=proposal), stage, proposal.created_by


@transaction.atomic
def seed() -> list[str]:
    lines = []
    for agreement, stage, partner in new_agreements(PLAN):
        take(agreement, stage, partner)
        lines.append(f"took the agreement of {agreement.proposal.reference} to {stage}")
    return lines
