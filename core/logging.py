"""Logging filters (attached in settings.LOGGING)."""

import logging
import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class ClientErrorWithoutTraceback(logging.Filter):
    """A client error (4xx) logs one line, with its method, path and status, and no traceback.

    Django logs the exception behind a 400 or 403 (a NUL byte in a query string, bad UTF-8, a
    suspicious operation) with its traceback: anyone could fill the logs by sending such
    requests. Server errors (5xx) keep theirs. Control characters are escaped, so one request
    is one line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if not isinstance(status, int) or not 400 <= status < 500:
            return True
        if getattr(record, "client_error_line", False):
            return True  # already shortened: by the logger's filter, then a handler's
        record.exc_info = record.exc_text = record.stack_info = None
        request = getattr(record, "request", None)
        method = getattr(request, "method", None) or "-"
        line = f"{method} {status} {record.getMessage()}"
        record.msg, record.args = CONTROL_CHARACTERS.sub(_escape, line), ()
        record.client_error_line = True
        return True


def _escape(match: re.Match) -> str:
    return match.group().encode("unicode_escape").decode("ascii")
