"""The gate: the one way an editor's file is read, by the checker and by the build alike.

Editors are untrusted, and a file they name (a city's YAML, a picture, a drawn path)
could be a link to `/proc/self/environ`, a named pipe that blocks forever, a web page
renamed `.jpg` or a gigabyte of brackets. Whatever passes here is:

* named by a relative path inside the city folder (no `..`, no absolute path, no NUL);
* a regular file, reached without a symbolic link anywhere below the city folder
  (each step is looked at with lstat, and opened with O_NOFOLLOW, so a link is refused
  without ever being read);
* no larger than the limit of its kind;
* for a picture: a JPEG, PNG or WebP whose content decodes, of the type its name says;
* for a drawn path: a GeoJSON LineString of real coordinates;
* for a path recorded on a walk: a GPX track of real coordinates, XML without a DOCTYPE
  (so no entity can expand or reach outside), simplified to the points a page needs.
* for a recording: an MP3, AAC (.m4a) or Ogg (.ogg, .opus) file whose container is what its
  name says (checked from its structure, published as it is).

Every refusal is a GateError whose message says, in plain words, what is wrong and
what would be right. The checker turns it into a problem at the line that names the
file; the build calls the same functions, so what `check` accepts, the build can build.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import gpxpy
from PIL import Image, ImageOps

try:
    from PIL import ImageCms
except ImportError:  # a Pillow built without LittleCMS: colour profiles are then dropped unconverted
    ImageCms = None  # type: ignore[assignment]

from ..geo import TooIrregular, simplify_line
from .problems import display_path, needs_escape, visible

MB = 1024 * 1024

YAML_LIMIT = 1 * MB
"""The largest city YAML file: the biggest real one holds 25 KB; split a bigger city over files."""

IMAGE_LIMIT = 8 * MB
"""The largest picture file: a good photo for a phone screen needs well under 1 MB."""

AUDIO_LIMIT = 16 * MB
"""The largest recording: a five-minute story at 64 kbit/s takes under 3 MB."""

PATH_LIMIT = 2 * MB
"""The largest drawn-path file: 5,000 points of GeoJSON take about 200 KB."""

MAX_IMAGE_SIDE = 6000
"""The widest and tallest picture, in pixels; beyond it decoding costs memory for nothing."""

MAX_PATH_POINTS = 5000
"""The most points a drawn path may have: a street-following walk of 10 km needs a few hundred."""

MAX_TRACK_POINTS = 20_000
"""The most points a recorded GPX track may have before it is simplified: a point every second
for five and a half hours, or every 3 m for 60 km."""

TRACK_TOLERANCE_M = 5.0
"""A recorded track is simplified (Ramer–Douglas–Peucker) to stay within this many metres of the
recording: less than a phone's own GPS error, more than a street's width needs."""

MAX_NAMESPACES = 16
"""The most times `xmlns` may appear in a GPX file: a phone app's track declares three to eight.
gpxpy looks for the declarations with a pattern that takes time in the square of the file's size
when `xmlns` is written many times without `=`."""

MAX_JSON_DEPTH = 20
"""The deepest nesting of `[` and `{` in a path file. A FeatureCollection's points sit 6 deep;
Python's json module recurses once per level, and 100,000 levels would crash the checker."""

MAX_NAME_LENGTH = 200
"""The longest file name, folders included."""

JPEG_QUALITY = 85
"""Fixed, so that publishing the same picture twice gives the same bytes."""

WEBP_QUALITY = 85
"""Fixed, as JPEG_QUALITY; libwebp encodes the same pixels to the same bytes."""


