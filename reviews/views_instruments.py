"""The administrators' pages for scoring grids and GBA+ checklists, and the review settings
page of a call (its mission's program officers and administrators)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.forms import add_service_errors
from core.languages import language_names
from programs.access import AdministratorPageMixin, CallManagerPageMixin
from programs.selectors import call_manage_get_for

from . import selectors, services
from .forms_instruments import (
    CallReviewSettingsForm,
    InstrumentCreateForm,
    InstrumentEditForm,
    part_formset,
)
from .models import GbaChecklist, ScoringGrid

FROZEN = _("This version is published and frozen: make a new version to change it.")


class InstrumentMixin(AdministratorPageMixin):
    """Pages of one kind of instrument (set by the subclass): administrators only."""

    kind = ""  # "grid" or "checklist": the URL names are instruments:<kind>-…
    model = None
    texts: dict = {}

    def url(self, name: str, *args) -> str:
        return reverse(f"instruments:{self.kind}-{name}", args=args)

    def render_page(self, request, template: str, status: int = 200, **context):
        context = {"kind": self.kind, "texts": self.texts, **context}
        return render(request, f"reviews/instruments/{template}", context, status=status)


class GridPages:
    kind = "grid"
    model = ScoringGrid
    texts = {
        "title": _("Scoring grids"),
        "intro": _(
            "Reviewers score each proposal against the criteria of a grid. A grid has versions: "
            "a draft can be changed; publishing freezes it, and only then can it be chosen for "
            "calls. "
            "A review keeps the version it started with."
        ),
        "new": _("New scoring grid"),
        "kind_name": _("Scoring grid"),
        "empty": _("No scoring grid yet."),
        "lines": _("Criteria"),
        "line": _("Criterion"),
        "add": _("Add a criterion"),
        "no_lines": _("No criterion yet."),
        "created": _("The scoring grid was created as a draft. Add its criteria, then publish it."),
        "published": _("The scoring grid is published: this version can now be chosen for calls."),
    }


class ChecklistPages:
    kind = "checklist"
    model = GbaChecklist
    texts = {
        "title": _("GBA+ checklists"),
        "intro": _(
            "Reviewers answer the questions of a GBA+ checklist for each proposal. A checklist "
            "has versions: a draft can be changed; publishing freezes it, and only then can "
            "calls choose it. A review keeps the version it started with."
        ),
        "new": _("New GBA+ checklist"),
        "kind_name": _("GBA+ checklist"),
        "empty": _("No GBA+ checklist yet."),
        "lines": _("Questions"),
        "line": _("Question"),
        "add": _("Add a question"),
        "no_lines": _("No question yet."),
        "created": _(
            "The GBA+ checklist was created as a draft. Add its questions, then publish it."
        ),
        "published": _(
            "The GBA+ checklist is published: this version can now be chosen for calls."
        ),
    }


class InstrumentListView(InstrumentMixin, View):
    def get(self, request):
        families = selectors.instrument_families(self.model)
        return self.render_page(request, "instrument_list.html", families=families)


class InstrumentCreateView(InstrumentMixin, View):
    def get(self, request):
        return self.render_page(request, "instrument_create.html", form=InstrumentCreateForm())

    def post(self, request):
        form = InstrumentCreateForm(request.POST)
        if form.is_valid():
            try:
                instrument = services.instrument_create(
                    model=self.model,
                    actor=request.user,
                    family=form.cleaned_data["family"],
                    texts=form.texts(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.texts["created"])
                return redirect(self.url("detail", instrument.pk))
        return self.render_page(
            request,
            "instrument_create.html",
            form=form,
            error_summary=error_summary(form),
            status=400,
        )


def error_summary(form, formset=None, line_title="") -> list[dict]:
    """Every error of the page, each linked to its field, for the summary at the top."""
    summary = [{"message": message} for message in form.non_field_errors()]
    forms_ = formset.forms if formset is not None else []
    if formset is not None:
        summary += [{"message": message} for message in formset.non_form_errors()]
    rows = [(form, None), *((row, number) for number, row in enumerate(forms_, 1))]
    for row, number in rows:
        if row is not form:
            summary += [{"message": message} for message in row.non_field_errors()]
        for name, messages_ in row.errors.items():
            if name == "__all__":
                continue
            field = row[name]
            label = (
                field.label
                if number is None
                else _("%(line)s %(number)s, %(field)s")
                % {"line": line_title, "number": number, "field": field.label}
            )
            summary.append({"id": field.id_for_label, "label": label, "message": messages_[0]})
    return summary


def not_saved(message) -> dict:
    """A refused change of the page, for the summary at the top."""
    return {"heading": _("Your changes were not saved."), "items": [{"message": message}]}


def publish_refusal(error: ValidationError, form, formset, texts: dict, text_field: str) -> dict:
    """A refused publication, for the summary at the top of the page: each text missing a
    language (named, not coded) links to its first empty field; a version without lines links
    to the first line's field."""
    refusal: dict = {"heading": _("This version was not published."), "items": []}
    missing = (error.params or {}).get("missing") if error.code == "untranslated" else None
    if not missing:
        first = formset.forms[0] if error.code == "empty" and formset.forms else None
        refusal["items"] = [
            {"message": message, "id": first[f"{text_field}_en"].id_for_label if first else ""}
            for message in error.messages
        ]
        return refusal
    refusal["intro"] = _("Write every text in English, French and Spanish before publishing:")
    rows = {row.instance.pk: (number, row) for number, row in enumerate(formset.forms, 1)}
    for entry in missing:
        number, row = rows.get(entry["line"], (None, None)) if entry["line"] else (None, form)
        label = (
            _("Name")
            if entry["line"] is None
            else _("%(line)s %(number)s") % {"line": texts["line"], "number": number}
        )
        message = _("“%(text)s” is not written in %(languages)s yet.") % {
            "text": entry["text"],
            "languages": language_names(entry["languages"]),
        }
        field = f"{entry['field']}_{entry['languages'][0]}"
        if row is None or field not in row.fields:  # a line added since: no field to point at
            refusal["items"].append({"message": message})
        else:
            refusal["items"].append(
                {"id": row[field].id_for_label, "label": label, "message": message}
            )
    return refusal


