"""Demo reports, visits and closures for `seed_demo`: Mexico projects after signature, taken
through the services — an interim report sent back for revision, a project closed with its
final report accepted, and one whose interim report is overdue with a follow-up action open."""

import datetime

from django.db import transaction

from accounts.models import User
from agreements import demo as agreement_demo
from agreements import money
from agreements import services as agreements
from agreements.models import ContributionAgreement
from proposals.beneficiaries import COUNT_FIELDS
from reviews import demo as review_demo

from . import services
from .models import Report

# title, and how far its reports go.
PLAN = [
    ("Huertos escolares de Etla", "revision"),
    ("Biblioteca comunitaria de Ixtlán", "closed"),
    ("Cooperativa de miel de Zaachila", "overdue"),
]
NARRATIVE = {
    "activities_done": "Doce talleres en seis comunidades, con las autoridades agrarias.",
    "changes_observed": "Las familias cosechan y venden en el tianguis de los jueves.",
    "gender_equality": "Las mujeres presidieron cuatro de los seis comités.",
    "lessons": "Empezar con las escuelas abrió la puerta de las asambleas.",
    "sustainability": "Los comités siguen con cuotas propias.",
}


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _written(report: Report, partner: User) -> Report:
    report = services.report_start(report=report, actor=partner)
    return services.report_save(
        report=report,
        actor=partner,
        values=NARRATIVE | dict.fromkeys(COUNT_FIELDS, 25),
        results={r.pk: {"actual": "Logrado", "achievement": "met"} for r in report.results.all()},
        expenditures={e.pk: {"actual_local": e.planned_local} for e in report.expenditures.all()},
        version=report.version,
    )


def _pay(agreement: ContributionAgreement, sequence: int, officer: User) -> None:
    instalment = agreement.instalments.get(sequence=sequence)
    agreements.payment_record(
        agreement=agreement,
        instalment=instalment,
        actor=officer,
        paid_on=agreement.today,
        amount_cad=instalment.amount_cad,
        amount_local=money.in_currency(instalment.amount_cad, agreement.exchange_rate),
        reference=f"SPEI-2026-{agreement.pk:03d}{sequence}",
    )


def _accepted(agreement: ContributionAgreement, kind: str, partner: User, officer: User) -> None:
    report = _written(agreement.reports.get(kind=kind), partner)
    services.report_submit(report=report, actor=partner)
    services.report_accept(report=report, actor=officer)


def _take(agreement: ContributionAgreement, stage: str, partner: User) -> None:
    officer = _user(review_demo.OFFICER)
    interim = agreement.reports.get(kind="interim")
    if stage == "revision":
        services.report_submit(report=_written(interim, partner), actor=partner)
        services.report_revision_request(
            report=interim,
            actor=officer,
            comments="Falta el número de niñas de la escuela de San Felipe en la tabla.",
        )
    elif stage == "closed":
        _accepted(agreement, "interim", partner, officer)
        _pay(agreement, 2, officer)
        _accepted(agreement, "final", partner, officer)
        _pay(agreement, 3, officer)
        services.project_close(
            agreement=agreement, actor=officer, returned_cad=0, final_ge_code="GE-2"
        )
    elif stage == "overdue":
        # The demo's agreements start today: the interim report is made late by hand, as if
        # it had been due a week ago.
        Report.objects.filter(pk=interim.pk).update(
            due_date=agreement.today - datetime.timedelta(days=7)
        )
        services.visit_record(
            agreement=agreement,
            actor=officer,
            visited_on=agreement.today,
            mode="site",
            staff=[officer],
            findings="Las colmenas están instaladas; faltan las facturas del equipo.",
            follow_ups=[
                {
                    "action": "Enviar las facturas de los trajes y ahumadores.",
                    "owner": None,
                    "due_date": agreement.today + datetime.timedelta(days=14),
                }
            ],
        )


@transaction.atomic
def seed() -> list[str]:
    lines = []
    for agreement, stage, partner in agreement_demo.new_agreements(PLAN):
        agreement_demo.take(agreement, "advance_paid", partner)
        _take(agreement, stage, partner)
        lines.append(f"took the reports of {agreement.proposal.reference} to {stage}")
    return lines
