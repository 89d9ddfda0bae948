"""A project's report pages: the partner's (write it, autosaved as the proposal's sections are,
attach receipts and photos, submit it) and the staff's (what is due when, its history, moving
its due date). Each view reads the report through a selector scoped to the user and writes
through one service."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from agreements.selectors import agreement_get_for_staff, sees_agreements
from core.forms import add_service_errors
from core.htmx import EDITOR, editor_token, is_autosave, querydict
from core.uploads import MB, SizeLimitedUploadHandler
from programs.access import StaffPageMixin
from proposals.access import STASH, PartnerMixin
from proposals.downloads import private_file_response

from . import closing, permissions, selectors, services, versions
from .completeness import report_problems
from .forms import (
    AcceptForm,
    ClosureForm,
    DueDateForm,
    ExpenditureFormSet,
    FollowUpDoneForm,
    FollowUpFormSet,
    ReportFileForm,
    ReportForm,
    ResultFormSet,
    RevisionForm,
    VisitForm,
    expenditure_rows_html,
)
from .models import Report


class StaffReportMixin(StaffPageMixin):
    """Staff pages of one report, by its proposal and kind: from the user's missions, or a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.report = selectors.report_get_for_staff(request.user, kwargs["pk"], kwargs["kind"])
        return super().dispatch(request, *args, **kwargs)

    def render_page(
        self, request, *, due_date_form=None, accept_form=None, revision_form=None, status=200
    ):
        report, user = self.report, request.user
        if due_date_form is None and permissions.can_move_due_date(user, report):
            due_date_form = DueDateForm(initial={"due_date": report.due_date})
        can_review = permissions.can_review_report(user, report)
        submissions = selectors.report_versions(report)
        proposal = report.agreement.proposal
        latest = versions.version_of(submissions[-1], proposal) if submissions else None
        context = {
            "report": report,
            "agreement": report.agreement,
            "proposal": proposal,
            "history": selectors.report_history(report),
            "reminders": selectors.report_reminders(report),
            "due_date_form": due_date_form,
            "submissions": submissions,
            "version": latest,
            "threshold": proposal.call.report_variance_percent,
            "compared": _compared(request, submissions),
            "accept_form": accept_form or (AcceptForm() if can_review else None),
            "revision_form": revision_form or (RevisionForm() if can_review else None),
        }
        return render(request, "monitoring/staff_report.html", context, status=status)


def _compared(request, submissions):
    """Two versions side by side: those the reader chose (?before=1&after=3), by default the
    last two; None with fewer than two."""
    if len(submissions) < 2:
        return None
    by_number = {submission.number: submission for submission in submissions}
    try:
        before = by_number[int(request.GET.get("before", ""))]
        after = by_number[int(request.GET.get("after", ""))]
    except (KeyError, ValueError):
        before, after = submissions[-2], submissions[-1]
    return {
        "before": before,
        "after": after,
        "differences": versions.differences(before, after),
    }


class StaffReportView(StaffReportMixin, View):
    def get(self, request, pk, kind):
        return self.render_page(request)


class ReportAcceptView(StaffReportMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, kind):
        form = AcceptForm(request.POST)
        if form.is_valid():
            try:
                services.report_accept(
                    report=self.report, actor=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The report is accepted: the instalments waiting for it are due, and "
                        "the partner is told."
                    ),
                )
                return redirect("monitoring_staff:report", pk, kind)
        return self.render_page(request, accept_form=form, status=400)


