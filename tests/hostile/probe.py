"""Send one hostile request, judge its answer, then undo whatever it did.

Each request runs in a savepoint that is rolled back afterwards (and the client's cookies and
the cache are put back), so every request of a test meets the same data: a request that
withdraws the proposal does not turn the following ones into 404s. A failure is recorded, not
raised, so one run lists every broken request.
"""

import copy
import traceback
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction

from .catalogue import UNESCAPED_MARKERS

# What a hostile request may get: a page, a redirect, or a refusal. Never a 5xx.
ALLOWED_STATUSES = {200, 301, 302, 303, 400, 401, 403, 404, 405, 409, 413, 429}
FORM = "application/x-www-form-urlencoded"
PROJECT = str(Path(settings.BASE_DIR).resolve())


def _where(exc_info) -> str:
    """The exception and the last line of project code it went through."""
    if not exc_info:
        return ""
    kind, value, tb = exc_info
    frames = [
        frame
        for frame in traceback.extract_tb(tb)
        if frame.filename.startswith(PROJECT) and "/.venv/" not in frame.filename
    ]
    place = ""
    if frames:
        frame = frames[-1]
        place = f" at {Path(frame.filename).relative_to(PROJECT)}:{frame.lineno}"
    return f" — {kind.__name__}: {str(value)[:160]}{place}"


def _changes(before, after) -> str:
    """What differs between two snapshots (lists of lists of rows as dicts)."""
    if not isinstance(before, list) or not isinstance(after, list):
        return f"{before!r} → {after!r}"[:300]
    changes = []
    for index, (old, new) in enumerate(zip(before, after, strict=True)):
        if old == new:
            continue
        if len(old) != len(new):
            changes.append(f"part {index}: {len(old)} rows → {len(new)}")
            continue
        for row_old, row_new in zip(old, new, strict=True):
            keys = [key for key in row_old if row_old[key] != row_new.get(key)]
            changes.append(
                f"part {index}: "
                + ", ".join(f"{key} {row_old[key]!r} → {row_new.get(key)!r}"[:120] for key in keys)
            )
    return "; ".join(changes)


def short(text: str, limit: int = 140) -> str:
    text = repr(text)
    return text if len(text) <= limit else f"{text[:limit]}…({len(text)} chars)"


class Probe:
    """Hostile requests through one test client, each judged and undone.

    `others` returns a snapshot of data the acting user must never change (another
    organization's proposal, another mission's call); it is compared around every POST.
    """

    def __init__(self, client, *, others=None):
        client.raise_request_exception = False
        self.client = client
        self.others = others or (lambda: None)
        self.failures: list[str] = []
        self._before = None
        self.sent = 0

    @contextmanager
    def isolated(self):
        cookies = copy.deepcopy(self.client.cookies)
        try:
            with transaction.atomic():
                yield
                transaction.set_rollback(True)
        finally:
            self.client.cookies = cookies
            cache.clear()

    def fail(self, method: str, path: str, label: str, problem: str) -> None:
        self.failures.append(f"{method} {short(path, 90)} [{label}]: {problem}")

    def send(self, method, path, *, query="", body=None, content_type=FORM, headers=None):
        self.sent += 1
        url = f"{path}?{query}" if query else path
        if method == "GET":
            return self.client.get(url, headers=headers)
        return self.client.post(url, body, content_type=content_type, headers=headers)

    def judge(self, response, method, path, label) -> int:
        """Record what is wrong with the answer; return its status."""
        status = response.status_code
        if status >= 500:
            self.fail(method, path, label, f"{status}{_where(response.exc_info)}")
        elif status not in ALLOWED_STATUSES:
            self.fail(method, path, label, f"unexpected status {status}")
        if response.streaming:
            # Read to the end: the test client then closes the response without firing the
            # signal that would close the database connection in the middle of the test.
            for _chunk in response.streaming_content:
                pass
        elif "text/html" in response.get("Content-Type", ""):
            body = response.content.decode(errors="replace")
            for marker in UNESCAPED_MARKERS:
                if marker in body:
                    self.fail(method, path, label, f"{status} page holds {marker!r} unescaped")
        return status

    def follow(self, response, label) -> None:
        """Where a successful hostile POST leads (its message shows what was sent): judged."""
        location = response.get("Location", "")
        if 300 <= response.status_code < 400 and location.startswith("/"):
            target = urlsplit(location)
            followed = self.send("GET", target.path, query=target.query)
            self.judge(followed, "GET", location, f"{label}, after the redirect")

    def get(self, path, query="", *, label, headers=None, expect=None) -> int:
        with self.isolated():
            response = self.send("GET", path, query=query, headers=headers)
            status = self.judge(response, "GET", path, label)
        if expect is not None and status not in expect:
            self.fail("GET", path, label, f"{status}, expected one of {sorted(expect)}")
        return status

    def post(
        self,
        path,
        body,
        *,
        label,
        content_type=FORM,
        headers=None,
        query="",
        page=None,
        expect=None,
        check=None,
        always=False,
    ) -> int:
        """POST, then check nobody else's data changed, follow a redirect, and read the page
        again (see read_again). `check(response)`, run before the rollback, returns a problem
        or None."""
        with self.isolated():
            # Every request is rolled back, so the data before one is the data before all.
            if self._before is None:
                self._before = self.others()
            before = self._before
            response = self.send(
                "POST", path, query=query, body=body, content_type=content_type, headers=headers
            )
            status = self.judge(response, "POST", path, label)
            if status >= 500:
                return status  # the transaction may be broken: judged already, rolled back
            try:
                after = self.others()
            except DatabaseError as error:
                self.fail("POST", path, label, f"left the transaction broken: {error}")
                return status
            if after != before:
                self.fail("POST", path, label, f"changed others' data: {_changes(before, after)}")
            problem = check(response) if check else None
            if problem:
                self.fail("POST", path, label, problem)
            self.follow(response, label)
            if page is not None:
                self.read_again(page, response, label, always=always)
        if expect is not None and status not in expect:
            self.fail("POST", path, label, f"{status}, expected one of {sorted(expect)}")
        return status

    def read_again(self, page, response, label, *, always) -> None:
        """`page` is (path, status it answered before): once a POST was accepted, the page
        opens again with what was saved in it. With `always` (autosave, which saves what is
        valid even when it answers 400), it is read after any answer and must answer the same
        as before: never a half-written draft that breaks its page."""
        page_path, page_status = page
        status = response.status_code
        if urlsplit(response.get("Location", "")).path == page_path:
            return  # followed already
        if status >= 400 and not always:
            return  # refused: the answer showed the form with what was sent
        again = self.send("GET", page_path)
        again_status = self.judge(again, "GET", page_path, f"{label}, page read again")
        if always and again_status != page_status:
            self.fail(
                "GET", page_path, label, f"{again_status} after the POST, {page_status} before"
            )

    def report(self) -> str:
        shown = self.failures[:40]
        more = len(self.failures) - len(shown)
        return "\n".join(shown + ([f"… and {more} more"] if more > 0 else []))
