"""Editor text made safe for the places it goes: Markdown, HTML and JavaScript.

Every string an editor writes is untrusted. It reaches three kinds of place:

* inline Markdown (names, summaries): HTML is escaped and Markdown's own signs
  are escaped, so a name shows exactly as typed;
* block Markdown (stories, intros): formatting works, but raw HTML is shown as
  text, attribute lists (``{: onclick=...}``) are disarmed, and links may only
  lead to https, http, mailto or relative addresses;
* JavaScript template literals (folium popups and tooltips): HTML is escaped, then
  the backtick, ``$`` and backslash become entities, so ``${...}`` cannot run.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

_INLINE_SIGNS = re.compile(r"([\\`*_\[\]{}|#!+-])")
_LINK_TARGET = re.compile(r"(\]\(\s*)(<?)([^)\s>]*)")
_REFERENCE = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*)(<?)(\S+)", re.MULTILINE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SAFE_SCHEMES = ("https:", "http:", "mailto:")


def inline(text: object) -> Markup:
    """Text shown literally inside a line of Markdown (and HTML).

    `'` is left as it is (an entity would show in the table of contents); `"` is escaped,
    so the text stays inert even inside a double-quoted attribute."""
    escaped = html.escape(str(text), quote=False).replace('"', "&quot;")
    # `~` and `^` (strike, sub- and superscript in some extensions) cannot be backslash-escaped
    # in Markdown (`\\~` shows the backslash): entities instead
    escaped = _INLINE_SIGNS.sub(r"\\\1", escaped).replace("~", "&#126;").replace("^", "&#94;")
    return Markup(escaped.replace("\n", " "))


def _safe_target(match: re.Match[str]) -> str:
    target = html.unescape(match.group(3))
    if _SCHEME.match(target.replace(" ", "")) and not target.lower().startswith(_SAFE_SCHEMES):
        return f"{match.group(1)}{match.group(2)}#"
    return match.group(0)


def block(text: object) -> Markup:
    """Editor Markdown (a story): formatting kept, HTML shown as text, unsafe links disarmed."""
    escaped = html.escape(str(text), quote=False)
    escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
    escaped = _LINK_TARGET.sub(_safe_target, escaped)
    escaped = _REFERENCE.sub(_safe_target, escaped)
    return Markup(escaped)


def js_template(text: object) -> str:
    """Text for inside a JavaScript template literal that becomes HTML (folium popups)."""
    escaped = html.escape(str(text), quote=True)
    return escaped.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def attribute(text: object) -> Markup:
    """Text for an HTML attribute value (always written in double quotes)."""
    return Markup(html.escape(str(text), quote=True).replace("\n", " "))
