"""Safe file uploads: what applicants may attach, checked by name, size and content.

A file is accepted only when its extension is on the allow-list, its content is really of that
kind, it fits the size limit and, for Office and OpenDocument files (zip archives), it cannot
expand into something that would fill our memory or disks. File names are cleaned before they
are shown or stored. Views install `SizeLimitedUploadHandler` so an oversized file is stopped
while it arrives, then call `inspect_upload` on what was received.
"""

import copy
import hashlib
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import IO, Any, NoReturn

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# Sizes are shown in MB the way file managers on Windows count them (1 MB = 1,048,576 bytes),
# so a limit of 10 MB refuses nothing that Explorer shows as 10 MB or less.
MB = 1024 * 1024
CHUNK_SIZE = 64 * 1024
# What the content sniffers look at; filetype never reads further than this either.
HEAD_BYTES = 8192

# Zip archives (DOCX, XLSX, ODT, ODS). A real proposal document with pictures expands to a few
# tens of MB at most and compresses text about 10:1; these limits leave a wide margin.
MAX_UNCOMPRESSED_BYTES = 100 * MB
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1 * MB
MAX_ZIP_MEMBERS = 2000

MAX_NAME_LENGTH = 120
# Most file systems refuse names over 255 bytes; 120 Chinese characters would be 360.
MAX_NAME_BYTES = 255
MAX_EXTENSION_LENGTH = 10

ZIP_MAGIC = b"PK\x03\x04"
# Password-protected Office files and old .doc/.xls files are OLE compound files, not zips.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_ENCRYPTED_FLAG = 0x1
# Office programs only ever store or deflate; the other methods (bzip2, LZMA) decompress
# without an output limit in zipfile, so we do not read them at all.
ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)

# User-facing refusals, by ValidationError code. "not_allowed" lists the formats by hand: change
# it together with ALLOWED_TYPES (a test pins the list).
MESSAGES = {
    "not_allowed": _(
        "“%(name)s” is not a PDF, Word (DOCX), Excel (XLSX), OpenDocument (ODT, ODS), JPEG or "
        "PNG file. Save it in one of these formats and upload it again."
    ),
    "too_large": _("“%(name)s” is larger than %(limit)s MB. Upload a smaller file."),
    "empty": _("“%(name)s” is empty. Check that you chose the right file."),
    "mismatch": _(
        "“%(name)s” does not contain what its name says: its content is not a %(kind)s file. "
        "Check that you chose the right file."
    ),
    "zip_bomb": _(
        "“%(name)s” is compressed in a way that could harm our servers (it expands to far more "
        "than its size). Save it again from your office program and upload that copy."
    ),
    "corrupt": _(
        "“%(name)s” is damaged, so we cannot open it. Save it again from your office program "
        "and upload that copy."
    ),
    "encrypted": _(
        "“%(name)s” is protected by a password or saved in an old format. Remove any password, "
        "save it as %(kind)s from your office program and upload that copy."
    ),
}


@dataclass(frozen=True)
class FileKind:
    """A kind of file we accept, and what its content must look like."""

    # Format names are the same in English, French and Spanish, so they are not translated.
    label: str
    content_type: str
    # For PDF and images: the filetype matcher (by its extension) that recognises the magic number.
    signature: str | None = None
    # For Office Open XML: members the zip must contain.
    zip_members: tuple[str, ...] = ()
    # For OpenDocument: the first member is "mimetype" and holds exactly `content_type`.
    opendocument: bool = False

    @property
    def is_zip(self) -> bool:
        return bool(self.zip_members) or self.opendocument


