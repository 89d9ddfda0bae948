from datetime import date

import pytest

from cfli.programs.models import SubTheme
from cfli.proposals.completeness import is_complete, proposal_problems, section_problems

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
