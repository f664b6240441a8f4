"""No English on the archive roles' admin screens.

A crawler logs in as each role (an agency's archivist, the superuser), starts
from the admin home and the menu, follows every admin link it finds (listings,
inspect pages, filters, …) up to a bound, and collects the visible text and the
labels of every page. Any English word left there fails the test with the page
it was found on. Pages added later are crawled too, as long as a link reaches
them; identifiers, file names, units and format names are allowed.
"""

import json
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup, Comment, Doctype
from django.contrib.auth import get_user_model

from dossiers.services import dossier_assemble, dossier_seal
from preservation.services.aips import package_write
from preservation.services.fixity import copy_audit

MAX_PAGES = 120
LABEL_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
# Words that are names, not language: formats, standards, units, products.
# Standards are named by their titles (JSON Schema, BagIt Profile); "Root" is
# the title of Wagtail's root page, data rather than language; "Page" is the
# label Wagtail derives from a field name in its page-permission chooser.
NAMES = """
PDF XLSX CSV JSON ISO UDF OFD BagIt SHA SM MD CD DVD BD KB MB GB TB bytes MP JPEG
PNG TIFF GIF WAV MOV AVI AMR ZIP XML AIP SIP Payload Oxum ID URL IP Wagtail DA
XMP OCR Rock Ridge Schema Profile Root Page
"""
ALLOWED = frozenset(NAMES.split())
SKIP_TAGS = ("script", "style", "code", "template", "noscript", "svg")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
TOKEN = re.compile(r"[A-Za-z0-9_.\-/@:+{}'’#=%]+")
SKIP_URL = re.compile(
    r"logout|delete|/jsi18n|\.(js|css|png|svg|ico)$|/content/|download"
)


def _texts(soup: BeautifulSoup):
    for node in soup.find_all(string=True):
        if isinstance(node, (Comment, Doctype)) or node.find_parent(SKIP_TAGS):
            continue
        if node.find_parent(attrs={"hidden": True}):
            continue  # never shown (Wagtail fills some hidden counters with "None")
        if node.find_parent(class_="w-sr-only") is None and node.parent.name == "title":
            yield node
            continue
        yield node
    for tag in soup.find_all(True):
        for attribute in LABEL_ATTRIBUTES:
            if tag.get(attribute):
                yield tag[attribute]
        if tag.name == "input" and tag.get("type") in ("submit", "button"):
            yield tag.get("value", "")


def _sidebar(soup: BeautifulSoup) -> dict:
    """The sidebar menu, which Wagtail renders in the browser from JSON."""
    props = soup.find("script", id="wagtail-sidebar-props")
    return json.loads(props.string) if props else {}


def _walk(node, key: str):
    if isinstance(node, dict):
        for k, value in node.items():
            if k == key and isinstance(value, str):
                yield value
            yield from _walk(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value, key)


def _english(text: str, allowed: set[str]) -> bool:
    # A token with digits, dots, slashes or hyphens is an identifier or a file
    # name (案号, sha256, case.json, sip-example-…); only plain words are language.
    return any(
        WORD.fullmatch(token) and token not in ALLOWED and token not in allowed
        for token in TOKEN.findall(text)
    )


def english_texts(html: str, *, allowed: set[str]) -> set[str]:
    """Texts, labels and menu entries of an HTML page that contain English."""
    soup = BeautifulSoup(html, "html.parser")
    texts = [*_texts(soup), *_walk(_sidebar(soup), "label")]
    return {" ".join(str(t).split())[:80] for t in texts if _english(str(t), allowed)}


def admin_links(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    links = []
    for href in [*hrefs, *_walk(_sidebar(soup), "url")]:
        url, _ = urldefrag(href)
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/admin/"):
            continue
        if not SKIP_URL.search(parts.path):
            links.append(url)
    return links


def crawl(client, *, start: list[str], allowed: set[str]) -> dict[str, set[str]]:
    """Visit admin pages breadth-first; return the English texts per page."""
    queue, seen, found = deque(start), set(start), {}
    while queue and len(seen) <= MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get(
            "Content-Type", ""
        ):
            continue
        html = response.content.decode()
        if texts := english_texts(html, allowed=allowed):
            found[url] = texts
        for link in admin_links(html):
            key = urlsplit(link).path + ("?" if "?" in link else "")
            if link not in seen and (key not in seen or len(seen) < MAX_PAGES // 2):
                seen.update({link, key})
                queue.append(link)
    return found


@pytest.fixture
def sealed_package(ingested_case, archivist):
    dossier = dossier_seal(
        dossier=dossier_assemble(case=ingested_case),
        user=archivist,
        override_reason="测试",
    )
    package = package_write(dossier=dossier)
    copy_audit(package.copies.get(location="primary"))
    return package


def _identifiers() -> set[str]:
    """Usernames are identifiers, whatever language they look like."""
    return set(get_user_model().objects.values_list("username", flat=True))


def test_the_crawler_catches_english_a_page_adds():
    html = "<main><h2>保存包</h2><p>No packages match your query.</p></main>"
    assert english_texts(html, allowed=set()) == {"No packages match your query."}
    clean = "<p>PDF 文档 <code>data/a.pdf</code> sip-example.zip sha256</p>"
    assert english_texts(clean, allowed=set()) == set()
    assert english_texts('<input placeholder="Search">', allowed=set()) == {"Search"}


def test_login_page_is_chinese(client, db):
    assert crawl(client, start=["/admin/login/"], allowed=set()) == {}


def test_archivist_sees_no_english(client, archivist, sealed_package):
    client.force_login(archivist)
    found = crawl(client, start=["/admin/"], allowed=_identifiers())
    assert found == {}


def test_superuser_sees_no_english(client, django_user_model, sealed_package):
    root = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(root)
    found = crawl(client, start=["/admin/"], allowed=_identifiers())
    assert found == {}
