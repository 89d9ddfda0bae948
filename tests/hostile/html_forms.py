"""The forms of a rendered page, read with the standard library's HTML parser: what a browser
would send, so the hostile requests use the real field names."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

CONTROLS = {"input", "select", "textarea", "button"}
# Types whose value the browser sends only when chosen, or never types in.
CHOICE_TYPES = {"checkbox", "radio", "select", "select-multiple"}
BUTTON_TYPES = {"submit", "button", "image"}


@dataclass
class Control:
    name: str
    kind: str  # the input's type, or "select", "select-multiple", "textarea", "submit"
    options: list[str] = field(default_factory=list)  # a select's, radio's or checkbox's values
    value: str | None = None  # what the page filled in (a hidden input's value)

    @property
    def is_button(self) -> bool:
        return self.kind in BUTTON_TYPES

    @property
    def is_kept(self) -> bool:
        """A hidden input the page filled in (a version, a formset's count): sent as is when
        the typed fields are what is tested."""
        return self.kind == "hidden" and self.value is not None

    @property
    def is_text(self) -> bool:
        return self.kind in {"text", "textarea", "search", "email", "url", "tel"}


@dataclass
class Form:
    action: str  # an absolute path, without its query string
    method: str
    multipart: bool
    controls: dict[str, Control] = field(default_factory=dict)


class _Parser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self.by_id: dict[str, Form] = {}
        self.link_keys: set[str] = set()
        self._form: Form | None = None
        self._select: Control | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = urljoin(self.page_path, attributes.get("action") or self.page_path)
            self._form = Form(
                action=urlsplit(action).path,
                method=(attributes.get("method") or "get").lower(),
                multipart=attributes.get("enctype", "") == "multipart/form-data",
            )
            self.forms.append(self._form)
            if attributes.get("id"):
                self.by_id[attributes["id"]] = self._form
        elif tag == "a" and attributes.get("href", "").startswith("?"):
            self.link_keys.update(key for key, _ in parse_qsl(attributes["href"][1:]))
        elif tag in CONTROLS and attributes.get("name"):
            form = self.by_id.get(attributes.get("form", ""), self._form)
            if form is not None:
                self._add(form, tag, attributes)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attributes.get("value", ""))

    def _add(self, form: Form, tag: str, attributes: dict):
        name = attributes["name"]
        if tag == "select":
            kind = "select-multiple" if "multiple" in attributes else "select"
        elif tag == "textarea":
            kind = "textarea"
        elif tag == "button":
            kind = attributes.get("type") or "submit"
        else:
            kind = attributes.get("type", "text").lower()
        control = form.controls.setdefault(name, Control(name, kind, value=attributes.get("value")))
        if kind in {"checkbox", "radio"} and "value" in attributes:
            control.options.append(attributes["value"])
        if tag == "select":
            self._select = control

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


@dataclass
class Page:
    forms: list[Form]
    link_keys: set[str]

    def post_forms_to(self, path: str) -> list[Form]:
        return [form for form in self.forms if form.method == "post" and form.action == path]

    def get_form_fields(self) -> set[str]:
        return {name for form in self.forms if form.method == "get" for name in form.controls}


def read_page(html: str, page_path: str) -> Page:
    parser = _Parser(page_path)
    parser.feed(html)
    parser.close()
    return Page(forms=parser.forms, link_keys=parser.link_keys)
