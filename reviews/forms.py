from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from proposals.forms_html import bootstrap_field, bootstrap_form, widget_renderer

from .eligibility import Check
from .models import Decision, InternalComment, Review, Screening

PASSED = [("yes", _("Passes")), ("no", _("Fails"))]


class WrittenInPython:
    """A form of the workspace, written as crispy-forms writes it (no <form> tag) by
    proposals.forms_html: the workspace is read far more often than it is written to, and
    crispy's walk of templates cost a tenth of it. Its FormHelper stays for the pages that
    render it through crispy (the committee's)."""

    default_renderer = widget_renderer

    def as_bootstrap(self):
        return bootstrap_form(self, (bootstrap_field(field) for field in self))


class ScreeningForm(forms.Form):
    """One pass/fail answer per check, prefilled where the system can tell, and the outcome."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Screening.Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(
        label=_("Reason the applicant is told"),
        choices=[("", _("Choose…")), *Screening.Reason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Written as is in the message to the applicant."),
    )

    def __init__(self, *args, checks: list[Check], **kwargs):
        super().__init__(*args, **kwargs)
        self.checks = checks
        for check in checks:
            initial = {True: "yes", False: "no"}.get(check.computed)
            self.fields[f"check_{check.key}"] = forms.ChoiceField(
                label=check.label,
                choices=PASSED,
                widget=forms.RadioSelect,
                initial=initial,
                help_text=_("Prefilled from the proposal.")
                if initial
                else _("The system cannot tell: check it."),
            )
            self.fields[f"note_{check.key}"] = forms.CharField(
                label=_("Note on this check"), required=False, max_length=1000
            )
        self.order_fields(
            [name for check in checks for name in (f"check_{check.key}", f"note_{check.key}")]
            + ["outcome", "reason", "note"]
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def check_answers(self) -> list[dict]:
        return [
            {
                "key": check.key,
                "computed": check.computed,
                "passed": self.cleaned_data[f"check_{check.key}"] == "yes",
                "note": self.cleaned_data[f"note_{check.key}"],
            }
            for check in self.checks
        ]


class CommentForm(WrittenInPython, forms.ModelForm):
    class Meta:
        model = InternalComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": _("Internal comment (never shown to the applicant)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class InformationRequestForm(WrittenInPython, forms.Form):
    question = forms.CharField(
        label=_("Question to the applicant"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent as is to the organization's members, who answer on the proposal's page."),
    )
    due_date = forms.DateField(
        label=_("Answer by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DeclarationForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this organization or its people?"),
        choices=[
            (False, _("No: I have no personal, family, financial or professional link")),
            (True, _("Yes: I must not review it")),
        ],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("If yes, describe the conflict"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


NA = Review.Answer.NA.value
ANSWER_CHOICES = Review.Answer.choices


class ReviewForm(forms.Form):
    """A score per criterion (or n/a), with a comment where the criterion asks for one
    (optional), an answer per GBA+ item, the proposed code and why."""

    ge_code = forms.ChoiceField(
        label=_("Proposed gender-equality code"),
        choices=[("", _("Choose…")), *Review.GeCode.choices],
        required=False,
    )
    ge_justification = forms.CharField(
        label=_("Why this code"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    comment = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        fields = {}
        for criterion in review.grid.criteria.all():
            choices = (
                [("", _("Choose…"))]
                + [(str(value), str(value)) for value in range(criterion.scale_max + 1)]
                + [(NA, _("n/a: does not apply"))]
            )
            stored = review.scores.get(str(criterion.pk), "")
            fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=_("%(criterion)s (weight %(weight)s)")
                % {"criterion": criterion.name, "weight": floatformat(criterion.weight, -2)},
                choices=choices,
                required=False,
                help_text=criterion.guidance,
                initial=NA if stored is None else str(stored),
            )
            if criterion.asks_comment:
                fields[f"criterion_comment_{criterion.pk}"] = forms.CharField(
                    label=_("Your comment on “%(criterion)s” (optional)")
                    % {"criterion": criterion.name},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=review.criterion_comments.get(str(criterion.pk), ""),
                )
        for item in review.checklist.items.all():
            fields[f"answer_{item.key}"] = forms.ChoiceField(
                label=item.question,
                choices=ANSWER_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                help_text=item.guidance,
                initial=review.answers.get(item.key),
            )
        self.fields = {**fields, **self.fields}
        for name in ("ge_code", "ge_justification", "comment"):
            self.fields[name].initial = getattr(review, name)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def review_data(self) -> dict:
        data = self.cleaned_data
        scores = {}
        for criterion in self.review.grid.criteria.all():
            value = data.get(f"score_{criterion.pk}")
            if value:
                scores[str(criterion.pk)] = None if value == NA else int(value)
        answers = {
            item.key: data[f"answer_{item.key}"]
            for item in self.review.checklist.items.all()
            if data.get(f"answer_{item.key}")
        }
        criterion_comments = {
            str(criterion.pk): data.get(f"criterion_comment_{criterion.pk}", "")
            for criterion in self.review.grid.criteria.all()
            if criterion.asks_comment
        }
        return {
            "scores": scores,
            "answers": answers,
            "criterion_comments": criterion_comments,
            "ge_code": data["ge_code"],
            "ge_justification": data["ge_justification"],
            "comment": data["comment"],
        }


class DecisionFormBase(WrittenInPython, forms.Form):
    """What the recommendation and the decision share: the outcome, the amount, and the reasons
    the applicant will read, kept apart from the staff's own rationale."""

    amount = forms.DecimalField(
        label=_("Amount (CAD)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
    )
    reasons_for_applicant = forms.CharField(
        label=_("Reasons sent to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, applicant_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons_for_applicant"].help_text = _(
            "Sent to the applicant in the decision letter and the e-mail, as written here. Write "
            "them in the language of the proposal: %(language)s. A decline needs them."
        ) % {"language": applicant_language}
        self.helper = FormHelper()
        self.helper.form_tag = False


class RecommendationForm(DecisionFormBase):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Decision.Recommendation.choices, widget=forms.RadioSelect
    )
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    rationale = forms.CharField(
        label=_("Internal rationale"),
        help_text=_("For the embassy only: never sent to the applicant."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = ["recommendation", "amount", "conditions", "rationale", "reasons_for_applicant"]


class ApprovalForm(DecisionFormBase):
    recommendation = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Recommendation.choices, widget=forms.RadioSelect
    )
    ge_code = forms.ChoiceField(
        label=_("Final gender-equality code"), choices=[("", _("Choose…")), *Review.GeCode.choices]
    )
    field_order = ["recommendation", "amount", "reasons_for_applicant", "ge_code"]


class ReviewerChoiceForm(forms.Form):
    """A program officer's change to a proposal's reviewers: the reviewer to add, or to put in
    another's place, among the mission's reviewers with their workload (those the
    conflict-of-interest rules refuse are listed, unavailable, with why); and the officer's
    confirmation when the reviewer withdrawn has started their review."""

    class ReviewerSelect(forms.Select):
        """A drop-down whose refused reviewers are shown but cannot be chosen."""

        def __init__(self, *args, refused=frozenset(), **kwargs):
            super().__init__(*args, **kwargs)
            self.refused = refused

        def create_option(self, name, value, *args, **kwargs):
            option = super().create_option(name, value, *args, **kwargs)
            if value in self.refused:
                option["attrs"]["disabled"] = True
            return option

    reviewer = forms.TypedChoiceField(
        label=_("Reviewer"),
        coerce=int,
        error_messages={"required": _("Choose a reviewer.")},
        help_text=_(
            "With each reviewer: their reviews still open in the mission, and their reviews in "
            "this call. Reviewers the conflict-of-interest rules exclude are listed but cannot "
            "be chosen."
        ),
    )
    confirm = forms.BooleanField(
        label=_(
            "Withdraw them although they started their review (the draft is kept for the "
            "record and no longer counts)"
        ),
        required=False,
    )

    def __init__(self, *args, options=(), choose=True, confirm=False, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {option.reviewer.pk: option for option in options if not option.on_proposal}
        if choose:
            field = self.fields["reviewer"]
            field.widget = self.ReviewerSelect(
                refused={pk for pk, option in self.options.items() if option.refusal}
            )
            field.choices = [("", _("Choose…"))] + [
                (pk, self.option_label(option)) for pk, option in self.options.items()
            ]
            if label:
                field.label = label
        else:
            del self.fields["reviewer"]
        if not confirm:
            del self.fields["confirm"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's form has its token

    @staticmethod
    def option_label(option) -> str:
        name = option.reviewer.get_full_name()
        if option.refusal:
            return _("%(name)s — cannot be chosen: %(reason)s") % {
                "name": name,
                "reason": option.refusal,
            }
        return _("%(name)s — %(open)s open, %(call)s in this call") % {
            "name": name,
            "open": option.open_reviews,
            "call": option.call_reviews,
        }

    def chosen_reviewer(self):
        """The reviewer chosen (a user), once the form is valid."""
        return self.options[self.cleaned_data["reviewer"]].reviewer
