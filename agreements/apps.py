from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from reviews import commitments

        from . import receivers  # noqa: F401  (a released funding decision opens its agreement)
        from .selectors import commitments_beyond_decisions

        # An amendment of an agreement's amount takes from (or gives back to) its call's envelope.
        commitments.register("agreements", commitments_beyond_decisions)
