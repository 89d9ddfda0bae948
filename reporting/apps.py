from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Dashboards, search and exports: what missions and headquarters read across proposals.
    It sits above reviews (it reads decisions and gender-equality codes); nothing imports it."""

    name = "reporting"
    label = "reporting"
    verbose_name = _("Dashboards and exports")

    def ready(self):
        from .dashboards import freshness

        freshness.connect()
