"""The checker against hostile city folders: each is refused, quickly, in plain words.

Editors are untrusted. Each case here is a city folder built in tmp_path that `check`
accepted before (or crashed on, or hung over); each must now be refused through the
real command line, in a fresh process, with exit status 1, a `file:line:col` message
naming the right file and field, and no traceback. The timeout only guards against
a hang: nothing here measures time.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

import recordings

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
SECRET = "TOP-SECRET-7f3a9c"
"""Written into files outside the city folder: it must never appear in the checker's output."""

CITY = """\
name: Riverton
country: TH
languages: [en]
center: {lat: 18.5786, lon: 99.0087}
radius_km: 5
timezone: Asia/Bangkok
summary: A small town by the river.
"""

SITES = """\
sites:
  - id: old-temple
    name: Old Temple
    category: heritage
    lat: 18.5773
    lon: 99.0081
    summary: The oldest temple.
    story: Built long ago.
    learn:
      look: Look at the roof.
    events:
      - name: Temple fair
        dates: [2026-11-24]
    images:
      - file: images/wat.jpg
        alt: The temple roof
        credit: "Drawing: Mali K."
        license: CC-BY-SA-4.0
    links:
      - url: "https://example.org/temple"
        title: The temple
    sources:
      - url: "https://example.org/temple-hours"
        supports: hours
        checked: 2026-12-02
      - printed: "Plaque at the gate"
        supports: the story
        checked: 2026-12-02
    getting_there: On foot from the market.
    etiquette: Cover shoulders and knees.
    access:
      step_free: unknown
    audio:
      - file: audio/story.mp3
        credit: "Told by Mali K."
        license: CC-BY-4.0
  - id: museum
    name: Museum
    category: heritage
    lat: 18.5780
    lon: 99.0090
    summary: Old things.
    story: A story.
    learn:
      try: Draw a pot.
    sources:
      - printed: "Museum leaflet"
        supports: the story
        checked: 2026-12-02
"""

ROUTES = """\
routes:
  - id: temple-walk
    title: Temple walk
    theme: heritage
    stops: [old-temple, museum]
    path: paths/walk.geojson
"""

WALK = {"type": "LineString", "coordinates": [[99.0081, 18.5773], [99.0085, 18.5776], [99.0090, 18.5780]]}


def jpeg(size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, "JPEG", **save)
    return out.getvalue()


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, "PNG")
    return out.getvalue()


def good_city(root: Path) -> Path:
    """A city that checks clean: a picture, a recording and a drawn path, all real."""
    city = root / "cities" / "riverton"
    (city / "images").mkdir(parents=True)
    (city / "paths").mkdir()
    (city / "city.yml").write_text(CITY, encoding="utf-8")
    (city / "sites.yml").write_text(SITES, encoding="utf-8")
    (city / "routes.yml").write_text(ROUTES, encoding="utf-8")
    (city / "images" / "wat.jpg").write_bytes(jpeg())
    (city / "audio").mkdir()
    (city / "audio" / "story.mp3").write_bytes(recordings.mp3())
    (city / "paths" / "walk.geojson").write_text(json.dumps(WALK), encoding="utf-8")
    (root / "outside").mkdir()
    (root / "outside" / "secret.txt").write_text(f"name: {SECRET}\n", encoding="utf-8")
    return city


def check(root: Path, **env: str) -> tuple[int, str]:
    """`city-classroom check cities` from `root`, in a fresh process importing this checkout."""
    environment = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    environment["PYTHONPATH"] = os.pathsep.join([str(PLUGINS), environment.get("PYTHONPATH", "")])
    environment.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "city_classroom.cli", "check", "cities"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def edit(city: Path, file: str, old: str, new: str) -> None:
    text = (city / file).read_text(encoding="utf-8")
    assert old in text, f"{file} does not hold {old!r}"
    (city / file).write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(city: Path, file: str, needle: str) -> int:
    """The line of `file` that holds `needle`, 1-based."""
    lines = (city / file).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


@dataclass
class Case:
    make: Callable[[Path, Path], None]
    """Makes the city folder (given, good) hostile; the second path is tmp_path."""
    file: str
    """The file the message names, inside the city folder."""
    where: str | int
    """The line: a number, or text that stands on it (in the file after the change)."""
    field: str
    words: str
    """A regular expression the message must match after `field: `."""


def link(target: Path | str, at: Path) -> None:
    at.unlink(missing_ok=True)
    at.symlink_to(target)


