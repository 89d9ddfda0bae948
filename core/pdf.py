"""PDF documents rendered from Django templates with WeasyPrint.

Imported only by the views that produce PDFs: importing WeasyPrint takes about half a second.
"""

import mimetypes
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class ResourceRefused(ValueError):
    """A PDF asked for something other than one of our static files.

    WeasyPrint catches it, logs it on the "weasyprint" logger and leaves the image or
    stylesheet out.
    """


def render_pdf(*, template_name: str, context: dict, language: str) -> bytes:
    """Render a template in `language` as a PDF that can load nothing but our static files."""
    base_url = f"{settings.CFLI_SITE_URL}/"
    with translation.override(language):
        # Set last, so a caller's context can never replace this raw CSS.
        html = render_to_string(template_name, {**context, "pdf_page_counter": page_counter_css()})
        document = HTML(string=html, base_url=base_url, url_fetcher=StaticFilesFetcher())
        return document.write_pdf(pdf_tags=True)


def pdf_response(*, content: bytes, file_name: str, inline: bool = False) -> HttpResponse:
    """Send a PDF that browsers neither sniff nor cache, under a name any browser can save."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = _content_disposition(file_name, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def page_counter_css() -> SafeString:
    """Return the CSS `content` value "Page 1 of 3" in the active language.

    The translation stays one sentence, so each language orders its words freely; its text
    is escaped character by character, so nothing in it can close the CSS string or the
    <style> element.
    """
    # The same sentence as the pagination of lists, so translators see it once.
    sentence = gettext("Page %(number)s of %(total)s")
    pieces = re.split(r"(%\(number\)s|%\(total\)s)", sentence)
    counters = {"%(number)s": "counter(page)", "%(total)s": "counter(pages)"}
    # Safe for a <style> block: HTML escaping would turn the CSS quotes into entities, and
    # _css_string has already CSS-escaped every character that is not a letter, digit or space.
    return mark_safe(  # noqa: S308 (only letters, digits, spaces and CSS escapes remain)
        " ".join(counters.get(piece) or _css_string(piece) for piece in pieces if piece)
    )


def fetch_url(url: str) -> URLFetcherResponse:
    """Serve one of our static files to WeasyPrint; refuse every other URL.

    A PDF holds text that users wrote. Nothing in it may make the server open a connection or
    read a file outside the static folders, so no URL ever reaches the network.
    """
    relative = _static_path(url)
    path = _static_file(relative) if relative else None
    if path is None:
        raise ResourceRefused(f"PDFs load only our own static files, not {url[:200]!r}")
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


class StaticFilesFetcher(URLFetcher):
    """WeasyPrint's fetcher interface around `fetch_url`, which never touches the network."""

    def fetch(self, url, headers=None):
        return fetch_url(url)


def _static_path(url: str) -> str | None:
    """Return the path under STATIC_URL that `url` names, or None if it names anything else."""
    static = urlsplit(urljoin(f"{settings.CFLI_SITE_URL}/", settings.STATIC_URL))
    parts = urlsplit(url)
    same_origin = (parts.scheme.lower(), parts.netloc.lower()) == (
        static.scheme.lower(),
        static.netloc.lower(),
    )
    if not same_origin or not parts.path.startswith(static.path):
        return None
    relative = unquote(parts.path.removeprefix(static.path))
    segments = relative.split("/")
    if "\x00" in relative or "\\" in relative or any(s in {"", ".", ".."} for s in segments):
        return None
    return relative


def _static_file(relative: str) -> Path | None:
    # Collected files first: in production only STATIC_ROOT holds the hashed names.
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    found = finders.find(relative)
    return Path(found) if isinstance(found, str) and Path(found).is_file() else None


def _css_string(text: str) -> str:
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def _content_disposition(file_name: str, *, inline: bool) -> str:
    """Quote the name for old browsers in ASCII, and in full as RFC 5987 `filename*`."""
    # No folders, quotes or control characters: a header must stay one line.
    name = (
        "".join(
            "_" if c in '/\\"' or unicodedata.category(c).startswith("C") else c for c in file_name
        ).strip()
        or "document.pdf"
    )
    header = content_disposition_header(not inline, name)
    if name.isascii():
        return header
    fallback = content_disposition_header(not inline, _ascii_file_name(name))
    return f"{fallback}; {header.split('; ', 1)[1]}"


def _ascii_file_name(name: str) -> str:
    """Drop accents ("é" becomes "e") and replace what is left outside plain ASCII."""
    ascii_name = "".join(
        "" if unicodedata.combining(c) else c if re.fullmatch(r"[A-Za-z0-9._ -]", c) else "_"
        for c in unicodedata.normalize("NFKD", name)
    )
    stem, dot, extension = ascii_name.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    if not re.search(r"[A-Za-z0-9]", stem):
        stem = "document"
    return f"{stem.strip()}{dot}{extension}"
