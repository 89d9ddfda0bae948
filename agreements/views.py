"""The pages of a contribution agreement: the staff's (prepare it: schedule, adjusted budget,
sending it for signature) and the partner's (read it, adjust the budget to the approved
amount). Each reads the agreement through a selector scoped to the user and writes through
one service."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from core.forms import add_service_errors, render_filter_form
from core.languages import language_codes
from core.uploads import MB, SizeLimitedUploadHandler
from programs.access import StaffPageMixin
from programs.models import fiscal_year_label, fiscal_year_of
from proposals.forms import ROW_FORMS, ROW_SET_LABELS, row_formset, row_values
from proposals.printing import pdf_download

from . import panels, permissions, selectors, services
from .forms import (
    AgreementFilterForm,
    AmendmentDecisionForm,
    AmendmentForm,
    BankAccountConfirmForm,
    BankAccountForm,
    InstalmentDueForm,
    PaymentForm,
    PublicationForm,
    SignatureForm,
    SignatureReturnForm,
    schedule_formset,
    schedule_values,
)
from .models import AgreementBudgetLine, Amendment, ContributionAgreement

BUDGET_FIELDS = ROW_FORMS["budget_lines"]._meta.fields


def service_errors(error: ValidationError) -> list[str]:
    return list(error.messages)


class StaffAgreementMixin(StaffPageMixin):
    """Staff pages of one agreement, by its proposal: from the user's missions, or a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.load(request.user, kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, user, kwargs) -> None:
        self.agreement = selectors.agreement_get_for_staff(user, kwargs["pk"])

    def render_page(
        self,
        request,
        *,
        schedule=None,
        confirm_form=None,
        return_form=None,
        publication_form=None,
        errors=(),
        status=200,
    ):
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
            "can_countersign": permissions.can_countersign(user, agreement),
            "return_form": return_form
            or (
                SignatureReturnForm() if permissions.can_return_signature(user, agreement) else None
            ),
            "can_amend": bool(permissions.amendment_kinds_for(user, agreement)),
            "can_manage_payments": permissions.can_manage_payments(user, agreement),
            "publication_form": publication_form
            or (
                PublicationForm(instance=agreement)
                if permissions.can_write_publication(user, agreement)
                else None
            ),
            "panels": panels.panels_for(agreement, user, for_staff=True),
            "confirm_form": confirm_form
            or (
                BankAccountConfirmForm()
                if permissions.can_confirm_bank_account(user, agreement)
                else None
            ),
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


class PublicationView(StaffAgreementMixin, View):
    """The officer writes what Canada publishes of the agreement, in English and French."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not permissions.can_write_publication(request.user, self.agreement):
            raise PermissionDenied
        form = PublicationForm(request.POST, instance=ContributionAgreement())
        if not form.is_valid():
            return self.render_page(request, publication_form=form, status=400)
        services.agreement_publication_set(
            agreement=self.agreement, actor=request.user, values=form.cleaned_data
        )
        messages.success(request, _("The texts for publication are saved."))
        return redirect("agreements_staff:agreement", pk)


class StaffActionView(StaffAgreementMixin, View):
    """A button of the staff's agreement page: one service, then the page again, with the
    service's message when it refuses."""

    http_method_names = ["post"]

    def act(self, actor) -> ContributionAgreement:
        raise NotImplementedError

    def done(self, agreement: ContributionAgreement) -> str:
        raise NotImplementedError

    def post(self, request, pk):
        try:
            agreement = self.act(request.user)
        except ValidationError as error:
            return self.render_page(request, errors=service_errors(error), status=400)
        messages.success(request, self.done(agreement))
        return redirect("agreements_staff:agreement", pk)


class BudgetAcceptView(StaffActionView):
    def act(self, actor):
        return services.agreement_budget_accept(agreement=self.agreement, actor=actor)

    def done(self, agreement):
        return _("The adjusted budget is accepted: the agreement is a draft.")


class ReadyView(StaffActionView):
    def act(self, actor):
        return services.agreement_mark_ready(agreement=self.agreement, actor=actor)

    def done(self, agreement):
        return _("Agreement %(number)s is ready to sign.") % {"number": agreement.number}


class CountersignView(StaffActionView):
    def act(self, actor):
        return services.agreement_countersign(agreement=self.agreement, actor=actor)

    def done(self, agreement):
        return _("Agreement %(number)s is signed by both parties and in force from today.") % {
            "number": agreement.number
        }


