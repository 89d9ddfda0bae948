"""Uploads: allow-list by name and content, size limits, zip bombs and file names.

Every sample is built here from real formats; nothing needs the database.
"""

import hashlib
import io
import random
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import (
    InMemoryUploadedFile,
    SimpleUploadedFile,
    TemporaryUploadedFile,
)
from django.core.files.uploadhandler import FileUploadHandler, MemoryFileUploadHandler, StopUpload
from django.http.multipartparser import MultiPartParser
from django.utils import translation
from PIL import Image

from core import uploads
from core.uploads import (
    MB,
    CheckedUpload,
    SizeLimitedUploadHandler,
    inspect_upload,
    sanitize_file_name,
)

LIMIT = 1 * MB
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


# --- Samples ------------------------------------------------------------------------------

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG_BYTES = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(members.items()):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return buffer.getvalue()


DOCX_MEMBERS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
    "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
    "word/document.xml": b'<?xml version="1.0"?><w:document><w:body/></w:document>',
}
XLSX_MEMBERS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
    "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
}


def opendocument(mimetype: bytes) -> bytes:
    return zip_bytes(
        {
            "mimetype": mimetype,
            "content.xml": b'<?xml version="1.0"?><office:document-content/>',
            "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest:manifest/>',
        },
        stored_first=True,
    )


DOCX_BYTES = zip_bytes(DOCX_MEMBERS)
XLSX_BYTES = zip_bytes(XLSX_MEMBERS)
ODT_BYTES = opendocument(ODT_TYPE.encode())
ODS_BYTES = opendocument(ODS_TYPE.encode())


ZEROS = "word/media/image1.bin"


def zeros_docx(*, size: int) -> bytes:
    """A DOCX with a member of `size` zero bytes, written in chunks so the test stays light."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in DOCX_MEMBERS.items():
            archive.writestr(name, content)
        with archive.open(ZEROS, "w") as member:
            chunk = bytes(MB)
            for _ in range(size // MB):
                member.write(chunk)
    return buffer.getvalue()


def patch_members(
    data: bytes, *, member: str | None = None, declared_size: int | None = None, flags: int = 0
) -> bytes:
    """Rewrite the uncompressed size and flag bits of `member` (or all) in both zip headers."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        headers = [
            (info.header_offset, 6, 22)
            for info in archive.infolist()
            if member in (None, info.filename)
        ]
    central = struct.unpack_from("<I", patched, patched.rfind(b"PK\x05\x06") + 16)[0]
    while patched[central : central + 4] == b"PK\x01\x02":
        name, extra, comment = struct.unpack_from("<HHH", patched, central + 28)
        if member in (None, patched[central + 46 : central + 46 + name].decode()):
            headers.append((central, 8, 24))
        central += 46 + name + extra + comment
    # (header offset, offset of the flag bits in it, offset of the uncompressed size in it)
    for offset, flag_at, size_at in headers:
        patched[offset + flag_at] |= flags
        if declared_size is not None:
            struct.pack_into("<I", patched, offset + size_at, declared_size)
    return bytes(patched)


@pytest.fixture(scope="module")
def docx_200mb_of_zeros() -> bytes:
    return zeros_docx(size=200 * MB)


def refusal(name: str, data: bytes, *, max_bytes: int = LIMIT) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        inspect_upload(SimpleUploadedFile(name, data), max_bytes=max_bytes)
    return caught.value