class GateError(ValueError):
    """A file an editor named that cannot be used; `message` says why, in plain words."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class FileKind:
    """What a file named in a city file holds, and so its limit and the example a message gives."""

    what: str
    """In words: `a picture`."""
    limit: int
    example: str
    advice: str
    """What to do when the file is too large."""


CITY_FILE = FileKind(
    "a city file", YAML_LIMIT, "sites.yml", "split its sites over several files, e.g. heritage.yml and food.yml"
)
PICTURE = FileKind("a picture", IMAGE_LIMIT, "images/wat.jpg", "save it smaller: a photo 2000 pixels wide is plenty")
RECORDING = FileKind(
    "a recording",
    AUDIO_LIMIT,
    "audio/elder-story.mp3",
    "save it as an MP3 at 64 kbit/s (mono is plenty for a voice), or split the story in two",
)
DRAWN_PATH = FileKind(
    "a drawn path",
    PATH_LIMIT,
    "paths/old-town.geojson",
    f"simplify the line: a walk needs at most {MAX_PATH_POINTS:,} points",
)
RECORDED_PATH = FileKind(
    "a recorded track",
    5 * MB,
    "paths/old-town.gpx",
    "record a point every second or two (not several a second), or cut the track to the walk",
)


# --- any file ----------------------------------------------------------------------------


def _parts(name: str, kind: FileKind) -> list[str]:
    """The folders and file of `name`, once it is known to be a plain relative path."""
    shown = visible(name)
    if not name:
        raise GateError(f"no file is named; give a path inside the city folder, such as `{kind.example}`")
    if any(needs_escape(character) for character in name):
        raise GateError(
            f"`{shown}` holds a control character or line break; write the file's "
            f"path on one line, such as `{kind.example}`"
        )
    if name.startswith(("/", "\\")) or PureWindowsPath(name).drive or ".." in re.split(r"[/\\]", name):
        raise GateError(f"`{shown}` is outside the city folder; give a path inside it, such as `{kind.example}`")
    if "\\" in name:
        raise GateError(f"`{shown}` uses `\\` between folders; use `/`, as in `{kind.example}`")
    if len(name) > MAX_NAME_LENGTH:
        raise GateError(
            f"the path `{shown[:40]}...` is {len(name)} characters long; give the file a "
            f"shorter name (at most {MAX_NAME_LENGTH} characters), such as `{kind.example}`"
        )
    parts = name.split("/")
    if any(part in ("", ".") for part in parts):
        raise GateError(
            f"`{shown}` has an empty or `.` step; write the path as plain folder and file "
            f"names joined by `/`, such as `{kind.example}`"
        )
    if any(part.startswith(".") for part in parts):
        raise GateError(
            f"`{shown}` names a hidden file or folder (its name starts with `.`); rename "
            f"it so that it does not, such as `{kind.example}`"
        )
    return parts


def _what_it_is(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _size(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB // 10 else f"{size / 1024:.0f} KB"


def _refuse_link(root: Path, parts: list[str], step: int, kind: FileKind) -> GateError:
    here = display_path(root.joinpath(*parts[: step + 1]))
    if step == len(parts) - 1:
        return GateError(
            f"`{visible(here)}` is a symbolic link; {kind.what} must be a real file inside "
            "the city folder: put the file itself there instead of a link to it"
        )
    return GateError(
        f"the folder `{visible(here)}` is a symbolic link; files must sit in real folders "
        "inside the city folder: put the folder itself there instead of a link to it"
    )


_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after lstat must not block the open
_O_BINARY = getattr(os, "O_BINARY", 0)


def city_folder_problem(root: Path) -> str | None:
    """Why `root` cannot be a city folder (a symbolic link, not a folder); None when it can."""
    try:
        mode = os.lstat(root).st_mode
    except OSError:
        return f"there is no folder `{visible(display_path(root))}`"
    if stat.S_ISLNK(mode):
        return (
            f"the city folder `{visible(display_path(root))}` is a symbolic link; a city must be a "
            "real folder inside cities/: put the folder itself there instead of a link to it"
        )
    if not stat.S_ISDIR(mode):
        return f"`{visible(display_path(root))}` is {_what_it_is(mode)}, not a city folder"
    return None


def read_file(root: Path, name: str, kind: FileKind) -> bytes:
    """The bytes of the file `name` inside the city folder `root`, through the gate.

    Each folder on the way and the file itself are looked at with lstat and opened relative
    to the one before with O_NOFOLLOW, so that no link is followed, even one put in place
    between the look and the open."""
    parts = _parts(name, kind)
    problem = city_folder_problem(root)
    if problem:
        raise GateError(problem)
    if os.open not in os.supports_dir_fd or not _O_NOFOLLOW:  # not on POSIX: by path, as well as can be
        return _read_by_path(root, parts, kind)
    folder = -1
    try:
        folder = os.open(root, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW)
        for step, part in enumerate(parts):
            info = _lstat(root, parts, step, folder)
            last = step == len(parts) - 1
            if stat.S_ISLNK(info.st_mode):
                raise _refuse_link(root, parts, step, kind)
            if not last:
                if not stat.S_ISDIR(info.st_mode):
                    raise _missing(root, parts)
                inner = os.open(part, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW, dir_fd=folder)
                os.close(folder)
                folder = inner
                continue
            _refuse_unusable(root, parts, info, kind)
            file = os.open(part, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK, dir_fd=folder)
            try:
                opened = os.fstat(file)
                if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino) or not stat.S_ISREG(opened.st_mode):
                    raise GateError(
                        f"`{visible(display_path(root / name))}` changed while it was read; run the check again"
                    )
                with os.fdopen(file, "rb", closefd=False) as stream:
                    data = stream.read(kind.limit + 1)
            finally:
                os.close(file)
            _refuse_large(root, parts, len(data), kind)
            return data
    except OSError as error:  # a name the system will not take (too long), a folder vanished
        raise GateError(
            f"`{visible(display_path(root / name))}` cannot be read ({error.strerror}); check the path"
        ) from None
    finally:
        if folder >= 0:
            os.close(folder)
    raise AssertionError("a name has at least one part")


def _lstat(root: Path, parts: list[str], step: int, folder: int) -> os.stat_result:
    try:
        return os.stat(parts[step], dir_fd=folder, follow_symlinks=False)
    except (FileNotFoundError, NotADirectoryError):
        raise _missing(root, parts) from None


def _missing(root: Path, parts: list[str]) -> GateError:
    return GateError(f"there is no file `{visible(display_path(root.joinpath(*parts)))}`; add it or fix the path")


def _refuse_unusable(root: Path, parts: list[str], info: os.stat_result, kind: FileKind) -> None:
    here = visible(display_path(root.joinpath(*parts)))
    if stat.S_ISDIR(info.st_mode):
        raise GateError(f"`{here}` is a folder, not a file; name {kind.what} inside it, such as `{kind.example}`")
    if not stat.S_ISREG(info.st_mode):
        raise GateError(f"`{here}` is {_what_it_is(info.st_mode)}, not a file; {kind.what} must be a regular file")
    _refuse_large(root, parts, info.st_size, kind)


def _refuse_large(root: Path, parts: list[str], size: int, kind: FileKind) -> None:
    if size > kind.limit:
        here = visible(display_path(root.joinpath(*parts)))
        raise GateError(
            f"`{here}` is {'more than ' if size == kind.limit + 1 else ''}{_size(size)}, "
            f"larger than the {_size(kind.limit)} {kind.what} may be; {kind.advice}"
        )


def _read_by_path(root: Path, parts: list[str], kind: FileKind) -> bytes:
    for step in range(len(parts)):
        try:
            info = os.lstat(root.joinpath(*parts[: step + 1]))
        except (FileNotFoundError, NotADirectoryError):
            raise _missing(root, parts) from None
        if stat.S_ISLNK(info.st_mode):
            raise _refuse_link(root, parts, step, kind)
        if step < len(parts) - 1 and not stat.S_ISDIR(info.st_mode):
            raise _missing(root, parts)
    _refuse_unusable(root, parts, info, kind)
    file = os.open(root.joinpath(*parts), os.O_RDONLY | _O_BINARY)
    try:
        with os.fdopen(file, "rb", closefd=False) as stream:
            data = stream.read(kind.limit + 1)
    finally:
        os.close(file)
    _refuse_large(root, parts, len(data), kind)
    return data


# --- pictures ----------------------------------------------------------------------------

_SUFFIXES = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}
"""The picture types a page may show, and the name endings of each; the first is the one published."""

_NOT_PICTURES = {
    ".svg": "an SVG drawing, which can hold a script",
    ".html": "a web page",
    ".htm": "a web page",
    ".md": "a Markdown text",
    ".gif": "a GIF",
    ".heic": "a HEIC photo, which browsers do not show",
    ".tif": "a TIFF",
    ".tiff": "a TIFF",
    ".bmp": "a BMP",
}


@dataclass(frozen=True)
class PublishedImage:
    """A picture as the site publishes it: decoded and encoded again, without its metadata."""

    data: bytes
    suffix: str
    """`.jpg`, `.png` or `.webp`: the type of `data` (the file's own name always ends in one of its type's endings)."""
    width: int
    height: int


def _picture_type(root: Path, name: str) -> str:
    """The type a picture's name promises, from its ending (`JPEG`), or a GateError."""
    suffix = PurePosixPath(name).suffix.lower()
    for kind, endings in _SUFFIXES.items():
        if suffix in endings:
            return kind
    said = _NOT_PICTURES.get(suffix, f"a `{visible(suffix)}` file" if suffix else "a file without a type ending")
    raise GateError(
        f"`{visible(display_path(root / name))}` is {said}; a picture must be a JPEG, PNG or "
        "WebP photo or drawing (ending in .jpg, .png or .webp)"
    )


