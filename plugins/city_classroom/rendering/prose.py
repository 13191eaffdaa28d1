"""Editor prose (a site's `story`, a city's `intro`): a small Markdown subset, made into safe HTML.

Editors are untrusted, so their Markdown is not given to the site's Markdown (whose
`attr_list`, raw HTML, reference links and emoji each turned text into markup). It is
read here by markdown-it-py with only these rules switched on:

* paragraphs, `*emphasis*` and `**strong**`, bulleted and numbered lists, and links;

and everything else off: raw HTML (shown as text), images, headings, code, tables,
reference definitions, `{...}` attributes, emoji. After parsing, every link target is
checked on the parsed token, not on the text: `https:`, `http:`, `mailto:` or a path on
this site, nothing else (a refused link keeps its words, without the link). Then nh3
(the Ammonia sanitiser) has the last word: only the tags above survive, with `href`.

Every other editor text is plain text, escaped by the page templates.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

RULES = ("emphasis", "list", "link", "newline", "escape")
"""markdown-it rules switched on, beyond the paragraphs and text of its `zero` preset."""
TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "br"}
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
SCHEMES = {"https", "http", "mailto"}
LINK_REL = "nofollow noopener noreferrer"
"""Editors' links lead to other sites: they get no credit from ours, and no handle on it."""


class _EditorMarkdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # markdown-it's name for it
        return True  # every target is judged after parsing, on its token (`_unlink_refused`)


@cache
def _parser() -> MarkdownIt:
    parser = _EditorMarkdown("zero", {"html": False, "linkify": False, "typographer": False})
    parser.enable(list(RULES))
    return parser


def allowed_link(target: str) -> bool:
    """`https:`, `http:` and `mailto:` addresses, or a path on this site (relative: no scheme, no host)."""
    if any(ord(character) < 0x21 or ord(character) == 0x7F for character in target):
        return False  # markdown-it percent-encodes these: a raw one means something odd got through
    try:
        parts = urlsplit(target)
    except ValueError:
        return False
    if parts.scheme:
        return parts.scheme.lower() in SCHEMES and (parts.scheme.lower() == "mailto" or bool(parts.netloc))
    # a path relative to the page: a root-absolute one (`/x/`) could lead anywhere on a shared
    # origin (`<owner>.github.io`), out of this site
    return not parts.netloc and not target.startswith(("/", "\\"))


def _unlink_refused(tokens: list[Token]) -> None:
    """Drop the link tokens whose target is not allowed, keeping the words between them."""
    for token in tokens:
        if token.children:
            kept: list[Token] = []
            refused_depth = 0
            for child in token.children:
                if child.type == "link_open" and (refused_depth or not allowed_link(str(child.attrGet("href") or ""))):
                    refused_depth += 1
                    continue
                if child.type == "link_close" and refused_depth:
                    refused_depth -= 1
                    continue
                kept.append(child)
            token.children = kept


def to_html(markdown: str) -> Markup:
    """An editor's Markdown as sanitised HTML (paragraphs, emphasis, lists, links)."""
    parser = _parser()
    tokens = parser.parse(markdown)
    _unlink_refused(tokens)
    html = parser.renderer.render(tokens, parser.options, {})
    return Markup(
        nh3.clean(
            html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel=LINK_REL, strip_comments=True
        ).strip()
    )