# --- Accepted kinds -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "file_name", "extension", "content_type"),
    [
        ("Budget.PDF", PDF_BYTES, "Budget.pdf", "pdf", "application/pdf"),
        ("proposal.docx", DOCX_BYTES, "proposal.docx", "docx", DOCX_TYPE),
        ("budget.xlsx", XLSX_BYTES, "budget.xlsx", "xlsx", XLSX_TYPE),
        ("proposal.odt", ODT_BYTES, "proposal.odt", "odt", ODT_TYPE),
        ("budget.ods", ODS_BYTES, "budget.ods", "ods", ODS_TYPE),
        ("photo.JPG", image_bytes("JPEG"), "photo.jpg", "jpg", "image/jpeg"),
        ("photo.jpeg", image_bytes("JPEG"), "photo.jpeg", "jpeg", "image/jpeg"),
        ("logo.png", image_bytes("PNG"), "logo.png", "png", "image/png"),
    ],
)
def test_each_allowed_kind_is_accepted_with_our_content_type_and_hash(
    name, data, file_name, extension, content_type
):
    # The browser's content type is a lie on purpose: only the sniffed kind counts.
    upload = SimpleUploadedFile(name, data, content_type="application/x-msdownload")

    checked = inspect_upload(upload, max_bytes=LIMIT)

    assert checked == CheckedUpload(
        file_name=file_name,
        extension=extension,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    assert upload.tell() == 0


def test_the_allow_list_holds_exactly_the_formats_the_refusal_message_names():
    assert sorted(uploads.ALLOWED_TYPES) == [
        "docx", "jpeg", "jpg", "ods", "odt", "pdf", "png", "xlsx"
    ]  # fmt: skip


def test_a_file_on_disk_is_inspected_in_place_and_rewound():
    upload = TemporaryUploadedFile("proposal.docx", "application/octet-stream", 0, None)
    upload.write(DOCX_BYTES)
    upload.flush()

    checked = inspect_upload(upload, max_bytes=LIMIT)

    assert (checked.content_type, checked.size) == (DOCX_TYPE, len(DOCX_BYTES))
    assert upload.tell() == 0
    assert upload.read() == DOCX_BYTES
    upload.close()


def test_a_file_exactly_at_the_limit_is_accepted():
    data = PDF_BYTES + b"%" * (LIMIT - len(PDF_BYTES))

    assert inspect_upload(SimpleUploadedFile("big.pdf", data), max_bytes=LIMIT).size == LIMIT


# --- Refused: names and content that disagree ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("invoice.pdf", EXE_BYTES, "mismatch"),
        ("invoice.exe", EXE_BYTES, "not_allowed"),
        ("page.pdf", HTML_BYTES, "mismatch"),
        ("drawing.svg", SVG_BYTES, "not_allowed"),
        ("drawing.png", SVG_BYTES, "mismatch"),
        ("logo.pdf", image_bytes("PNG"), "mismatch"),
        ("photo.jpg", image_bytes("PNG"), "mismatch"),
        ("budget.docx", XLSX_BYTES, "mismatch"),
        ("proposal.xlsx", DOCX_BYTES, "mismatch"),
        ("proposal.ods", ODT_BYTES, "mismatch"),
        ("proposal.docx", ODT_BYTES, "mismatch"),
        ("proposal.odt", opendocument(ODT_TYPE.encode() + b"x"), "mismatch"),
        ("proposal.docx", EXE_BYTES + DOCX_BYTES, "mismatch"),
        ("proposal.docx", zip_bytes({"readme.txt": b"hello"}), "mismatch"),
        ("notes.txt", b"plain text", "not_allowed"),
        ("no extension", PDF_BYTES, "not_allowed"),
        ("empty.pdf", b"", "empty"),
        ("empty.txt", b"", "not_allowed"),
    ],
)
def test_refused_with_the_right_code(name, data, code):
    assert refusal(name, data).code == code


def test_messages_name_the_sanitized_file_and_say_what_to_do():
    with translation.override("en"):
        mismatch = refusal("../../invoice\u202e.pdf", EXE_BYTES)
        not_allowed = refusal("C:\\Users\\ana\\notes.TXT", b"text")
        too_large = refusal("big.pdf", PDF_BYTES + bytes(LIMIT))
        empty = refusal("empty.pdf", b"")

        assert mismatch.messages == [
            "“invoice.pdf” does not contain what its name says: its content is not a PDF "
            "file. Check that you chose the right file."
        ]
        assert not_allowed.messages == [
            "“notes.txt” is not a PDF, Word (DOCX), Excel (XLSX), OpenDocument (ODT, ODS), "
            "JPEG or PNG file. Save it in one of these formats and upload it again."
        ]
        assert too_large.messages == ["“big.pdf” is larger than 1 MB. Upload a smaller file."]
        assert empty.messages == ["“empty.pdf” is empty. Check that you chose the right file."]