def _what_the_bytes_are(data: bytes) -> str:
    if not data.strip():
        return "it is empty"
    start = data.lstrip()[:200].lower()
    if start.startswith((b"<svg", b"<?xml", b"<!doctype", b"<html")) or b"<svg" in start:
        return "it holds the text of a web page or SVG drawing"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < 4092:  # not a character cut in two at the end
            return "its content is not a picture"
    return "it holds text"


def _decoded(root: Path, name: str) -> Image.Image:
    """The picture `name` as pixels, upright, in a mode its type can store again: or a GateError."""
    _parts(name, PICTURE)  # a name outside the city folder is refused as such, before its type
    expected = _picture_type(root, name)
    data = read_file(root, name, PICTURE)
    shown = visible(display_path(root / name))
    try:
        return _pixels(data, expected, shown)
    except GateError:
        raise
    except Exception as error:  # Pillow meets damaged files with many kinds of error (fuzzers find
        # TypeError and IndexError too): any of them means this is not a picture a page can show
        raise GateError(
            f"`{shown}` is damaged: its picture cannot be decoded ({visible(str(error))[:80]}); "
            "save it again from a photo or drawing program"
        ) from None


def _pixels(data: bytes, expected: str, shown: str) -> Image.Image:
    with warnings.catch_warnings():
        # Pillow warns of damaged metadata, which is not published anyway: the same picture is
        # taken however warnings are set (a test run turns them into errors); more pixels than
        # Pillow's own bomb limit are refused, not merely warned about
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(io.BytesIO(data), formats=list(_SUFFIXES))
        except Image.UnidentifiedImageError:
            raise GateError(
                f"`{shown}` is not a JPEG, PNG or WebP picture ({_what_the_bytes_are(data)}); "
                "save the photo or drawing as .jpg or .png and add that file"
            ) from None
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise GateError(
                f"`{shown}` is far too many pixels to show; save it at most {MAX_IMAGE_SIDE} pixels wide and high"
            ) from None
        found = picture.format or "?"
        if found == "MPO":  # a phone's JPEG with a second, smaller picture inside: the first is the photo
            found = "JPEG"
        elif getattr(picture, "n_frames", 1) > 1:
            raise GateError(f"`{shown}` is an animation; give a still picture")
        if found not in _SUFFIXES:
            raise GateError(f"`{shown}` is not a JPEG, PNG or WebP picture; save it as .jpg or .png")
        if found != expected:
            raise GateError(
                f"`{shown}` holds a {found} picture but its name ends like a {expected} one; "
                f"rename it to end in {_SUFFIXES[found][0]} (and change `file:` to match)"
            )
        width, height = picture.size
        if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
            raise GateError(
                f"`{shown}` is {width}×{height} pixels, larger than {MAX_IMAGE_SIDE}×"
                f"{MAX_IMAGE_SIDE}; save it smaller: 2000 pixels wide is plenty"
            )
        picture.verify()  # checks the file's structure; the picture must then be opened again
        picture = Image.open(io.BytesIO(data), formats=list(_SUFFIXES))
        picture.load()
        return _upright_in_srgb(picture, found)


