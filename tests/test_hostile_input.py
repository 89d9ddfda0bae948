"""Bad input anywhere gets a clear 4xx, or is saved and shown escaped: never a 500, and never a
change to someone else's data (issue 9, point 5; `quality.md`, "Bad input anywhere").

Breadth: every URL of `tests/test_url_matrix.py`'s MATRIX, as a user who may use it, gets the
catalogue of `tests/hostile/catalogue.py` in its query string, its path arguments and every
field of its forms (read from the rendered page, or listed below for POST-only URLs). Depth:
hypothesis generates input for the endpoints that parse the most (staff list filters, search,
autosave of the budget, exports, dashboards, the public call list).

Every request runs in a savepoint rolled back afterwards (`tests/hostile/probe.py`), so each one
meets the same data; the failures of a URL are collected and reported together.
"""

import os
import unicodedata
import zlib
from urllib.parse import quote

import pytest
from django.test.client import MULTIPART_CONTENT
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proposals.sections import SECTIONS
from tests.hostile.catalogue import (
    CORE,
    EXTENDED,
    IMAGE,
    ONE_MB,
    PATH_NUMBERS,
    PATH_WORDS,
    QUERY_PARAMS,
    RAW,
    SCRIPT,
    TEXT,
    query,
    raw_query,
    spread,
)
from tests.hostile.html_forms import Control, read_page
from tests.hostile.probe import Probe
from tests.proposals.factories import PDF
from tests.test_url_matrix import (  # noqa: F401 (fixtures the MATRIX's rows ask for)
    LOGIN,
    MATRIX,
    approver_mexico,
    partner_bogota,
    reviewer_assigned,
    reviewer_colombia,
    reviewer_undeclared,
)

pytestmark = pytest.mark.django_db

# Who sends a row's hostile requests: the first of these the row lets in (200, or 405 for a
# POST-only URL, or the exports' 400); else the first one the row names that is not sent to the
# login page. A partner for partner pages, the Mexico officer for staff pages, the administrator
# for administrators' pages, the assigned reviewer for a reviewer's pages.
ACTORS = [
    "partner_oaxaca",
    "officer_mexico",
    "reviewer_assigned",
    "reviewer_undeclared",
    "administrator",
    "approver_mexico",
    "member_oaxaca",
    "user",
    "admin_user",
    "anonymous",
]
# A row about one reviewer's page that nobody may see: sent as that reviewer anyway.
ACTOR_OF_ROW = {"reviewer:attachment--undeclared": "reviewer_undeclared"}

# The views that read their query string (besides pages with a GET form or "?" links, found
# on the page): every payload goes to every parameter. Read from the views' request.GET.
READS_QUERY = {
    "proposals:section",  # ?autosave=1, the beacon of a page being left
    "reporting:proposal-export",
    "reporting:disclosure-export",
    "reporting:export-list",
    "instruments:grid-detail",  # ?add
    "instruments:checklist-detail",
    "admin:index",
}
READS_QUERY_PREFIXES = ("account_", "mfa_")  # allauth reads ?next= and friends

# Query parameters that decide whether the others are read at all: each such row is also sent
# its hostile queries with these kept valid (None: left out).
GATES = {
    "reporting:proposal-export": {"format": "csv"},
    "reporting:disclosure-export": {"format": "xlsx"},
    "reporting:mission-dashboard": {"mission": None},
}

# The fields of POST-only URLs, whose forms live on other pages (read from their views). Forms
# of these URLs found on the pages visited are checked against this list.
POST_ONLY_FIELDS = {
    "accounts:language": ["language", "next"],
    "proposals:attachment-upload": ["kind", "file"],
    "proposals:information-answer": ["answer", "files"],
    "reviews:decision": ["recommendation", "amount", "conditions", "rationale", "ge_code"],
    "reviews:information-request": ["question", "due_date"],
    "reviews:reviewer-add": ["reviewer"],
    "reviews:reviewer-replace": ["reviewer", "confirm"],
    "reviews:reviewer-remove": ["confirm"],
}
MULTIPART_URLS = {"proposals:attachment-upload", "proposals:information-answer"}
# What every other POST-only URL is sent: it reads no field, but must not mind them.
NO_FIELDS = ["next", "reason", "action"]

