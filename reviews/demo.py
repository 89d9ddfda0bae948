"""Demo reviews for `seed_demo`: Mexico proposals in every state of the review, so that every
staff page shows real content."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User
from proposals import demo as proposal_demo
from proposals.models import Proposal
from proposals.services import (
    information_request_answer,
    information_request_create,
    proposal_submit,
)

from . import services
from .eligibility import prefilled_checks
from .models import ReviewAssignment

OFFICER = "officer.mexico@cfli.example"
APPROVER = "approver.mexico@cfli.example"

# title, the state to reach, and the two reviewers' score on every criterion (5 = best);
# "held" is decided and waits on the committee page for release.
PLAN = [
    ("Radio comunitaria zapoteca contra la violencia de género", "submitted", ()),
    ("Cooperativa de cafetaleras de la Sierra Sur", "more_info_requested", ()),
    ("Huertos escolares con madres de familia en Ixtepec", "reviewed", (4, 3)),
    ("Escuela de liderazgo para jóvenes mixes", "approved", (5, 4)),
    ("Ferias de salud sexual y reproductiva en la Costa", "declined", (2, 3)),
    ("Bibliotecas comunitarias bilingües en la Mixteca", "held", (4, 4)),
]


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _screen(proposal: Proposal) -> None:
    checks = [
        {"key": check.key, "computed": check.computed, "passed": True, "note": "Verificado."}
        for check in prefilled_checks(proposal)
    ]
    services.screening_record(
        proposal=proposal, actor=_user(OFFICER), checks=checks, outcome="eligible"
    )
    services.reviewers_assign(proposal=proposal)


def _ask(proposal: Proposal, question: str):
    return information_request_create(
        proposal=proposal,
        actor=_user(OFFICER),
        question=question,
        due_date=timezone.localdate() + timedelta(days=7),
    )


def _review(assignment: ReviewAssignment, score: int) -> None:
    services.assignment_declare(assignment=assignment, actor=assignment.reviewer, conflict=False)
    review = services.review_start(assignment=assignment, actor=assignment.reviewer)
    data = {
        "scores": {str(criterion.pk): score for criterion in review.grid.criteria.all()},
        "answers": {
            item.key: "yes" if score >= 4 else "partly" for item in review.checklist.items.all()
        },
        "ge_code": "GE-2" if score >= 4 else "GE-1",
        "ge_justification": "Las mujeres participaron en el diseño y las metas están desglosadas.",
        "comment": "Propuesta clara; presupuesto coherente con las actividades.",
    }
    review = services.review_save(
        review=review, actor=assignment.reviewer, data=data, version=review.version
    )
    services.review_submit(review=review, actor=assignment.reviewer)


def take_to(
    call, organization, title: str, state: str, scores=(5, 4), *, as_requested: bool = False
) -> Proposal:
    """A new proposal of the organization, submitted and taken through the review to `state`
    (a state of PLAN); funded at CAD 30,000, or at the amount it requests."""
    proposal = proposal_demo._start(call, organization)
    proposal_demo._fill(
        proposal,
        {**proposal_demo.OAXACA, "title": title},
        proposal_demo.OAXACA_BUDGET,
        language="es",
    )
    proposal = proposal_submit(
        proposal=proposal, actor=proposal.created_by, received_at=timezone.now()
    ).proposal
    if state == "more_info_requested":
        _screen(proposal)
        _ask(proposal, "¿Qué parte del presupuesto aportan las socias de la cooperativa?")
    elif state != "submitted":
        _screen(proposal)
        if state == "approved":
            # An answered question: the workspace and the partner's page show both.
            information_request_answer(
                information_request=_ask(proposal, "¿Dónde se harán los talleres?"),
                actor=proposal.created_by,
                answer="En la casa comunitaria de Tlahuitoltepec, con intérpretes mixe.",
                uploads=[],
            )
        for assignment, score in zip(
            proposal.review_assignments.order_by("pk"), scores, strict=True
        ):
            _review(assignment, score)
        services.reviews_aggregate(proposal=proposal)
    if state in ("approved", "declined", "held"):
        funded = state != "declined"
        decision = services.decision_recommend(
            proposal=proposal,
            actor=_user(OFFICER),
            recommendation="fund" if funded else "decline",
            amount=(proposal.amount_requested_cad if as_requested else Decimal("30000"))
            if funded
            else None,
            rationale="Ver las evaluaciones y el acta del comité."
            if funded
            else "INTERNO: la organización no respondió bien en la entrevista.",
            reasons_for_applicant=""
            if funded
            else "El proyecto no demuestra cómo llegará a las mujeres de la Costa.",
        )
        services.decision_approve(decision=decision, actor=_user(APPROVER), ge_code="GE-2")
        if state != "held":
            services.decisions_release(call=call, actor=_user(APPROVER), decision_ids=[decision.pk])
    proposal.refresh_from_db()
    return proposal


@transaction.atomic
def seed() -> list[str]:
    organization = Organization.objects.filter(name__startswith="Mujeres Tejiendo").first()
    call = proposal_demo._open_call("MEX")
    first = organization and organization.proposals.exclude(status="draft").first()
    if organization is None or call is None or first is None or first.status != "submitted":
        return []
    lines = []
    # The proposal submitted by the proposals' demo: in review, one review done.
    _screen(first)
    _review(first.review_assignments.order_by("pk").first(), 4)
    lines.append(f"put {first.reference} in review with one review done")
    for title, state, scores in PLAN:
        proposal = take_to(call, organization, title, state, scores)
        lines.append(f"put {proposal.reference} in the state {state}")
    return lines