def _upright_in_srgb(picture: Image.Image, kind: str) -> Image.Image:
    """Turned as the camera's orientation says, colours in sRGB, in a mode `kind` can save."""
    alpha = picture.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in picture.info
    try:
        upright = ImageOps.exif_transpose(picture)
    except Exception:  # unreadable orientation metadata: it is dropped anyway, the pixels stay as stored
        upright = picture
    if alpha and upright.mode not in ("RGBA", "LA", "PA", "RGBa", "La"):
        upright = upright.convert("RGBA")  # a transparent colour (tRNS) becomes real transparency
    upright = _in_srgb(upright, picture.info.get("icc_profile"))
    if upright.mode.startswith("I"):  # 16-bit grey: scaled to 8 bits, where a plain conversion would clip
        upright = upright.convert("I").point(lambda value: value / 256).convert("L")
    if kind == "JPEG":
        mode = "L" if upright.mode in ("1", "L") else "RGB"
    elif alpha:
        mode = "RGBA"
    else:
        mode = "L" if upright.mode in ("1", "L") and kind == "PNG" else "RGB"
    return upright if upright.mode == mode else upright.convert(mode)


_SRGB = ImageCms.createProfile("sRGB") if ImageCms is not None else None


def _in_srgb(picture: Image.Image, icc: Any) -> Image.Image:
    """The picture's colours turned from its own colour profile into sRGB, so that the profile
    (which can carry any text) need not be published; unchanged when there is none or it is unreadable."""
    if not icc or ImageCms is None or picture.mode not in ("RGB", "RGBA", "CMYK"):
        return picture  # grey pictures are published grey, their profile dropped
    try:
        out = "RGBA" if picture.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(picture, io.BytesIO(icc), _SRGB, outputMode=out)
    except Exception:  # a damaged profile: the pixels as stored are the best guess
        return picture
    return converted if converted is not None else picture


