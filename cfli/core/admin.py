from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit events are evidence, never edited."""

    list_display = ["created_at", "verb", "actor", "target_repr", "mission_id", "ip_address"]
    list_filter = ["verb"]
    list_select_related = ["actor"]
    search_fields = ["verb", "target_repr", "actor__email"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
