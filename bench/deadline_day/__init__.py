"""The deadline-day load benchmark: `make bench` (see README.md)."""

# The Celery worker runs below the web server's CPU priority, as docs/operations.md says for a
# worker that shares a machine with it: an e-mail can wait a second, a page cannot.
WORKER_NICENESS = 10