def check_image(root: Path, name: str) -> None:
    """Raise a GateError unless `name` is a picture the site can publish (see `publishable_image`)."""
    _decoded(root, name)


def publishable_image(root: Path, name: str) -> PublishedImage:
    """The picture `name` of the city folder `root`, ready to publish.

    It is decoded and encoded again from its pixels: turned upright as its EXIF orientation
    says, colours converted into sRGB, and without any metadata (EXIF with its GPS position
    and camera serial, XMP, comments, the colour profile). The same file gives the same bytes:
    JPEG at quality 85, PNG without optimisation, WebP at quality 85. Raises GateError."""
    picture = _decoded(root, name)
    kind = _picture_type(root, name)
    clean = Image.frombytes(picture.mode, picture.size, picture.tobytes())  # pixels only, no `info`
    out = io.BytesIO()
    if kind == "JPEG":
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False, subsampling=2)
    elif kind == "PNG":
        clean.save(out, "PNG", optimize=False, compress_level=6)
    else:
        clean.save(out, "WEBP", quality=WEBP_QUALITY, method=4, lossless=False, exact=False)
    return PublishedImage(out.getvalue(), _SUFFIXES[kind][0], clean.width, clean.height)


# --- recordings ----------------------------------------------------------------------------

_AUDIO_SUFFIXES = {".mp3": "MP3", ".m4a": "AAC (.m4a)", ".ogg": "Ogg", ".opus": "Opus"}
"""The recordings a page may play, by name ending: each is checked for its own container."""

AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".opus": "audio/ogg"}
"""The media type of each, for the page's <audio> element."""