class CountingBytesIO(io.BytesIO):
    bytes_read = 0

    def read(self, size=-1):
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def test_a_file_over_the_limit_is_refused_before_being_read_to_the_end():
    data = PDF_BYTES + bytes(5 * LIMIT)
    content = CountingBytesIO(data)
    upload = InMemoryUploadedFile(content, "file", "big.pdf", "application/pdf", len(data), None)

    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload, max_bytes=LIMIT)

    assert caught.value.code == "too_large"
    assert caught.value.params["limit"] == "1"
    assert content.bytes_read <= LIMIT + uploads.CHUNK_SIZE
    assert upload.tell() == 0


# --- Zip bombs, damaged and protected archives --------------------------------------------


def test_a_docx_expanding_to_200_mb_is_a_zip_bomb(docx_200mb_of_zeros):
    assert len(docx_200mb_of_zeros) < LIMIT
    assert refusal("proposal.docx", docx_200mb_of_zeros).code == "zip_bomb"


def test_a_docx_lying_about_its_200_mb_is_stopped_while_decompressing(
    docx_200mb_of_zeros, monkeypatch
):
    lying = patch_members(docx_200mb_of_zeros, member=ZEROS, declared_size=1000)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.getinfo(ZEROS).file_size == 1000
    decompressed = []
    read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        chunk = read(self, n)
        decompressed.append(len(chunk))
        return chunk

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)

    assert refusal("proposal.docx", lying).code == "zip_bomb"
    # Stopped as soon as the real total passed the limit, not at the end of the 200 MB.
    limit = uploads.MAX_UNCOMPRESSED_BYTES
    assert limit < sum(decompressed) <= limit + uploads.CHUNK_SIZE


def test_a_member_larger_than_it_declares_is_a_zip_bomb_even_under_the_total_limit():
    # 5 MB of zeros declared as 1000 bytes: declared ratio and total both look harmless.
    lying = patch_members(zeros_docx(size=5 * MB), member=ZEROS, declared_size=1000)

    assert refusal("proposal.docx", lying).code == "zip_bomb"


def test_a_member_compressed_more_than_100_to_1_is_a_zip_bomb():
    assert refusal("proposal.docx", zeros_docx(size=5 * MB)).code == "zip_bomb"


def test_members_adding_up_to_more_than_100_mb_are_a_zip_bomb():
    # 1 MB each is under the ratio check's threshold: only the total gives them away.
    members = DOCX_MEMBERS | {f"word/media/{index}.bin": b"x" for index in range(100)}
    declared = patch_members(zip_bytes(members), declared_size=MB)

    assert refusal("proposal.docx", declared).code == "zip_bomb"


def test_more_than_2000_members_is_a_zip_bomb():
    members = DOCX_MEMBERS | {f"word/media/{index}.xml": b"" for index in range(2001)}

    assert refusal("proposal.docx", zip_bytes(members)).code == "zip_bomb"


def test_a_password_protected_office_file_is_refused_as_encrypted():
    # Word saves a protected document as an OLE compound file, not as a zip.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    encrypted_zip = patch_members(DOCX_BYTES, flags=0x1)

    assert refusal("proposal.docx", ole).code == "encrypted"
    assert refusal("proposal.docx", encrypted_zip).code == "encrypted"
    with translation.override("en"):
        assert refusal("budget.xlsx", ole).messages == [
            "“budget.xlsx” is protected by a password or saved in an old format. Remove any "
            "password, save it as Excel (XLSX) from your office program and upload that copy."
        ]


