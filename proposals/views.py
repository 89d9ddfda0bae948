"""The applicant's pages: dashboard, the proposal's sections with autosave, checklist, submit,
receipt, status and withdrawal."""

import copy
import uuid
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from accounts.selectors import organization_acting_for
from core.arrival import arrival_time
from core.forms import add_service_errors
from core.htmx import editor_token, is_autosave, querydict
from core.times import time_left
from core.uploads import MB, SizeLimitedUploadHandler
from programs.models import Call

from . import completeness, permissions, selectors, services
from .access import STASH, PartnerMixin, ProposalMixin
from .downloads import attachment_download
from .forms import (
    ROW_FORMS,
    ROW_SET_LABELS,
    SECTION_FORMS,
    AttachmentForm,
    InformationAnswerForm,
    WithdrawForm,
    row_formset,
    row_values,
)
from .forms_html import section_nav_items_html, section_state_html
from .models import InformationRequest
from .sections import BY_KEY, SECTIONS, next_section, previous_section


class DashboardView(PartnerMixin, View):
    """The acting organization's drafts and proposals, and the calls open to it."""

    def get(self, request):
        organization = organization_acting_for(request)
        proposals = selectors.proposal_list_for_organization(organization) if organization else []
        return render(
            request,
            "proposals/dashboard.html",
            {
                "organization": organization,
                "proposals": proposals,
                "calls": selectors.call_open_list_for(organization),
                "now": timezone.now(),
            },
        )


