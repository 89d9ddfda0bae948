from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """A funded project's life after signature: its reports, monitoring visits and closure
    (docs/decisions/0023). It sits above agreements, which learns of it only through the
    signals, panels and due dates registered here."""

    name = "monitoring"
    verbose_name = _("Monitoring and reporting")

    def ready(self) -> None:
        from agreements import due_dates, panels

        from . import receivers  # noqa: F401  (an agreement in force gets its report schedule)
        from .models import RELEASES
        from .selectors import monitoring_panel, report_due_date, reports_panel

        panels.register("reports", reports_panel)
        panels.register("monitoring", monitoring_panel)
        # An instalment paid on a report is expected when its report is due (the year-end page).
        for kind, condition in RELEASES.items():
            due_dates.register(condition, lambda kind=kind: report_due_date(kind))