_MPEG_BITRATES_KBPS = {  # (MPEG-1?, layer) → bitrate by index 1..14 (index 0 "free" and 15 are refused)
    (True, 1): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_MPEG_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
"""Sample rates by version bits (3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5), then index."""


def _mpeg_frame_length(data: bytes, at: int) -> int | None:
    """The length of the MPEG audio frame whose header starts at `at`, or None when there is none."""
    if at + 4 > len(data) or data[at] != 0xFF or data[at + 1] & 0xE0 != 0xE0:
        return None
    version, layer_bits = (data[at + 1] >> 3) & 3, (data[at + 1] >> 1) & 3
    bitrate_index, rate_index, padding = data[at + 2] >> 4, (data[at + 2] >> 2) & 3, (data[at + 2] >> 1) & 1
    if version == 1 or layer_bits == 0 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    layer = 4 - layer_bits
    bitrate = _MPEG_BITRATES_KBPS[(version == 3, layer)][bitrate_index - 1] * 1000
    rate = _MPEG_RATES[version][rate_index]
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    per_frame = 144 if version == 3 or layer == 2 else 72
    return per_frame * bitrate // rate + padding


def _is_mp3(data: bytes) -> bool:
    """An ID3v2 tag (optional) then two MPEG audio frames in a row: a header at the start and
    another where the first one says it ends (a single frame is taken at the end of the file)."""
    at = 0
    if data[:3] == b"ID3":
        size = data[6:10]
        if len(size) < 4 or data[3] not in (2, 3, 4) or any(byte & 0x80 for byte in size):
            return False
        at = 10 + ((size[0] << 21) | (size[1] << 14) | (size[2] << 7) | size[3]) + (10 if data[5] & 0x10 else 0)
    length = _mpeg_frame_length(data, at)
    if length is None:
        return False
    return at + length >= len(data) or _mpeg_frame_length(data, at + length) is not None


def _is_mp4_audio(data: bytes) -> bool:
    """ISO media: an `ftyp` box first, then boxes that fill the file exactly, one of them `moov`."""
    if data[4:8] != b"ftyp":
        return False
    at, kinds = 0, set()
    while at < len(data):
        if at + 8 > len(data):
            return False
        size, kind = int.from_bytes(data[at : at + 4], "big"), data[at + 4 : at + 8]
        if size == 1:  # a 64-bit size follows the kind
            size = int.from_bytes(data[at + 8 : at + 16], "big")
        elif size == 0:  # to the end of the file
            size = len(data) - at
        if size < 8 or at + size > len(data) or not all(32 <= c < 127 for c in kind):
            return False
        kinds.add(kind)
        at += size
    return b"moov" in kinds


def _ogg_first_packet(data: bytes) -> bytes | None:
    """The start of the first packet of an Ogg stream, or None when `data` is not Ogg."""
    if data[:4] != b"OggS" or len(data) < 27 or data[4] != 0 or not data[5] & 0x02:  # version 0, first page
        return None
    segments = data[26]
    start = 27 + segments
    return data[start : start + 8] if len(data) >= start + 8 else None


def _audio_matches(suffix: str, data: bytes) -> bool:
    if suffix == ".mp3":
        return _is_mp3(data)
    if suffix == ".m4a":
        return _is_mp4_audio(data)
    packet = _ogg_first_packet(data)
    if packet is None:
        return False
    if suffix == ".opus":
        return packet.startswith(b"OpusHead")
    return packet.startswith((b"\x01vorbis", b"OpusHead", b"\x7fFLAC"))


def _audio_found(data: bytes) -> str:
    """What a recording that is not of its named type holds instead, in words."""
    for suffix, name in _AUDIO_SUFFIXES.items():
        if suffix != ".opus" and _audio_matches(suffix, data):
            return f"it is an {name} recording"
    if data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n" or data[8:12] == b"WEBP":
        return "it is a picture"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "it is a WAV recording, which browsers play but which is ten times larger than an MP3"
    return _what_the_bytes_are(data).replace("not a picture", "not a recording")


def check_audio(root: Path, name: str) -> bytes:
    """The bytes of the recording `name` of the city folder `root`, ready to publish as they are,
    or a GateError: its name ends in .mp3, .m4a, .ogg or .opus, and its content is that container
    (MPEG audio frames, an ISO `ftyp` file with a `moov` box, an Ogg stream of Vorbis or Opus)."""
    _parts(name, RECORDING)  # a name outside the city folder is refused as such, before its type
    shown = visible(display_path(root / name))
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in _AUDIO_SUFFIXES:
        said = f"a `{visible(suffix)}` file" if suffix else "a file without a type ending"
        raise GateError(
            f"`{shown}` is {said}; a recording must be an MP3, AAC or Ogg file (ending in .mp3, .m4a, .ogg or .opus)"
        )
    data = read_file(root, name, RECORDING)
    if not _audio_matches(suffix, data):
        raise GateError(
            f"`{shown}` is not an {_AUDIO_SUFFIXES[suffix]} recording, though its name ends in {suffix} "
            f"({_audio_found(data)}); export the recording again as {suffix} and add that file"
        )
    return data


# --- drawn paths -------------------------------------------------------------------------

_LINE_EXAMPLE = '{"type": "LineString", "coordinates": [[lon, lat], [lon, lat], ...]}'
_JSON_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')
"""A JSON string (skipped whole, since brackets inside it count for nothing) or a bracket."""


def _json_too_deep(text: str) -> bool:
    """Whether `[` and `{` nest deeper than MAX_JSON_DEPTH: found before json.loads, which would
    recurse once per level and crash on 100,000 of them."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif bracket in "]}":
            depth -= 1
    return False


class _NotANumber(ValueError):
    pass


def _refuse_constant(name: str) -> float:
    raise _NotANumber(name)


def _line_of(geo: Any, shown: str) -> Any:
    """The LineString inside a GeoJSON value (itself, a Feature, or a FeatureCollection of one)."""
    if isinstance(geo, dict) and geo.get("type") == "FeatureCollection":
        features = geo.get("features")
        if not isinstance(features, list) or len(features) != 1:
            count = len(features) if isinstance(features, list) else 0
            raise GateError(f"`{shown}` holds {count} features; a route's path is one line: " + _LINE_EXAMPLE)
        geo = features[0]
    if isinstance(geo, dict) and geo.get("type") == "Feature":
        geo = geo.get("geometry")
    if not (isinstance(geo, dict) and geo.get("type") == "LineString"):
        found = (
            f" (a {visible(geo['type'])[:40]})" if isinstance(geo, dict) and isinstance(geo.get("type"), str) else ""
        )
        raise GateError(f"`{shown}` is not a GeoJSON LineString{found}; draw the route as one line: " + _LINE_EXAMPLE)
    return geo.get("coordinates")


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):  # true and false are ints to Python, never coordinates
        return False
    if isinstance(value, int):
        return abs(value) < 10**9  # a longer int does not fit a float: none is a coordinate
    return isinstance(value, float) and math.isfinite(value)


def _point(index: int, point: Any, shown: str) -> tuple[float, float]:
    """(lat, lon) of the point at `index`, written [lon, lat] (or [lon, lat, height])."""
    if not (isinstance(point, list) and len(point) in (2, 3) and all(_is_number(v) for v in point)):
        written = visible(json.dumps(point, ensure_ascii=False))[:40]
        raise GateError(
            f"`{shown}`: point {index} is `{written}`; each point is [lon, lat], two numbers such as [99.0081, 18.5773]"
        )
    lon, lat = float(point[0]), float(point[1])
    if not -90 <= lat <= 90:
        raise GateError(
            f"`{shown}`: point {index} has latitude {lat:g} (its second number), which is "
            "not between -90 and 90; each point is [lon, lat]"
        )
    if not -180 <= lon <= 180:
        raise GateError(
            f"`{shown}`: point {index} has longitude {lon:g} (its first number), which is "
            "not between -180 and 180; each point is [lon, lat]"
        )
    return lat, lon


def read_path(root: Path, name: str) -> list[tuple[float, float]]:
    """The (lat, lon) points of the path `name` of the city folder `root`, through the gate.

    A name ending in `.gpx` is a track recorded on the walk, simplified (see `read_recorded_track`);
    any other is GeoJSON: a LineString, or a Feature or FeatureCollection of one, of at least 2
    and at most MAX_PATH_POINTS points, each [lon, lat] of finite numbers in range. Raises GateError."""
    if is_recorded_track(name):
        return list(read_recorded_track(root, name).points)
    data = read_file(root, name, DRAWN_PATH)
    shown = visible(display_path(root / name))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GateError(
            f"`{shown}` is not UTF-8 text (byte 0x{data[error.start]:02X} at {error.start}); "
            "save it as GeoJSON with the UTF-8 encoding"
        ) from None
    if _json_too_deep(text):
        raise GateError(
            f"`{shown}` nests brackets more than {MAX_JSON_DEPTH} deep; a path is one line: " + _LINE_EXAMPLE
        )
    try:
        geo = json.loads(text, parse_constant=_refuse_constant)
    except _NotANumber as error:
        raise GateError(
            f"`{shown}` holds `{error}`, which is not a number; every coordinate must be a number such as 99.0081"
        ) from None
    except (ValueError, RecursionError) as error:
        raise GateError(f"`{shown}` is not valid JSON ({visible(str(error))})") from None
    coordinates = _line_of(geo, shown)
    if not isinstance(coordinates, list):
        raise GateError(f"`{shown}` has no list of coordinates; draw the route as one line: " + _LINE_EXAMPLE)
    if len(coordinates) > MAX_PATH_POINTS:
        raise GateError(
            f"`{shown}` has {len(coordinates):,} points, more than the {MAX_PATH_POINTS:,} a "
            "path may have; simplify the line (a point every few metres is plenty)"
        )
    if len(coordinates) < 2:
        raise GateError(f"`{shown}` has fewer than two points")
    return [_point(index, point, shown) for index, point in enumerate(coordinates)]


# --- paths recorded on a walk (GPX) ----------------------------------------------------------

_DOCTYPE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class RecordedTrack:
    """A GPX track as the guide uses it: its points simplified to within TRACK_TOLERANCE_M."""

    points: tuple[tuple[float, float], ...]
    """(lat, lon), simplified: what the route's map and downloads draw."""
    recorded: int
    """How many points the file holds (all its tracks' segments, in order)."""


def is_recorded_track(name: str) -> bool:
    """Whether a route's `path` names a GPX track (by its ending, as a picture's type is named)."""
    return PurePosixPath(name).suffix.lower() == ".gpx"


def _gpx_text(data: bytes, shown: str) -> str:
    """The file's text, once it is known that no XML parser can be made to expand or fetch anything."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GateError(
            f"`{shown}` is not UTF-8 text (byte 0x{data[error.start]:02X} at {error.start}); "
            "export the track from the app again as GPX"
        ) from None
    doctype = _DOCTYPE.search(text)
    if doctype:  # an entity can expand a billion times (billion laughs) or read a file (XXE)
        raise GateError(
            f"`{shown}` holds a document type declaration (`<!{doctype[1]}`), which no GPX track needs "
            "and which can make an XML reader expand or fetch text; export the track from the app "
            "again, or delete the `<!DOCTYPE ...>` part"
        )
    if text.count("xmlns") > MAX_NAMESPACES:
        raise GateError(
            f"`{shown}` writes `xmlns` {text.count('xmlns'):,} times, more than the {MAX_NAMESPACES} "
            "namespaces a GPX track declares; export the track from the app again"
        )
    if "<gpx" not in text:
        raise GateError(
            f"`{shown}` is not a GPX file ({_what_the_bytes_are(data)}, with no `<gpx>` element); "
            "export the track from the walking app as GPX"
        )
    return text


def _track_point(index: int, lat: Any, lon: Any, shown: str) -> tuple[float, float]:
    if not (_is_number(lat) and _is_number(lon)):
        raise GateError(f"`{shown}`: track point {index + 1} has lat `{lat}`, lon `{lon}`; each must be a number")
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise GateError(
            f"`{shown}`: track point {index + 1} is at lat {lat:g}, lon {lon:g}, which is not on the "
            "Earth (lat between -90 and 90, lon between -180 and 180)"
        )
    return float(lat), float(lon)


def read_recorded_track(root: Path, name: str) -> RecordedTrack:
    """The track recorded on a walk, GPX file `name` of the city folder `root`, through the gate.

    The file must be UTF-8 GPX without a DOCTYPE (refused before any parser sees it), with at
    least two and at most MAX_TRACK_POINTS track points (those of a route, `<rte>`, when it has no
    track), each of finite coordinates in range. Read with gpxpy; the points are then simplified
    to within TRACK_TOLERANCE_M of the recording (Ramer–Douglas–Peucker), at most MAX_PATH_POINTS
    of them. Times, elevations and waypoints are not used. Raises GateError."""
    data = read_file(root, name, RECORDED_PATH)
    shown = visible(display_path(root / name))
    text = _gpx_text(data, shown)
    try:  # gpxpy registers the file's namespace prefixes with ElementTree (process-wide); the
        # downloads in export.py write their few namespaces as plain attributes, so none is affected
        recording = gpxpy.parse(text)
    except Exception as error:  # gpxpy raises its own errors, ElementTree's and ValueError from fields
        raise GateError(
            f"`{shown}` is not a GPX file that can be read ({visible(str(error))[:80]}); "
            "export the track from the walking app again"
        ) from None
    points = [(p.latitude, p.longitude) for t in recording.tracks for s in t.segments for p in s.points]
    if not points:
        points = [(p.latitude, p.longitude) for route in recording.routes for p in route.points]
    if len(points) > MAX_TRACK_POINTS:
        raise GateError(
            f"`{shown}` has {len(points):,} track points, more than the {MAX_TRACK_POINTS:,} a recorded "
            f"track may have; {RECORDED_PATH.advice}"
        )
    if len(points) < 2:
        waypoints = " (only waypoints)" if recording.waypoints else ""
        raise GateError(f"`{shown}` has fewer than two track points{waypoints}; give the track recorded on the walk")
    line = [_track_point(index, lat, lon, shown) for index, (lat, lon) in enumerate(points)]
    try:
        simple = simplify_line(line, TRACK_TOLERANCE_M, MAX_PATH_POINTS)
    except TooIrregular as error:
        raise GateError(f"`{shown}`: {error}; {RECORDED_PATH.advice}") from None
    return RecordedTrack(tuple(simple), len(line))