def test_compression_methods_office_programs_never_use_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_LZMA) as archive:
        for name, content in DOCX_MEMBERS.items():
            archive.writestr(name, content)

    assert refusal("proposal.docx", buffer.getvalue()).code == "corrupt"


@pytest.mark.parametrize("cut", [10, 100, len(DOCX_BYTES) // 2, len(DOCX_BYTES) - 10])
def test_a_truncated_docx_is_corrupt(cut):
    assert refusal("proposal.docx", DOCX_BYTES[:cut]).code == "corrupt"


def test_damaged_office_files_give_a_message_never_a_crash():
    rng = random.Random(2026)
    codes = set()
    for name, data in [("proposal.docx", DOCX_BYTES), ("proposal.odt", ODT_BYTES)]:
        for _ in range(500):
            damaged = bytearray(data)
            for _ in range(rng.randint(1, 4)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            try:
                inspect_upload(SimpleUploadedFile(name, bytes(damaged)), max_bytes=LIMIT)
            except ValidationError as error:
                codes.add(error.code)

    assert "corrupt" in codes
    assert codes <= {"corrupt", "mismatch", "zip_bomb", "encrypted"}


# --- File names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\boot.ini.PDF", "boot.ini.pdf"),
        ("informe final ñ.pdf", "informe final ñ.pdf"),
        # The same name typed on a Mac: "n" followed by a combining tilde.
        ("informe final n\u0303.pdf", "informe final ñ.pdf"),
        ("résumé été.docx", "résumé été.docx"),
        ("factura\u202efdp.exe", "facturafdp.exe"),
        ("\u2066budget\u2069\u200e.xlsx", "budget.xlsx"),
        (".hidden.pdf", "hidden.pdf"),
        ("<script>.pdf", "script.pdf"),
        ('a"b;c|d?e*f:g.pdf', "abcdefg.pdf"),
        ("rapport d'activité.pdf", "rapport d’activité.pdf"),
        ("line\nbreak\ttab\x00nul  spaces .pdf", "line break tabnul spaces.pdf"),
        ("report.pdf. ", "report.pdf"),
        ("Mr. Smith report", "Mr. Smith report"),
        ("..", "file"),
        (".pdf", "file.pdf"),
        ("<>.PDF", "file.pdf"),
        ("", "file"),
    ],
)
def test_sanitize_file_name(name, expected):
    assert sanitize_file_name(name) == expected


def test_a_long_name_is_cut_to_120_characters_keeping_the_extension():
    assert sanitize_file_name("a" * 500 + ".PDF") == "a" * 116 + ".pdf"
    assert sanitize_file_name("é" * 500) == "é" * 120


def test_a_long_name_in_a_wide_script_fits_in_255_bytes():
    name = sanitize_file_name("提案" * 250 + ".pdf")

    assert name.endswith(".pdf")
    assert len(name.encode()) <= 255
    assert len(name.encode()) > 250


# --- Streaming size limit -----------------------------------------------------------------


class Recorder(FileUploadHandler):
    """Stands for Django's own handlers: keeps whatever the limit handler passes on."""

    def __init__(self):
        super().__init__()
        self.kept = b""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.kept = b""

    def receive_data_chunk(self, raw_data, start):
        self.kept += raw_data

    def file_complete(self, file_size):
        return None


def start(handler: SizeLimitedUploadHandler, *, content_length: int = 0) -> None:
    handler.handle_raw_input(io.BytesIO(), {}, content_length, b"boundary")
    handler.new_file("file", "../big\u202e.PDF", "application/pdf", None)


def test_the_handler_passes_chunks_on_and_stops_at_the_first_chunk_past_the_limit():
    handler = SizeLimitedUploadHandler(max_bytes=100)
    start(handler)
    passed_on = [handler.receive_data_chunk(b"x" * 30, offset) for offset in (0, 30, 60)]

    with pytest.raises(StopUpload) as caught:
        handler.receive_data_chunk(b"x" * 30, 90)

    assert caught.value.connection_reset is False
    assert sum(len(chunk) for chunk in passed_on) == 90
    assert (handler.exceeded, handler.exceeded_file_name) == (True, "big.pdf")


def test_the_handler_accepts_a_file_exactly_at_the_limit_and_counts_each_file_anew():
    handler = SizeLimitedUploadHandler(max_bytes=100)
    start(handler)
    assert handler.receive_data_chunk(b"x" * 100, 0) == b"x" * 100
    handler.file_complete(100)

    handler.new_file("file", "second.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"y" * 100, 0) == b"y" * 100
    assert handler.exceeded is False


def test_the_handler_stops_before_the_first_byte_when_content_length_is_far_over():
    handler = SizeLimitedUploadHandler(max_bytes=100, max_request_bytes=1000)

    with pytest.raises(StopUpload):
        start(handler, content_length=10**9)

    assert handler.exceeded is True


def test_the_handler_message_names_the_file_and_the_limit():
    handler = SizeLimitedUploadHandler(max_bytes=20 * MB)
    start(handler)
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(bytes(20 * MB + 1), 0)

    error = handler.error()

    assert error.code == "too_large"
    with translation.override("en"):
        assert error.messages == ["“big.pdf” is larger than 20 MB. Upload a smaller file."]


def multipart(file_content: bytes, *, content_length: int | None = None):
    body = (
        b"--BOUNDARY\r\n"
        b'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        b"token-value\r\n"
        b"--BOUNDARY\r\n"
        b'Content-Disposition: form-data; name="file"; filename="proposal.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + file_content + b"\r\n"
        b"--BOUNDARY--\r\n"
    )
    meta = {
        "CONTENT_TYPE": "multipart/form-data; boundary=BOUNDARY",
        "CONTENT_LENGTH": str(content_length if content_length is not None else len(body)),
    }
    return meta, io.BytesIO(body)


def parse(file_content: bytes, *, max_bytes: int, content_length: int | None = None):
    limit = SizeLimitedUploadHandler(max_bytes=max_bytes, max_request_bytes=100 * max_bytes)
    recorder = Recorder()
    # Small chunks, so a file over the limit arrives in many pieces as it would from a browser.
    recorder.chunk_size = 1024
    meta, body = multipart(file_content, content_length=content_length)
    post, files = MultiPartParser(meta, body, [limit, recorder]).parse()
    return limit, recorder, post, files


def test_through_django_a_file_over_the_limit_is_dropped_and_the_fields_kept():
    content = PDF_BYTES + bytes(50_000)
    limit, recorder, post, files = parse(content, max_bytes=10_000)

    assert limit.exceeded is True
    # What reached the next handler is the file's start, never more than the limit.
    assert 10_000 - 2 * recorder.chunk_size < len(recorder.kept) <= 10_000
    assert recorder.kept == content[: len(recorder.kept)]
    assert post["csrfmiddlewaretoken"] == "token-value"
    assert "file" not in files


def test_through_django_a_body_announced_far_over_the_limit_passes_nothing_on():
    limit, recorder, post, files = parse(PDF_BYTES, max_bytes=10_000, content_length=10**9)

    assert limit.exceeded is True
    assert recorder.kept == b""
    assert post["csrfmiddlewaretoken"] == "token-value"
    assert "file" not in files


def test_through_django_a_file_under_the_limit_arrives_whole():
    limit = SizeLimitedUploadHandler(max_bytes=10_000)
    meta, body = multipart(PDF_BYTES)

    post, files = MultiPartParser(meta, body, [limit, MemoryFileUploadHandler()]).parse()

    assert limit.exceeded is False
    assert post["csrfmiddlewaretoken"] == "token-value"
    assert files["file"].read() == PDF_BYTES
    checked = inspect_upload(files["file"], max_bytes=10_000)
    assert (checked.file_name, checked.content_type) == ("proposal.pdf", "application/pdf")
