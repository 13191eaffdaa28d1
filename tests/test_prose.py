"""Editor prose: a small Markdown subset, checked after parsing and sanitised.

Whatever an editor writes in a story or an intro, the HTML that comes out holds only
paragraphs, emphasis, lists, line breaks and links, and every link leads to https, http,
mailto or a page of this site. Checked on the parsed output (html.parser), for hand-written
attacks and for text Hypothesis makes from Markdown's and HTML's own signs.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from city_classroom.rendering.prose import ATTRIBUTES, TAGS, allowed_link, to_html


class _Found(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def found(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Found()
    parser.feed(html)
    parser.close()
    return parser.tags


def assert_safe(html: str) -> None:
    for tag, attrs in found(html):
        assert tag in TAGS, (tag, html)
        for name, value in attrs.items():
            assert name in ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set()), (tag, name, html)
            if name == "href":
                assert value is not None and allowed_link(value), (value, html)


HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](\x01javascript:alert(1))",
    "[x](\tjavascript:alert(1))",
    "[x](java\u0000script:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    "[x](//evil.example/)",
    "[x](/other-project-on-the-same-origin/)",
    "[x](\\\\evil.example/)",
    "[x](https://example.org/{: onclick=alert(1)})",
    "[x](https://example.org/){: onclick=alert(1)}",
    "para\n{: onclick=alert(1)}",
    "[r]: javascript:alert(1)\n\n[a][r]",
    "- [a][r]\n\n  [r]: javascript:alert(1)",
    "!!! note\n    [b][r]\n\n    [r]: javascript:alert(1)",
    "![x](https://images.example.net/tracker.png)",
    "![x][r]\n\n[r]: https://images.example.net/tracker.png",
    ":smile: :material-alert:",
    "<details open ontoggle=alert(1)>",
    "<a href=javascript:alert(1)>a</a>",
    "[x](<javascript:alert(1)>)",
    "[x](&#106;avascript:alert(1))",
    '[x](https://example.org/"onmouseover="alert(1))',
    "```html\n<script>alert(1)</script>\n```",
    "<https://example.org> and <javascript:alert(1)>",
]


@pytest.mark.parametrize("markdown", HOSTILE)
def test_hostile_prose_becomes_inert_html(markdown):
    html = to_html(markdown)
    assert_safe(html)
    assert "<img" not in html and "<script" not in html and "<details" not in html
    assert "javascript:" not in "".join(str(a.get("href")) for _, a in found(html))


def test_the_subset_is_kept():
    html = to_html(
        "A *temple* and **bold** words.\n\n- one\n- [two](https://example.org/two)\n\n"
        "3. three\n4. [mail](mailto:guide@example.org)\n\n[home](../../)"
    )
    assert [tag for tag, _ in found(html)] == [
        "p",
        "em",
        "strong",
        "ul",
        "li",
        "li",
        "a",
        "ol",
        "li",
        "li",
        "a",
        "p",
        "a",
    ]
    assert 'href="https://example.org/two"' in html and 'href="../../"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_a_refused_link_keeps_its_words():
    assert to_html("see [the map](javascript:alert(1)) here") == "<p>see the map here</p>"


MARKDOWN_SIGNS = st.sampled_from(
    [
        *list("[]()<>!*_`{}:#\\\"'=&;/\n -"),
        "javascript:",
        "https://",
        "mailto:",
        "data:",
        "onerror=",
        "<img",
        "<a href=",
        "[r]:",
        "    ",
        "\t",
        "\x01",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(MARKDOWN_SIGNS, st.text(max_size=3)), max_size=40).map("".join))
def test_any_prose_gives_only_the_subset(markdown):
    assert_safe(to_html(markdown))
