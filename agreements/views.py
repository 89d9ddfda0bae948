"""The pages of a contribution agreement: the staff's (prepare it: schedule, adjusted budget,
sending it for signature) and the partner's (read it, adjust the budget to the approved
amount). Each reads the agreement through a selector scoped to the user and writes through
one service."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.forms import add_service_errors
from core.languages import language_codes
from programs.access import StaffPageMixin
from proposals.forms import ROW_FORMS, ROW_SET_LABELS, row_formset, row_values
from proposals.printing import pdf_download

from . import permissions, selectors, services
from .forms import BankAccountForm, schedule_formset, schedule_values
from .models import AgreementBudgetLine

BUDGET_FIELDS = ROW_FORMS["budget_lines"]._meta.fields


def service_errors(error: ValidationError) -> list[str]:
    return list(error.messages)


class StaffAgreementMixin(StaffPageMixin):
    """Staff pages of one agreement, by its proposal: from the user's missions, or a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.agreement = selectors.agreement_get_for_staff(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request, *, schedule=None, errors=(), status=200):
        agreement, user = self.agreement, request.user
        can_prepare = permissions.can_prepare_agreement(user, agreement)
        if schedule is None and can_prepare:
            schedule = schedule_formset(agreement)
        context = {
            "agreement": agreement,
            "proposal": agreement.proposal,
            "schedule": schedule,
            "errors": errors,
            "proposed_budget": selectors.proposed_budget(agreement),
            "can_accept_budget": permissions.can_accept_budget(user, agreement),
            "can_mark_ready": permissions.can_mark_ready(user, agreement),
        }
        return render(request, "agreements/staff_agreement.html", context, status=status)


class StaffAgreementView(StaffAgreementMixin, View):
    def get(self, request, pk):
        return self.render_page(request)