PDF = FileKind(label="PDF", content_type="application/pdf", signature="pdf")
DOCX = FileKind(
    label="Word (DOCX)",
    content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    zip_members=("[Content_Types].xml", "word/document.xml"),
)
XLSX = FileKind(
    label="Excel (XLSX)",
    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    zip_members=("[Content_Types].xml", "xl/workbook.xml"),
)
ODT = FileKind(
    label="OpenDocument (ODT)",
    content_type="application/vnd.oasis.opendocument.text",
    opendocument=True,
)
ODS = FileKind(
    label="OpenDocument (ODS)",
    content_type="application/vnd.oasis.opendocument.spreadsheet",
    opendocument=True,
)
JPEG = FileKind(label="JPEG", content_type="image/jpeg", signature="jpg")
PNG = FileKind(label="PNG", content_type="image/png", signature="png")

# Lower-case extension (no dot) → the only kind of content a file with that name may hold.
ALLOWED_TYPES: Mapping[str, FileKind] = MappingProxyType(
    {
        "pdf": PDF,
        "docx": DOCX,
        "xlsx": XLSX,
        "odt": ODT,
        "ods": ODS,
        "jpg": JPEG,
        "jpeg": JPEG,
        "png": PNG,
    }
)


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that `inspect_upload` accepted; trust these values, not the client's."""

    file_name: str
    extension: str
    content_type: str
    size: int
    sha256: str


# --- File names ---------------------------------------------------------------------------

# Invisible characters that reorder or hide text: "factura\u202efdp.exe" displays as
# "facturaexe.pdf". Zero-width joiners stay: Persian and Indic names need them.
_INVISIBLE = frozenset(
    "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)
# Unsafe in Windows file names or in Content-Disposition headers. The apostrophe becomes a
# typographic one so that French names ("rapport d'activité") stay readable.
_REPLACEMENTS = {
    **dict.fromkeys('<>:"/\\|?*;`', ""),
    "'": "’",
}


def _clean_char(char: str) -> str:
    if char.isspace():
        return " "
    if char in _INVISIBLE or unicodedata.category(char) in {"Cc", "Cs"}:
        return ""
    return _REPLACEMENTS.get(char, char)


def _fit(stem: str, *, max_chars: int, max_bytes: int) -> str:
    stem = stem[:max_chars]
    while len(stem.encode("utf-8")) > max_bytes:
        stem = stem[:-1]
    return stem


def sanitize_file_name(name: str) -> str:
    """A name safe to store, show and send in headers: the base name, without hidden tricks.

    Accents and other scripts stay; the extension is lower-cased and kept when the name is cut.
    """
    name = unicodedata.normalize("NFC", name)
    # Browsers on Windows used to send the whole path; "\" is a separator there.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join("".join(_clean_char(char) for char in name).split())
    # Windows drops trailing dots and spaces, so "report.pdf." is "report.pdf".
    name = name.rstrip(". ")
    stem, dot, extension = name.rpartition(".")
    if not dot or not extension.isalnum() or len(extension) > MAX_EXTENSION_LENGTH:
        # "Mr. Smith report" has no extension.
        stem, extension = name, ""
    extension = extension.lower()
    suffix = f".{extension}" if extension else ""
    # Leading dots would hide the file on Unix or leave "..": the name starts after them.
    stem = _fit(
        stem.lstrip(". "),
        max_chars=MAX_NAME_LENGTH - len(suffix),
        max_bytes=MAX_NAME_BYTES - len(suffix.encode("utf-8")),
    ).rstrip(". ")
    return f"{stem or 'file'}{suffix}"


def _extension(file_name: str) -> str:
    _, dot, extension = file_name.rpartition(".")
    return extension if dot else ""


# --- Errors -------------------------------------------------------------------------------


def _megabytes(size: int) -> str:
    value = size / MB
    return number_format(int(value) if value.is_integer() else round(value, 1))


def _refuse(code: str, *, name: str, **params: object) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params={"name": name, **params})


def too_large_error(*, file_name: str, max_bytes: int) -> ValidationError:
    """The message for a file over the limit, whether the handler or the inspection found it."""
    return _refuse("too_large", name=file_name, limit=_megabytes(max_bytes))


# --- Streaming size limit -----------------------------------------------------------------