class SignatureReturnView(StaffAgreementMixin, View):
    """What the partner signed, sent back to be signed again, with the reason they read."""

    http_method_names = ["post"]

    def post(self, request, pk):
        form = SignatureReturnForm(request.POST)
        if form.is_valid():
            try:
                services.agreement_signature_return(
                    agreement=self.agreement, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The signature is returned: the partner is told what to change and signs "
                        "again."
                    ),
                )
                return redirect("agreements_staff:agreement", pk)
        return self.render_page(request, return_form=form, status=400)


class BankAccountConfirmView(StaffAgreementMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = BankAccountConfirmForm(request.POST)
        if form.is_valid():
            try:
                services.bank_account_confirm(
                    agreement=self.agreement, actor=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The bank account is confirmed: payments may go to it.")
                )
                return redirect("agreements_staff:agreement", pk)
        return self.render_page(request, confirm_form=form, status=400)


class InstalmentMixin(StaffAgreementMixin):
    """The page of one instalment: mark it due, or pay it with the account revealed."""

    def load(self, user, kwargs) -> None:
        super().load(user, kwargs)
        self.instalment = selectors.instalment_get(self.agreement, kwargs["sequence"])

    def render_instalment(
        self, request, *, due_form=None, payment_form=None, revealed=None, status=200
    ):
        agreement, instalment, user = self.agreement, self.instalment, request.user
        can_pay = permissions.can_manage_payments(user, agreement)
        due = instalment.status == instalment.Status.DUE
        if can_pay and due and payment_form is None:
            payment_form = PaymentForm(
                currency=agreement.currency,
                initial={"amount_cad": instalment.amount_cad, "paid_on": agreement.today},
            )
        if can_pay and instalment.status == instalment.Status.SCHEDULED and due_form is None:
            due_form = InstalmentDueForm()
        context = {
            "agreement": agreement,
            "proposal": agreement.proposal,
            "instalment": instalment,
            "due_form": due_form if can_pay else None,
            "payment_form": payment_form if can_pay and due else None,
            "revealed": revealed,
        }
        return render(request, "agreements/staff_instalment.html", context, status=status)


class InstalmentView(InstalmentMixin, View):
    def get(self, request, pk, sequence):
        return self.render_instalment(request)


class InstalmentDueView(InstalmentMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, sequence):
        form = InstalmentDueForm(request.POST)
        if form.is_valid():
            try:
                services.instalment_mark_due(
                    agreement=self.agreement,
                    instalment=self.instalment,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Instalment %(number)d is due.") % {"number": self.instalment.sequence},
                )
                return redirect("agreements_staff:instalment", pk, sequence)
        return self.render_instalment(request, due_form=form, status=400)


class BankAccountRevealView(InstalmentMixin, View):
    """The full account, for the transfer: shown on this response only, each time recorded."""

    http_method_names = ["post"]

    def post(self, request, pk, sequence):
        revealed = services.bank_account_reveal(
            agreement=self.agreement, actor=request.user, request=request
        )
        return self.render_instalment(request, revealed=revealed)


class PaymentView(InstalmentMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, sequence):
        form = PaymentForm(request.POST, currency=self.agreement.currency)
        if form.is_valid():
            try:
                services.payment_record(
                    agreement=self.agreement,
                    instalment=self.instalment,
                    actor=request.user,
                    paid_on=form.cleaned_data["paid_on"],
                    amount_cad=form.cleaned_data["amount_cad"],
                    amount_local=form.cleaned_data["amount_local"],
                    reference=form.cleaned_data["reference"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The payment of instalment %(number)d is recorded; the partner is told.")
                    % {"number": self.instalment.sequence},
                )
                return redirect("agreements_staff:agreement", pk)
        return self.render_instalment(request, payment_form=form, status=400)


class StaffSignedCopyView(StaffAgreementMixin, View):
    def get(self, request, pk):
        return signed_copy_download(request, self.agreement)


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
            "can_sign": permissions.can_sign(user, agreement),
            "can_amend": bool(permissions.amendment_kinds_for(user, agreement)),
            "panels": panels.panels_for(agreement, user, for_staff=False),
        }
        return render(request, "agreements/partner_agreement.html", context)


@method_decorator(csrf_exempt, name="dispatch")
class PartnerSignView(PartnerAgreementMixin, View):
    """The signature. A scanned copy may come with it: its size is limited as it streams in,
    so the upload handler is in place before anything (CSRF included) reads the form."""

    streams_upload = True  # RejectMalformedInputMiddleware leaves the body to this view

    def render_page(self, request, form, *, status=200):
        context = {"agreement": self.agreement, "proposal": self.agreement.proposal, "form": form}
        return render(request, "agreements/partner_sign.html", context, status=status)

    def get(self, request, pk):
        if not permissions.can_sign(request.user, self.agreement):
            return redirect("agreements:agreement", pk)
        return self.render_page(
            request, SignatureForm(initial={"signatory_name": request.user.full_name})
        )

    def post(self, request, pk):
        limit = SizeLimitedUploadHandler(
            request, max_bytes=self.agreement.proposal.call.attachment_max_mb * MB
        )
        request.upload_handlers.insert(0, limit)
        return csrf_protect(self.sign)(request, limit=limit)

    def sign(self, request, *, limit):
        if not permissions.is_signatory_of(request.user, self.agreement):
            raise PermissionDenied
        form = SignatureForm(request.POST, request.FILES)
        if limit.exceeded:
            form.add_error("signed_copy", limit.error())
        if form.is_valid():
            try:
                services.agreement_sign(
                    agreement=self.agreement, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("You signed the agreement; the embassy countersigns it next."),
                )
                return redirect("agreements:agreement", self.agreement.proposal_id)
        return self.render_page(request, form, status=400)


class PartnerSignedCopyView(PartnerAgreementMixin, View):
    def get(self, request, pk):
        return signed_copy_download(request, self.agreement)


def signed_copy_download(request, agreement):
    """The scanned signed copy, to the organization and the mission's staff only (the caller's
    selector decides), never cached, on the audit trail."""
    if not agreement.signed_copy:
        raise Http404
    services.signed_copy_download_record(agreement=agreement, actor=request.user, request=request)
    response = FileResponse(
        agreement.signed_copy.open("rb"),
        as_attachment=True,
        filename=agreement.signed_copy_name,
        content_type=agreement.signed_copy_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


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


class AmendmentNewMixin:
    """Ask for an amendment: the kinds the user may ask for, then the form of the one chosen
    (`?kind=`), with the budget's table for a reallocation or another amount."""

    for_staff = False

    def kind(self, request) -> str | None:
        kinds = permissions.amendment_kinds_for(request.user, self.agreement)
        kind = request.GET.get("kind")
        return kind if kind in kinds else None

    def render_form(self, request, kind, form=None, budget_rows=None, *, errors=(), status=200):
        agreement = self.agreement
        if kind is not None and form is None:
            form = AmendmentForm(kind=kind)
        if kind in BUDGET_AMENDMENTS and budget_rows is None:
            lines = agreement.budget.lines.all() if agreement.budget else []
            initial = [{name: getattr(line, name) for name in BUDGET_FIELDS} for line in lines]
            budget_rows = row_formset("budget_lines", initial=initial)
        context = {
            "agreement": agreement,
            "proposal": agreement.proposal,
            "for_staff": self.for_staff,
            "kinds": [
                (value, label)
                for value, label in Amendment.Kind.choices
                if value in permissions.amendment_kinds_for(request.user, agreement)
            ],
            "kind": kind,
            "kind_label": Amendment.Kind(kind).label if kind else "",
            "form": form,
            "budget_rows": (
                {"formset": budget_rows, **ROW_SET_LABELS["budget_lines"]}
                if budget_rows is not None
                else None
            ),
            "errors": errors,
        }
        return render(request, "agreements/amendment_new.html", context, status=status)

    def get(self, request, pk):
        return self.render_form(request, self.kind(request))

    def post(self, request, pk):
        kind = request.GET.get("kind", "")
        if not permissions.may_ask_amendment(request.user, self.agreement, kind):
            raise PermissionDenied
        form = AmendmentForm(request.POST, kind=kind)
        budget_rows = None
        lines = None
        if kind in BUDGET_AMENDMENTS:
            budget_rows = row_formset("budget_lines", data=request.POST)
            if "add_row" in request.POST:  # without the script: the same lines and an empty one
                budget_rows.is_valid()
                data = request.POST.copy()
                data["budget_lines-TOTAL_FORMS"] = str(budget_rows.total_form_count() + 1)
                return self.render_form(request, kind, form, row_formset("budget_lines", data=data))
            if budget_rows.is_valid():
                lines = [AgreementBudgetLine(**values) for values in row_values(budget_rows)]
        errors: list[str] = []
        if form.is_valid() and (budget_rows is None or lines is not None):
            try:
                amendment = services.amendment_request(
                    agreement=self.agreement,
                    actor=request.user,
                    kind=kind,
                    lines=lines,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    add_service_errors(form, error)
                else:
                    errors = service_errors(error)
            else:
                messages.success(
                    request,
                    _("Amendment %(number)d is asked for: an approver of the embassy decides it.")
                    % {"number": amendment.number},
                )
                return redirect(self.amendment_url, pk, amendment.number)
        return self.render_form(request, kind, form, budget_rows, errors=errors, status=400)


BUDGET_AMENDMENTS = (Amendment.Kind.REALLOCATION, Amendment.Kind.AMOUNT)


class PartnerAmendmentNewView(AmendmentNewMixin, PartnerAgreementMixin, View):
    amendment_url = "agreements:amendment"


class StaffAmendmentNewView(AmendmentNewMixin, StaffAgreementMixin, View):
    for_staff = True
    amendment_url = "agreements_staff:amendment"


class AmendmentPageMixin:
    """An amendment: its reason, the terms before it and after it (or asked), the budget it
    brings beside the one before; approvers decide it here."""

    for_staff = False

    def render_amendment(self, request, *, decision_form=None, status=200):
        agreement = self.agreement
        amendment = selectors.amendment_get(agreement, self.kwargs["number"])
        can_decide = self.for_staff and permissions.can_decide_amendment(request.user, amendment)
        context = {
            "agreement": agreement,
            "proposal": agreement.proposal,
            "amendment": amendment,
            "for_staff": self.for_staff,
            "budget_before": selectors.budget_version(
                agreement, amendment.before.get("budget_version")
            ),
            "decision_form": (decision_form or AmendmentDecisionForm()) if can_decide else None,
        }
        return render(request, "agreements/amendment.html", context, status=status)

    def get(self, request, pk, number):
        return self.render_amendment(request)


class PartnerAmendmentView(AmendmentPageMixin, PartnerAgreementMixin, View):
    pass


class StaffAmendmentView(AmendmentPageMixin, StaffAgreementMixin, View):
    for_staff = True


class AmendmentDecideView(AmendmentPageMixin, StaffAgreementMixin, View):
    http_method_names = ["post"]
    for_staff = True

    def post(self, request, pk, number):
        amendment = selectors.amendment_get(self.agreement, number)
        form = AmendmentDecisionForm(request.POST)
        approve = request.POST.get("decision") == "approve"
        if form.is_valid():
            try:
                services.amendment_decide(
                    amendment=amendment,
                    actor=request.user,
                    approve=approve,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    (
                        _("Amendment %(number)d is approved: the agreement's terms are updated.")
                        if approve
                        else _("Amendment %(number)d is refused; the requester is told why.")
                    )
                    % {"number": number},
                )
                return redirect("agreements_staff:amendment", pk, number)
        return self.render_amendment(request, decision_form=form, status=400)


class YearEndView(StaffPageMixin, View):
    """A mission's year-end: what its fiscal year's agreements must still pay before the funds
    lapse on March 31, and the agreements that end after their call's latest end date."""

    def get(self, request):
        missions = list(selectors.year_end_missions_for(request.user))
        if not missions:
            raise Http404
        chosen = request.GET.get("mission", "")
        mission = next((m for m in missions if str(m.pk) == chosen), missions[0])
        fiscal_year = fiscal_year_of(timezone.localdate(timezone=mission.zone))
        context = {
            "missions": missions,
            "year_end": selectors.year_end(mission, fiscal_year),
            "fiscal_year_label": fiscal_year_label(fiscal_year),
        }
        return render(request, "agreements/year_end.html", context)


class AgreementListView(StaffPageMixin, View):
    """The agreements of the user's missions, with filters (status, call, fiscal year, next
    action), 50 a page: one query for the ids of every match, one for the page's rows."""

    per_page = 50

    def get(self, request):
        if not selectors.sees_agreements(request.user):
            raise Http404
        calls = selectors.agreement_filter_calls(request.user)
        form = AgreementFilterForm(request.GET or None, calls=calls)
        filters = form.cleaned_data if form.is_valid() else {}
        ids = selectors.agreement_ids_for_staff(
            request.user,
            status=filters.get("status") or "",
            call_id=filters.get("call"),
            fiscal_year=filters.get("fiscal_year"),
            next_action=filters.get("next_action") or "",
        )
        page = Paginator(ids, self.per_page).get_page(request.GET.get("page"))
        agreements = selectors.agreement_rows(list(page.object_list))
        for agreement in agreements:
            agreement.next_action_label = (
                selectors.NextAction(agreement.next_action).label if agreement.next_action else ""
            )
        context = {
            "form": form,
            "filter_form": render_filter_form(form),
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "agreements": agreements,
            # The list's valid filters, for its exports.
            "export_query": urlencode(
                {name: value for name, value in filters.items() if value not in ("", None)}
            )
            + "&",
        }
        return render(request, "agreements/staff_list.html", context)
