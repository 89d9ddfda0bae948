import socket
import subprocess
from pathlib import Path

import pytest

from core import pdf
from core.pdf import ResourceRefused, fetch_url, page_counter_css, pdf_response, render_pdf

ROOT = Path(__file__).resolve().parent.parent.parent
SITE = "https://grants.example.org"


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True, timeout=30
    ).stdout.decode()


@pytest.fixture(autouse=True)
def _site(settings):
    settings.CFLI_SITE_URL = SITE


@pytest.fixture
def pdf_templates(settings):
    """Serve the given templates from memory, in front of the project's own."""

    def use(templates: dict[str, str]) -> None:
        engine = settings.TEMPLATES[0]
        loaders = [
            ("django.template.loaders.locmem.Loader", templates),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ]
        settings.TEMPLATES = [
            {**engine, "APP_DIRS": False, "OPTIONS": {**engine["OPTIONS"], "loaders": loaders}}
        ]

    return use


def test_render_pdf_gives_a_pdf_with_a_page_counter():
    content = render_pdf(template_name="pdf/base.html", context={}, language="en")

    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    assert "Canada Fund for Local Initiatives" in text
    assert "Page 1 of 1" in text


@pytest.mark.parametrize(
    ("language", "fund", "page"),
    [
        ("fr", "Fonds canadien d’initiatives locales", "Page 1 sur 1"),
        ("es", "Fondo Canadá para Iniciativas Locales", "Página 1 de 1"),
    ],
)
def test_render_pdf_speaks_the_requested_language(language, fund, page):
    text = pdf_text(render_pdf(template_name="pdf/base.html", context={}, language=language))

    assert fund in text
    assert page in text
    assert "Canada Fund for Local Initiatives" not in text


def test_user_text_is_printed_literally_never_interpreted(pdf_templates):
    pdf_templates(
        {
            "answer.html": (
                '{% extends "pdf/base.html" %}{% block title %}{{ title }}{% endblock %}'
                '{% block content %}<h1>{{ title }}</h1><p class="pdf-text">{{ answer }}</p>'
                "{% endblock %}"
            )
        }
    )

    content = render_pdf(
        template_name="answer.html",
        context={"title": "Água & <b>bold</b>", "answer": "<script>alert(1)</script>"},
        language="en",
    )

    text = pdf_text(content)
    assert "<script>alert(1)</script>" in text
    assert "Água & <b>bold</b>" in text


def test_the_context_cannot_replace_the_page_counter_css():
    content = render_pdf(
        template_name="pdf/base.html",
        context={"pdf_page_counter": '"injected"'},
        language="en",
    )

    text = pdf_text(content)
    assert "Page 1 of 1" in text
    assert "injected" not in text


def test_a_translation_with_quotes_and_markup_stays_inside_its_css_string(monkeypatch):
    monkeypatch.setattr(
        pdf, "gettext", lambda message: 'Seite %(number)s " von </style><p>x</p>\\ %(total)s'
    )

    assert page_counter_css() == (
        '"Seite " counter(page) " \\22  von \\3c \\2f style\\3e \\3c p\\3e x\\3c \\2f p\\3e \\5c  "'
        " counter(pages)"
    )
    text = pdf_text(render_pdf(template_name="pdf/base.html", context={}, language="en"))
    assert 'Seite 1 " von </style><p>x</p>\\ 1' in text


