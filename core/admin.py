from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters

from .models import AuditEvent

# Django's date hierarchy builds a datetime from these and adds a day, a month or a year to it,
# outside its own try: ?created_at__year=9999 or 20 digits was a 500 (ValueError, OverflowError).
CALENDAR = {"year": (1, 9998), "month": (1, 12), "day": (1, 31)}


def outside_the_calendar(query, field: str) -> bool:
    for part, (low, high) in CALENDAR.items():
        try:
            number = int(query.get(f"{field}__{part}", "1"))
        except ValueError:
            continue  # Django refuses it itself
        if not low <= number <= high:
            return True
    return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit events are evidence, never edited."""

    list_display = ["created_at", "verb", "actor", "target_repr", "mission_id", "ip_address"]
    list_filter = ["verb"]
    list_select_related = ["actor"]
    search_fields = ["verb", "target_repr", "actor__email"]
    date_hierarchy = "created_at"

    def get_changelist_instance(self, request):
        # Refused the way Django refuses a year of letters: a redirect to the list with ?e=1.
        if outside_the_calendar(request.GET, self.date_hierarchy):
            raise IncorrectLookupParameters
        return super().get_changelist_instance(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