class InstrumentDetailMixin(InstrumentMixin):
    def get_instrument(self, pk):
        return selectors.instrument_get(self.model, pk)

    def draft_forms(self, instrument, *, extra: int = 0):
        form = InstrumentEditForm(
            initial={
                **InstrumentEditForm.initial_from(instrument),
                "seen": instrument.updated_at.isoformat(),
            }
        )
        extra = extra or (0 if instrument.part_count else 1)
        return form, part_formset(self.model, instance=instrument, extra=extra)

    def render_detail(
        self, request, instrument, form=None, formset=None, *, status=200, refusal=None
    ):
        """The version's page; `refusal` (heading, intro, items) is what a service refused,
        shown with the form's errors in the summary at the top."""
        versions = instrument.family_versions
        if not instrument.is_published and form is None:
            form, formset = self.draft_forms(instrument)
        summary = list(refusal["items"]) if refusal else []
        if form is not None and form.is_bound:
            summary += error_summary(form, formset, self.texts["line"])
        return self.render_page(
            request,
            "instrument_detail.html",
            status=status,
            instrument=instrument,
            parts=list(getattr(instrument, "criteria" if self.kind == "grid" else "items").all()),
            versions=versions,
            family_draft=next((v for v in versions if not v.is_published), None),
            form=form,
            formset=formset,
            error_summary=summary,
            error_heading=refusal["heading"] if refusal else None,
            error_intro=refusal.get("intro") if refusal else None,
        )