class RevisionRequestView(StaffReportMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, kind):
        form = RevisionForm(request.POST)
        if form.is_valid():
            try:
                services.report_revision_request(
                    report=self.report, actor=request.user, comments=form.cleaned_data["comments"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The report is sent back: the partner reads what to revise.")
                )
                return redirect("monitoring_staff:report", pk, kind)
        return self.render_page(request, revision_form=form, status=400)


class StaffReportFileView(StaffReportMixin, View):
    def get(self, request, pk, kind, file_pk):
        return report_file_download(request, selectors.report_file_get(self.report, file_pk))


class DueDateView(StaffReportMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, kind):
        form = DueDateForm(request.POST)
        if form.is_valid():
            try:
                services.report_due_date_move(
                    report=self.report,
                    actor=request.user,
                    due_date=form.cleaned_data["due_date"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The due date moved: the partner is told why."))
                return redirect("monitoring_staff:report", pk, kind)
        return self.render_page(request, due_date_form=form, status=400)


# --- The partner's report ---------------------------------------------------------------------


class PartnerReportMixin(PartnerMixin):
    """The partner's pages of a report: their organization's, or a 404. An autosave from an
    expired session keeps what was typed (PartnerMixin), so the person is checked first."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.report = selectors.report_get_for_partner(request.user, kwargs["pk"], kwargs["kind"])
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        report = self.report
        results = list(report.results.all())
        expenditures = list(report.expenditures.all())
        form = ReportForm(data, instance=report)
        result_forms = ResultFormSet(
            data,
            prefix="results",
            initial=[
                {"actual": r.actual, "achievement": r.achievement, "explanation": r.explanation}
                for r in results
            ],
        )
        expenditure_forms = ExpenditureFormSet(
            data,
            prefix="expenditures",
            initial=[
                {"actual_local": e.actual_local, "explanation": e.explanation} for e in expenditures
            ],
        )
        return form, result_forms, expenditure_forms

    def render_page(
        self,
        request,
        forms=None,
        *,
        file_form=None,
        restored=None,
        status=200,
    ):
        """`restored`: what the session kept of a save its end prevented (its data); the page
        then goes on as the page it was typed on, its version and token, so that saving it
        again is a conflict if someone saved in between."""
        report, user = self.report, request.user
        agreement = report.agreement
        can_write = permissions.can_write_report(user, report)
        writing = can_write and report.status != Report.Status.SCHEDULED
        form, result_forms, expenditure_forms = forms or self.forms()
        threshold = agreement.proposal.call.report_variance_percent
        context = {
            "report": report,
            "agreement": agreement,
            "proposal": agreement.proposal,
            "can_write": can_write,
            "writing": writing,
            "form": form,
            "count_grid": form.count_grid(agreement.proposal),
            "results": list(zip(report.results.all(), result_forms, strict=True)),
            "result_forms": result_forms,
            "expenditure_rows": expenditure_rows_html(
                (e, f, e.needs_explanation(threshold))
                for e, f in zip(report.expenditures.all(), expenditure_forms, strict=True)
            ),
            "expenditure_forms": expenditure_forms,
            "threshold": threshold,
            "money": selectors.report_money(report),
            "problems": report_problems(report),
            "file_form": file_form or (ReportFileForm() if writing else None),
            "max_mb": agreement.proposal.call.attachment_max_mb,
            "revision": selectors.last_review(report)
            if report.status == Report.Status.REVISION_REQUESTED
            else None,
            "version": report.version,
            "editor": editor_token(request)
            or request.session.pop(_editor_key(report), None)
            or uuid.uuid4().hex,
            "restored": restored is not None,
        }
        if restored is not None:
            context["version"] = _posted_version(restored)
            typed_on = restored.get("editor", "")
            if EDITOR.fullmatch(typed_on):
                context["editor"] = typed_on
        return render(request, "monitoring/partner_report.html", context, status=status)


class PartnerReportView(PartnerReportMixin, View):
    """The report, written as the proposal's sections are: autosaved as people type, with a
    Save button that works without JavaScript."""

    def get(self, request, pk, kind):
        stash = request.session.get(STASH)
        if stash and stash.get("path") == request.path:
            del request.session[STASH]
            data = querydict(stash["data"])
            forms = self.forms(data)
            for bound in forms:
                bound.is_valid()
            return self.render_page(request, forms, restored=data)
        return self.render_page(request)

    def post(self, request, pk, kind):
        autosave = is_autosave(request)
        refused = self.save_posted(request, autosave=autosave)
        if refused is not None:
            return refused
        if autosave:
            return render(
                request,
                "proposals/partials/_save_status.html",
                {"saved_at": timezone.now(), "version": self.report.version, "invalid": False},
            )
        messages.success(request, _("Saved."))
        return _back_to_report(request, self.report)

    def save_posted(self, request, *, autosave: bool):
        """Save what the page posted; None once saved whole, else the answer that says why not
        (a conflict, a refused value, fields with errors: what was valid is saved)."""
        forms = self.forms(request.POST)
        form, result_forms, expenditure_forms = forms
        valid = all(bound.is_valid() for bound in forms)
        # Only what the request carried: a save of some fields never blanks the others.
        values = {
            name: form.cleaned_data[name]
            for name, field in form.fields.items()
            if name in form.cleaned_data
            and not field.widget.value_omitted_from_data(request.POST, request.FILES, name)
        }
        version = _posted_version(request.POST)
        try:
            self.report = services.report_save(
                report=self.report,
                actor=request.user,
                values=values,
                results=_row_values(self.report.results.all(), result_forms),
                expenditures=_row_values(self.report.expenditures.all(), expenditure_forms),
                version=version,
                editor=editor_token(request),
                force=request.POST.get("keep_mine") == "1",
            )
        except services.ReportConflict as conflict:
            return self.conflict(request, forms, conflict, autosave=autosave)
        except ValidationError as error:
            if autosave:
                return render(
                    request,
                    "proposals/partials/_save_status.html",
                    {"errors": error.messages, "version": version},
                    status=400,
                )
            add_service_errors(form, error)
            messages.error(
                request, _("Nothing was saved: correct the fields marked below and save again.")
            )
            return self.render_page(request, forms, status=400)
        if valid:
            return None
        if autosave:
            return render(
                request,
                "proposals/partials/_save_status.html",
                {"saved_at": timezone.now(), "version": self.report.version, "invalid": True},
            )
        messages.warning(
            request, _("Saved, except the fields marked below: correct them and save again.")
        )
        self.report = selectors.report_get_for_partner(
            request.user, self.report.agreement.proposal_id, self.report.kind
        )
        return self.render_page(request, forms, status=400)

    def conflict(self, request, forms, conflict, *, autosave):
        context = {"conflict": conflict, "report": self.report}
        if autosave:
            return render(request, "monitoring/partials/_conflict.html", context, status=409)
        messages.error(
            request,
            _(
                "%(person)s saved this report while you were editing it. Your text is still "
                "below and has not been saved: compare it with theirs, then save again to keep "
                "yours, or reload the page to see theirs."
            )
            % {"person": conflict.saved_by},
        )
        return self.render_page(request, forms, status=409)


def _posted_version(data) -> int:
    """The report's version the page was typed on; -1 (a conflict) when unreadable."""
    try:
        return int(data.get("version", ""))
    except ValueError:
        return -1


def _editor_key(report: Report) -> str:
    return f"report-editor:{report.pk}"


def _back_to_report(request, report: Report):
    """Back to the report's page after one of its forms, as the same page: it keeps the token
    of the page it came from, so that an autosave of that page still in flight never reads as
    a conflict with it (the session holds the token for that one next page)."""
    token = editor_token(request)
    if token:
        request.session[_editor_key(report)] = token
    return redirect("monitoring:report", report.agreement.proposal_id, report.kind)


def _row_values(rows, formset) -> dict[int, dict]:
    """The valid rows' values by the report row's id (the formset's forms follow its rows)."""
    return {
        row.pk: dict(form.cleaned_data)
        for row, form in zip(rows, formset.forms, strict=False)
        if form.is_valid()
    }


class ReportStartView(PartnerReportMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, kind):
        services.report_start(report=self.report, actor=request.user)
        return redirect("monitoring:report", pk, kind)


class ReportSubmitView(PartnerReportView):
    """The form's Submit button: what the page holds is saved first, then the report is
    submitted if it is complete; otherwise the page lists what is missing."""

    http_method_names = ["post"]

    def post(self, request, pk, kind):
        refused = self.save_posted(request, autosave=False)
        if refused is not None:
            return refused
        try:
            services.report_submit(report=self.report, actor=request.user)
        except ValidationError:
            messages.error(
                request, _("The report is not submitted yet: complete what is listed below.")
            )
            return _back_to_report(request, self.report)
        messages.success(
            request, _("The report is submitted: the embassy reviews it and tells you what next.")
        )
        return _back_to_report(request, self.report)


@method_decorator(csrf_exempt, name="dispatch")
class ReportFileUploadView(PartnerReportMixin, View):
    """Upload one file. The size limit is enforced while the body streams in, so the upload
    handler must be in place before anything (CSRF included) reads the request's form."""

    http_method_names = ["post"]
    streams_upload = True  # RejectMalformedInputMiddleware leaves the body to this view

    def post(self, request, pk, kind):
        max_mb = self.report.agreement.proposal.call.attachment_max_mb
        limit = SizeLimitedUploadHandler(request, max_bytes=max_mb * MB)
        request.upload_handlers.insert(0, limit)
        return csrf_protect(self.upload)(request, limit=limit)

    def upload(self, request, *, limit):
        form = ReportFileForm(request.POST, request.FILES)
        if limit.exceeded:
            form.add_error("file", limit.error())
        if form.is_valid():
            try:
                report_file = services.report_file_add(
                    report=self.report,
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    cleared_for_publication=form.cleaned_data["cleared_for_publication"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("“%(name)s” is attached.") % {"name": report_file.file_name}
                )
                return _back_to_report(request, self.report)
        return self.render_page(request, file_form=form, status=400)


class ReportFileRemoveView(PartnerReportMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, kind, file_pk):
        report_file = selectors.report_file_get(self.report, file_pk)
        try:
            services.report_file_remove(report_file=report_file, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("“%(name)s” was removed.") % {"name": report_file.file_name}
            )
        return _back_to_report(request, self.report)


def report_file_download(request, report_file):
    """A report's file as a download, on the audit trail (the caller applied the reader's
    permission)."""
    services.report_file_download_record(
        report_file=report_file, actor=request.user, request=request
    )
    return private_file_response(report_file, inline=False)


class PartnerReportFileView(PartnerReportMixin, View):
    def get(self, request, pk, kind, file_pk):
        return report_file_download(request, selectors.report_file_get(self.report, file_pk))


class ReportListView(StaffPageMixin, View):
    """The staff's list of reports: what to review, what is late, what comes due."""

    def get(self, request):
        # Reviewers read the proposals assigned to them, not the agreements' reports.
        if not sees_agreements(request.user):
            raise Http404
        view = request.GET.get("view", "")
        if view not in selectors.ListView.values:
            view = selectors.ListView.ATTENTION
        page = Paginator(selectors.reports_for_staff(request.user, view), 50).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "monitoring/staff_list.html",
            {
                "reports": page.object_list,
                "page_obj": page,
                "paginator": page.paginator,
                "is_paginated": page.has_other_pages(),
                "view": view,
                "views": selectors.ListView.choices,
            },
        )


# --- Monitoring visits and closure ---------------------------------------------------------------


class StaffProjectMixin(StaffPageMixin):
    """Staff pages of a project's monitoring, by its proposal: from the user's missions, or a
    404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.agreement = agreement_get_for_staff(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


@method_decorator(csrf_exempt, name="dispatch")
class VisitNewView(StaffProjectMixin, View):
    """Record a monitoring visit with the follow-up actions it asks for and its photos. Each
    photo's size is limited as the body streams in (as a report's files), so the upload
    handler is in place before anything, CSRF included, reads the form."""

    streams_upload = True  # RejectMalformedInputMiddleware leaves the body to this view
    max_photos = 10

    def forms(self, data=None, files=None):
        staff = selectors.mission_staff(self.agreement.mission_id)
        owners = list(staff)
        form = VisitForm(data, files, staff=staff)
        follow_ups = FollowUpFormSet(data, prefix="follow_ups", form_kwargs={"owners": owners})
        return form, follow_ups

    def render_page(self, request, form, follow_ups, *, status=200):
        if not permissions.can_record_visit(request.user, self.agreement):
            raise Http404
        context = {
            "agreement": self.agreement,
            "proposal": self.agreement.proposal,
            "form": form,
            "follow_ups": follow_ups,
        }
        return render(request, "monitoring/visit_new.html", context, status=status)

    def get(self, request, pk):
        form, follow_ups = self.forms()
        form.initial = {"visited_on": self.agreement.today, "staff": [request.user.pk]}
        return self.render_page(request, form, follow_ups)

    def post(self, request, pk):
        max_bytes = self.agreement.proposal.call.attachment_max_mb * MB
        limit = SizeLimitedUploadHandler(
            request, max_bytes=max_bytes, max_request_bytes=self.max_photos * max_bytes + 2 * MB
        )
        request.upload_handlers.insert(0, limit)
        return csrf_protect(self.record)(request, pk, limit=limit)

    def record(self, request, pk, *, limit):
        form, follow_ups = self.forms(request.POST, request.FILES)
        if limit.exceeded:
            form.add_error("photos", limit.error())
        if form.is_valid() and follow_ups.is_valid():
            try:
                visit = services.visit_record(
                    agreement=self.agreement,
                    actor=request.user,
                    visited_on=form.cleaned_data["visited_on"],
                    mode=form.cleaned_data["mode"],
                    staff=form.cleaned_data["staff"],
                    findings=form.cleaned_data["findings"],
                    follow_ups=[
                        item for f in follow_ups.forms if (item := f.follow_up()) is not None
                    ],
                    photos=form.cleaned_data["photos"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The visit is recorded."))
                return redirect("monitoring_staff:visit", pk, visit.pk)
        return self.render_page(request, form, follow_ups, status=400)


class StaffVisitMixin(StaffPageMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.visit = selectors.visit_get_for_staff(
                request.user, kwargs["pk"], kwargs["visit_pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request, *, done_form=None, done_pk=None, status=200):
        visit = self.visit
        can_act = permissions.can_record_visit(request.user, visit.agreement)
        context = {
            "visit": visit,
            "agreement": visit.agreement,
            "proposal": visit.agreement.proposal,
            "can_act": can_act,
            "done_form": done_form,
            "done_pk": done_pk,
        }
        return render(request, "monitoring/visit.html", context, status=status)


class VisitView(StaffVisitMixin, View):
    def get(self, request, pk, visit_pk):
        return self.render_page(request)


class FollowUpDoneView(StaffVisitMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, visit_pk, follow_up_pk):
        follow_up = next((f for f in self.visit.follow_ups.all() if f.pk == follow_up_pk), None)
        if follow_up is None:
            raise Http404
        form = FollowUpDoneForm(request.POST)
        if form.is_valid():
            try:
                services.follow_up_done(
                    follow_up=follow_up, actor=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The action is done."))
                return redirect("monitoring_staff:visit", pk, visit_pk)
        return self.render_page(request, done_form=form, done_pk=follow_up.pk, status=400)


class VisitPhotoView(StaffVisitMixin, View):
    def get(self, request, pk, visit_pk, photo_pk):
        photo = selectors.visit_photo_get(self.visit, photo_pk)
        services.visit_photo_download_record(photo=photo, actor=request.user, request=request)
        return private_file_response(photo, inline=False)


class ClosureView(StaffProjectMixin, View):
    """The project's closure: what still stands in its way, or its final figures and the form
    that closes it; once closed, what it recorded."""

    def render_page(self, request, form=None, *, status=200):
        agreement, user = self.agreement, request.user
        can_close = permissions.can_record_visit(user, agreement)
        blockers = closing.closure_blockers(agreement) if can_close else []
        figures = closing.closure_figures(agreement)
        if form is None and can_close and not blockers:
            decision_code = getattr(getattr(agreement.proposal, "decision", None), "ge_code", "")
            form = ClosureForm(
                initial={"returned_cad": figures.unspent_cad, "final_ge_code": decision_code}
            )
        context = {
            "agreement": agreement,
            "proposal": agreement.proposal,
            "closure": getattr(agreement, "closure", None),
            "figures": figures,
            "blockers": blockers,
            "form": form if not blockers else None,
        }
        return render(request, "monitoring/closure.html", context, status=status)

    def get(self, request, pk):
        return self.render_page(request)

    def post(self, request, pk):
        form = ClosureForm(request.POST)
        if form.is_valid():
            try:
                services.project_close(
                    agreement=self.agreement,
                    actor=request.user,
                    returned_cad=form.cleaned_data["returned_cad"],
                    final_ge_code=form.cleaned_data["final_ge_code"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The project is closed: its pages are now read only."))
                return redirect("agreements_staff:agreement", pk)
        return self.render_page(request, form, status=400)
