"""How values are written into the HTML and JSON of a page, in one place.

Every string an editor writes is untrusted. Templates escape it by themselves (Jinja's
autoescape); what Python writes into markup goes through these:

* `attribute(text)`: text for an HTML attribute value or element text (quotes escaped);
* `compact_json(data)`: JSON as the pages' data attributes and the downloads carry it,
  keys sorted (the same input gives the same bytes), no NaN;
* `script_json(data)`: JSON for inside a `<script type="application/ld+json">` element:
  `<`, `>`, `&` and the line separators U+2028/U+2029 as `\\u` escapes, so that an editor's
  `</script>` cannot end the element.
"""

from __future__ import annotations

import html
import json
from typing import Any

from markupsafe import Markup


def attribute(text: object) -> Markup:
    """Text for an HTML attribute value (always written in double quotes) or element text."""
    return Markup(html.escape(str(text), quote=True).replace("\n", " "))


def compact_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def script_json(data: Any) -> str:
    return (
        json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
