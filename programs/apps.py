from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    label = "programs"
    verbose_name = _("Missions and calls")

    def ready(self):
        from accounts.sessions import Companion, read_with_session

        from .permissions import mission_roles_column, mission_roles_load
        from .versions import PUBLIC_CALLS

        read_with_session(Companion(sql=mission_roles_column, load=mission_roles_load))
        PUBLIC_CALLS.connect()