class InstrumentDetailView(InstrumentDetailMixin, View):
    """A version: read-only once published; a draft's texts and lines are edited here."""

    def get(self, request, pk):
        instrument = self.get_instrument(pk)
        if instrument.is_published:
            return self.render_detail(request, instrument)
        form, formset = self.draft_forms(instrument, extra=1 if "add" in request.GET else 0)
        return self.render_detail(request, instrument, form, formset)

    def post(self, request, pk):
        instrument = self.get_instrument(pk)
        if instrument.is_published:
            return self.render_detail(request, instrument, status=409, refusal=not_saved(FROZEN))
        form = InstrumentEditForm(request.POST)
        formset = part_formset(self.model, instance=instrument, data=request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                services.instrument_draft_save(
                    instrument=instrument,
                    actor=request.user,
                    texts=form.texts(),
                    parts=formset.lines(),
                    seen_updated_at=form.cleaned_data["seen"],
                )
            except ValidationError as error:
                if getattr(error, "code", None) == "published":  # published meanwhile
                    return self.render_detail(
                        request, self.get_instrument(pk), status=409, refusal=not_saved(FROZEN)
                    )
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your changes were saved."))
                url = self.url("detail", pk)
                return redirect(f"{url}?add=1#lines" if "add_row" in request.POST else url)
        return self.render_detail(request, instrument, form, formset, status=400)


class InstrumentPublishView(InstrumentDetailMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        instrument = self.get_instrument(pk)
        try:
            services.instrument_publish(instrument=instrument, actor=request.user)
        except ValidationError as error:
            instrument = self.get_instrument(pk)
            if instrument.is_published:  # a second click, or another administrator's
                messages.info(request, " ".join(error.messages))
                return redirect(self.url("detail", pk))
            form, formset = self.draft_forms(instrument)
            text_field = "name" if self.kind == "grid" else "question"
            refusal = publish_refusal(error, form, formset, self.texts, text_field)
            return self.render_detail(
                request, instrument, form, formset, status=400, refusal=refusal
            )
        messages.success(request, self.texts["published"])
        return redirect(self.url("detail", pk))


class InstrumentNewVersionView(InstrumentMixin, View):
    """Start the next version (a draft copy), or open the draft already started."""

    http_method_names = ["post"]

    def post(self, request, pk):
        instrument = get_object_or_404(self.model.objects.all(), pk=pk)
        draft, created = services.instrument_next_draft(instrument=instrument, actor=request.user)
        if created:
            messages.success(
                request,
                _(
                    "Version %(version)s is a draft copy of version %(source)s: change it, "
                    "then publish it."
                )
                % {"version": draft.version, "source": instrument.version},
            )
        else:
            messages.info(
                request,
                _("Version %(version)s is already a draft: change it here.")
                % {"version": draft.version},
            )
        return redirect(self.url("detail", draft.pk))


class GridListView(GridPages, InstrumentListView):
    pass


class GridCreateView(GridPages, InstrumentCreateView):
    pass


class GridDetailView(GridPages, InstrumentDetailView):
    pass


class GridPublishView(GridPages, InstrumentPublishView):
    pass


class GridNewVersionView(GridPages, InstrumentNewVersionView):
    pass


class ChecklistListView(ChecklistPages, InstrumentListView):
    pass


class ChecklistCreateView(ChecklistPages, InstrumentCreateView):
    pass


class ChecklistDetailView(ChecklistPages, InstrumentDetailView):
    pass


class ChecklistPublishView(ChecklistPages, InstrumentPublishView):
    pass


class ChecklistNewVersionView(ChecklistPages, InstrumentNewVersionView):
    pass


# --- A call's review settings ----------------------------------------------------------------


class CallReviewSettingsView(CallManagerPageMixin, View):
    """The grid and checklist versions a call's reviews use, reviewers per proposal and days
    to review: the call's program officers and administrators (others get a 404)."""

    template_name = "reviews/instruments/call_review_settings.html"

    def make_form(self, current, data=None):
        return CallReviewSettingsForm(
            data,
            instance=current,
            grids=selectors.instrument_published_list(ScoringGrid),
            checklists=selectors.instrument_published_list(GbaChecklist),
        )

    def render_page(self, request, call, current, form, status=200):
        context = {
            "call": call,
            "current": current,
            "form": form,
            "error_summary": error_summary(form) if form.is_bound else [],
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        call = call_manage_get_for(request.user, pk)
        current = selectors.review_settings_for(call)
        return self.render_page(request, call, current, self.make_form(current))

    def post(self, request, pk):
        call = call_manage_get_for(request.user, pk)
        current = selectors.review_settings_for(call)
        form = self.make_form(current, request.POST)
        if form.is_valid():
            try:
                services.call_review_settings_save(
                    call=call, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The review settings were saved."))
                return redirect("programs:manage-call-detail", pk=call.pk)
        return self.render_page(request, call, current, form, status=400)
