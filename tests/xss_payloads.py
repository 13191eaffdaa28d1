"""Hostile strings an editor could write (by mistake or on purpose) into any text field.

Each one aims at a place the text goes: HTML, an attribute, a JavaScript template
literal (folium popups), a JSON or `<script>` block, Markdown, attr_list, Jinja.
A safe page shows every one of them as the very characters typed, and runs none.
"""

from __future__ import annotations

PAYLOADS: list[str] = [
    "${alert(1)}",
    "`;alert(1);`",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "\\u0060",
    "'-alert(1)-'",
    "[x](javascript:alert(1))",
    '{: onclick="alert(1)"}',
    "<!--",
    "]]>",
    "\\",
    "${window.pwned=1}",
    "{{7*7}}",
    "%}{{",
    "</title><script>window.pwned=1</script>",
    "</textarea><img src=x onerror=window.pwned=1>",
    "\\`+(window.pwned=1)+\\`",
    "&lt;b&gt;entity&amp;",
    "<a href=javascript:alert(1)>a</a>",
    "\u2028\u2029 line separators",
    "*emph* _under_ ~tilde~ | pipe |",
    "[x](https://example.org/a{: onclick=window.pwned=1})",
    "- [a][r]\n\n  [r]: javascript:window.pwned=1",
    "!!! note\n    [b][r]\n\n    [r]: javascript:window.pwned=1",
    "![x](https://images.example.net/tracker.png)",
    ":smile: :material-alert: :fontawesome-brands-github:",
    "[x](JaVaScRiPt:window.pwned=1) [y]( javascript:window.pwned=1)",
    "<details open ontoggle=window.pwned=1>",
    "x{: onmouseover=window.pwned=1 }",
]
"""At least 15; each is valid in YAML when written with `yaml.safe_dump`."""

MARKDOWN_SIGNS = ("`", "[x](", "*", "_", "\\\\", "\\`")
"""Payloads that editor Markdown (a story, an intro) is meant to format: there the reader
sees the formatting, not the signs, so their literal text is not expected in block fields."""


def formatted_by_markdown(payload: str) -> bool:
    return any(sign in payload for sign in MARKDOWN_SIGNS)


def shown(payload: str) -> str:
    """The text a reader sees for a payload in a line of text: the browser folds whitespace."""
    return " ".join(payload.split())
