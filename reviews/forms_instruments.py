"""Forms of the administrators' pages for scoring grids and GBA+ checklists, and of a call's
review settings. Every text an administrator writes has a field per language, labelled with it
and marked with its language, so that screen readers pronounce it right."""

from datetime import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Row
from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.forms import label_empty_choices
from core.languages import language_codes

from .models import CallReviewSettings, ChecklistItem, Criterion, GbaChecklist, ScoringGrid

LANGUAGES = language_codes()


def in_language(widget: forms.Widget, language: str) -> forms.Widget:
    widget.attrs["lang"] = language
    return widget


def three_columns(*names: str) -> Row:
    """One field per language side by side on wide screens, one under the other on phones."""
    return Row(*(Div(name, css_class="col-lg-4") for name in names))


class InstrumentTextsForm(forms.Form):
    """The name and description of a grid or checklist version. Only the English name is
    needed to save a draft; publishing needs the name in every language."""

    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    name_fr = forms.CharField(label=_("Name in French"), max_length=200, required=False)
    name_es = forms.CharField(label=_("Name in Spanish"), max_length=200, required=False)
    description_en = forms.CharField(label=_("Description in English"), required=False)
    description_fr = forms.CharField(label=_("Description in French"), required=False)
    description_es = forms.CharField(label=_("Description in Spanish"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for language in LANGUAGES:
            in_language(self.fields[f"name_{language}"].widget, language)
            self.fields[f"description_{language}"].widget = in_language(
                forms.Textarea(attrs={"rows": 3}), language
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def texts(self) -> dict:
        return {
            f"{name}_{language}": self.cleaned_data[f"{name}_{language}"]
            for name in ("name", "description")
            for language in LANGUAGES
        }

    @classmethod
    def initial_from(cls, instrument) -> dict:
        return {
            f"{name}_{language}": getattr(instrument, f"{name}_{language}") or ""
            for name in ("name", "description")
            for language in LANGUAGES
        }


class InstrumentCreateForm(InstrumentTextsForm):
    family = forms.SlugField(
        label=_("Identifier"),
        max_length=60,
        help_text=_(
            "A short name that never changes and groups the versions, in lowercase letters, "
            "digits and hyphens; for example cfli-2027."
        ),
    )

    field_order = ["family"]


class InstrumentEditForm(InstrumentTextsForm):
    """The texts of a draft, with the moment it was last saved: saving over someone else's
    newer save is refused (nothing is lost: the page comes back with what was typed)."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.render_hidden_fields = True

    def clean_seen(self):
        try:
            return datetime.fromisoformat(self.cleaned_data["seen"])
        except ValueError:
            return None


class PartForm(forms.ModelForm):
    """One line of a version (a criterion or a checklist item)."""

    layout: tuple = ()
    delete_label = ""

    def __init__(self, *args, next_position: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.next_position = next_position
        position = self.fields["position"]
        position.required = False
        position.help_text = _("Lines are shown in this order. Left empty, a new line goes last.")
        if not self.instance.pk:
            self.initial["position"] = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.render_hidden_fields = True
        # DELETE is added by the formset once the form exists.
        self.helper.layout = Layout(*self.layout, "DELETE")

    def clean_position(self):
        position = self.cleaned_data["position"]
        if position is None:
            return self.instance.position if self.instance.pk else self.next_position
        return position


def language_widgets(*names: str, rows: int | None = None) -> dict:
    return {
        f"{name}_{language}": in_language(
            forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(), language
        )
        for name in names
        for language in LANGUAGES
    }


class CriterionForm(PartForm):
    layout = (
        three_columns("name_en", "name_fr", "name_es"),
        three_columns("guidance_en", "guidance_fr", "guidance_es"),
        three_columns("weight", "scale_max", "position"),
        "asks_comment",
    )
    delete_label = _("Remove this criterion")

    class Meta:
        model = Criterion
        fields = [
            "name_en",
            "name_fr",
            "name_es",
            "guidance_en",
            "guidance_fr",
            "guidance_es",
            "weight",
            "scale_max",
            "position",
            "asks_comment",
        ]
        labels = {
            "name_en": _("Criterion in English"),
            "name_fr": _("Criterion in French"),
            "name_es": _("Criterion in Spanish"),
            "guidance_en": _("Guidance for reviewers in English"),
            "guidance_fr": _("Guidance for reviewers in French"),
            "guidance_es": _("Guidance for reviewers in Spanish"),
        }
        help_texts = {
            "weight": _(
                "Weights are relative: a review's score is out of 100 whatever their total."
            ),
            "scale_max": _("Reviewers score from 0 to this number."),
        }
        widgets = {**language_widgets("name"), **language_widgets("guidance", rows=2)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_en"].required = True


class ChecklistItemForm(PartForm):
    layout = (
        three_columns("question_en", "question_fr", "question_es"),
        three_columns("guidance_en", "guidance_fr", "guidance_es"),
        three_columns("key", "position", "required"),
    )
    delete_label = _("Remove this item")

    class Meta:
        model = ChecklistItem
        fields = [
            "key",
            "question_en",
            "question_fr",
            "question_es",
            "guidance_en",
            "guidance_fr",
            "guidance_es",
            "required",
            "position",
        ]
        labels = {
            "question_en": _("Question in English"),
            "question_fr": _("Question in French"),
            "question_es": _("Question in Spanish"),
            "guidance_en": _("Guidance for reviewers in English"),
            "guidance_fr": _("Guidance for reviewers in French"),
            "guidance_es": _("Guidance for reviewers in Spanish"),
            "required": _("Reviewers must answer it"),
        }
        widgets = {**language_widgets("question"), **language_widgets("guidance", rows=2)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question_en"].required = True


class PartFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = form.delete_label

    def lines(self) -> list[dict]:
        """What to write, for instrument_draft_save: changed and new lines with their values,
        and the lines to remove (by id). Untouched lines are left out."""
        lines = []
        for form in self.forms:
            instance = form.cleaned_data.get("id")
            pk = instance.pk if instance else None
            if self.can_delete and self._should_delete_form(form):
                if pk is not None:
                    lines.append({"id": pk, "delete": True})
                continue
            if not form.has_changed():
                continue
            values = {name: form.cleaned_data[name] for name in form._meta.fields}
            lines.append({"id": pk, **values})
        return lines


def part_formset(model, *, instance, data=None, extra: int = 0):
    """The lines of a draft version, with `extra` empty ones to fill in."""
    form = CriterionForm if model is ScoringGrid else ChecklistItemForm
    formset_class = forms.inlineformset_factory(
        model,
        form._meta.model,
        form=form,
        formset=PartFormSet,
        extra=extra,
        can_delete=True,
        max_num=50,
        validate_max=True,
        absolute_max=100,
    )
    related = "criteria" if model is ScoringGrid else "items"
    positions = [part.position for part in getattr(instance, related).all()]
    return formset_class(
        data=data,
        instance=instance,
        queryset=getattr(instance, related).all(),
        prefix=related,
        form_kwargs={"next_position": max(positions, default=0) + 1},
    )


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("%(name)s (%(family)s, version %(version)s)") % {
            "name": obj.name,
            "family": obj.family,
            "version": obj.version,
        }


class CallReviewSettingsForm(forms.ModelForm):
    grid = VersionChoiceField(label=_("Scoring grid"), queryset=ScoringGrid.objects.none())
    checklist = VersionChoiceField(label=_("GBA+ checklist"), queryset=GbaChecklist.objects.none())

    class Meta:
        model = CallReviewSettings
        fields = ["grid", "checklist", "reviewers_per_proposal", "days_to_review"]
        help_texts = {
            "days_to_review": _("Counted from the day a reviewer is assigned."),
        }

    def __init__(self, *args, grids, checklists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids
        self.fields["checklist"].queryset = checklists
        self.fields["grid"].help_text = _("Only published versions can be chosen.")
        self.fields["checklist"].help_text = _("Only published versions can be chosen.")
        for name in ("reviewers_per_proposal", "days_to_review"):
            self.fields[name].validators.append(MinValueValidator(1))
            self.fields[name].widget.attrs["min"] = 1
        label_empty_choices(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def _post_clean(self):
        # The settings are validated once, in the service (call_review_settings_save).
        pass
