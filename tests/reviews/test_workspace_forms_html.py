"""The workspace's forms are written in Python (reviews.forms.WrittenInPython) for speed: the
HTML must be what crispy-forms writes for them, blank and with errors, in every language."""

import re
from datetime import date

import pytest
from crispy_forms.utils import render_crispy_form
from django.utils import translation

from reviews.forms import ApprovalForm, CommentForm, InformationRequestForm, RecommendationForm


def markup(html) -> str:
    """The HTML without the whitespace between and inside tags that templates leave about."""
    html = re.sub(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', "", str(html))
    for pattern, replacement in ((r">\s+", ">"), (r"\s+<", "<"), (r"\s+/?>", ">"), (r"\s+", " ")):
        html = re.sub(pattern, replacement, html)
    return html.strip()


FORMS = {
    "comment": lambda: CommentForm(),
    "comment refused": lambda: CommentForm({"text": ""}),
    "question": lambda: InformationRequestForm(initial={"due_date": date(2026, 12, 16)}),
    "question refused": lambda: InformationRequestForm({"question": "¿Y?", "due_date": "mañana"}),
    "recommendation": lambda: RecommendationForm(applicant_language="Español"),
    "recommendation refused": lambda: RecommendationForm(
        {"recommendation": "maybe", "amount": "-1"}, applicant_language="Español"
    ),
    "decision": lambda: ApprovalForm(
        applicant_language="English", initial={"recommendation": "approve", "amount": 5000}
    ),
    "decision refused": lambda: ApprovalForm(
        {"recommendation": "decline"}, applicant_language="English"
    ),
}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("case", FORMS)
def test_the_workspace_forms_are_written_as_crispy_writes_them(case, language):
    with translation.override(language):
        form = FORMS[case]()
        written = markup(form.as_bootstrap())
        assert written == markup(render_crispy_form(form))
    if form.is_bound:
        assert 'class="invalid-feedback"' in written
