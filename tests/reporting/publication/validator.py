"""A validator of proactive-publication files that reads the template's rules (grants_v3.yaml,
transcribed from ckanext-canada's grants.yaml at 038020f): the header, each field's type and
format, what is required from which agreement start date, the choices, the pairs, the key's
uniqueness, a value of zero or more and a start not after the end. It knows nothing of how
our rows are made: it reads the CSV as the portal would."""

import csv
import io
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import yaml
from django_countries import countries

RULES = Path(__file__).with_name("grants_v3.yaml")
BOM = "\N{BYTE ORDER MARK}"
POSTAL_CODE = re.compile(r"^[A-Z]\d[A-Z]\s\d[A-Z]\d$")


@cache
def rules() -> dict:
    return yaml.safe_load(RULES.read_text(encoding="utf-8"))


def _choices(name) -> set[str]:
    if name == "iso_3166_alpha_2":
        return {code for code, _name in countries} | set(rules()["extra_countries"])
    if name == "template_currencies":
        return set(rules()["template_currencies"])
    return set(name)


def read(text: str) -> tuple[list[str], list[dict]]:
    """The header and rows of a file as the portal reads it (a UTF-8 BOM first, CRLF)."""
    assert text.startswith(BOM), "the file starts with a UTF-8 byte-order mark"
    assert text.endswith("\r\n"), "lines end with CRLF"
    assert "\n" not in text.replace("\r\n", ""), "no line ends with a bare LF"
    reader = csv.reader(io.StringIO(text[1:], newline=""))
    header = next(reader)
    return header, [dict(zip(header, row, strict=True)) for row in reader]


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def _after(start: date | None, since: str) -> bool:
    return since == "always" or (start is not None and start >= date.fromisoformat(since))


def grants_errors(text: str) -> list[str]:
    """Every rule the file breaks, one message each ("row 3, agreement_title_fr: required")."""
    header, rows = read(text)
    fields = rules()["fields"]
    expected = [field["id"] for field in fields]
    if header != expected:
        return [f"header: {header} is not the template's {expected}"]
    errors = []
    seen = set()
    for number, row in enumerate(rows, start=2):
        start = _date(row["agreement_start_date"])

        def error(field_id: str, message: str, number=number) -> None:
            errors.append(f"row {number}, {field_id}: {message}")

        for field in fields:
            name, value = field["id"], row[field["id"]]
            required = "required_from" in field and _after(start, field["required_from"])
            if field.get("required_when_amended") and row["amendment_number"] not in ("", "0"):
                required = True
            if field.get("required_in_canada") and row["recipient_country"] == "CA":
                required = True
            if not value.strip():
                if required:
                    error(name, "required")
                continue
            if field["type"] == "date" and _date(value) is None:
                error(name, "not a date as YYYY-MM-DD")
            if field["type"] == "int" and not re.fullmatch(r"\d+", value):
                error(name, "not a whole number")
            if field["type"] == "money":
                try:
                    amount = Decimal(value)
                except InvalidOperation:
                    error(name, "not an amount")
                    continue
                if amount != amount.quantize(Decimal("0.01")) or not re.fullmatch(
                    r"-?\d+\.\d{2}", value
                ):
                    error(name, "not an amount with two decimals")
                since = field.get("not_negative_from")
                if since and _after(start, since) and amount < 0:
                    error(name, "must be zero or greater")
            if "choices" in field and value not in _choices(field["choices"]):
                error(name, f"invalid choice {value!r}")
            if field.get("no_comma") and "," in value:
                error(name, "no comma allowed")
            if "digits_from_2025_12" in field and _after(start, "2025-12-01"):
                digits = field["digits_from_2025_12"]
                if not re.fullmatch(rf"[1-9]\d{{{digits - 1}}}", value.strip()):
                    error(name, f"must be a {digits} digit number")
            postal = " ".join(value.strip().upper().split())
            if (
                field.get("canadian_postal_code_from_2025_12")
                and _after(start, "2025-12-01")
                and not POSTAL_CODE.match(postal)
            ):
                error(name, "must be a Canadian postal code A1A 1A1")
            if "with" in field and not row[field["with"]].strip():
                error(field["with"], f"required with {name}")
            since = field.get("not_before_start_from")
            if since and _after(start, since) and start and (end := _date(value)) and end < start:
                error(name, "before the agreement's start")
        key = tuple(row[name] for name in rules()["primary_key"])
        if key in seen:
            error("+".join(rules()["primary_key"]), f"{key} is not unique")
        seen.add(key)
    return errors


def nothing_to_report_errors(text: str) -> list[str]:
    header, rows = read(text)
    resource = rules()["nothing_to_report"]
    expected = [field["id"] for field in resource["fields"]]
    if header != expected:
        return [f"header: {header} is not the template's {expected}"]
    errors = []
    for number, row in enumerate(rows, start=2):
        for field in resource["fields"]:
            value = row[field["id"]]
            if not value:
                errors.append(f"row {number}, {field['id']}: required")
            elif "choices" in field and value not in field["choices"]:
                errors.append(f"row {number}, {field['id']}: invalid choice {value!r}")
            elif "pattern" in field and not re.fullmatch(field["pattern"], value):
                errors.append(f"row {number}, {field['id']}: not like {field['pattern']}")
    return errors