def test_rendering_never_opens_a_connection_nor_reads_files_outside_static(
    pdf_templates, monkeypatch
):
    fetched = []

    def recording_fetch_url(url):
        try:
            response = fetch_url(url)
        except ResourceRefused:
            fetched.append((url, "refused"))
            raise
        fetched.append((url, "served"))
        return response

    monkeypatch.setattr(pdf, "fetch_url", recording_fetch_url)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.setblocking(False)
        port = listener.getsockname()[1]
        pdf_templates(
            {
                "remote.html": (
                    '{% extends "pdf/base.html" %}{% load static %}{% block content %}'
                    f'<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">'
                    '<link rel="stylesheet" href="{% static "css/cfli.css" %}">'
                    f'<img src="http://127.0.0.1:{port}/x.png" alt="remote">'
                    f'<img src="https://localhost:{port}/y.png" alt="secure">'
                    '<img src="file:///etc/passwd" alt="local file">'
                    '<img src="/static/../../etc/passwd" alt="traversal">'
                    "{% endblock %}"
                )
            }
        )

        content = render_pdf(template_name="remote.html", context={}, language="en")

        with pytest.raises(BlockingIOError):
            listener.accept()

    assert content.startswith(b"%PDF-")
    assert fetched == [
        (f"http://127.0.0.1:{port}/x.css", "refused"),
        (f"{SITE}/static/css/cfli.css", "served"),
        (f"http://127.0.0.1:{port}/x.png", "refused"),
        (f"https://localhost:{port}/y.png", "refused"),
        ("file:///etc/passwd", "refused"),
        (f"{SITE}/etc/passwd", "refused"),
    ]


def test_fetch_url_serves_a_static_file_from_the_finders():
    response = fetch_url(f"{SITE}/static/css/cfli.css")

    assert response.read() == (ROOT / "static" / "css" / "cfli.css").read_bytes()
    assert response.content_type == "text/css"


def test_fetch_url_serves_collected_files_first(settings, tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "cfli.0123abcd.css").write_text("h1 { color: red }")
    settings.STATIC_ROOT = tmp_path

    response = fetch_url(f"{SITE}/static/css/cfli.0123abcd.css")

    assert response.read() == b"h1 { color: red }"


def test_fetch_url_never_follows_a_link_out_of_static_root(settings, tmp_path):
    (tmp_path / "passwd.css").symlink_to("/etc/passwd")
    settings.STATIC_ROOT = tmp_path

    with pytest.raises(ResourceRefused):
        fetch_url(f"{SITE}/static/passwd.css")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.org/static/css/cfli.css",
        "http://grants.example.org/static/css/cfli.css",
        "https://user@grants.example.org/static/css/cfli.css",
        "ftp://grants.example.org/static/css/cfli.css",
        "file:///etc/passwd",
        f"file://{ROOT}/static/css/cfli.css",
        "data:text/css,h1{color:red}",
        f"{SITE}/static/../cfli/settings/base.py",
        f"{SITE}/static/%2e%2e/cfli/settings/base.py",
        f"{SITE}/static/css%2f..%2f..%2fcfli/settings/base.py",
        f"{SITE}/static//etc/passwd",
        f"{SITE}/static/css/missing.css",
        f"{SITE}/static/css/",
        f"{SITE}/media/anything.png",
    ],
)
def test_fetch_url_refuses_everything_but_our_static_files(url):
    with pytest.raises(ResourceRefused):
        fetch_url(url)


def test_pdf_response_is_an_uncached_attachment():
    response = pdf_response(content=b"%PDF-1.7 x", file_name="proposal-12.pdf")

    assert response.content == b"%PDF-1.7 x"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="proposal-12.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_pdf_response_keeps_accents_with_an_ascii_fallback():
    response = pdf_response(content=b"%PDF-", file_name="Proposition d’été.pdf", inline=True)

    assert response["Content-Disposition"] == (
        'inline; filename="Proposition d_ete.pdf"; '
        "filename*=utf-8''Proposition%20d%E2%80%99%C3%A9t%C3%A9.pdf"
    )


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        (
            "../../etc/passwd\r\nSet-Cookie: x=1",
            'attachment; filename=".._.._etc_passwd__Set-Cookie: x=1"',
        ),
        ('say "hi".pdf', 'attachment; filename="say _hi_.pdf"'),
        (
            "提案.pdf",
            "attachment; filename=\"document.pdf\"; filename*=utf-8''%E6%8F%90%E6%A1%88.pdf",
        ),
        ("", 'attachment; filename="document.pdf"'),
    ],
)
def test_pdf_response_file_names_stay_one_safe_header(file_name, expected):
    response = pdf_response(content=b"%PDF-", file_name=file_name)

    assert response["Content-Disposition"] == expected
