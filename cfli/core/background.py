from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send a Celery task once the current transaction commits, and never if it rolls back.

    `robust=True`: a broker outage is logged, and the request that committed still succeeds;
    work that must not be lost is a database row first (a relay re-sends what is pending).
    """
    transaction.on_commit(lambda: task.delay(*args, **kwargs), robust=True)
