# ruff: noqa: S311 (random here draws simulated behaviour, not secrets)
"""Deadline day, as Locust users: run by run.py (see README.md), not on its own.

Environment (set by run.py): BENCH_ACCOUNTS (the seed's JSON), BENCH_OUT (a folder for the
samples and the submissions' log), BENCH_DEADLINE (the call's deadline, Unix time) and
BENCH_PLAN (the load shape: JSON list of [end second, users, spawn rate]).

Every request is recorded (name, status, time, failure) and every submit attempt is written
to submissions.jsonl with what the client was told: run.py computes the figures and the
reconciliation from these files and the database.
"""

import json
import os
import random
import re
import threading
import time
import uuid
from pathlib import Path

import gevent
from locust import HttpUser, LoadTestShape, constant_throughput, events, task

ACCOUNTS = json.loads(Path(os.environ["BENCH_ACCOUNTS"]).read_text(encoding="utf-8"))
OUT = os.environ["BENCH_OUT"]
DEADLINE = float(os.environ["BENCH_DEADLINE"])
PLAN = json.loads(os.environ["BENCH_PLAN"])
PASSWORD = ACCOUNTS["password"]
CALL = ACCOUNTS["call"]
# Organizations with their drafts, most kept for the last minutes and for after the deadline.
ORGANIZATIONS: list[dict] = []
for partner in ACCOUNTS["partners"]:
    if ORGANIZATIONS and ORGANIZATIONS[-1]["email"] == partner["email"]:
        ORGANIZATIONS[-1]["drafts"].append(partner["proposal"])
    else:
        ORGANIZATIONS.append({"email": partner["email"], "drafts": [partner["proposal"]]})
random.Random(9).shuffle(ORGANIZATIONS)
LATE_RESERVE = max(5, len(ORGANIZATIONS) // 10)  # organizations kept to try after the deadline

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'id="id_version" value="(\d+)"')
REFERENCE = re.compile(r"CFLI-[A-Z]+-\d{4}-\d{2}-\d{4,}")
STAFF_LINK = re.compile(r'href="/manage/proposals/(\d+)/"')


def _pdf() -> bytes:
    """A small, valid one-page PDF (the upload check sniffs the content, not only the name)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 44 >>\nstream\nBT /F1 18 Tf 72 760 Td (Work plan) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body


PDF = _pdf()

# --- What is recorded ---------------------------------------------------------------------------
SAMPLES: list = []
_lock = threading.Lock()
# Open for the whole run: each answer is appended as it comes (closed when Locust exits).
_submissions = open(os.path.join(OUT, "submissions.jsonl"), "a", encoding="utf-8")  # noqa: SIM115


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response, exception, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    failure = str(exception)[:160] if exception is not None else ""
    SAMPLES.append(
        (name, round(response_time, 2), status, exception is not None, time.time(), failure)
    )


@events.quitting.add_listener
def _dump(environment, **kwargs):
    with open(os.path.join(OUT, "samples.json"), "w", encoding="utf-8") as handle:
        json.dump(SAMPLES, handle)
    _submissions.flush()


def log_submission(**record) -> None:
    with _lock:
        _submissions.write(json.dumps(record) + "\n")
        _submissions.flush()


def token(text: str) -> str:
    match = CSRF.search(text or "")
    return match.group(1) if match else ""


# --- The load's shape ---------------------------------------------------------------------------
class DeadlineDay(LoadTestShape):
    """Ramp up, hold, a spike in the last minutes, then past the deadline (run.py's plan)."""

    def tick(self):
        elapsed = self.get_run_time()
        for end, users, rate in PLAN:
            if elapsed < end:
                return users, rate
        return None


# --- The people ---------------------------------------------------------------------------------
class Person(HttpUser):
    abstract = True

    def log_in(self, email: str) -> bool:
        page = self.client.get("/accounts/login/", name="login page")
        with self.client.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token(page.text), "login": email, "password": PASSWORD},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
                return True
            response.failure(f"login answered {response.status_code}")
            return False


