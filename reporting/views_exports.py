"""Export pages (under /manage/): the staff list and the disclosure list as CSV or XLSX, the
person's own prepared exports, and their download."""

import tempfile

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View

from agreements.forms import AgreementFilterForm
from agreements.selectors import agreement_filter_calls
from monitoring.selectors import ListView
from programs.access import StaffPageMixin
from programs.models import fiscal_year_label
from proposals.forms_html import bootstrap_field
from proposals.forms_staff import ProposalStaffFilterForm

from .dashboards import dashboard_mission_list_for
from .exports import (
    CONTENT_TYPES,
    EXPORT_KINDS,
    ExportKind,
    csv_chunks,
    proposal_filters_dump,
    write_export,
)
from .models import Export
from .publication import Quarter, publication_file, publication_for
from .selectors import (
    DISCLOSURE_MIN_AMOUNT,
    can_export,
    disclosure_fiscal_years_for,
    export_get_for,
    export_list_for,
    publication_agreements_for,
)
from .services import (
    KEEP_FILES,
    export_download_record,
    export_start,
    publication_download_record,
)


class BadExportRequest(Exception):
    """The query string asks for an export that cannot be made; the message says why."""


class DisclosureExportForm(forms.Form):
    """Which disclosure list to download: a fiscal year among the user's calls', or all."""

    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year"), required=False, coerce=int, empty_value=None
    )
    format = forms.ChoiceField(label=_("Format"), choices=Export.Format.choices)

    def __init__(self, *args, fiscal_years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", _("All fiscal years"))] + [
            (year, fiscal_year_label(year)) for year in fiscal_years
        ]
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_action = reverse("reporting:disclosure-export")
        helper.disable_csrf = True
        helper.attrs = {"aria-labelledby": "disclosure-title"}
        helper.layout = Layout(
            Row(
                Column("fiscal_year", css_class="col-sm-6 col-md-4"),
                Column("format", css_class="col-sm-6 col-md-4"),
            ),
            Submit("", _("Download the disclosure list")),
        )
        self.helper = helper


class PublicationForm(forms.Form):
    """Which quarter's proactive publication, of one of the user's missions or all of them."""

    mission = forms.TypedChoiceField(
        label=_("Mission"), required=False, coerce=int, empty_value=None
    )
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[
            (1, _("Q1 (April to June)")),
            (2, _("Q2 (July to September)")),
            (3, _("Q3 (October to December)")),
            (4, _("Q4 (January to March)")),
        ],
    )

    def __init__(self, *args, missions, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].choices = [("", _("All your missions"))] + [
            (mission.pk, mission.name) for mission in missions
        ]
        current = Quarter.of(today)
        self.fields["fiscal_year"].choices = [
            (year, fiscal_year_label(year)) for year in range(current.fiscal_year, 2017, -1)
        ]
        self.initial.setdefault("fiscal_year", current.fiscal_year)
        self.initial.setdefault("quarter", current.number)

    def as_columns(self) -> SafeString:
        """The three fields side by side, written as crispy-forms writes them."""
        return SafeString(
            "".join(
                f'<div class="col-md-4">{bootstrap_field(self[name])}</div>'
                for name in ("mission", "fiscal_year", "quarter")
            )
        )