def write_path(city: Path, geo: object) -> None:
    (city / "paths" / "walk.geojson").write_text(json.dumps(geo), encoding="utf-8")


def points(coordinates: list) -> dict:
    return {"type": "LineString", "coordinates": coordinates}


def to_secret(city: Path, tmp: Path) -> None:
    link(tmp / "outside" / "secret.txt", city / "images" / "wat.jpg")


def through_linked_folder(city: Path, tmp: Path) -> None:
    (tmp / "outside" / "pictures").mkdir()
    (tmp / "outside" / "pictures" / "wat.jpg").write_bytes(jpeg())
    (city / "images" / "wat.jpg").unlink()
    (city / "images").rmdir()
    link(tmp / "outside" / "pictures", city / "images")


def named_as(name: str, content: bytes) -> Callable[[Path, Path], None]:
    def make(city: Path, tmp: Path) -> None:
        (city / "images" / name).write_bytes(content)
        edit(city, "sites.yml", "file: images/wat.jpg", f"file: images/{name}")

    return make


def recording_as(name: str, content: bytes) -> Callable[[Path, Path], None]:
    def make(city: Path, tmp: Path) -> None:
        (city / "audio" / name).write_bytes(content)
        edit(city, "sites.yml", "file: audio/story.mp3", f"file: audio/{name}")

    return make


def huge_recording(city: Path, tmp: Path) -> None:
    with open(city / "audio" / "story.mp3", "r+b") as file:  # sparse: nothing written to disk
        file.truncate(17 * 1024 * 1024)


def huge(city: Path, tmp: Path) -> None:
    with open(city / "images" / "wat.jpg", "r+b") as file:  # sparse: no 9 MB written to disk
        file.truncate(9 * 1024 * 1024)


def fifo(city: Path, tmp: Path) -> None:
    (city / "images" / "wat.jpg").unlink()
    os.mkfifo(city / "images" / "wat.jpg")  # opening it would block the checker for ever


def sites_change(old: str, new: str) -> Callable[[Path, Path], None]:
    return lambda city, tmp: edit(city, "sites.yml", old, new)


def city_change(old: str, new: str) -> Callable[[Path, Path], None]:
    return lambda city, tmp: edit(city, "city.yml", old, new)


def path_text(text: str) -> Callable[[Path, Path], None]:
    return lambda city, tmp: (city / "paths" / "walk.geojson").write_text(text, encoding="utf-8")


def million_points(city: Path, tmp: Path) -> None:
    step = [[99.0081 + i * 1e-9, 18.5773] for i in range(1_000_000)]
    write_path(city, points(step))


def many_short_points(city: Path, tmp: Path) -> None:
    write_path(city, points([[99, 18]] * 10_001))


def bracket_comment(city: Path, tmp: Path) -> None:
    """120 KB: a comment full of `]` (which counting characters took for closing brackets),
    then thousands of `[`: PyYAML would take minutes over them."""
    text = (city / "sites.yml").read_text(encoding="utf-8")
    (city / "sites.yml").write_text(
        "# " + "]" * 60_000 + "\n" + text + "    hours: " + "[" * 60_000 + "\n", encoding="utf-8"
    )


def deep_indent(city: Path, tmp: Path) -> None:
    nested = "".join(" " * (2 * level) + f"k{level}:\n" for level in range(300))
    (city / "sites.yml").write_text(
        SITES + "extra:\n" + "  " + nested.replace("\n", "\n  ").rstrip() + " 1\n", encoding="utf-8"
    )


LINK_WORDS = r"is a symbolic link; a picture must be a real file inside the city folder"
RECORDING_LINK_WORDS = r"is a symbolic link; a recording must be a real file inside the city folder"

