from django.contrib import admin

from .models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    """Exports, read-only, to see what failed and why. The file is never linked: only the
    person who asked for an export may download it (through its own view)."""

    list_display = ["created_at", "requested_by", "kind", "format", "status", "row_count"]
    list_filter = ["status", "kind", "format"]
    list_select_related = ["requested_by"]
    search_fields = ["requested_by__email"]
    fields = readonly_fields = [
        field.name for field in Export._meta.fields if field.name not in ("id", "file")
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