class SizeLimitedUploadHandler(FileUploadHandler):
    """Stop receiving a file as soon as it passes `max_bytes`, keeping nothing past the limit.

    It only counts: chunks go on to Django's own handlers (memory, then a temporary file), and
    the chunk that would pass the limit is refused, so they never hold more than `max_bytes`.
    Django then reads and discards the rest of the body (``StopUpload(connection_reset=False)``)
    so the browser receives our page instead of a reset connection; absurd bodies are for the
    proxy's body-size limit to cut. After the stop, ``exceeded`` is true and the file is missing
    from ``request.FILES``; only the fields sent before it are in ``request.POST``, so templates
    put ``{% csrf_token %}`` before the file input (htmx sends the token in a header anyway).

    Install it before anything reads ``request.POST``. CsrfViewMiddleware reads it, so the view
    is exempt and protects an inner function instead ("Modifying upload handlers on the fly" in
    Django's documentation)::

        @csrf_exempt
        def attachment_upload(request):
            limit = SizeLimitedUploadHandler(request, max_bytes=20 * MB)
            request.upload_handlers.insert(0, limit)
            return _attachment_upload(request, limit=limit)

        @csrf_protect
        def _attachment_upload(request, *, limit):
            form = AttachmentForm(request.POST, request.FILES)
            if limit.exceeded:
                form.add_error("file", limit.error())
            ...

    `max_request_bytes` bounds the whole body, checked against Content-Length before parsing;
    by default it is one file at the limit plus Django's allowance for form fields. Forms that
    send several files at once pass a larger one.
    """

    def __init__(
        self,
        request: HttpRequest | None = None,
        *,
        max_bytes: int,
        max_request_bytes: int | None = None,
    ) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        if max_request_bytes is None:
            # One MB more covers the multipart headers and boundaries around every field.
            max_request_bytes = max_bytes + (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) + MB
        self.max_request_bytes = max_request_bytes
        self.exceeded = False
        self.exceeded_file_name: str | None = None
        self._received = 0
        self._body_too_large = False

    def handle_raw_input(  # type: ignore[override]  # Django passes bytes; its stubs say str
        self,
        input_data: IO[bytes],
        META: dict[str, Any],
        content_length: int,
        boundary: bytes,
        encoding: str | None = None,
    ) -> None:
        # Stopping here would lose the fields too (the CSRF token among them), so we only note
        # it and stop at the first file, before a single byte of it is received.
        self._body_too_large = content_length > self.max_request_bytes

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self._received = 0
        if self._body_too_large:
            self._stop()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self._received += len(raw_data)
        if self._received > self.max_bytes:
            self._stop()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        # The next handler builds the file object.
        return None

    def error(self) -> ValidationError:
        """The message to show when the upload was stopped."""
        return too_large_error(file_name=self.exceeded_file_name or "", max_bytes=self.max_bytes)

    def _stop(self) -> NoReturn:
        self.exceeded = True
        self.exceeded_file_name = sanitize_file_name(self.file_name or "")
        raise StopUpload(connection_reset=False)


# --- Inspection ---------------------------------------------------------------------------


def inspect_upload(uploaded_file: File, *, max_bytes: int) -> CheckedUpload:
    """Accept a file only if its name, size and content agree and it cannot harm our servers.

    The extension must be allowed, the content must be of that kind, the file must hold at most
    `max_bytes` and a zip-based document must not expand past our limits. Otherwise raise
    ValidationError (codes: not_allowed, too_large, empty, mismatch, zip_bomb, corrupt,
    encrypted). The file is read in chunks and rewound afterwards.
    """
    name = sanitize_file_name(uploaded_file.name or "")
    extension = _extension(name)
    kind = ALLOWED_TYPES.get(extension)
    if kind is None:
        raise _refuse("not_allowed", name=name)
    try:
        size, sha256, head = _measure(uploaded_file, name=name, max_bytes=max_bytes)
        if size == 0:
            raise _refuse("empty", name=name)
        if kind.is_zip:
            _check_zip(uploaded_file, head=head, kind=kind, name=name)
        elif not filetype.get_type(ext=kind.signature).match(head):
            raise _refuse("mismatch", name=name, kind=kind.label)
    finally:
        uploaded_file.seek(0)
    return CheckedUpload(
        file_name=name,
        extension=extension,
        content_type=kind.content_type,
        size=size,
        sha256=sha256,
    )