def export_response(kind: ExportKind, file_format: str, *, user, filters: dict, language: str):
    """A small export as the response: CSV streamed as it is read, XLSX through a temporary
    file (a workbook is a zip, finished only at the end). Never inline, never cached."""
    file_name = kind.file_name(file_format)
    if file_format == Export.Format.CSV:
        response = StreamingHttpResponse(
            csv_chunks(kind.table(user, filters, language)),
            content_type=CONTENT_TYPES[file_format],
        )
        response["Content-Disposition"] = content_disposition_header(True, file_name)
    else:
        handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it once sent)
        write_export(
            kind, file_format, user=user, filters=filters, language=language, handle=handle
        )
        handle.seek(0)
        response = FileResponse(
            handle, as_attachment=True, filename=file_name, content_type=CONTENT_TYPES[file_format]
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def bad_export_request(request, message):
    context = {"title": _("This export cannot be made"), "explanation": message, "status": 400}
    return render(request, "error.html", context, status=400)


class ExportPageMixin(StaffPageMixin):
    """Export pages are for those who see the staff list of proposals; others get a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_export(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ExportView(ExportPageMixin, View):
    """Export a list in the asked format: the file itself when small, else a prepared export."""

    kind: str

    def filters(self, request) -> dict:
        """The list's filters from the query string, as JSON values."""
        raise NotImplementedError

    def get(self, request):
        file_format = request.GET.get("format", "")
        if file_format not in Export.Format.values:
            return bad_export_request(
                request, _("Choose CSV or Excel (XLSX) as the format of the export.")
            )
        try:
            filters = self.filters(request)
        except BadExportRequest as error:
            return bad_export_request(request, str(error))
        language = get_language()
        export = export_start(
            actor=request.user,
            kind=self.kind,
            file_format=file_format,
            filters=filters,
            language=language,
            request=request,
        )
        if export is not None:
            messages.info(
                request, _("Your export is being prepared; you will be notified when it is ready.")
            )
            return redirect("reporting:export-list")
        return export_response(
            EXPORT_KINDS[self.kind],
            file_format,
            user=request.user,
            filters=filters,
            language=language,
        )


class ProposalExportView(ExportView):
    """The staff list of proposals with the filters it was showing."""

    kind = Export.Kind.PROPOSALS

    def filters(self, request) -> dict:
        return proposal_filters_dump(
            ProposalStaffFilterForm(request.GET, user=request.user).filters()
        )


class DisclosureExportView(ExportView):
    """Approved awards over CAD 10,000, for proactive disclosure."""

    kind = Export.Kind.DISCLOSURE

    def filters(self, request) -> dict:
        form = DisclosureExportForm(
            request.GET, fiscal_years=disclosure_fiscal_years_for(request.user)
        )
        if not form.is_valid() and "fiscal_year" in form.errors:
            raise BadExportRequest(_("Choose a fiscal year from the list."))
        year = form.cleaned_data.get("fiscal_year")
        return {} if year is None else {"fiscal_year": year}


class AgreementExportView(ExportView):
    """The staff's list of agreements with the filters it was showing."""

    kind = Export.Kind.AGREEMENTS

    def filters(self, request) -> dict:
        calls = list(agreement_filter_calls(request.user))
        form = AgreementFilterForm(request.GET, calls=calls)
        if not form.is_valid():
            raise BadExportRequest(_("Choose the filters from the lists of the agreements' page."))
        return {name: value for name, value in form.cleaned_data.items() if value not in ("", None)}


class PaymentExportView(AgreementExportView):
    """Every instalment of the agreements of that list, paid or not."""

    kind = Export.Kind.PAYMENTS


class ReportExportView(ExportView):
    """The staff's list of reports as it was showing (its view: to review, overdue ...)."""

    kind = Export.Kind.REPORTS

    def filters(self, request) -> dict:
        view = request.GET.get("view", ListView.ATTENTION)
        if view not in ListView.values:
            raise BadExportRequest(_("Choose what to export from the list of the reports' page."))
        return {"view": view}


class ExportListView(ExportPageMixin, View):
    """The person's own exports, newest first, and the disclosure list's form.

    Queries: the session with its user, their mission roles and the header's unread count,
    the fiscal years of the user's calls, the count and the page of exports: 4 (3 for
    administrators).
    """

    template_name = "reporting/export_list.html"
    paginate_by = 25

    def get(self, request):
        page = Paginator(export_list_for(request.user), self.paginate_by).get_page(
            request.GET.get("page")
        )
        form = DisclosureExportForm(fiscal_years=disclosure_fiscal_years_for(request.user))
        context = {
            "exports": page.object_list,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "disclosure_form": form,
            "disclosure_min_amount": DISCLOSURE_MIN_AMOUNT,
            "keep_days": KEEP_FILES.days,
        }
        return render(request, self.template_name, context)


class PublicationView(ExportPageMixin, View):
    """A fiscal quarter's proactive publication (decision 0024): what it holds, the agreements
    left out for want of their texts (each linked to its page), and the file to download (the
    nothing-to-report file when the quarter has none), audited.

    Queries: the session with its user, their mission roles and the header's unread count,
    the user's missions; with a quarter chosen, the agreements and their amendments: 5 at most
    (and the audit row of a download)."""

    template_name = "reporting/publication.html"

    def get(self, request):
        missions = dashboard_mission_list_for(request.user)
        form = PublicationForm(request.GET or None, missions=missions, today=timezone.localdate())
        context = {"form": form, "publication": None}
        if form.is_valid():
            data = form.cleaned_data
            quarter = Quarter(data["fiscal_year"], data["quarter"])
            agreements = publication_agreements_for(request.user, data["mission"], quarter)
            if agreements is None:
                raise Http404
            publication = publication_for(agreements, quarter)
            if request.GET.get("download"):
                return self.download(request, publication, data["mission"])
            context["publication"] = publication
        return render(request, self.template_name, context)

    def download(self, request, publication, mission_id):
        quarter = publication.quarter
        name, text = publication_file(publication)
        publication_download_record(
            actor=request.user,
            mission_id=mission_id,
            data={
                "fiscal_year": quarter.fiscal_year_label,
                "quarter": quarter.code,
                "rows": len(publication.rows),
                "left_out": [refusal.number for refusal in publication.refused],
            },
            request=request,
        )
        response = HttpResponse(text.encode("utf-8"), content_type=CONTENT_TYPES[Export.Format.CSV])
        file_name = f"{quarter.fiscal_year_label}-{quarter.code}-{name}"
        response["Content-Disposition"] = content_disposition_header(True, file_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ExportDownloadView(ExportPageMixin, View):
    """A prepared export, for the person who asked for it and nobody else (audited)."""

    def get(self, request, pk):
        export = export_get_for(request.user, pk)
        try:
            handle = export.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        export_download_record(export=export, actor=request.user, request=request)
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=export.file_name,
            content_type=CONTENT_TYPES[export.format],
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
