"""The proposal's workflow: every (from, to) pair of states, and the one function that writes
the state. The allowed moves are written out here, apart from workflow.py, so that removing or
adding a move there fails a test."""

import ast
import itertools
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from proposals.models import Proposal, ProposalEvent
from proposals.services import proposal_move
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

S = Proposal.Status
# architecture.md, "The proposal's life".
ALLOWED = {
    (S.DRAFT, S.SUBMITTED),
    (S.SUBMITTED, S.INELIGIBLE),
    (S.SUBMITTED, S.IN_REVIEW),
    (S.SUBMITTED, S.MORE_INFO_REQUESTED),
    (S.MORE_INFO_REQUESTED, S.SUBMITTED),
    (S.MORE_INFO_REQUESTED, S.IN_REVIEW),
    (S.IN_REVIEW, S.MORE_INFO_REQUESTED),
    (S.IN_REVIEW, S.REVIEWED),
    (S.REVIEWED, S.RECOMMENDED),
    (S.REVIEWED, S.DECLINED),
    (S.RECOMMENDED, S.APPROVED),
    (S.RECOMMENDED, S.WAITLISTED),
    (S.RECOMMENDED, S.DECLINED),
    (S.WAITLISTED, S.APPROVED),
    (S.WAITLISTED, S.DECLINED),
    # The partner may withdraw any time before a decision.
    (S.SUBMITTED, S.WITHDRAWN),
    (S.IN_REVIEW, S.WITHDRAWN),
    (S.MORE_INFO_REQUESTED, S.WITHDRAWN),
    (S.REVIEWED, S.WITHDRAWN),
    (S.RECOMMENDED, S.WITHDRAWN),
}
PAIRS = list(itertools.product(S.values, S.values))
ROOT = Path(__file__).resolve().parents[2]


def test_the_pairs_cover_every_state_twice_over():
    assert len(PAIRS) == len(S.values) ** 2 == 121
    assert set(PAIRS) >= ALLOWED


@pytest.mark.parametrize(("start", "to"), PAIRS, ids=lambda state: state)
def test_every_pair_moves_only_when_the_workflow_allows_it(
    start, to, call_mexico, organization_oaxaca, partner_oaxaca, officer_mexico
):
    # A reference, as every proposal past the draft has one (a database constraint).
    proposal = ProposalFactory(
        call=call_mexico, organization=organization_oaxaca, reference="MEX-2026-0001"
    )
    Proposal.objects.filter(pk=proposal.pk).update(status=start)

    if (start, to) in ALLOWED:
        proposal_move(proposal=proposal, to=to, actor=officer_mexico)
        proposal.refresh_from_db()
        assert proposal.status == to
        assert ProposalEvent.objects.get(proposal=proposal).kind == to
        assert AuditEvent.objects.get(verb=f"proposal.{to}").data == {"from": start}
    else:
        with pytest.raises(ValidationError) as refused:
            proposal_move(proposal=proposal, to=to, actor=officer_mexico)
        assert refused.value.code == "invalid_transition"
        proposal.refresh_from_db()
        assert proposal.status == start
        assert not ProposalEvent.objects.filter(proposal=proposal).exists()
        assert not AuditEvent.objects.filter(verb__startswith="proposal.").exists()


class StatusWrites(ast.NodeVisitor):
    """Assignments to `<something>.status` in a module, by the function they are in."""

    def __init__(self):
        self.found, self.function = [], None

    def visit_FunctionDef(self, node):
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    def visit_Assign(self, node):
        for target in node.targets:
            if isinstance(target, ast.Attribute) and target.attr == "status":
                self.found.append((self.function, ast.unparse(target)))
        self.generic_visit(node)


# Every app that could move a proposal; the volume generator (seeding) writes made-up rows in
# bulk for benchmarks and moves nothing.
APPS = ["core", "accounts", "notifications", "programs", "proposals", "reviews", "reporting"]


def test_only_the_workflows_transition_writes_a_proposals_status():
    writes = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            visitor = StatusWrites()
            visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
            writes += [
                (f"{app}/{path.name}", function, target)
                for function, target in visitor.found
                if "proposal" in target.lower()
            ]

    assert writes == [("proposals/workflow.py", "transition", "proposal.status")]
