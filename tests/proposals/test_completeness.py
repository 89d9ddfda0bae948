from datetime import date
from decimal import Decimal

import pytest

from programs.models import SubTheme
from proposals.completeness import is_complete, proposal_problems, section_problems

pytestmark = pytest.mark.django_db


def messages(proposal, key):
    return [problem.message for problem in section_problems(proposal, key)]


def test_a_complete_proposal_has_no_problem(complete_draft):
    assert proposal_problems(complete_draft) == {
        key: [] for key in proposal_problems(complete_draft)
    }
    assert is_complete(complete_draft)


def test_gender_equality_cannot_be_both_the_priority_and_the_sub_theme(complete_draft):
    area = complete_draft.call_priority.priority_area
    area.position = 1
    area.save()
    complete_draft.sub_theme = SubTheme.objects.create(name_en="Gender equality")

    assert messages(complete_draft, "priority") == [
        "Gender equality is already the priority area: choose another sub-theme that "
        "describes the project."
    ]


def test_a_text_over_its_word_limit_is_kept_but_blocks_submission(complete_draft):
    complete_draft.call.long_answer_words = 50
    complete_draft.context = "palabra " * 51

    assert messages(complete_draft, "context") == [
        "“Context and problem” has 51 words; the limit is 50."
    ]
    assert not is_complete(complete_draft)


def test_the_project_must_end_by_the_calls_date_and_be_in_an_accepted_language(complete_draft):
    complete_draft.end_date = date(2027, 3, 1)
    complete_draft.language = "fr"

    assert messages(complete_draft, "project") == [
        "The project must end by Feb. 15, 2027.",
        "This call accepts proposals in: Spanish, English.",
    ]


def test_an_organization_at_risk_is_never_asked_for_proof_of_registration(complete_draft):
    complete_draft.call.required_attachments = ["budget", "registration"]
    organization = complete_draft.organization
    organization.registration_status = "registered"
    assert messages(complete_draft, "attachments") == ["Attach: Proof of legal registration."]

    organization.registration_status = "at_risk"

    assert messages(complete_draft, "attachments") == []


@pytest.mark.parametrize(
    ("_case", "currency", "stated_rate", "problem"),
    [
        (
            "pesos at the call's rate, whatever the applicant's says",
            "MXN",
            "0.00001",
            "The CFLI total of 2,000,000.00 MXN is CAD 150,400.00, above the call's maximum of "
            "CAD 100,000.00.",
        ),
        (
            "Canadian dollars are not converted",
            "CAD",
            "0.0752",
            "The CFLI total of 2,000,000.00 CAD is CAD 2,000,000.00, above the call's maximum of "
            "CAD 100,000.00.",
        ),
        (
            "another currency has no rate the call vouches for",
            "USD",
            "0.0752",
            "This call converts budgets in MXN to CAD at its own rate: give the budget in MXN or "
            "in CAD.",
        ),
    ],
)
def test_the_maximum_is_checked_at_the_calls_rate_never_the_applicants(
    _case, currency, stated_rate, problem, complete_draft
):
    complete_draft.budget_lines.update(quantity=1, unit_cost=2_000_000, cfli_amount=2_000_000)
    complete_draft.amount_requested = 2_000_000
    complete_draft.currency, complete_draft.exchange_rate = currency, Decimal(stated_rate)

    assert messages(complete_draft, "budget") == [problem]
    assert not is_complete(complete_draft)


def test_a_call_without_a_rate_takes_budgets_in_cad_only(complete_draft):
    complete_draft.call.exchange_rate = None
    complete_draft.exchange_rate = Decimal("0.00001")  # whatever the applicant once typed

    assert messages(complete_draft, "budget") == [
        "This call sets no exchange rate: give the budget in Canadian dollars (CAD).",
    ]
    complete_draft.currency = "CAD"
    assert messages(complete_draft, "budget") == [
        "The CFLI total of 500,000.00 CAD is CAD 500,000.00, above the call's maximum of "
        "CAD 100,000.00."
    ]