class Partner(Person):
    """Drafts with autosave, uploads, checks the list and submits, one draft after another;
    some double-click Submit, some retry after their browser gave up waiting."""

    weight = 7
    wait_time = constant_throughput(1)  # at most one step a second: typing, reading, clicking

    def on_start(self):
        self.organization = None
        self.steps: list[str] = []
        self.take_organization()

    def take_organization(self) -> None:
        late = time.time() >= DEADLINE
        if len(ORGANIZATIONS) <= (0 if late else LATE_RESERVE):
            self.organization = None
            return
        self.organization = ORGANIZATIONS.pop()
        self.client.cookies.clear()
        if not self.log_in(self.organization["email"]):
            self.organization = None
            return
        self.client.get("/proposals/", name="partner dashboard")
        self.next_draft()

    def next_draft(self) -> None:
        if not self.organization or not self.organization["drafts"]:
            self.steps = []
            return
        self.proposal = self.organization["drafts"].pop()
        self.version, self.csrf = None, ""
        # Deadline day: many drafts only need a last touch; the others are still being written.
        autosaves = random.randint(0, 2) if random.random() < 0.5 else random.randint(5, 15)
        self.steps = ["section"] + ["autosave"] * autosaves
        if random.random() < 0.3:
            self.steps.append("upload")
        self.steps += ["checklist", "submit"]

    @task
    def step(self):
        if time.time() >= DEADLINE and self.steps and self.steps[0] not in ("checklist", "submit"):
            self.steps = ["checklist", "submit"]  # the deadline has passed: one last try
        if not self.steps:
            if self.organization and self.organization["drafts"]:
                self.next_draft()
            elif random.random() < 0.05:
                self.take_organization()
            else:
                self.client.get("/calls/", name="calls")
            return
        getattr(self, "do_" + self.steps.pop(0))()

    @property
    def section_url(self) -> str:
        return f"/proposals/{self.proposal}/risks/"

    def do_section(self):
        page = self.client.get(self.section_url, name="section page")
        self.csrf = token(page.text)
        match = VERSION.search(page.text or "")
        self.version = match.group(1) if match else "0"

    def do_autosave(self):
        words = random.randint(20, 120)
        vocabulary = ("riesgo", "mitigación", "comunidad", "plan")
        text = " ".join(random.choice(vocabulary) for _ in range(words))
        with self.client.post(
            self.section_url,
            data={
                "csrfmiddlewaretoken": self.csrf,
                "version": self.version,
                "risks": "Amenazas: protocolo de seguridad. " + text,
                "sustainability": "La red continúa con cuotas propias.",
                "environment": "Sin impacto significativo.",
            },
            headers={"HX-Request": "true", "HX-Current-URL": self.host + self.section_url},
            name="autosave",
            catch_response=True,
        ) as response:
            match = VERSION.search(response.text or "")
            if response.status_code == 200 and match:
                self.version = match.group(1)
                response.success()
            elif response.status_code == 403 and time.time() >= DEADLINE:
                # Typed before the deadline, arrived after it: the draft is frozen, as it must.
                response.request_meta["name"] = "autosave: refused, call closed"
                response.success()
            else:
                response.failure(f"autosave answered {response.status_code}")

    def do_upload(self):
        with self.client.post(
            f"/proposals/{self.proposal}/attachments/new/",
            data={"csrfmiddlewaretoken": self.csrf, "kind": "work_plan"},
            files={"file": ("plan-de-trabajo.pdf", PDF, "application/pdf")},
            name="upload",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            elif response.status_code == 403 and time.time() >= DEADLINE:
                response.request_meta["name"] = "upload: refused, call closed"
                response.success()
            else:
                response.failure(f"upload answered {response.status_code}")

    def do_checklist(self):
        page = self.client.get(f"/proposals/{self.proposal}/checklist/", name="checklist")
        self.csrf = token(page.text) or self.csrf

    def do_submit(self):
        url = f"/proposals/{self.proposal}/submit/"
        data = {"csrfmiddlewaretoken": self.csrf}
        late = time.time() >= DEADLINE
        style = "late" if late else random.choices(["plain", "double", "retry"], [70, 15, 15])[0]

        def attempt(name: str, timeout=None):
            sent = time.time()
            try:
                with self.client.post(
                    url,
                    data=data,
                    name=name,
                    allow_redirects=False,
                    timeout=timeout,
                    catch_response=True,
                ) as response:
                    location = response.headers.get("Location", "") if response.ok else ""
                    if response.status_code == 302 and location.endswith("/receipt/"):
                        outcome = "receipt"
                    elif response.status_code == 302 and location.endswith("/checklist/"):
                        outcome = "refused"
                    elif timeout is not None and response.status_code == 0:
                        outcome = "timeout"
                    else:
                        outcome = "error"
                    if outcome == "error":
                        response.failure(f"submit answered {response.status_code}")
                    else:
                        response.success()  # a refusal is an answer; run.py judges it
                    return {
                        "sent": sent,
                        "answered": time.time(),
                        "status": response.status_code,
                        "outcome": outcome,
                    }
            except Exception as error:  # the client's own failure is recorded
                return {"sent": sent, "answered": time.time(), "status": 0, "outcome": repr(error)}

        # Written first, so a submit still in flight when the load stops is accounted for.
        log_submission(proposal=self.proposal, style=style, started=time.time())
        if style == "double":
            attempts = [
                job.value
                for job in gevent.joinall(
                    [gevent.spawn(attempt, "submit: double click") for _ in range(2)]
                )
            ]
        elif style == "retry":
            attempts = [attempt("submit: gave up waiting", timeout=0.02)]
            attempts.append(attempt("submit: retry after timeout"))
        elif style == "late":
            attempts = [attempt("submit: after the deadline")]
        else:
            attempts = [attempt("submit")]
        reference = None
        if any(a and a["outcome"] == "receipt" for a in attempts):
            receipt = self.client.get(f"/proposals/{self.proposal}/receipt/", name="receipt")
            match = REFERENCE.search(receipt.text or "")
            reference = match.group(0) if match else None
        log_submission(
            proposal=self.proposal,
            email=self.organization["email"],
            style=style,
            attempts=attempts,
            reference=reference,
            deadline=DEADLINE,
        )


class Visitor(Person):
    """Someone reading the calls before deciding to apply."""

    weight = 2
    wait_time = constant_throughput(1)

    @task(2)
    def calls(self):
        self.client.get("/calls/", name="calls")

    @task(2)
    def call(self):
        self.client.get(f"/calls/{CALL}/", name="call page")

    @task(1)
    def home(self):
        self.client.get("/", name="home")


class Registrant(Person):
    """A new organization's first person signing up (the verification e-mail goes to the
    sink; the bench's other partners are seeded with verified addresses)."""

    fixed_count = 2
    wait_time = constant_throughput(0.1)

    @task
    def sign_up(self):
        self.client.cookies.clear()
        page = self.client.get("/accounts/signup/", name="signup page")
        with self.client.post(
            "/accounts/signup/",
            data={
                "csrfmiddlewaretoken": token(page.text),
                "full_name": "Nueva Persona",
                "email": f"new-{uuid.uuid4().hex[:12]}@bench.cfli.example",
                "password1": "una-frase-larga-de-paso-2026",
                "password2": "una-frase-larga-de-paso-2026",
            },
            name="signup",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"signup answered {response.status_code}")


class Staff(Person):
    """A program officer: the list, a proposal's page, search, a CSV export."""

    weight = 1
    wait_time = constant_throughput(0.5)

    def on_start(self):
        self.log_in(random.choice(ACCOUNTS["staff"]))
        self.seen: list[str] = []

    @task(4)
    def proposal_list(self):
        page = self.client.get("/manage/proposals/", name="staff: proposal list")
        self.seen = STAFF_LINK.findall(page.text or "") or self.seen

    @task(1)
    def proposal_list_page(self):
        self.client.get("/manage/proposals/?page=3&sort=-submitted_at", name="staff: list, page 3")

    @task(4)
    def proposal(self):
        if self.seen:
            pk = random.choice(self.seen)
            self.client.get(f"/manage/proposals/{pk}/", name="staff: proposal page")

    @task(2)
    def search(self):
        term = random.choice(("agua", "mujeres", "education", "climat", "jóvenes"))
        self.client.get(f"/manage/search/?q={term}", name="staff: search")

    @task(1)
    def export(self):
        with self.client.get(
            "/manage/proposals/export/?format=csv&status=submitted",
            name="staff: export CSV",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code in (200, 302):
                response.success()
            else:
                response.failure(f"export answered {response.status_code}")
