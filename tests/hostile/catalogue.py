"""The catalogue of hostile input: what people paste, what robots try, what broken clients send.

Each entry is (label, value); the label is what a failure report names.
"""

from urllib.parse import quote

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
# What must never appear as is in an HTML page: the payloads above, unescaped.
UNESCAPED_MARKERS = (SCRIPT, "<img src=x onerror=alert(1)>")

ONE_MB = "A" * 1_000_000

# Text a client can send as valid UTF-8. NUL is valid UTF-8 but PostgreSQL refuses it, so it
# must be stopped before the database (the middleware answers 400).
TEXT = [
    ("NUL", "a\x00b"),
    ("C0 controls", "a\x01\x02\x07\x08\x0b\x0c\x1b\x1f\x7fb"),
    ("carriage returns and tabs", "a\r\rb\tc\r\n"),
    ("right-to-left override", "\u202efdp.exe"),
    ("zero-width joiners", "a\u200d\u200c\u200b\u2060\ufeffb"),
    ("astral and combining characters", "👩🏽‍🌾 𝕏 e\u0301\u0301\u0301"),
    ("10,000-character word", "x" * 10_000),
    ("empty", ""),
    ("blank", "   "),
    ("1e309", "1e309"),
    ("-1", "-1"),
    ("20 nines", "99999999999999999999"),
    ("400 digits", "9" * 400),
    ("NaN", "NaN"),
    ("Infinity", "Infinity"),
    ("-Infinity", "-Infinity"),
    ("-0", "-0"),
    ("hexadecimal", "0x1F"),
    ("superscript digit", "²"),
    ("Arabic-Indic digits", "١٢٣"),
    ("decimal comma", "1.234,56"),
    ("2026-02-30", "2026-02-30"),
    ("0000-00-00", "0000-00-00"),
    ("9999-99-99", "9999-99-99"),
    ("year 10000", "10000-01-01"),
    ("yesterday", "yesterday"),
    ("impossible time", "2026-13-01T25:61:61"),
    ("formula", "=cmd|' /C calc'!A0"),
    ("plus formula", "+1"),
    ("at formula", "@SUM(1)"),
    ("script tag", SCRIPT),
    ("attribute breakout", IMAGE),
    ("javascript URL", "javascript:alert(1)"),
    ("SQL", "' OR 1=1 --"),
    ("path traversal", "../../etc/passwd"),
    ("URL of another site", "https://evil.example/"),
    ("protocol-relative URL", "//evil.example/%2e%2e"),
    ("format string", "%s %(name)s %d {0} {name} {{x}} %"),
    ("template tags", "{% debug %}{{ request }}"),
]

# The payloads every field of every form gets, each in its own request; the others
# (EXTENDED) are spread over a form's fields, a few requests for the whole form, and each one
# goes whole to every query parameter of the pages that read their query string.
CORE_LABELS = {
    "NUL",
    "C0 controls",
    "right-to-left override",
    "10,000-character word",
    "empty",
    "1e309",
    "-1",
    "20 nines",
    "NaN",
    "superscript digit",
    "2026-02-30",
    "formula",
    "script tag",
    "attribute breakout",
    "format string",
}
CORE = [(label, value) for label, value in TEXT if label in CORE_LABELS]
EXTENDED = [(label, value) for label, value in TEXT if label not in CORE_LABELS]

# Percent-encoded bytes that are not UTF-8 text: they can only arrive as raw bytes.
RAW = [
    ("raw NUL", "%00"),
    ("invalid UTF-8", "%ff%fe"),
    ("truncated UTF-8", "%c3"),
    ("lone surrogate", "%ed%a0%80"),
    ("overlong slash", "%c0%af"),
]

# The query parameters read somewhere in the project (views, forms, templates, allauth, the
# admin), sent to every page whatever it reads: a page that ignores them must still answer.
QUERY_PARAMS = [
    "q",
    "page",
    "sort",
    "status",
    "mission",
    "call",
    "fiscal_year",
    "format",
    "amount_min",
    "amount_max",
    "country",
    "reviewer",
    "ge_code",
    "next",
    "language",
    "priority_area",
    "sub_theme",
    "organization_kind",
    "autosave",
    "add",
    "o",
    "p",
    "e",
]

# Strings for path arguments that are words (a section, an action, a token, a key).
PATH_WORDS = [
    ("script tag", SCRIPT),
    ("right-to-left override", "\u202ebudget"),
    ("10,000-character word", "x" * 10_000),
    ("path traversal", "..%2F..%2Fetc%2Fpasswd"),
]
# Numbers for path arguments that are ids: past PostgreSQL's integer and bigint.
PATH_NUMBERS = [("2**31", 2**31), ("2**63", 2**63), ("zero", 0)]


def spread(
    names: list[str], payloads: list[tuple[str, str]], *, at_most: int = 0, start: int = 0
) -> list[list[tuple[str, str]]]:
    """Requests that send a different payload to each name, taking the payloads in turn from
    `start`: as few requests as it takes for each payload to reach one name, or `at_most`
    (then a form with few fields gets some of the payloads: which ones depends on `start`)."""
    if not names:
        return []
    count = -(-len(payloads) // len(names))  # ceiling
    if at_most:
        count = min(count, at_most)
    return [
        [
            (name, payloads[(start + k * len(names) + i) % len(payloads)][1])
            for i, name in enumerate(names)
        ]
        for k in range(count)
    ]


def query(params: list[tuple[str, str]]) -> str:
    """A query string as a browser writes it (UTF-8, percent-encoded)."""
    return "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in params)


def raw_query(keys: list[str], raw: str) -> str:
    """A query string carrying the raw bytes as is, for every key."""
    return "&".join(f"{quote(key, safe='')}={raw}" for key in keys)