class ScheduleView(StaffAgreementMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        if not permissions.can_prepare_agreement(request.user, self.agreement):
            raise PermissionDenied
        schedule = schedule_formset(self.agreement, request.POST)
        if "add_row" in request.POST:  # without the script: the same rows and an empty one
            schedule.is_valid()
            data = request.POST.copy()
            data["instalments-TOTAL_FORMS"] = str(schedule.total_form_count() + 1)
            return self.render_page(request, schedule=schedule_formset(self.agreement, data))
        errors: list[str] = []
        if schedule.is_valid():
            try:
                services.agreement_schedule_set(
                    agreement=self.agreement,
                    instalments=schedule_values(schedule),
                    actor=request.user,
                )
            except ValidationError as error:
                errors = service_errors(error)
            else:
                messages.success(request, _("The payment schedule is saved."))
                return redirect("agreements_staff:agreement", pk)
        return self.render_page(request, schedule=schedule, errors=errors, status=400)


class BudgetAcceptView(StaffAgreementMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            services.agreement_budget_accept(agreement=self.agreement, actor=request.user)
        except ValidationError as error:
            return self.render_page(request, errors=service_errors(error), status=400)
        messages.success(request, _("The adjusted budget is accepted: the agreement is a draft."))
        return redirect("agreements_staff:agreement", pk)


class ReadyView(StaffAgreementMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            agreement = services.agreement_mark_ready(agreement=self.agreement, actor=request.user)
        except ValidationError as error:
            return self.render_page(request, errors=service_errors(error), status=400)
        messages.success(
            request,
            _("Agreement %(number)s is ready to sign.") % {"number": agreement.number},
        )
        return redirect("agreements_staff:agreement", pk)


class PartnerAgreementMixin(LoginRequiredMixin):
    """The partner's pages of their proposal's agreement: their organization's, or a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.agreement = selectors.agreement_get_for_partner(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class PartnerAgreementView(PartnerAgreementMixin, View):
    """What the partner reads of the agreement, and the next step; each step's form has a page
    of its own."""

    def get(self, request, pk):
        agreement, user = self.agreement, request.user
        context = {
            "agreement": agreement,
            "proposal": agreement.proposal,
            "proposed_budget": selectors.proposed_budget(agreement),
            "can_adjust_budget": permissions.can_adjust_budget(user, agreement),
            "can_set_bank_account": permissions.can_set_bank_account(user, agreement),
        }
        return render(request, "agreements/partner_agreement.html", context)


class PartnerBudgetView(PartnerAgreementMixin, View):
    """The budget adjusted to the approved amount, in the proposal's own budget table."""

    def render_page(self, request, formset, *, errors=(), status=200):
        context = {
            "agreement": self.agreement,
            "proposal": self.agreement.proposal,
            "budget_rows": {"formset": formset, **ROW_SET_LABELS["budget_lines"]},
            "errors": errors,
        }
        return render(request, "agreements/partner_budget.html", context, status=status)

    def get(self, request, pk):
        if not permissions.can_adjust_budget(request.user, self.agreement):
            return redirect("agreements:agreement", pk)
        proposed = selectors.proposed_budget(self.agreement)
        lines = selectors.lines_to_adjust(self.agreement, proposed)
        initial = [{name: getattr(line, name) for name in BUDGET_FIELDS} for line in lines]
        return self.render_page(request, row_formset("budget_lines", initial=initial))

    def post(self, request, pk):
        if not permissions.can_adjust_budget(request.user, self.agreement):
            raise PermissionDenied
        formset = row_formset("budget_lines", data=request.POST)
        if "add_row" in request.POST:  # without the script: the same lines and an empty one
            formset.is_valid()
            data = request.POST.copy()
            data["budget_lines-TOTAL_FORMS"] = str(formset.total_form_count() + 1)
            return self.render_page(request, row_formset("budget_lines", data=data))
        errors: list[str] = []
        if formset.is_valid():
            lines = [AgreementBudgetLine(**values) for values in row_values(formset)]
            try:
                services.agreement_budget_propose(
                    agreement=self.agreement, lines=lines, actor=request.user
                )
            except ValidationError as error:
                errors = service_errors(error)
            else:
                messages.success(
                    request,
                    _("Your adjusted budget is sent: the embassy will review it."),
                )
                return redirect("agreements:agreement", pk)
        return self.render_page(request, formset, errors=errors, status=400)


class PartnerBankAccountView(PartnerAgreementMixin, View):
    """The account the agreement pays into."""

    def render_page(self, request, form, *, status=200):
        context = {"agreement": self.agreement, "proposal": self.agreement.proposal, "form": form}
        return render(request, "agreements/partner_bank_account.html", context, status=status)

    def get(self, request, pk):
        if not permissions.can_set_bank_account(request.user, self.agreement):
            return redirect("agreements:agreement", pk)
        organization = self.agreement.proposal.organization
        return self.render_page(request, BankAccountForm(initial={"holder": organization.name}))

    def post(self, request, pk):
        if not permissions.can_set_bank_account(request.user, self.agreement):
            raise PermissionDenied
        form = BankAccountForm(request.POST)
        if form.is_valid():
            try:
                account = services.bank_account_set(
                    agreement=self.agreement, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The bank account %(account)s is saved.")
                    % {"account": account.masked_number},
                )
                return redirect("agreements:agreement", pk)
        return self.render_page(request, form, status=400)


def agreement_pdf(agreement, language: str):
    """The agreement as a PDF in `language`, named after its number (its proposal's reference
    while it is a draft)."""
    name = agreement.number or f"{agreement.proposal.reference}-draft"
    return pdf_download(
        "pdf/agreement.html",
        {"agreement": agreement, "proposal": agreement.proposal},
        language,
        f"{name}-agreement.pdf",
    )


class PartnerAgreementPdfView(PartnerAgreementMixin, View):
    """The agreement in its own language, the partner's (English, French or Spanish)."""

    def get(self, request, pk):
        return agreement_pdf(self.agreement, self.agreement.language)


class StaffAgreementPdfView(StaffAgreementMixin, View):
    """The agreement as the partner reads it, or in another language for staff who ask."""

    def get(self, request, pk):
        language = request.GET.get("language") or self.agreement.language
        if language not in language_codes():
            raise Http404
        return agreement_pdf(self.agreement, language)