class ProposalCreateView(PartnerMixin, View):
    http_method_names = ["post"]

    def post(self, request, call_pk):
        call = get_object_or_404(Call.objects.published().select_related("mission"), pk=call_pk)
        organization = organization_acting_for(request)
        if organization is None:
            messages.info(request, _("First register your organization, then start a proposal."))
            return redirect("accounts:organization-create")
        try:
            proposal = services.proposal_create(
                call=call, organization=organization, actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(call)
        messages.success(request, _("Your draft is started. Everything you type is saved."))
        return redirect(proposal)


class SectionView(ProposalMixin, View):
    """One section of a draft: a normal form with a Save button, autosaved as people type."""

    def dispatch(self, request, *args, **kwargs):
        self.section = BY_KEY.get(kwargs["section"])
        if self.section is None and request.user.is_authenticated:
            raise Http404
        if self.section is not None:
            # The page lists every section with its state, so it reads every row; a save reads
            # only this section's: an autosave of one text field reads nothing else.
            self.parts = (
                True
                if request.method == "GET"
                else self.section.row_sets
                + (("attachments",) if self.section.key == "attachments" else ())
            )
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        call = self.proposal.call
        form = SECTION_FORMS[self.section.key](data=data, instance=self.proposal, call=call)
        formsets = {}
        for name in self.section.row_sets:
            if data is not None:
                formsets[name] = row_formset(name, data=data)
            else:
                rows = getattr(self.proposal, name).all()
                fields = ROW_FORMS[name]._meta.fields
                initial = [{field: getattr(row, field) for field in fields} for row in rows]
                formsets[name] = row_formset(name, initial=initial, extra=0 if initial else 1)
        return form, formsets

    def render_page(self, request, form, formsets, *, status=200, restored=False, upload_form=None):
        problems = completeness.proposal_problems(self.proposal)
        call, now = self.proposal.call, timezone.now()
        # The sections' addresses differ only by their key: one reverse() for the list.
        address = reverse("proposals:section", args=[self.proposal.pk, "section-key"])
        context = {
            "proposal": self.proposal,
            "call": call,
            "section": self.section,
            "section_items": section_nav_items_html(
                (
                    (item, problems[item.key], address.replace("section-key", item.key))
                    for item in SECTIONS
                ),
                current=self.section.key,
            ),
            "time_left": time_left(call.closes_at, now),
            "deadline_near": call.closes_at - now < timedelta(days=1),
            "form": form,
            "row_sets": [
                {"formset": formset, **ROW_SET_LABELS[name]} for name, formset in formsets.items()
            ],
            "version": self.proposal.section_version(self.section.key),
            # This page's saves are told from another tab's by it (the same one after a POST).
            "editor": editor_token(request) or uuid.uuid4().hex,
            "problems": problems[self.section.key],
            "next_section": next_section(self.section.key),
            "previous_section": previous_section(self.section.key),
            "can_edit": permissions.can_edit_proposal(request.user, self.proposal),
            "restored": restored,
        }
        if self.section.key == "attachments":
            context["attachments"] = self.proposal.attachments.all()
            context["upload_form"] = upload_form or AttachmentForm()
            context["max_mb"] = self.proposal.call.attachment_max_mb
        return render(request, "proposals/section.html", context, status=status)

    def get(self, request, pk, section):
        if not self.proposal.is_draft:
            return redirect("proposals:detail", self.proposal.pk)
        stash = request.session.get(STASH)
        if stash and stash.get("path") == request.path:
            del request.session[STASH]
            data = querydict(stash["data"])
            form, formsets = self.forms(data)
            form.is_valid()
            for formset in formsets.values():
                formset.is_valid()
            return self.render_page(request, form, formsets, restored=True)
        return self.render_page(request, *self.forms())

    def post(self, request, pk, section):
        autosave = is_autosave(request)
        # The form writes what it cleans onto the proposal: keep it as it was, to tell which
        # sections' states the save changes.
        before = copy.copy(self.proposal)
        form, formsets = self.forms(request.POST)
        form_valid = form.is_valid()
        # Only what the request carried: a save of some fields never blanks the others.
        values = {
            name: form.cleaned_data[name]
            for name, field in form.fields.items()
            if name in form.cleaned_data
            and not field.widget.value_omitted_from_data(request.POST, request.FILES, name)
        }
        rows = {
            name: row_values(formset) for name, formset in formsets.items() if formset.is_valid()
        }
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        try:
            self.proposal = services.proposal_section_save(
                proposal=self.proposal,
                section=self.section.key,
                values=values,
                rows=rows,
                version=version,
                actor=request.user,
                editor=editor_token(request),
                force=request.POST.get("keep_mine") == "1",
            )
        except services.SectionConflict as conflict:
            return self.conflict(request, form, formsets, conflict, autosave=autosave)
        except ValidationError as error:
            if autosave:
                return render(
                    request,
                    "proposals/partials/_save_status.html",
                    {"errors": error.messages, "version": version},
                    status=400,
                )
            # A rule of the proposal (an end date before the start), said on its field.
            add_service_errors(form, error)
            messages.error(
                request, _("Nothing was saved: correct the fields marked below and save again.")
            )
            return self.render_page(request, form, formsets, status=400)
        saved_everything = form_valid and all(f.is_valid() for f in formsets.values())
        new_version = self.proposal.section_version(self.section.key)
        if autosave:
            # What the save changed in the list of what is still to complete, and in the
            # states of the list of sections, goes back with its status (out of band).
            changed = completeness.sections_changed_by(
                self.section.key, before=before, after=self.proposal
            )
            problems = {key: completeness.section_problems(self.proposal, key) for key in changed}
            return render(
                request,
                "proposals/partials/_save_status.html",
                {
                    "saved_at": timezone.now(),
                    "version": new_version,
                    "invalid": not saved_everything,
                    "proposal": self.proposal,
                    "call": self.proposal.call,
                    "budget": self.section.key == "budget",
                    "section_saved": True,
                    "problems": problems[self.section.key],
                    "section_states": SafeString(
                        "".join(section_state_html(key, problems[key], oob=True) for key in changed)
                    ),
                },
            )
        if not saved_everything:
            messages.warning(
                request,
                _("Saved, except the fields marked below: correct them and save again."),
            )
            form.instance = self.proposal
            return self.render_page(request, form, formsets, status=400)
        messages.success(request, _("Saved."))
        if "add_row" in request.POST:
            self.proposal = selectors.proposal_get_for(request.user, pk, parts=True)
            form, formsets = self.forms()
            name = request.POST["add_row"]
            if name in formsets:
                formsets[name] = row_formset(name, initial=formsets[name].initial, extra=1)
            return self.render_page(request, form, formsets)
        following = next_section(self.section.key)
        if "save_next" in request.POST and following:
            return redirect("proposals:section", self.proposal.pk, following.key)
        return redirect("proposals:section", self.proposal.pk, self.section.key)

    def conflict(self, request, form, formsets, conflict, *, autosave):
        context = {
            "conflict": conflict,
            "proposal": self.proposal,
            "section": self.section,
        }
        if autosave:
            return render(request, "proposals/partials/_conflict.html", context, status=409)
        if conflict.same_person:
            messages.error(
                request,
                _(
                    "You saved this section in another tab or window while you were editing it "
                    "here. Your text is still below and has not been saved: compare, then save "
                    "again to keep it, or reload the page to see the version saved."
                ),
            )
            return self.render_page(request, form, formsets, status=409)
        messages.error(
            request,
            _(
                "%(person)s saved this section while you were editing it. Your text is still "
                "below and has not been saved: compare, then choose “Keep my version” or "
                "reload the page to see theirs."
            )
            % {"person": conflict.saved_by},
        )
        return self.render_page(request, form, formsets, status=409)


class ChecklistView(ProposalMixin, View):
    """Every section with its state and every missing or invalid item, linked to its field."""

    parts = True

    def get(self, request, pk):
        problems = completeness.proposal_problems(self.proposal)
        return render(
            request,
            "proposals/checklist.html",
            {
                "proposal": self.proposal,
                "call": self.proposal.call,
                "sections": [(section, problems[section.key]) for section in SECTIONS],
                "complete": not any(problems.values()),
                "can_submit": permissions.can_submit_proposal(request.user, self.proposal),
                "now": timezone.now(),
            },
        )


class SubmitView(ProposalMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            submission = services.proposal_submit(
                proposal=self.proposal, actor=request.user, received_at=arrival_time(request)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("proposals:checklist", self.proposal.pk)
        if not submission.already_submitted:
            messages.success(request, _("Your proposal was submitted."))
        return redirect("proposals:receipt", self.proposal.pk)


class ReceiptView(ProposalMixin, View):
    def get(self, request, pk):
        if self.proposal.reference is None:
            raise Http404
        return render(
            request,
            "proposals/receipt.html",
            {"proposal": self.proposal, "call": self.proposal.call},
        )


class DetailView(ProposalMixin, View):
    """A submitted proposal's status and timeline, in plain words, and the embassy's questions
    with the form to answer the open one."""

    def render_page(self, request, *, answer_form=None, status=200):
        proposal = self.proposal
        if answer_form is None and permissions.can_answer_information(request.user, proposal):
            answer_form = InformationAnswerForm(max_mb=proposal.call.attachment_max_mb)
        requests = list(selectors.information_requests_of(proposal))
        return render(
            request,
            "proposals/detail.html",
            {
                "proposal": proposal,
                "call": proposal.call,
                "events": selectors.applicant_timeline(proposal),
                "can_withdraw": permissions.can_withdraw_proposal(request.user, proposal),
                "decision_letter_available": permissions.can_read_decision_letter(
                    request.user, proposal
                ),
                "information_requests": requests,
                "open_request": next((r for r in requests if r.is_open), None),
                "answer_form": answer_form,
            },
            status=status,
        )

    def get(self, request, pk):
        if self.proposal.is_draft:
            return redirect(self.proposal)
        return self.render_page(request)


@method_decorator(csrf_exempt, name="dispatch")
class InformationAnswerView(DetailView):
    """The answer to the embassy's open question: text and files in one form. Files are
    size-limited as they stream in (see AttachmentUploadView); the text is sent first, so it
    comes back in the form even when a file is refused."""

    http_method_names = ["post"]
    streams_upload = True

    def post(self, request, pk, request_pk):
        max_bytes = self.proposal.call.attachment_max_mb * MB
        limit = SizeLimitedUploadHandler(
            request,
            max_bytes=max_bytes,
            max_request_bytes=InformationRequest.MAX_FILES * max_bytes + 2 * MB,
        )
        request.upload_handlers.insert(0, limit)
        return csrf_protect(self.answer)(request, request_pk=request_pk, limit=limit)

    def answer(self, request, *, request_pk, limit):
        information_request = get_object_or_404(self.proposal.information_requests, pk=request_pk)
        form = InformationAnswerForm(
            request.POST, request.FILES, max_mb=self.proposal.call.attachment_max_mb
        )
        if limit.exceeded:
            form.add_error("files", limit.error())
        if form.is_valid():
            try:
                services.information_request_answer(
                    information_request=information_request,
                    actor=request.user,
                    answer=form.cleaned_data["answer"],
                    uploads=form.cleaned_data["files"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your answer is sent. The embassy has been told."))
                return redirect("proposals:detail", self.proposal.pk)
        return self.render_page(request, answer_form=form, status=400)


class WithdrawView(ProposalMixin, View):
    def render_page(self, request, form, status=200):
        return render(
            request,
            "proposals/withdraw.html",
            {"proposal": self.proposal, "form": form},
            status=status,
        )

    def get(self, request, pk):
        if not permissions.can_withdraw_proposal(request.user, self.proposal):
            return redirect(self.proposal)
        return self.render_page(request, WithdrawForm())

    def post(self, request, pk):
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.proposal_withdraw(
                    proposal=self.proposal, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The proposal was withdrawn."))
                return redirect("proposals:detail", self.proposal.pk)
        return self.render_page(request, form, status=400)


@method_decorator(csrf_exempt, name="dispatch")
class AttachmentUploadView(ProposalMixin, View):
    """Upload one file. The size limit is enforced while the body streams in, so the upload
    handler must be in place before anything (CSRF included) reads the request's form."""

    http_method_names = ["post"]
    streams_upload = True  # RejectMalformedInputMiddleware leaves the body to this view

    def post(self, request, pk):
        limit = SizeLimitedUploadHandler(
            request, max_bytes=self.proposal.call.attachment_max_mb * MB
        )
        request.upload_handlers.insert(0, limit)
        return csrf_protect(self.upload)(request, limit=limit)

    def upload(self, request, *, limit):
        form = AttachmentForm(request.POST, request.FILES)
        if limit.exceeded:
            form.add_error("file", limit.error())
        if form.is_valid():
            try:
                attachment = services.attachment_add(
                    proposal=self.proposal,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("“%(name)s” is attached.") % {"name": attachment.file_name}
                )
                return redirect("proposals:section", self.proposal.pk, "attachments")
        section = SectionView()
        section.setup(request, pk=self.proposal.pk, section="attachments")
        section.proposal, section.section = self.proposal, BY_KEY["attachments"]
        return section.render_page(request, *section.forms(), status=400, upload_form=form)


class AttachmentDeleteView(ProposalMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, attachment_pk):
        attachment = get_object_or_404(self.proposal.attachments, pk=attachment_pk)
        try:
            services.attachment_delete(attachment=attachment, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%(name)s” was removed.") % {"name": attachment.file_name})
        return redirect("proposals:section", self.proposal.pk, "attachments")


class AttachmentDownloadView(ProposalMixin, View):
    """The only way to a proposal's file: the proposal's permission, then an attachment."""

    def get(self, request, pk, attachment_pk):
        attachment = get_object_or_404(self.proposal.attachments, pk=attachment_pk)
        return attachment_download(request, attachment)
