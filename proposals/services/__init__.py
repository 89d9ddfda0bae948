"""The index of the proposal services: the writes to proposals, one module per subject,
re-exported here so callers write `from proposals import services` and
`services.proposal_submit(...)`, or `from proposals.services import proposal_move`, whichever
module holds the function.

- `drafts`: starting a draft and saving its sections (the budget's totals, the amount in CAD),
  and the conflict a save over someone else's newer save raises;
- `submission`: submitting a draft, the references every submission takes, telling the
  applicants and the mission's program officers;
- `withdrawal`: withdrawing a submitted proposal before a decision;
- `attachments`: adding and deleting a draft's files, recording every download;
- `closing`: the reminders before a call closes, the report to its officers once it has;
- `information`: requests for more information, their answers and their reminders;
- `moves`: `proposal_move`, the move screening, review, decisions and requests for information
  make;
- `_common`: what several of them share (the call-open check, the conversion to CAD, the
  context of a notification about a proposal).

Reads live in `proposals.selectors` and who may act in `proposals.permissions`; only
`workflow.transition` writes a proposal's state. The Celery tasks (`proposals.tasks`) import
from this index.
"""

from .attachments import attachment_add, attachment_delete, attachment_download_record
from .closing import calls_closed_report, draft_reminders_send
from .drafts import (
    SectionConflict,
    proposal_budget_recompute,
    proposal_create,
    proposal_section_save,
)
from .information import (
    information_reminders_send,
    information_request_answer,
    information_request_create,
)
from .moves import proposal_move
from .submission import proposal_submit, references_allocate
from .withdrawal import proposal_withdraw

__all__ = [
    "SectionConflict",
    "attachment_add",
    "attachment_delete",
    "attachment_download_record",
    "calls_closed_report",
    "draft_reminders_send",
    "information_reminders_send",
    "information_request_answer",
    "information_request_create",
    "proposal_budget_recompute",
    "proposal_create",
    "proposal_move",
    "proposal_section_save",
    "proposal_submit",
    "proposal_withdraw",
    "references_allocate",
]
