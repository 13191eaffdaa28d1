"""A Content-Security-Policy in every page's <head>: what slips past escaping does not run.

GitHub Pages sets no response headers of ours, but a `<meta http-equiv="Content-Security-Policy">`
in `<head>` still applies (all but `frame-ancestors` and reporting). It goes first in
`<head>`: a policy binds only what the parser meets after it.

Scripts: the site's own files ('self'), WebAssembly for Pagefind's search
('wasm-unsafe-eval'; no eval), and, by their SHA-256, the few inline scripts the THEME writes
outside the page's content: Material's bootstraps (`__md_scope` and its storage helpers in
<head>, the palette restorer, the tabbed-content anchor script after the article). Their
hashes are taken from the very page being written, so a new Material version needs no
list to be kept here. An inline script inside the page's content (`<article
class="md-content__inner">`, where editor text is) gets no hash: it is blocked, and so is
every inline event handler and `javascript:` URL, wherever it is.

Why inline scripts outside the article can be trusted: everything there comes from the
theme's autoescaping templates; editor text (titles, descriptions, navigation labels)
reaches it escaped. The content's bounds are taken conservatively: from the article's
start tag to the LAST `</article` in the raw text, so that a stray `</article>` written
into the content cannot move a script of its own outside it.

After an instant navigation, policies add up: the first page's stays in force, and
Material's merge of the new <head> appends the new page's policy `<meta>` (a policy once
applied is never lifted). Material then re-runs the inline scripts of the new content,
which must pass every policy in force: the tabbed script's text is the same on every page,
so each policy has its hash (the head's scripts are not re-run). A page-specific inline
script would be refused, which is why the maps carry their data in an attribute
(maps.py) instead of a script.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser, locatestarttagend_tolerant  # type: ignore[attr-defined]
from urllib.parse import urlsplit

META_NAME = "Content-Security-Policy"

EXECUTABLE_TYPES = {
    "",
    "text/javascript",
    "application/javascript",
    "module",
    "text/ecmascript",
    "application/ecmascript",
    "text/jscript",
    "text/livescript",
    "application/x-javascript",
    "application/x-ecmascript",
    "text/x-javascript",
    "text/x-ecmascript",
}
"""Script types a browser runs (the classic JavaScript MIME types and `module`). Any other
(`application/json`, `application/ld+json`) is a data block and needs no hash."""

_HOST = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*")


# --- what the page holds --------------------------------------------------------------------


@dataclass
class InlineScript:
    text: str
    start: int
    """Offset of its `<script` in the page."""


@dataclass
class _Found:
    head_end: int | None = None
    """Offset just after the `<head ...>` start tag."""
    old_policy: tuple[int, int] | None = None
    """Span of a policy `<meta>` already first in <head> (a page reused under `mkdocs serve`)."""
    content_start: int | None = None
    """Offset of `<article class="md-content__inner ...">`."""
    scripts: list[InlineScript] = field(default_factory=list)


class _PageReader(HTMLParser):
    """Finds <head>, the content's article, and the text of every inline executable script."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=False)
        self.found = _Found()
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", page)]
        self._script: InlineScript | None = None
        self._first_in_head = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start_tag(tag, attrs, self._offset(), self.get_starttag_text() or "")

    def start_tag(self, tag: str, attrs: list[tuple[str, str | None]], start: int, text: str) -> None:
        """A start tag `text` at offset `start` of the page."""
        values = {name: value or "" for name, value in attrs}
        first_in_head, self._first_in_head = self._first_in_head, False
        if tag == "head" and self.found.head_end is None:
            self.found.head_end = start + len(text)
            self._first_in_head = True
        elif first_in_head and tag == "meta" and values.get("http-equiv", "").lower() == META_NAME.lower():
            self.found.old_policy = (start, start + len(text))
        elif (
            tag == "article"
            and self.found.content_start is None
            and "md-content__inner" in values.get("class", "").split()
        ):
            self.found.content_start = start
        elif tag == "script" and "src" not in values and values.get("type", "").strip().lower() in EXECUTABLE_TYPES:
            self._script = InlineScript("", start)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # `<meta ... />`

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.found.scripts.append(self._script)
            self._script = None


_ARTICLE_END = re.compile("</article", re.IGNORECASE)


def last_article_end(page: str) -> int:
    """Where the last `</article` of the page is, in any case (-1 if none): the content's
    end, taken conservatively. (Without lowering the whole page: twice as fast.)"""
    end = -1
    for end_tag in _ARTICLE_END.finditer(page):
        end = end_tag.start()
    return end