def _measure(uploaded_file: File, *, name: str, max_bytes: int) -> tuple[int, str, bytes]:
    """Size, SHA-256 and first bytes, stopping as soon as the file passes the limit."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    # Not File.chunks(): for files held in memory it returns a copy of the whole content.
    uploaded_file.seek(0)
    while chunk := uploaded_file.read(CHUNK_SIZE):
        size += len(chunk)
        if size > max_bytes:
            raise too_large_error(file_name=name, max_bytes=max_bytes)
        digest.update(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
    return size, digest.hexdigest(), head


# What zipfile raises on damaged archives; anything else (a disk error) is our problem.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    NotImplementedError,
    ValueError,
    zlib.error,
)


def _check_zip(uploaded_file: File, *, head: bytes, kind: FileKind, name: str) -> None:
    """The archive is of `kind` and cannot expand past our limits; nothing is extracted."""
    if head.startswith(OLE_MAGIC):
        raise _refuse("encrypted", name=name, kind=kind.label)
    # zipfile also opens archives with anything in front of them, such as a program.
    if not head.startswith(ZIP_MAGIC):
        raise _refuse("mismatch", name=name, kind=kind.label)
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            members = archive.infolist()
            _check_declared_sizes(members, name=name)
            if any(member.flag_bits & ZIP_ENCRYPTED_FLAG for member in members):
                raise _refuse("encrypted", name=name, kind=kind.label)
            if any(member.compress_type not in ZIP_METHODS for member in members):
                raise _refuse("corrupt", name=name)
            if not _has_structure(archive, members, kind=kind):
                raise _refuse("mismatch", name=name, kind=kind.label)
            _check_real_sizes(archive, members, name=name)
    except _ZIP_ERRORS as exc:
        raise _refuse("corrupt", name=name) from exc


def _check_declared_sizes(members: list[zipfile.ZipInfo], *, name: str) -> None:
    total = sum(member.file_size for member in members)
    too_compressed = any(
        member.file_size > RATIO_CHECK_MIN_BYTES
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if len(members) > MAX_ZIP_MEMBERS or total > MAX_UNCOMPRESSED_BYTES or too_compressed:
        raise _refuse("zip_bomb", name=name)


def _has_structure(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], *, kind: FileKind
) -> bool:
    if kind.opendocument:
        if not members or members[0].filename != "mimetype":
            return False
        expected = kind.content_type.encode("ascii")
        with archive.open(members[0]) as mimetype:
            # One byte more than expected, so "...textx" does not pass, and no more than that.
            return mimetype.read(len(expected) + 1) == expected
    names = {member.filename for member in members}
    return all(required in names for required in kind.zip_members)


def _check_real_sizes(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], *, name: str
) -> None:
    """Decompress every member in chunks, counting what it really expands to.

    Declared sizes can lie. zipfile stops reading a member at its declared size, which would
    hide the lie, so each member is read through a copy that declares no limit; the CRC is
    still checked, and we stop as soon as the real total passes MAX_UNCOMPRESSED_BYTES.
    """
    remaining = MAX_UNCOMPRESSED_BYTES
    for member in members:
        unbounded = copy.copy(member)
        unbounded.file_size = sys.maxsize
        real_size = 0
        with archive.open(unbounded) as data:
            while chunk := data.read(CHUNK_SIZE):
                real_size += len(chunk)
                remaining -= len(chunk)
                if remaining < 0:
                    raise _refuse("zip_bomb", name=name)
        if real_size > member.file_size:
            raise _refuse("zip_bomb", name=name)
        if real_size < member.file_size:
            raise _refuse("corrupt", name=name)
