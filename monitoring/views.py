"""The staff's page of a project's report: what is due when, its history, and moving its due
date. Each view reads the report through a selector scoped to the user and writes through one
service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.forms import add_service_errors
from programs.access import StaffPageMixin

from . import permissions, selectors, services
from .forms import DueDateForm


class StaffReportMixin(StaffPageMixin):
    """Staff pages of one report, by its proposal and kind: from the user's missions, or a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.report = selectors.report_get_for_staff(request.user, kwargs["pk"], kwargs["kind"])
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request, *, due_date_form=None, status=200):
        report, user = self.report, request.user
        if due_date_form is None and permissions.can_move_due_date(user, report):
            due_date_form = DueDateForm(initial={"due_date": report.due_date})
        context = {
            "report": report,
            "agreement": report.agreement,
            "proposal": report.agreement.proposal,
            "history": selectors.report_history(report),
            "reminders": report.reminders.all(),
            "due_date_form": due_date_form,
        }
        return render(request, "monitoring/staff_report.html", context, status=status)


class StaffReportView(StaffReportMixin, View):
    def get(self, request, pk, kind):
        return self.render_page(request)


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