# A partial of the page (htmx) is refused or saved like the page itself.
HTMX = {"HX-Request": "true"}

EXPLORE = bool(os.environ.get("CFLI_HOSTILE_EXPLORE"))  # random examples, ten times as many
HYPOTHESIS = settings(
    max_examples=400 if EXPLORE else 40,
    deadline=None,
    derandomize=not EXPLORE,
    database=None,  # no .hypothesis/ folder in the tree; failures print their example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- The data nobody acting here may change, and ids that belong to others ------------------


@pytest.fixture
def bogota_proposal(partner_bogota):  # noqa: F811 (the matrix's fixture)
    from proposals.models import Proposal

    return Proposal.objects.get(organization__memberships__user=partner_bogota)


@pytest.fixture
def others(bogota_proposal):
    """A snapshot of the Bogotá organization's data and of the Colombia mission's call."""
    from accounts.models import Membership, Organization
    from programs.models import Call, Mission
    from proposals.models import Attachment, BudgetLine, Proposal

    proposal = bogota_proposal

    def snapshot():
        # In one language: values() reads a translated field (a call's title) in the active one.
        with translation.override("en"):
            return snapshot_rows()

    def snapshot_rows():
        return [
            list(Proposal.objects.filter(pk=proposal.pk).values()),
            list(BudgetLine.objects.filter(proposal=proposal).values()),
            list(Attachment.objects.filter(proposal=proposal).values()),
            list(Organization.objects.filter(pk=proposal.organization_id).values()),
            list(Membership.objects.filter(organization_id=proposal.organization_id).values()),
            list(Call.objects.filter(pk=proposal.call_id).values()),
            list(Mission.objects.filter(pk=proposal.call.mission_id).values()),
        ]

    return snapshot


@pytest.fixture
def foreign_ids(bogota_proposal, reviewer_colombia):  # noqa: F811 (the matrix's fixture)
    """For a field or parameter named like a kind of object: the id of another's object."""
    return {
        "mission": str(bogota_proposal.call.mission_id),
        "call": str(bogota_proposal.call_id),
        "organization": str(bogota_proposal.organization_id),
        "reviewer": str(reviewer_colombia.pk),
        "proposal": str(bogota_proposal.pk),
    }


def foreign_value(name: str, ids: dict) -> str:
    return next((value for kind, value in ids.items() if kind in name), ids["proposal"])


def assert_post_only_fields_known(page) -> None:
    """The forms of POST-only URLs met on a page have only the fields POST_ONLY_FIELDS lists."""
    for form in page.forms:
        target = url_name_of(form.action) if form.method == "post" else None
        if target in POST_ONLY_FIELDS:
            unknown = set(form.controls) - set(POST_ONLY_FIELDS[target]) - {"csrfmiddlewaretoken"}
            assert not unknown, f"add {sorted(unknown)} to POST_ONLY_FIELDS[{target!r}]"


# --- A row of the matrix, opened as its actor ---------------------------------------------------


def actor_of(name: str) -> tuple[str, object]:
    statuses = MATRIX[name][1]

    def status(role):
        return statuses.get(role, statuses["user"])

    role = ACTOR_OF_ROW.get(name) or next(
        (role for role in ACTORS if status(role) in (200, 400, 405)),
        next(role for role in ACTORS if role in statuses and status(role) != LOGIN),
    )
    return role, status(role)


def open_row(name, client, request) -> tuple[str, dict, str, object]:
    kwargs, _ = MATRIX[name]
    if callable(kwargs):
        kwargs = kwargs(request.getfixturevalue)
    role, status = actor_of(name)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return reverse(name.split("--")[0], kwargs=kwargs), kwargs, role, status


def url_name_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


# --- What to send ----------------------------------------------------------------------------


def _whole_number(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def is_typed(control: Control) -> bool:
    """A field a person types in (not a button, a choice or a value the page filled in)."""
    return not (control.is_button or control.is_kept or (control.options and not control.is_text))


def with_choices_kept(controls: list[Control], values: dict[str, str]) -> list[tuple[str, str]]:
    """The values in the fields a person types in; a valid choice in the others and the page's
    own hidden values (the version, a formset's count), so the typed text gets past them and
    is saved (then shown) if it is valid."""
    fields = []
    for control in controls:
        if control.is_kept:
            fields.append((control.name, control.value))
        elif control.options and not control.is_text:
            fields.append((control.name, next((o for o in control.options if o), "")))
        elif not control.is_button:
            fields.append((control.name, values[control.name]))
    return fields


def everywhere(controls: list[Control], values: dict[str, str], *, buttons: bool):
    """The values in every field, hidden ones included; buttons only when asked.

    A formset's count is kept when the value is a large number: Django then builds and renders
    up to the formset's absolute_max forms (200), several seconds a request, which this test
    cannot afford for every payload (reported to the lead; not a 5xx)."""
    fields = []
    for control in controls:
        if control.is_button and not buttons:
            continue
        value = values[control.name]
        number = _whole_number(value)
        if control.name.endswith("_FORMS") and control.is_kept and number and number > 10:
            fields.append((control.name, control.value))
        else:
            fields.append((control.name, value))
    return fields


def post_bodies(
    controls: list[Control], ids: dict, *, start: int
) -> list[tuple[str, object, bool]]:
    """(label, body, raw bytes?) for every hostile POST of a form.

    Each CORE payload fills every field, then every typed field with the choices kept valid;
    the EXTENDED payloads are spread over the fields, in both ways, in four requests at most
    (from `start`: each form with few fields gets its own share of them)."""
    names = [control.name for control in controls]
    typed = [control.name for control in controls if is_typed(control)]
    keeps = any(not is_typed(control) and not control.is_button for control in controls)
    bodies = []
    for index, (label, value) in enumerate(CORE):
        every = dict.fromkeys(names, value)
        # Buttons (submit, add a row, declare…) choose a branch: every other payload sends them.
        bodies.append((label, everywhere(controls, every, buttons=index % 2 == 0), False))
        if "\x00" not in value and keeps and typed:
            bodies.append((f"{label}, choices kept", with_choices_kept(controls, every), False))
    for k, fields in enumerate(spread(names, EXTENDED, at_most=4, start=start)):
        body = everywhere(controls, dict(fields), buttons=k % 2 == 0)
        bodies.append((f"catalogue spread {k + 1}", body, False))
    if keeps:
        for k, fields in enumerate(spread(typed, EXTENDED, at_most=4, start=start)):
            body = with_choices_kept(controls, dict(fields))
            bodies.append((f"catalogue spread {k + 1}, choices kept", body, False))
    for label, raw in RAW:
        bodies.append((label, raw_query(names or ["x"], raw).encode("latin-1"), True))
    twice = [(name, value) for name in names for value in ("1", SCRIPT)]
    bodies.append(("every key twice", twice, False))
    foreign = [(name, foreign_value(name, ids)) for name in names]
    bodies.append(("ids of others' objects", foreign, False))
    long_ones = [c.name for c in controls if c.kind == "textarea" and is_typed(c)] or typed
    if long_ones:
        values = {name: ONE_MB if name == long_ones[0] else "x" for name in names}
        bodies.append(("1 MB string", with_choices_kept(controls, values), False))
    return bodies


def compact_bodies(names: list[str]) -> list[tuple[str, object, bool]]:
    """For a POST-only URL that reads no field: a few hostile bodies, to prove it ignores them."""
    bodies = [
        (label, [(name, value) for name in names], False)
        for label, value in TEXT
        if label in {"NUL", "script tag", "20 nines", "superscript digit"}
    ]
    bodies.append(("invalid UTF-8", raw_query(names, "%ff%fe").encode("latin-1"), True))
    bodies.append(("every key twice", [(n, v) for n in names for v in ("1", SCRIPT)], False))
    return bodies


def encode(body, multipart: bool):
    """A body as the browser sends it: urlencoded, or multipart for a form with files."""
    if isinstance(body, bytes):
        return body, "application/x-www-form-urlencoded"
    if multipart:
        data: dict[str, list[str]] = {}
        for name, value in body:
            data.setdefault(name, []).append(value)
        return data, MULTIPART_CONTENT
    return query(body).encode(), "application/x-www-form-urlencoded"


def hostile_paths(name: str, kwargs: dict, ids: dict) -> list[tuple[str, str]]:
    """The URL with each path argument replaced by a hostile one, or by another's id."""
    url_name = name.split("--")[0]
    paths = []
    for key, value in kwargs.items():
        if isinstance(value, int):
            numbers = [*PATH_NUMBERS, ("another's id", int(foreign_value(key, ids)))]
            for label, number in numbers:
                paths.append((f"{key}={label}", reverse(url_name, kwargs={**kwargs, key: number})))
        else:
            path = reverse(url_name, kwargs=kwargs)
            for label, word in PATH_WORDS:
                hostile = quote(word, safe="%")
                paths.append((f"{key}: {label}", path.replace(f"/{value}/", f"/{hostile}/", 1)))
    return paths


# --- Breadth: every URL ----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(MATRIX))
def test_every_url_answers_hostile_input_with_a_page_or_a_4xx(
    name, client, request, others, foreign_ids
):
    path, kwargs, role, status = open_row(name, client, request)
    probe = Probe(client, others=others)

    # The page as its actor sees it: its forms give the fields to fill and the GET parameters.
    with probe.isolated():
        first = client.get(path)
        first_status = probe.judge(first, "GET", path, f"as {role}")
        html = "text/html" in first.get("Content-Type", "") and not first.streaming
        page = read_page(first.content.decode(), path) if html else read_page("", path)

    # Query strings: the common parameters, and those the page's GET forms and links use. A
    # page that reads its query string gets every payload in every parameter; the others get
    # the catalogue spread over the parameters.
    url_name = name.split("--")[0]
    params = sorted(set(QUERY_PARAMS) | page.get_form_fields() | page.link_keys)
    reads_query = (
        url_name in READS_QUERY
        or url_name.startswith(READS_QUERY_PREFIXES)
        or bool(page.get_form_fields() or page.link_keys)
    )
    for label, raw in RAW:
        probe.get(path, raw_query(params, raw), label=label, expect={400})
    variants = [{}] + ([GATES[name]] if name in GATES else [])
    for pinned in variants:
        keys = [key for key in params if key not in pinned]
        valid = [(key, value) for key, value in pinned.items() if value is not None]
        suffix = f", {valid} kept" if pinned else ""
        if reads_query:
            sent = [(label, [(key, value) for key in keys]) for label, value in TEXT]
        else:
            sent = [("NUL", [(key, "\x00") for key in keys])] + [
                (f"catalogue spread {k + 1}", fields)
                for k, fields in enumerate(spread(keys, [p for p in TEXT if p[0] != "NUL"]))
            ]
        for label, fields in sent:
            nul = any("\x00" in value for _, value in fields)
            probe.get(
                path, query(valid + fields), label=label + suffix, expect={400} if nul else None
            )
        probe.get(
            path,
            query(valid + [(key, v) for key in keys for v in ("1", SCRIPT)]),
            label="every key twice" + suffix,
        )
        probe.get(
            path,
            query(valid + [(key, foreign_value(key, foreign_ids)) for key in keys]),
            label="ids of others' objects" + suffix,
        )
        probe.get(path, query([*valid, ("q", ONE_MB)]), label="1 MB string" + suffix)

    # Path arguments past the database's integers, and hostile words.
    method = "POST" if status == 405 else "GET"
    for label, hostile_path in hostile_paths(name, kwargs, foreign_ids):
        if method == "GET":
            probe.get(hostile_path, label=label)
        else:
            probe.post(hostile_path, b"", label=label)

    # Forms: every field of the forms that post to this URL.
    forms = page.post_forms_to(path)
    if status == 405:
        names = POST_ONLY_FIELDS.get(url_name, NO_FIELDS)
        controls = [Control(field, "text") for field in names]
        multipart = url_name in MULTIPART_URLS
    else:
        controls = list({n: c for form in forms for n, c in form.controls.items()}.values())
        controls = [c for c in controls if c.name != "csrfmiddlewaretoken"]
        multipart = any(form.multipart for form in forms)
    if status == 405 and url_name not in POST_ONLY_FIELDS:
        bodies = compact_bodies(NO_FIELDS)
    elif status == 405 or forms:
        bodies = post_bodies(controls, foreign_ids, start=zlib.crc32(name.encode()))
    else:
        bodies = []
    again = (path, first_status) if first_status == 200 else None
    for label, body, raw in bodies:
        data, content_type = encode(body, multipart and not raw)
        nul = raw or any("\x00" in value for _, value in body)
        probe.post(
            path,
            data,
            content_type=content_type,
            label=label,
            page=again,
            expect={400} if nul else None,
        )
    if not bodies:
        # A page without a form of its own still meets POSTs.
        for label, value in [("NUL", "\x00"), ("script tag", SCRIPT)]:
            probe.post(path, query([("q", value), ("next", value)]).encode(), label=label)

    assert_post_only_fields_known(page)
    assert not probe.failures, probe.report()


# --- The 500s this test found, each on its own -----------------------------------------------


@pytest.mark.parametrize("url_name", ["programs:manage-call-list", "programs:manage-staff"])
@pytest.mark.parametrize("mission", ["²", "١"])
def test_a_mission_filter_of_other_digits_lists_every_mission_rather_than_failing(
    url_name, mission, client, administrator, call_mexico
):
    # "²".isdigit() is true, and int("²") raises: the filter used to answer 500.
    client.force_login(administrator)

    response = client.get(reverse(url_name), {"mission": mission})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "query_string",
    [
        "created_at__year=99999999999999999999",
        "created_at__year=9999",
        "created_at__year=2026&created_at__month=99999999999999999999",
        "created_at__year=-99999999999999999999",
    ],
)
def test_an_audit_list_year_past_the_calendar_is_refused_like_a_year_of_letters(
    query_string, client, admin_user
):
    # Django's date hierarchy adds a year to it outside its own try: this was a 500.
    client.force_login(admin_user)

    response = client.get(f"{reverse('admin:core_auditevent_changelist')}?{query_string}")

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


# --- Autosave: every section, as htmx sends it -------------------------------------------------


@pytest.mark.parametrize("section", [section.key for section in SECTIONS])
def test_autosave_of_every_section_refuses_or_saves_hostile_text_and_the_page_still_opens(
    section, client, draft_oaxaca, partner_oaxaca, others, private_files
):
    client.force_login(partner_oaxaca)
    path = reverse("proposals:section", args=[draft_oaxaca.pk, section])
    probe = Probe(client, others=others)
    with probe.isolated():
        page = read_page(client.get(path).content.decode(), path)
    controls = [
        control
        for form in page.post_forms_to(path)
        for control in form.controls.values()
        if control.name != "csrfmiddlewaretoken"
    ]
    assert_post_only_fields_known(page)
    names = [control.name for control in controls]
    typed = [control.name for control in controls if is_typed(control)]
    again = (path, 200)  # whatever was saved, the section still opens

    nul = everywhere(controls, dict.fromkeys(names, "a\x00b"), buttons=False)
    probe.post(path, query(nul).encode(), headers=HTMX, label="NUL", expect={400})
    script = everywhere(controls, dict.fromkeys(names, SCRIPT), buttons=False)
    probe.post(
        path, query(script).encode(), headers=HTMX, label="script tag", page=again, always=True
    )
    for k, fields in enumerate(spread(typed, [p for p in TEXT if p[0] != "NUL"])):
        body = query(with_choices_kept(controls, dict(fields))).encode()
        probe.post(
            path, body, headers=HTMX, label=f"catalogue spread {k + 1}", page=again, always=True
        )
    # The beacon sent when the page is left: no htmx header, ?autosave=1 instead.
    body = query(with_choices_kept(controls, dict.fromkeys(typed, IMAGE))).encode()
    probe.post(path, body, query="autosave=1", label="beacon", page=again, always=True)

    assert not probe.failures, probe.report()


@pytest.mark.parametrize(
    ("label", "value"), [("script tag", SCRIPT), ("10,000-character word", "x" * 10_000)]
)
def test_an_autosave_after_the_session_ended_comes_back_escaped_after_signing_in(
    label, value, client, draft_oaxaca, partner_oaxaca
):
    path = reverse("proposals:section", args=[draft_oaxaca.pk, "project"])
    data = {"title": value, "location_city": IMAGE, "start_date": "2026-02-30", "version": "0"}

    expired = client.post(path, data, headers=HTMX)
    client.force_login(partner_oaxaca)
    page = client.get(path)

    assert expired.status_code == 401
    assert page.status_code == 200
    body = page.content.decode()
    assert SCRIPT not in body
    assert "<img src=x" not in body
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in body


def test_an_autosave_of_a_megabyte_after_the_session_ended_is_dropped_not_stored(
    client, draft_oaxaca, partner_oaxaca
):
    path = reverse("proposals:section", args=[draft_oaxaca.pk, "context"])

    expired = client.post(path, {"context": ONE_MB, "version": "0"}, headers=HTMX)
    client.force_login(partner_oaxaca)
    page = client.get(path)

    assert expired.status_code == 401
    assert page.status_code == 200
    assert ONE_MB not in page.content.decode()


@pytest.fixture
def partner_in_spanish(partner_oaxaca):
    partner_oaxaca.preferred_language = "es"
    partner_oaxaca.save(update_fields=["preferred_language"])
    yield partner_oaxaca
    translation.deactivate()  # the request left Spanish active in this thread


def test_a_refused_autosave_is_explained_in_the_users_language(
    client, draft_oaxaca, partner_in_spanish
):
    client.force_login(partner_in_spanish)
    path = reverse("proposals:section", args=[draft_oaxaca.pk, "project"])

    response = client.post(path, {"title": "a\x00b", "version": "0"}, headers=HTMX)

    assert response.status_code == 400
    assert "Solicitud no comprendida" in response.content.decode()


def test_a_refused_upload_is_explained_in_the_users_language(
    client, draft_oaxaca, partner_in_spanish, private_files
):
    client.force_login(partner_in_spanish)
    path = reverse("proposals:attachment-upload", args=[draft_oaxaca.pk])
    body, content_type = multipart([(b"kind", b"budget")], [(b"file", b"vacio.pdf", b"")])

    response = client.post(path, body, content_type=content_type)

    assert response.status_code == 400
    assert "El fichero enviado está vacío." in response.content.decode()  # Django's own


# --- Uploads: hostile file names and contents ----------------------------------------------


BOUNDARY = b"hostile-boundary-7MA4YWxkTrZu0gW"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
HOSTILE_FILES = [
    ("path traversal", b"../../x.pdf", PDF),
    ("Windows path traversal", b"..\\..\\x.pdf", PDF),
    ("reserved Windows name", b"con.pdf", PDF),
    ("300-character name", b"a" * 300 + b".pdf", PDF),
    ("NUL in the name", b"x\x00.pdf", PDF),
    ("right-to-left override", "invoice\u202efdp.exe".encode(), PDF),
    ("right-to-left override before .pdf", "x\u202egnp.pdf".encode(), PDF),
    ("zero-width characters", "a\u200d\u200b.pdf".encode(), PDF),
    ("script in the name", SCRIPT.encode() + b".pdf", PDF),
    ("only an extension", b".pdf", PDF),
    ("no extension", b"presupuesto", PDF),
    ("double extension", b"x.pdf.exe", PDF),
    ("invalid UTF-8 name", b"\xff\xfe.pdf", PDF),
    ("quote in the name", b'a"b.pdf', PDF),
    ("empty file", b"x.pdf", b""),
    ("HTML as a PDF", b"x.pdf", HTML_PAGE),
    ("a PNG named .pdf", b"x.pdf", PNG),
    ("HTML named .png", b"x.png", HTML_PAGE),
]
# Refused for their content whatever their name: (what the page says).
REFUSED_CONTENT = {
    "empty file": "is empty",
    "HTML as a PDF": "does not contain what its name says",
    "a PNG named .pdf": "does not contain what its name says",
    "HTML named .png": "does not contain what its name says",
    "right-to-left override": "is not a PDF",
    "double extension": "is not a PDF",
    "no extension": "is not a PDF",
}


def multipart(fields: list[tuple[bytes, bytes]], files: list[tuple[bytes, bytes, bytes]]):
    """A multipart body written by hand, so a file name reaches the server byte for byte (the
    test client would keep only its base name)."""
    parts = []
    for name, value in fields:
        parts.append(
            b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
            % (BOUNDARY, name, value)
        )
    for name, file_name, content in files:
        parts.append(
            b'--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
            b"Content-Type: application/pdf\r\n\r\n%s\r\n" % (BOUNDARY, name, file_name, content)
        )
    parts.append(b"--%s--\r\n" % BOUNDARY)
    return b"".join(parts), f"multipart/form-data; boundary={BOUNDARY.decode()}"


def stored_name_problem(attachments) -> str | None:
    """What is wrong with the names of the files just stored, if anything."""
    for attachment in attachments:
        name = attachment.file_name
        bad = [c for c in name if unicodedata.category(c) in {"Cc", "Cf"} or c in "/\\"]
        if bad or len(name) > 120 or name.startswith("."):
            return f"stored as {name!r}"
        if ".." in attachment.file.name.split("/"):
            return f"stored at {attachment.file.name!r}"
    return None


@pytest.mark.parametrize(("label", "file_name", "content"), HOSTILE_FILES)
def test_an_upload_with_a_hostile_name_or_content_is_refused_with_a_message_or_stored_safely(
    label, file_name, content, client, draft_oaxaca, partner_oaxaca, others, private_files
):
    from proposals.models import Attachment

    client.force_login(partner_oaxaca)
    path = reverse("proposals:attachment-upload", args=[draft_oaxaca.pk])
    body, content_type = multipart([(b"kind", b"budget")], [(b"file", file_name, content)])
    probe = Probe(client, others=others)
    answers = {}

    def check(response):
        answers["status"] = response.status_code
        answers["body"] = response.content.decode(errors="replace")
        return stored_name_problem(Attachment.objects.filter(proposal=draft_oaxaca))

    probe.post(path, body, content_type=content_type, label=label, check=check)

    assert not probe.failures, probe.report()
    if label in REFUSED_CONTENT:
        assert answers["status"] == 400
        assert REFUSED_CONTENT[label] in answers["body"]
    else:
        assert answers["status"] in (302, 400)
        if answers["status"] == 400:
            assert "invalid-feedback" in answers["body"] or "alert-danger" in answers["body"]


@pytest.mark.parametrize(("label", "file_name", "content"), HOSTILE_FILES[:6] + HOSTILE_FILES[-4:])
def test_an_answer_to_the_embassy_with_hostile_files_is_refused_or_stored_safely(
    label, file_name, content, client, request, partner_oaxaca, others, private_files
):
    from proposals.models import Attachment
    from tests.test_url_matrix import an_information_request

    kwargs = an_information_request(request.getfixturevalue)
    client.force_login(partner_oaxaca)
    path = reverse("proposals:information-answer", kwargs=kwargs)
    body, content_type = multipart(
        [(b"answer", SCRIPT.encode())],
        [(b"files", file_name, content), (b"files", b"second.pdf", PDF)],
    )
    probe = Probe(client, others=others)

    def check(response):
        return stored_name_problem(Attachment.objects.filter(proposal_id=kwargs["pk"]))

    status = probe.post(path, body, content_type=content_type, label=label, check=check)

    assert not probe.failures, probe.report()
    assert status in (302, 400)
    if label in REFUSED_CONTENT:
        assert status == 400


# --- Depth: generated input for the endpoints that parse the most ----------------------------

VALUES = st.one_of(
    st.text(max_size=40),
    st.integers().map(str),
    st.floats().map(str),
    st.decimals().map(str),
    st.dates().map(str),
    st.sampled_from([value for _, value in TEXT]),
)


def params_of(keys) -> st.SearchStrategy:
    """A query string's pairs: known keys (repeated or not) and a few unknown ones."""
    key = st.one_of(st.sampled_from(sorted(keys)), st.text(min_size=1, max_size=10))
    return st.lists(st.tuples(key, VALUES), max_size=8)


def signed_in(client, user, others) -> Probe:
    client.force_login(user)
    return Probe(client, others=others)


def staff_filters() -> list[str]:
    from proposals.forms_staff import ProposalStaffFilterForm

    return [*ProposalStaffFilterForm.base_fields, "page"]


@HYPOTHESIS
@given(params=params_of(staff_filters()))
def test_the_staff_list_answers_any_filters(
    client, officer_mexico, submitted_oaxaca, others, params
):
    probe = signed_in(client, officer_mexico, others)
    probe.get(reverse("proposals_staff:list"), query(params), label="generated")
    assert not probe.failures, probe.report()


@HYPOTHESIS
@given(q=st.text(max_size=300), page=VALUES)
def test_the_search_answers_any_words(client, officer_mexico, submitted_oaxaca, others, q, page):
    probe = signed_in(client, officer_mexico, others)
    probe.get(reverse("reporting:search"), query([("q", q), ("page", page)]), label="generated")
    assert not probe.failures, probe.report()


@HYPOTHESIS
@given(
    kind=st.sampled_from(["reporting:proposal-export", "reporting:disclosure-export"]),
    file_format=st.one_of(st.sampled_from(["csv", "xlsx"]), VALUES),
    params=params_of([*staff_filters(), "fiscal_year"]),
)
def test_the_exports_answer_any_filters(
    client, officer_mexico, submitted_oaxaca, others, kind, file_format, params
):
    probe = signed_in(client, officer_mexico, others)
    probe.get(reverse(kind), query([("format", file_format), *params]), label="generated")
    assert not probe.failures, probe.report()


@HYPOTHESIS
@given(
    kind=st.sampled_from(["reporting:mission-dashboard", "reporting:hq-dashboard"]),
    params=params_of(["mission", "call", "fiscal_year"]),
)
def test_the_dashboards_answer_any_filters(
    client, administrator, officer_mexico, submitted_oaxaca, others, kind, params
):
    user = administrator if kind == "reporting:hq-dashboard" else officer_mexico
    probe = signed_in(client, user, others)
    probe.get(reverse(kind), query(params), label="generated")
    assert not probe.failures, probe.report()


@HYPOTHESIS
@given(params=params_of(["mission", "country", "priority_area", "language", "page"]))
def test_the_public_call_list_answers_any_filters(client, call_mexico, others, params):
    probe = Probe(client, others=others)
    probe.get(reverse("programs:call-list"), query(params), label="generated")
    assert not probe.failures, probe.report()


@pytest.fixture
def budget_page(client, draft_oaxaca, partner_oaxaca):
    """The budget section's path and the controls of its form, as its partner sees them."""
    client.force_login(partner_oaxaca)
    path = reverse("proposals:section", args=[draft_oaxaca.pk, "budget"])
    page = read_page(client.get(path).content.decode(), path)
    forms = page.post_forms_to(path)
    controls = [
        c for form in forms for c in form.controls.values() if c.name != "csrfmiddlewaretoken"
    ]
    return path, controls


@settings(HYPOTHESIS, max_examples=max(HYPOTHESIS.max_examples * 3 // 4, 1))
@given(data=st.data())
def test_the_budget_autosave_refuses_or_saves_any_values_and_the_page_still_opens(
    client, budget_page, others, private_files, data
):
    path, controls = budget_page
    typed = sorted(control.name for control in controls if is_typed(control))
    changes = data.draw(st.lists(st.tuples(st.sampled_from(typed), VALUES), max_size=10))
    base = dict(with_choices_kept(controls, dict.fromkeys(typed, "")))
    fields = [(name, value) for name, value in base.items() if name not in dict(changes)]
    probe = Probe(client, others=others)
    probe.post(
        path,
        query(fields + changes).encode(),
        headers=HTMX,
        label="generated",
        page=(path, 200),
        always=True,
    )
    assert not probe.failures, probe.report()


# --- Django's admin: its lists' search, order, page and filters ------------------------------


def admin_lists() -> list[str]:
    from django.urls import get_resolver

    from tests.test_url_matrix import url_names

    names = url_names(get_resolver().url_patterns)
    return sorted(
        name for name in names if name.startswith("admin:") and name.endswith("_changelist")
    )


@pytest.mark.parametrize("name", admin_lists())
def test_every_admin_list_answers_hostile_queries(
    name, client, admin_user, others, submitted_oaxaca
):
    client.force_login(admin_user)
    path = reverse(name)
    probe = Probe(client, others=others)
    with probe.isolated():
        page = read_page(client.get(path).content.decode(), path)
    keys = sorted({"q", "o", "p", "e", "all"} | page.link_keys | page.get_form_fields())

    probe.get(path, query([(key, "\x00") for key in keys]), label="NUL", expect={400})
    for label, value in [
        ("script tag", SCRIPT),
        ("20 nines", "99999999999999999999"),
        ("superscript digit", "²"),
    ]:
        probe.get(path, query([(key, value) for key in keys]), label=label)
    for k, fields in enumerate(spread(keys, [p for p in TEXT if p[0] != "NUL"])):
        probe.get(path, query(fields), label=f"catalogue spread {k + 1}")
    probe.get(
        path, query([(key, v) for key in keys for v in ("1", SCRIPT)]), label="every key twice"
    )

    assert not probe.failures, probe.report()
