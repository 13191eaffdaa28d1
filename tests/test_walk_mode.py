"""Walk mode and read aloud (issue 16), without a browser: the data the pages carry, and the gate
for recorded stories.

* route pages carry every stop with its prompts, place and leg (metres, relaxed minutes,
  compass direction as geo.py computes it), the arrival radius from the options, and each
  stop's recording in the page's language; site pages carry what "Listen" says, each piece
  with the speech language of its words (a fallback text keeps its own language);
* a recording passes the gate only when its container is what its name says (MP3 frames,
  an ISO `ftyp` file with a `moov` box, an Ogg stream of Vorbis or Opus), and is published
  as it is under the city's numbered media address. (Hostile folders through the real
  checker: tests/test_hostile_checker.py; in Chromium: tests/test_walk_mode_browser.py.)
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

import recordings
from city_classroom.city_files import gate
from city_classroom.city_files.gate import GateError
from city_classroom.geo import compass_point
from city_classroom.guide import build_guide
from city_classroom.rendering.i18n import label
from city_classroom.rendering.walk_mode import ARRIVAL_RADIUS_M, SPEECH_LANGUAGES
from support import FIXTURE_CITIES, page_html, plugin_options

FIXTURE_RECORDING = FIXTURE_CITIES / "riverton" / "audio" / "old-temple-story.mp3"


def _data(page_html: str, attribute: str) -> dict:
    value = re.search(rf' {attribute}="([^"]*)"', page_html).group(1)
    assert "<" not in value and ">" not in value and "'" not in value
    return json.loads(html.unescape(value))


def test_the_option_is_forty_metres_by_default():
    assert plugin_options()["arrival_radius_m"] == ARRIVAL_RADIUS_M == 40


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("th/", "th"), ("zh/", "zh")])
def test_a_route_page_carries_every_stop_and_leg(guide, prefix, language):
    page = page_html(guide, f"{prefix}riverton/routes/temple-walk.md")
    data = _data(page, "data-walk-mode")
    plan = next(r for p in guide.plans for r in p.routes if r.route.id == "temple-walk")
    assert data["route"] == "temple-walk" and data["radius"] == ARRIVAL_RADIUS_M
    assert data["lang"] == SPEECH_LANGUAGES[language]
    assert [s["id"] for s in data["stops"]] == [s.id for s in plan.stops]
    for index, (stop, site) in enumerate(zip(data["stops"], plan.stops, strict=True)):
        assert stop["number"] == index + 1
        assert stop["position"] == label(language, "stop_of", number=index + 1, count=3)
        assert (stop["lat"], stop["lon"]) == (site.lat, site.lon)
        assert stop["url"] == f"../../sites/{site.id}/?walk=temple-walk"
        assert [p["kind"] for p in stop["prompts"]] == [kind for kind, _ in site.learn.prompts()]
        assert [p["label"] for p in stop["prompts"]] == [label(language, kind) for kind, _ in site.learn.prompts()]
        if index < len(plan.legs):
            leg = plan.legs[index]
            assert stop["leg"] == {
                "metres": round(leg.metres),
                "minutes": max(1, round(leg.relaxed_minutes)),
                "direction": compass_point(site.lat, site.lon, leg.end.lat, leg.end.lon),
            }
        else:
            assert stop["leg"] is None
    # riverton has no Chinese texts: a Chinese page shows the English ones, marked as English
    fallback = "en" if language == "zh" else language
    assert data["stops"][0]["languages"] == {"name": fallback, "summary": fallback}
    assert {p["lang"] for s in data["stops"] for p in s["prompts"]} == {fallback}
    # the first leg of riverton's temple walk goes north-east: old temple → museum
    assert data["stops"][0]["leg"]["direction"] == "NE"
    assert data["labels"]["walk_arrived"] == label(language, "walk_arrived")
    # the section is there for the script only: hidden, left out of search, no inline script
    tag = re.search(r"<section class=\"cc-walk-mode\"[^>]*>", page).group(0)
    assert " hidden" in tag and 'data-pagefind-ignore="all"' in tag
    assert "<script" not in page


def test_the_radius_comes_from_the_options():
    options = plugin_options()
    options["arrival_radius_m"] = 25
    guide, problems = build_guide(FIXTURE_CITIES, options)
    assert guide is not None, problems
    assert _data(page_html(guide, "riverton/routes/temple-walk.md"), "data-walk-mode")["radius"] == 25


def test_the_recording_plays_on_pages_in_its_language_only(guide):
    thai = _data(page_html(guide, "th/riverton/routes/temple-walk.md"), "data-walk-mode")["stops"]
    english = _data(page_html(guide, "riverton/routes/temple-walk.md"), "data-walk-mode")["stops"]
    assert thai[0]["recording"] == {
        "url": "../../../../riverton/media/1.mp3",  # one file for every language
        "type": "audio/mpeg",
        "credit": "Told by Grandmother Kham (a test recording: silence)",
        "license": "CC-BY-4.0",
    }
    assert [s["recording"] for s in thai[1:]] == [None, None]
    assert [s["recording"] for s in english] == [None, None, None]


def test_a_site_page_with_a_recording_plays_it_and_credits_it(guide):
    thai = page_html(guide, "th/riverton/sites/old-temple.md")
    listen = _data(thai, "data-listen")
    assert listen["recording"] == "cc-recording" and listen["lang"] == "th-TH"
    assert '<audio controls preload="none" src="../../../../riverton/media/1.mp3" lang="th" id="cc-recording">' in thai
    assert "Told by Grandmother Kham (a test recording: silence) · CC-BY-4.0" in thai
    assert label("th", "recording_told_in", language_name="ไทย") in thai
    english = page_html(guide, "riverton/sites/old-temple.md")
    assert _data(english, "data-listen")["recording"] is None  # told in Thai: English pages speak
    assert 'src="../../media/1.mp3" lang="th">' in english  # still there to play, marked Thai
    assert label("en", "recording_told_in", language_name="Thai") in english
    assert _data(page_html(guide, "riverton/sites/museum.md"), "data-listen")["recording"] is None
    assert 'id="recordings"' not in page_html(guide, "riverton/sites/museum.md")


def test_the_recording_is_published_as_it_is_under_the_media_address(guide):
    assert guide.downloads["riverton/media/1.mp3"] == FIXTURE_RECORDING.read_bytes()


@pytest.mark.parametrize(
    ("prefix", "page_language", "text_language"),
    [("", "en", "en"), ("th/", "th-TH", "th-TH"), ("zh/", "zh-CN", "en")],  # riverton has no Chinese texts
)
def test_listen_speaks_name_summary_and_prompts_each_in_its_own_language(guide, prefix, page_language, text_language):
    data = _data(page_html(guide, f"{prefix}riverton/sites/old-temple.md"), "data-listen")
    assert data["lang"] == page_language
    said = "th" if text_language == "th-TH" else "en"  # the language the texts are shown in
    if said == "th":
        texts = ["วัดเก่า", "วัดที่เก่าที่สุด", "ดูหลังคา", "ถามคุณยาย"]
    else:
        texts = ["Old Temple", "The oldest temple.", "Look at the roof.", "Ask a grandparent about it."]
    # a prompt's name is said in the language of its text, so that a fallback is read in one voice
    assert data["pieces"] == [
        {"text": texts[0], "lang": text_language},
        {"text": texts[1], "lang": text_language},
        {"text": f"{label(said, 'look')}: {texts[2]}", "lang": text_language},
        {"text": f"{label(said, 'ask')}: {texts[3]}", "lang": text_language},
    ]
    # "no voice" for the page's language and for the language the texts are in, named in the page's
    language = prefix.rstrip("/") or "en"
    names = {"en": {"en": "English"}, "th": {"th": "ไทย"}, "zh": {"zh": "中文", "en": "英语"}}[language]
    expected = {
        tag: label(language, "listen_no_voice", language_name=names[code])
        for code, tag in (("en", "en"), ("th", "th-TH"), ("zh", "zh-CN"))
        if code in names
    }
    assert data["labels"]["listen_no_voice"] == expected


def test_no_voice_is_said_in_plain_words():
    assert label("en", "listen_no_voice", language_name="Thai") == "No Thai voice on this device"


# --- the gate for recordings --------------------------------------------------------------


def _city(tmp_path: Path, name: str, content: bytes) -> Path:
    root = tmp_path / "riverton"
    (root / "audio").mkdir(parents=True)
    (root / "audio" / name).write_bytes(content)
    return root


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("story.mp3", recordings.mp3()),
        ("story.mp3", recordings.mp3(tag=False)),
        ("story.mp3", recordings.mp3(frames=1)),
        ("story.MP3", recordings.mp3()),
        ("story.m4a", recordings.m4a()),
        ("story.ogg", recordings.vorbis()),
        ("story.ogg", recordings.opus()),
        ("story.opus", recordings.opus()),
    ],
)
def test_real_recordings_pass_the_gate_unchanged(tmp_path, name, content):
    assert gate.check_audio(_city(tmp_path, name, content), f"audio/{name}") == content


def test_the_fixture_recording_passes_the_gate():
    assert gate.check_audio(FIXTURE_CITIES / "riverton", "audio/old-temple-story.mp3") == FIXTURE_RECORDING.read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("story.mp3", b"<!doctype html><script>alert(1)</script>", "it holds the text of a web page"),
        ("story.mp3", b"", "it is empty"),
        ("story.mp3", recordings.MPEG_FRAME[:4] + b"<html>" * 100, "is not an MP3 recording"),  # one header, no frames
        ("story.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x10" + bytes(16) + b"text after the tag", "is not an MP3"),
        ("story.mp3", b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(40), "it is a WAV recording"),
        ("story.m4a", recordings.box(b"ftyp", b"M4A \x00\x00\x00\x00") + recordings.box(b"mdat"), "is not an AAC"),
        ("story.m4a", recordings.m4a()[:-10], "is not an AAC"),  # the last box runs past the end
        ("story.ogg", recordings.m4a(), "(it is an AAC (.m4a) recording)"),
        ("story.ogg", b"OggS\x00\x00" + bytes(40), "is not an Ogg recording"),  # not the stream's first page
        ("story.ogg", recordings.ogg(b"\x80theora" + bytes(40)), "is not an Ogg recording"),  # a video stream
        ("story.opus", recordings.vorbis(), "(it is an Ogg recording)"),
        ("story.wav", b"RIFF", "is a `.wav` file; a recording must be an MP3, AAC or Ogg file"),
        ("story", recordings.mp3(), "is a file without a type ending"),
    ],
)
def test_the_gate_refuses_what_is_not_its_named_container(tmp_path, name, content, words):
    with pytest.raises(GateError) as refused:
        gate.check_audio(_city(tmp_path, name, content), f"audio/{name}")
    assert words in refused.value.message


def test_a_recording_behind_a_link_is_refused_without_reading_it(tmp_path):
    root = _city(tmp_path, "real.mp3", recordings.mp3())
    (root / "audio" / "story.mp3").symlink_to(root / "audio" / "real.mp3")
    with pytest.raises(GateError, match="is a symbolic link; a recording must be a real file"):
        gate.check_audio(root, "audio/story.mp3")


def test_a_recording_outside_the_city_folder_is_refused(tmp_path):
    root = _city(tmp_path, "story.mp3", recordings.mp3())
    (tmp_path / "outside.mp3").write_bytes(recordings.mp3())
    with pytest.raises(GateError, match="is outside the city folder"):
        gate.check_audio(root, "../outside.mp3")


def test_a_huge_recording_is_refused_before_it_is_read(tmp_path):
    root = _city(tmp_path, "story.mp3", b"")
    with open(root / "audio" / "story.mp3", "r+b") as file:  # sparse
        file.truncate(gate.AUDIO_LIMIT + 1)
    with pytest.raises(GateError, match=r"larger than the 16\.0 MB a recording may be"):
        gate.check_audio(root, "audio/story.mp3")
