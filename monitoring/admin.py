from django.contrib import admin

from .models import Report, ReportReminder


class ReportReminderInline(admin.TabularInline):
    model = ReportReminder
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "due_date", "sent_at"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports change through their pages, which check, record and notify."""

    list_display = ["agreement", "kind", "due_date", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["agreement__number", "agreement__proposal__reference"]
    list_select_related = ["agreement"]
    readonly_fields = ["agreement", "kind", "due_date", "status", "created_at", "updated_at"]
    inlines = [ReportReminderInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
