"""The index of the review services: the writes of the review of proposals, one module per
subject, re-exported here so callers write `from reviews import services` and
`services.review_submit(...)` whichever module holds the function.

- `instruments`: scoring grids and GBA+ checklists (create, edit a draft, publish, version)
  and a call's review settings;
- `screening`: the eligibility screening, internal comments, the audit of staff views;
- `assignment`: assigning reviewers, conflict-of-interest declarations, the assignment relay,
  and the program officer's changes (add, replace, withdraw a reviewer);
- `reviewing`: starting, saving and submitting a review, aggregation and its relay, reminders;
- `decisions`: the committee's recommendation, the approval within the call's envelope, and
  the release of held decisions to the applicants;
- `_common`: what several of them share (the statuses under review, telling the applicants).

Reads live in `reviews.selectors` and who may act in `reviews.permissions`. The Celery tasks
(`reviews.tasks`) import from this index; the services import the tasks inside the function
that enqueues one, after the commit.
"""

from .assignment import (
    assignment_declare,
    reviewer_add,
    reviewer_remove,
    reviewer_replace,
    reviewers_assign,
    reviewers_assign_missing,
    reviewers_assign_on_commit,
)
from .decisions import decision_approve, decision_recommend, decisions_release
from .instruments import (
    call_review_settings_save,
    instrument_create,
    instrument_draft_save,
    instrument_new_version,
    instrument_next_draft,
    instrument_publish,
)
from .reviewing import (
    review_reminders_send,
    review_save,
    review_start,
    review_submit,
    reviews_aggregate,
    reviews_aggregate_finished,
)
from .screening import comment_add, screening_record, staff_view_record

__all__ = [
    "assignment_declare",
    "call_review_settings_save",
    "comment_add",
    "decision_approve",
    "decision_recommend",
    "decisions_release",
    "instrument_create",
    "instrument_draft_save",
    "instrument_new_version",
    "instrument_next_draft",
    "instrument_publish",
    "review_reminders_send",
    "review_save",
    "review_start",
    "review_submit",
    "reviewer_add",
    "reviewer_remove",
    "reviewer_replace",
    "reviewers_assign",
    "reviewers_assign_missing",
    "reviewers_assign_on_commit",
    "reviews_aggregate",
    "reviews_aggregate_finished",
    "screening_record",
    "staff_view_record",
]
