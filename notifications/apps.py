from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from accounts.sessions import Companion, read_with_session

        from . import receivers  # noqa: F401  (connects the welcome message)
        from .selectors import unread_count_column, unread_count_load

        read_with_session(Companion(sql=unread_count_column, load=unread_count_load))