CASES: dict[str, Case] = {
    # --- recordings (issue 16): the same gate as pictures, each container checked ---
    "recording-is-html-named-mp3": Case(
        recording_as("story.mp3", b"<!doctype html><html><script>alert(1)</script></html>"),
        "sites.yml",
        "file: audio/story.mp3",
        r"sites\[0\]\.audio\[0\]\.file",
        r"is not an MP3 recording, though its name ends in \.mp3 \(it holds the text of a web page",
    ),
    "recording-links-to-a-secret": Case(
        lambda city, tmp: link(tmp / "outside" / "secret.txt", city / "audio" / "story.mp3"),
        "sites.yml",
        "file: audio/story.mp3",
        r"sites\[0\]\.audio\[0\]\.file",
        r"`cities/riverton/audio/story\.mp3` " + RECORDING_LINK_WORDS,
    ),
    "recording-links-to-a-real-mp3-outside": Case(
        lambda city, tmp: (
            (tmp / "outside" / "story.mp3").write_bytes(recordings.mp3()),
            link(tmp / "outside" / "story.mp3", city / "audio" / "story.mp3"),
        ),
        "sites.yml",
        "file: audio/story.mp3",
        r"sites\[0\]\.audio\[0\]\.file",
        RECORDING_LINK_WORDS,
    ),
    "recording-is-huge": Case(
        huge_recording,
        "sites.yml",
        "file: audio/story.mp3",
        r"sites\[0\]\.audio\[0\]\.file",
        r"larger than the 16\.0 MB a recording may be; save it as an MP3 at 64 kbit/s",
    ),
    "recording-is-a-jpeg-named-ogg": Case(
        recording_as("story.ogg", jpeg()),
        "sites.yml",
        "file: audio/story.ogg",
        r"sites\[0\]\.audio\[0\]\.file",
        r"is not an Ogg recording, though its name ends in \.ogg \(it is a picture\)",
    ),
    "recording-is-an-mp3-named-m4a": Case(
        recording_as("story.m4a", recordings.mp3()),
        "sites.yml",
        "file: audio/story.m4a",
        r"sites\[0\]\.audio\[0\]\.file",
        r"is not an AAC \(\.m4a\) recording, though its name ends in \.m4a \(it is an MP3 recording\)",
    ),
    "recording-is-vorbis-named-opus": Case(
        recording_as("story.opus", recordings.vorbis()),
        "sites.yml",
        "file: audio/story.opus",
        r"sites\[0\]\.audio\[0\]\.file",
        r"is not an Opus recording, though its name ends in \.opus \(it is an Ogg recording\)",
    ),
    "recording-escapes-the-city-folder": Case(
        sites_change("file: audio/story.mp3", "file: ../../outside/secret.mp3"),
        "sites.yml",
        "file: ../../outside/secret.mp3",
        r"sites\[0\]\.audio\[0\]\.file",
        r"is outside the city folder; give a path inside it, such as `audio/elder-story\.mp3`",
    ),
    "recording-is-a-web-page-by-name": Case(
        recording_as("story.html", b"<html></html>"),
        "sites.yml",
        "file: audio/story.html",
        r"sites\[0\]\.audio\[0\]\.file",
        r"is a `\.html` file; a recording must be an MP3, AAC or Ogg file",
    ),
    "recording-license-unknown": Case(
        sites_change("license: CC-BY-4.0", "license: free-for-all"),
        "sites.yml",
        "license: free-for-all",
        r"sites\[0\]\.audio\[0\]\.license",
        r"`free-for-all` is not an SPDX licence identifier",
    ),
    "recording-language-not-a-code": Case(
        sites_change('credit: "Told by Mali K."', 'credit: "Told by Mali K."\n        language: Thai'),
        "sites.yml",
        "language: Thai",
        r"sites\[0\]\.audio\[0\]\.language",
        r"`Thai` is not a language code",
    ),
    # --- files: the gate ---
    "image-links-to-a-secret": Case(
        to_secret,
        "sites.yml",
        "file: images/wat.jpg",
        r"sites\[0\]\.images\[0\]\.file",
        r"`cities/riverton/images/wat\.jpg` " + LINK_WORDS,
    ),
    "image-links-to-proc-environ": Case(
        lambda city, tmp: link("/proc/self/environ", city / "images" / "wat.jpg"),
        "sites.yml",
        "file: images/wat.jpg",
        r"sites\[0\]\.images\[0\]\.file",
        LINK_WORDS,
    ),
    "image-links-to-etc-passwd": Case(
        lambda city, tmp: link("/etc/passwd", city / "images" / "wat.jpg"),
        "sites.yml",
        "file: images/wat.jpg",
        r"sites\[0\]\.images\[0\]\.file",
        LINK_WORDS,
    ),
    "image-links-to-a-picture-outside": Case(
        lambda city, tmp: (
            (tmp / "outside" / "wat.jpg").write_bytes(jpeg()),
            link(tmp / "outside" / "wat.jpg", city / "images" / "wat.jpg"),
        ),
        "sites.yml",
        "file: images/wat.jpg",
        r"sites\[0\]\.images\[0\]\.file",
        LINK_WORDS,
    ),
    "image-through-a-linked-folder": Case(
        through_linked_folder,
        "sites.yml",
        "file: images/wat.jpg",
        r"sites\[0\]\.images\[0\]\.file",
        r"the folder `cities/riverton/images` is a symbolic link",
    ),
    "image-is-a-named-pipe": Case(
        fifo, "sites.yml", "file: images/wat.jpg", r"sites\[0\]\.images\[0\]\.file", r"is a named pipe, not a file"
    ),
    "image-is-a-folder": Case(
        lambda city, tmp: (city / "images" / "wat.jpg").unlink() or (city / "images" / "wat.jpg").mkdir(),
        "sites.yml",
        "file: images/wat.jpg",
        r"sites\[0\]\.images\[0\]\.file",
        r"is a folder",
    ),
    "image-is-html": Case(
        named_as("wat.html", b"<html><script>alert(1)</script></html>"),
        "sites.yml",
        "file: images/wat.html",
        r"sites\[0\]\.images\[0\]\.file",
        r"is a web page; a picture must be a JPEG, PNG or WebP",
    ),
    "image-is-svg": Case(
        named_as("wat.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        "sites.yml",
        "file: images/wat.svg",
        r"sites\[0\]\.images\[0\]\.file",
        r"is an SVG drawing",
    ),
    "image-is-markdown": Case(
        named_as("wat.md", b"# a text\n"),
        "sites.yml",
        "file: images/wat.md",
        r"sites\[0\]\.images\[0\]\.file",
        r"is a Markdown text",
    ),
    "text-renamed-jpg": Case(
        named_as("wat.jpg", b"just some words, not a photo\n"),
        "sites.yml",
        "file: images/wat.jpg",
        r"sites\[0\]\.images\[0\]\.file",
        r"is not a JPEG, PNG or WebP picture \(it holds text\)",
    ),
    "svg-renamed-jpg": Case(
        named_as("wat.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
        "sites.yml",
        "file: images/wat.jpg",
        r"sites\[0\]\.images\[0\]\.file",
        r"web page or SVG drawing",
    ),
    "png-named-jpg": Case(
        named_as("wat.jpg", png()),
        "sites.yml",
        "file: images/wat.jpg",
        r"sites\[0\]\.images\[0\]\.file",
        r"holds a PNG picture .* rename it to end in \.png",
    ),
    "truncated-jpeg": Case(
        named_as("wat.jpg", jpeg()[:200]),
        "sites.yml",
        "file: images/wat.jpg",
        r"sites\[0\]\.images\[0\]\.file",
        r"is damaged",
    ),
    "huge-image-file": Case(
        huge,
        "sites.yml",
        "file: images/wat.jpg",
        r"sites\[0\]\.images\[0\]\.file",
        r"is 9\.0 MB, larger than the 8\.0 MB a picture may be",
    ),
    "too-many-pixels": Case(
        named_as("wat.png", png((7000, 8))),
        "sites.yml",
        "file: images/wat.png",
        r"sites\[0\]\.images\[0\]\.file",
        r"is 7000×8 pixels, larger than 6000×6000",
    ),
    "image-name-with-nul": Case(
        sites_change("file: images/wat.jpg", 'file: "images/wat\\0.jpg"'),
        "sites.yml",
        'file: "images/wat',
        r"sites\[0\]\.images\[0\]\.file",
        r"a control character",
    ),
    "image-above-the-city": Case(
        sites_change("file: images/wat.jpg", "file: images/../../outside/x.jpg"),
        "sites.yml",
        "file: images/..",
        r"sites\[0\]\.images\[0\]\.file",
        r"is outside the city folder",
    ),
    "path-links-outside": Case(
        lambda city, tmp: link(tmp / "outside" / "secret.txt", city / "paths" / "walk.geojson"),
        "routes.yml",
        "path:",
        r"routes\[0\]\.path",
        r"is a symbolic link; a drawn path must be a real file",
    ),
    # --- the city's YAML files themselves ---
    "city-yml-is-a-link": Case(
        lambda city, tmp: link(tmp / "outside" / "secret.txt", city / "city.yml"),
        "city.yml",
        1,
        "",
        r"is a symbolic link; a city file must be a real file",
    ),
    "sites-yml-is-a-link": Case(
        lambda city, tmp: link(tmp / "outside" / "secret.txt", city / "sites.yml"),
        "sites.yml",
        1,
        "",
        r"is a symbolic link; a city file must be a real file",
    ),
    "near-miss-name-links-to-a-secret": Case(  # reported by its name, never read
        lambda city, tmp: link(tmp / "outside" / "secret.txt", city / "Food.YML"),
        "Food.YML",
        1,
        "",
        r"this file is not read: .*; rename it `food\.yml`",
    ),
    "near-miss-name-is-a-named-pipe": Case(
        lambda city, tmp: os.mkfifo(city / "food.yml.txt"), "food.yml.txt", 1, "", r"this file is not read"
    ),
    "yml-is-a-named-pipe": Case(
        lambda city, tmp: os.mkfifo(city / "more.yml"), "more.yml", 1, "", r"is a named pipe, not a file"
    ),
    "bracket-comment": Case(
        bracket_comment,
        "sites.yml",
        "hours: [",
        "",
        r"more than 100 brackets open at once; a city file needs only a few levels",
    ),
    "deep-indentation": Case(deep_indent, "sites.yml", "k99:", "", r"nested more than 100 levels deep"),
    # --- drawn paths ---
    "path-latitude-minus-5000": Case(
        lambda city, tmp: write_path(city, points([[99.0, 18.5], [99.0, -5000]])),
        "routes.yml",
        "path:",
        r"routes\[0\]\.path",
        r"point 1 has latitude -5000 \(its second number\)",
    ),
    "path-booleans": Case(
        lambda city, tmp: write_path(city, points([[True, False], [99.0, 18.5]])),
        "routes.yml",
        "path:",
        r"routes\[0\]\.path",
        r"point 0 is `\[true, false\]`",
    ),
    "path-nan": Case(
        path_text('{"type": "LineString", "coordinates": [[99.0, NaN], [99.0, 18.5]]}'),
        "routes.yml",
        "path:",
        r"routes\[0\]\.path",
        r"holds `NaN`, which is not a number",
    ),
    "path-infinity": Case(
        path_text('{"type": "LineString", "coordinates": [[99.0, 1e999], [99.0, 18.5]]}'),
        "routes.yml",
        "path:",
        r"routes\[0\]\.path",
        r"point 0 is `\[99\.0, Infinity\]`",
    ),
    "path-a-million-points": Case(
        million_points, "routes.yml", "path:", r"routes\[0\]\.path", r"larger than the 2\.0 MB a drawn path may be"
    ),
    "path-too-many-points": Case(
        many_short_points, "routes.yml", "path:", r"routes\[0\]\.path", r"has 10,001 points, more than the 5,000"
    ),
    "path-on-another-continent": Case(
        lambda city, tmp: write_path(city, points([[99.0081, 18.5773], [2.35, 48.85], [99.009, 18.578]])),
        "routes.yml",
        "path:",
        r"routes\[0\]\.path",
        r"point 1 \(\[2\.35, 48\.85\]\) is [\d,.]+ km from the city centre",
    ),
    "path-nested-100k-deep": Case(
        path_text("[" * 100_000 + "]" * 100_000),
        "routes.yml",
        "path:",
        r"routes\[0\]\.path",
        r"nests brackets more than 20 deep",
    ),
    "path-two-features": Case(
        lambda city, tmp: write_path(
            city,
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "geometry": WALK}, {"type": "Feature", "geometry": WALK}],
            },
        ),
        "routes.yml",
        "path:",
        r"routes\[0\]\.path",
        r"holds 2 features; a route's path is one line",
    ),
    # --- values a later step cannot take ---
    "lone-surrogate": Case(
        sites_change("name: Old Temple", 'name: "Old \\ud800 Temple"'),
        "sites.yml",
        "Old \\ud800",
        r"sites\[0\]\.name",
        r"`\\ud800` is half of a character",
    ),
    "escaped-emoji-pair": Case(
        sites_change("name: Old Temple", 'name: "Old Temple \\ud83d\\ude00"'),
        "sites.yml",
        "ude00",
        r"sites\[0\]\.name",
        r"`\\ud83d\\ude00` writes one character \(😀\) as two halves.*\\U0001F600",
    ),
    "escape-character-in-text": Case(
        sites_change("story: Built long ago.", 'story: "Built \\e[31m long ago"'),
        "sites.yml",
        "story:",
        r"sites\[0\]\.story",
        r"a control character \(\\x1b\)",
    ),
    "bell-in-a-key": Case(
        sites_change("    story: Built long ago.", '    "sto\\ary": Built long ago.'),
        "sites.yml",
        "sto",
        r"sites\[0\]\.sto\\x07ry",
        r"a control character \(\\x07\)",
    ),
    "date-9999": Case(
        sites_change("dates: [2026-11-24]", "dates: [9999-12-31]"),
        "sites.yml",
        "dates:",
        r"sites\[0\]\.events\[0\]\.dates\[0\]",
        r"9999-12-31 is too far .* between 1900-01-01 and 2200-12-31",
    ),
    "date-0001": Case(
        sites_change("dates: [2026-11-24]", "dates: [0001-01-01]"),
        "sites.yml",
        "dates:",
        r"sites\[0\]\.events\[0\]\.dates\[0\]",
        r"0001-01-01 is too far",
    ),
    "nan-radius": Case(
        city_change("radius_km: 5", "radius_km: .nan"),
        "city.yml",
        "radius_km",
        "radius_km",
        r"`\.nan` is not a number a map can use",
    ),
    "infinite-latitude": Case(
        sites_change("lat: 18.5773", "lat: .inf"),
        "sites.yml",
        "lat: .inf",
        r"sites\[0\]\.lat",
        r"`\.inf` is not a number a map can use",
    ),
    "nan-center": Case(
        city_change("lat: 18.5786", "lat: .NaN"),
        "city.yml",
        "center",
        r"center\.lat",
        r"`\.NaN` is not a number a map can use",
    ),
    "id-with-newline": Case(
        sites_change("id: old-temple", 'id: "old-temple\\n"'),
        "sites.yml",
        'id: "old',
        r"sites\[0\]\.id",
        r"`old-temple\\n` is not a valid id",
    ),
    "country-with-newline": Case(
        city_change("country: TH", 'country: "TH\\n"'),
        "city.yml",
        "country",
        "country",
        r"`TH\\n` is not a two-letter country code",
    ),
    "language-with-newline": Case(
        city_change("languages: [en]", 'languages: ["en\\n"]'),
        "city.yml",
        "languages",
        "languages",
        r"`en\\n` is not a language code",
    ),
    "url-with-newline": Case(
        sites_change('url: "https://example.org/temple"', 'url: "https://example.org/temple\\n"'),
        "sites.yml",
        "url:",
        r"sites\[0\]\.links\[0\]\.url",
        r"`https://example\.org/temple\\n` is not an https:// address",
    ),
    "license-ref-with-newline": Case(
        sites_change("license: CC-BY-SA-4.0", 'license: "LicenseRef-mine\\n"'),
        "sites.yml",
        "license:",
        r"sites\[0\]\.images\[0\]\.license",
        r"`LicenseRef-mine\\n` is not an SPDX licence identifier",
    ),
    "credit-with-newline": Case(
        sites_change('credit: "Drawing: Mali K."', 'credit: "Drawing:\\nMali K."'),
        "sites.yml",
        "credit:",
        r"sites\[0\]\.images\[0\]\.credit",
        r"holds a line break or control character \(\\n\); write it on one line",
    ),
    # issue 15: sources, getting_there, etiquette, access stated unknown
    "source-javascript-url": Case(
        sites_change('url: "https://example.org/temple-hours"', 'url: "javascript:alert(1)"'),
        "sites.yml",
        "javascript:alert",
        r"sites\[0\]\.sources\[0\]\.url",
        r"`javascript:alert\(1\)` is not a web address; a source's url must start with https://",
    ),
    "source-data-url": Case(
        sites_change('url: "https://example.org/temple-hours"', 'url: "data:text/html,<script>alert(1)</script>"'),
        "sites.yml",
        "data:text",
        r"sites\[0\]\.sources\[0\]\.url",
        r"is not a web address",
    ),
    "source-url-and-printed": Case(
        sites_change(
            'url: "https://example.org/temple-hours"', 'url: "https://example.org/a"\n        printed: A book'
        ),
        "sites.yml",
        '- url: "https://example.org/a"',
        r"sites\[0\]\.sources\[0\]",
        r"give exactly one of `url` \(a web page\) or `printed`",
    ),
    "source-neither": Case(
        sites_change('- printed: "Plaque at the gate"', "- printed: null"),
        "sites.yml",
        "printed: null",
        r"sites\[0\]\.sources\[1\]",
        r"give exactly one of `url`",
    ),
    "source-printed-control-character": Case(
        sites_change('printed: "Plaque at the gate"', 'printed: "Plaque\\x1b[31m at the gate"'),
        "sites.yml",
        "Plaque",
        r"sites\[0\]\.sources\[1\]\.printed",
        r"\\x1b",
    ),
    "source-printed-line-break": Case(
        sites_change('printed: "Plaque at the gate"', 'printed: "Plaque\\n::error::at the gate"'),
        "sites.yml",
        "Plaque",
        r"sites\[0\]\.sources\[1\]\.printed",
        r"line break or control character \(\\n\)",
    ),
    "source-supports-too-long": Case(
        sites_change("supports: hours", "supports: " + "<script>alert(1)</script>" * 20),
        "sites.yml",
        "supports: <script>",
        r"sites\[0\]\.sources\[0\]\.supports",
        r"500 characters long; keep it to one short line",
    ),
    "source-checked-not-a-date": Case(
        sites_change("checked: 2026-12-02", "checked: <script>"),
        "sites.yml",
        "checked: <script>",
        r"sites\[0\]\.sources\[0\]\.checked",
        r"is not a date; write it as YYYY-MM-DD",
    ),
    "source-checked-far-future": Case(
        sites_change("checked: 2026-12-02", "checked: 9999-12-31"),
        "sites.yml",
        "checked: 9999",
        r"sites\[0\]\.sources\[0\]\.checked",
        r"too far from today",
    ),
    "sources-huge-list": Case(
        sites_change(
            "    sources:\n      - url:",
            "    sources:\n"
            + '      - {printed: "<img src=x onerror=alert(1)>", supports: x, checked: 2026-12-02}\n' * 10_000
            + "      - url:",
        ),
        "sites.yml",
        "<img src=x",
        r"sites\[0\]\.sources",
        r"this list has 10002 items, more than 20",
    ),
    "sources-missing": Case(
        sites_change(
            '    sources:\n      - printed: "Museum leaflet"\n'
            "        supports: the story\n        checked: 2026-12-02\n",
            "",
        ),
        "sites.yml",
        "- id: museum",
        r"sites\[1\]\.sources",
        r"`museum` has no `sources`; add where its facts come from",
    ),
    "getting-there-control-character": Case(
        sites_change("getting_there: On foot from the market.", 'getting_there: "On foot\\x07 from <script>"'),
        "sites.yml",
        "getting_there:",
        r"sites\[0\]\.getting_there",
        r"\\x07",
    ),
    "groups-control-character": Case(
        sites_change(
            "etiquette: Cover shoulders and knees.",
            'etiquette: Cover shoulders and knees.\n    groups: "Book\\x1b[2J ahead"',
        ),
        "sites.yml",
        "groups:",
        r"sites\[0\]\.groups",
        r"\\x1b",
    ),
    "etiquette-empty": Case(
        sites_change("etiquette: Cover shoulders and knees.", 'etiquette: "  "'),
        "sites.yml",
        "etiquette:",
        r"sites\[0\]\.etiquette",
        r"text is empty",
    ),
    "access-maybe": Case(
        sites_change("step_free: unknown", "step_free: <script>"),
        "sites.yml",
        "step_free:",
        r"sites\[0\]\.access\.step_free",
        r"expected true, false or unknown, found `<script>`",
    ),
    "timezone-factory": Case(
        city_change("timezone: Asia/Bangkok", "timezone: Factory"),
        "city.yml",
        "timezone",
        "timezone",
        r"`Factory` is not a place's time zone; use one such as Asia/Bangkok",
    ),
    "timezone-localtime": Case(
        city_change("timezone: Asia/Bangkok", "timezone: localtime"),
        "city.yml",
        "timezone",
        "timezone",
        r"`localtime` is not a (place's )?time zone",
    ),
    "timezone-utc": Case(
        city_change("timezone: Asia/Bangkok", "timezone: UTC"),
        "city.yml",
        "timezone",
        "timezone",
        r"`UTC` is not a place's time zone",
    ),
    "timezone-etc": Case(
        city_change("timezone: Asia/Bangkok", "timezone: Etc/GMT-7"),
        "city.yml",
        "timezone",
        "timezone",
        r"`Etc/GMT-7` is not a place's time zone",
    ),
    "timezone-with-newline": Case(
        city_change("timezone: Asia/Bangkok", 'timezone: "Asia/Bangkok\\n"'),
        "city.yml",
        "timezone",
        "timezone",
        r"`Asia/Bangkok\\n` is not a time zone",
    ),
}


