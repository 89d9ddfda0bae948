from django.db import transaction


def enqueue_on_commit(task, *args, queue: str | None = None, **kwargs) -> None:
    """Send a Celery task once the current transaction commits, and never if it rolls back.

    `robust=True`: a broker outage is logged, and the request that committed still succeeds;
    work that must not be lost is a database row first (a relay re-sends what is pending).
    `queue`: settings.CFLI_BULK_QUEUE for mass mailings, which must not delay what people wait
    for.
    """
    options = {"queue": queue} if queue else {}
    transaction.on_commit(lambda: task.apply_async(args, kwargs, **options), robust=True)
