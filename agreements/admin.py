"""Contribution agreements in the admin: read-only. Every change goes through the services and
their pages, which lock, check and audit; the admin is for looking."""

from django.contrib import admin

from .models import (
    AgreementBudget,
    AgreementBudgetLine,
    AgreementEvent,
    ContributionAgreement,
    PaymentInstalment,
)


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InstalmentInline(ReadOnly, admin.TabularInline):
    model = PaymentInstalment
    fields = ["sequence", "condition", "due_date", "amount_cad", "status", "paid_on"]
    readonly_fields = fields
    extra = 0


class BudgetInline(ReadOnly, admin.TabularInline):
    model = AgreementBudget
    fields = ["version", "currency", "cfli_total", "project_total", "accepted_at"]
    readonly_fields = fields
    extra = 0


class EventInline(ReadOnly, admin.TabularInline):
    model = AgreementEvent
    fields = ["created_at", "kind", "actor", "note"]
    readonly_fields = fields
    extra = 0


@admin.register(ContributionAgreement)
class ContributionAgreementAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["number", "title", "mission", "status", "amount_cad", "start_date"]
    list_filter = ["status", "mission", "fiscal_year"]
    list_select_related = ["mission"]
    search_fields = ["number", "title", "proposal__reference"]
    inlines = [BudgetInline, InstalmentInline, EventInline]


@admin.register(AgreementBudgetLine)
class AgreementBudgetLineAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["budget", "position", "category", "description", "cfli_amount"]
    list_select_related = ["budget__agreement"]