def test_the_good_city_checks_clean(tmp_path: Path) -> None:
    good_city(tmp_path)
    code, output = check(tmp_path)
    assert code == 0, output
    assert output.splitlines()[-1] == "1 cities, 0 errors, 0 warning(s)"


@pytest.mark.parametrize("name", list(CASES))
def test_each_hostile_case_is_refused(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    city = good_city(tmp_path)
    case.make(city, tmp_path)
    code, output = check(tmp_path, CITY_SECRET=SECRET)
    assert "Traceback" not in output, output
    assert code == 1, output
    line = case.where if isinstance(case.where, int) else line_of(city, case.file, case.where)
    field = f"{case.field}: " if case.field else ""
    wanted = re.compile(rf"^cities/riverton/{re.escape(case.file)}:{line}:\d+: {field}.*?(?:{case.words})", re.M)
    assert wanted.search(output), f"no line like\n  {wanted.pattern}\nin\n{output}"
    assert SECRET not in output
    assert not any(line.startswith("::") for line in output.splitlines())


def test_a_secret_behind_a_link_is_never_read(tmp_path: Path) -> None:
    """A city.yml linked to a named pipe outside: following the link would block for ever."""
    city = good_city(tmp_path)
    os.mkfifo(tmp_path / "outside" / "pipe")
    link(tmp_path / "outside" / "pipe", city / "city.yml")
    link(tmp_path / "outside" / "pipe", city / "images" / "wat.jpg")
    code, output = check(tmp_path)
    assert code == 1 and "Traceback" not in output
    assert "cities/riverton/city.yml:1:1: `cities/riverton/city.yml` is a symbolic link" in output


def test_environment_behind_a_link_is_not_shown(tmp_path: Path) -> None:
    city = good_city(tmp_path)
    link("/proc/self/environ", city / "city.yml")
    link("/proc/self/environ", city / "images" / "wat.jpg")
    code, output = check(tmp_path, CITY_SECRET=SECRET)
    assert code == 1 and "Traceback" not in output
    assert SECRET not in output and "PYTHONPATH" not in output


def test_a_linked_city_folder_is_refused(tmp_path: Path) -> None:
    good_city(tmp_path)
    (tmp_path / "cities" / "riverton").rename(tmp_path / "outside" / "riverton")
    link(tmp_path / "outside" / "riverton", tmp_path / "cities" / "riverton")
    code, output = check(tmp_path)
    assert code == 1 and "Traceback" not in output
    assert (
        "cities/riverton/city.yml:1:1: the city folder `cities/riverton` is a symbolic link; a city must "
        "be a real folder inside cities/"
    ) in output


# --- GitHub workflow commands --------------------------------------------------------------


def injections(city: Path, tmp: Path) -> None:
    """Values whose quoting would print `::stop-commands::` or `::warning::` on a line of its own."""
    edit(city, "sites.yml", "id: old-temple", 'id: "x\\n::stop-commands::pwned\\n::warning::injected"')
    edit(city, "sites.yml", "    story: A story.", '    story: A story.\n    "a\\n::error::k": 1')
    (city / "more.yml").write_text('"sites\\r\\n::error::x": []\n', encoding="utf-8")
    edit(city, "city.yml", "country: TH", 'country: "T\\n::add-mask::x"')
    edit(city, "routes.yml", "stops: [old-temple, museum]", 'stops: ["\\n::warning::stop", museum]')


def test_no_workflow_command_but_the_annotations(tmp_path: Path) -> None:
    city = good_city(tmp_path)
    injections(city, tmp_path)
    bad = tmp_path / "cities" / "a,b:c"  # a folder name that a `file=` property must escape
    bad.mkdir()
    code, output = check(tmp_path, GITHUB_ACTIONS="true")
    assert code == 1 and "Traceback" not in output
    lines = output.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert commands, output
    for command in commands:
        assert re.fullmatch(r"::error file=[^:,\r\n]+,line=\d+,col=\d+::[^\r\n]*", command), command
    assert not any(line.lstrip().startswith("::") and line not in commands for line in lines)
    assert "::error file=cities/a%2Cb%3Ac/city.yml,line=1,col=1::" in output
    assert r"`x\n::stop-commands::pwned\n::warning::injected` is not a valid id" in output
    assert not any(line.startswith(("::stop-commands", "::warning", "::add-mask")) for line in lines)
    assert len([line for line in lines if re.match(r"^\S+:\d+:\d+: ", line)]) == len(commands)