def _read(page: str) -> _Found:
    """What the policy needs of the page, parsing only the parts outside its content.

    The whole page parsed took a third of a network's build. Inline scripts inside the
    content's bounds get no hash whatever they are, so `_scan` reads the page up to the
    article's start tag, and again from the last `</article` (see `_content_bounds`) to the
    end; what lies between is never read. The text after the last `</article` is the
    theme's own (the content ends before it), so a script found there is the theme's even
    if the content left some element open; a page without the article is read whole."""
    start_tag = page.find(_ARTICLE)
    end = last_article_end(page)
    if start_tag < 0 or end <= start_tag:
        return _read_part(page)
    try:
        head = _scan(page[: page.index(">", start_tag) + 1])
        tail = _scan(page[end:], offset=end)
    except _Unusual:
        return _read_part(page)
    if head.content_start != start_tag:  # the first md-content__inner is not this text: read it all
        return _read_part(page)
    head.scripts += tail.scripts
    return head


_ARTICLE = '<article class="md-content__inner'
"""How Material writes the content's article (the parser still checks it is a start tag)."""


_MARKUP = re.compile(r"<(!--|/|[a-zA-Z])")
_TAG_NAME = re.compile(r"[a-zA-Z][^\t\n\r\f />\x00]*")
_CDATA_END = {name: re.compile(rf"</\s*{name}\s*>", re.IGNORECASE) for name in ("script", "style")}
_WANTED = {"head", "meta", "article", "script"}
_READ = (*_WANTED, "style")
"""The start tags `_scan` stops at: the policy's, and <style>, whose text is skipped."""
_SKIPPED = re.compile(
    r"(?:"
    r"[^<]++"  # text
    r"|<!--.*?-->"  # a comment
    r"|</[^>]*+>"  # an end tag
    # another start tag, to its end as Python's parser finds it
    rf"|(?>(?!<(?i:{'|'.join(_READ)})[\t\n\r\f />\x00]){locatestarttagend_tolerant.pattern})[^>]*+>"
    r"|<(?!!--|/|[a-zA-Z])"  # a `<` that starts no markup
    r")*+",
    re.DOTALL | re.VERBOSE,
)
"""A run of what `_scan` passes over, read by the regular expression engine: a tag as
Python's parser finds its end (its own pattern), up to the next tag `_scan` reads whole."""
_START_TAG = re.compile(r"<[a-zA-Z]")


class _Unusual(Exception):
    """Markup `_scan` leaves to the whole parser."""


class _StartTag(HTMLParser):
    """One start tag's name and attributes, as `_PageReader` gets them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tag: str = ""
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag, self.attrs = tag, attrs

    handle_startendtag = handle_starttag


def _scan(part: str, offset: int = 0) -> _Found:
    """What `_read_part` finds (tests/test_csp.py compares them on every page), an order of
    magnitude faster: from tag to tag, comments and the text of <script> and <style> skipped
    as Python's parser skips them, and only the tags the policy needs parsed whole."""
    reader = _PageReader("")
    i = 0
    while True:
        skipped = _SKIPPED.match(part, i)
        if skipped and skipped.end() > i:
            if reader._first_in_head and _START_TAG.search(part, i, skipped.end()):
                reader._first_in_head = False  # another tag came first in <head>
            i = skipped.end()
        if (markup := _MARKUP.match(part, i)) is None:
            break
        start = markup.start()
        if markup.group(1) == "!--":
            close = part.find("-->", markup.end())
            if close < 0:
                break
            i = close + 3
            continue
        if markup.group(1) == "/":
            close = part.find(">", start)
            if close < 0:
                break
            i = close + 1
            continue
        whole = locatestarttagend_tolerant.match(part, start)
        close = part.find(">", whole.end() if whole else start)
        if close < 0:
            break
        i = close + 1
        name = _TAG_NAME.match(part, start + 1)
        tag = name.group(0).lower() if name else ""
        if tag not in _WANTED:
            reader._first_in_head = False
        else:
            parsed = _StartTag()
            parsed.feed(part[start:i])
            reader.start_tag(parsed.tag, parsed.attrs, start, part[start:i])
        if tag in _CDATA_END:
            if part[start:i].endswith("/>"):
                raise _Unusual  # `<script/>`: the parser's way with it is left to the parser
            end = _CDATA_END[tag].search(part, i)
            if end is None:
                break
            if reader._script is not None:
                reader._script.text = part[i : end.start()]
                reader.handle_endtag("script")
            i = end.end()
    found = reader.found
    for script in found.scripts:
        script.start += offset
    return found


def _read_part(part: str, offset: int = 0) -> _Found:
    reader = _PageReader(part)
    reader.feed(part)
    reader.close()
    found = reader.found
    if offset:
        for script in found.scripts:
            script.start += offset
    return found


