from celery import shared_task
from django.utils import timezone

from .services import export_build, exports_delete_old_files, exports_relay


# A large export takes seconds to a few minutes; these limits stay below the relay's claim
# timeout (services.CLAIM_TIMEOUT), so a build is never reclaimed while it still runs.
@shared_task(name="reporting.build_export", acks_late=True, soft_time_limit=600, time_limit=660)
def build_export(export_id: int) -> None:
    export_build(export_id=export_id)


@shared_task(name="reporting.relay_exports")
def relay_exports() -> int:
    return exports_relay()


@shared_task(name="reporting.delete_old_export_files")
def delete_old_export_files() -> int:
    return exports_delete_old_files(now=timezone.now())