def _content_bounds(page: str, found: _Found) -> tuple[int, int] | None:
    """Where the page's content may be: the article's start tag to the last `</article` (or the end)."""
    if found.content_start is None:
        return None
    end = last_article_end(page)
    return found.content_start, end if end > found.content_start else len(page)


def theme_scripts(page: str, found: _Found) -> list[str]:
    """The text of every inline executable script outside the page's content, in page order."""
    bounds = _content_bounds(page, found)
    return [script.text for script in found.scripts if bounds is None or not bounds[0] <= script.start < bounds[1]]


# --- the policy -----------------------------------------------------------------------------


def script_hash(text: str) -> str:
    """A CSP hash source for an inline script: SHA-256 of its text as the browser sees it.

    The HTML parser turns CR LF and lone CR into LF before a script's text exists."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def tile_origin(tiles: str) -> str | None:
    """The tile server as a CSP source: `https://{s}.tile.example.org/{z}/{x}/{y}.png` → `https://*.tile.example.org`.

    A templated host label (`{s}`, Leaflet's subdomains) and every label left of it become
    `*.`; CSP's wildcard matches subdomains at any depth. Tiles on the site itself (a
    relative URL) need no source. A host that is templated entirely, or would leave only a
    top-level domain, is refused: the build stops rather than open img-src wide."""
    parts = urlsplit(tiles)
    if not parts.scheme and not parts.netloc:
        return None  # the site's own tiles: 'self'
    if parts.scheme not in ("https", "http") or not parts.netloc or "@" in parts.netloc:
        raise ValueError(f"tiles must be an http(s) URL template or a path on the site: {tiles!r}")
    host, _, port = parts.netloc.lower().partition(":")
    labels = host.split(".")
    templated = [i for i, label in enumerate(labels) if "{" in label or "}" in label]
    if templated:
        labels = labels[templated[-1] + 1 :]
        if len(labels) < 2:
            raise ValueError(f"the tile server's host is too widely templated for a policy: {tiles!r}")
    name = ".".join(labels)
    if not _HOST.fullmatch(name) or (port and not port.isdigit()):
        raise ValueError(f"the tile server's host is not a plain host name: {tiles!r}")
    return f"{parts.scheme}://{'*.' if templated else ''}{name}{':' + port if port else ''}"


def policy(tiles: str, hashes: list[str]) -> str:
    """The policy's text. No third-party origin but the tile server's, for images only."""
    tile_server = tile_origin(tiles)
    directives = [
        ("default-src", ["'self'"]),
        # Pagefind's search is WebAssembly. It compiles it in its worker (a worker fetched from
        # the site has no policy of its own on GitHub Pages), but in the page itself when the
        # worker cannot start: 'wasm-unsafe-eval' allows that compiling, and not eval().
        ("script-src", ["'self'", "'wasm-unsafe-eval'", *dict.fromkeys(hashes)]),
        # Styles: inline styles are allowed. Today's pages would work without ('self' alone
        # gave no violation in Chromium on home, city, route and search pages: Leaflet and
        # Material set styles through the CSSOM, which CSP does not restrict). But markup
        # style attributes come with ordinary content: Python-Markdown's `tables` writes
        # `style="text-align: …"` for an aligned column in a hand-written page, and Material
        # copies markup with innerHTML (tooltips; Mermaid diagrams carry a <style>). A refused
        # style breaks a layout silently; CSS cannot run script, and where an injected style
        # could send data is bounded by img-src, font-src and connect-src below.
        ("style-src", ["'self'", "'unsafe-inline'"]),
        ("img-src", ["'self'", "data:", *([tile_server] if tile_server else [])]),
        ("font-src", ["'self'", "data:"]),
        # instant navigation, sitemap, Pagefind's index; and the tiles a saved walk keeps
        # (offline.js fetches the tiles the reader has seen, to keep them for the walk)
        ("connect-src", ["'self'", *([tile_server] if tile_server else [])]),
        ("worker-src", ["'self'"]),  # Pagefind's worker, the offline walks' service worker
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
    ]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def with_policy(page: str, tiles: str) -> str:
    """The page with its policy as the first element of <head> (replacing one already there)."""
    found = _read(page)
    if found.head_end is None:
        return page  # not an HTML document (no <head>): nothing to protect
    text = policy(tiles, [script_hash(script) for script in theme_scripts(page, found)])
    assert '"' not in text and "<" not in text and "&" not in text, text
    meta = f'<meta http-equiv="{META_NAME}" content="{html.escape(text, quote=False)}">'
    start, end = found.old_policy or (found.head_end, found.head_end)
    return page[:start] + meta + page[end:]
