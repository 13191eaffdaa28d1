"""The gate (`gate.py`) on its own: how editors' files are read, and pictures published.

The checker's side of the gate is tested through the command line in
test_hostile_checker.py; here are the functions the build calls, `publishable_image`
and `read_path`, and the promises they make: no link followed, no metadata published,
the same bytes for the same file.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from city_classroom.city_files import gate
from city_classroom.city_files.gate import GateError, PublishedImage, publishable_image, read_file, read_path

GPS = 0x8825
ORIENTATION = 0x0112
MAKER = 0x010F


def city(tmp_path: Path) -> Path:
    root = tmp_path / "cities" / "riverton"
    (root / "images").mkdir(parents=True)
    (root / "paths").mkdir()
    return root


def photo_with_gps(size: tuple[int, int] = (60, 40), orientation: int = 6) -> bytes:
    """A JPEG as a phone writes it: EXIF with the camera, where it was taken, and how to turn it."""
    picture = Image.new("RGB", size, "white")
    picture.paste((200, 0, 0), (0, 0, size[0] // 2, size[1]))  # red on the left, as stored
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKER] = "PhoneMaker"
    exif[GPS] = {1: "N", 2: (18.0, 34.0, 41.0), 3: "E", 4: (99.0, 0.0, 29.0)}
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif.tobytes(), comment=b"taken at home", quality=95)
    return out.getvalue()


def test_a_published_photo_keeps_no_exif_and_no_gps(tmp_path: Path) -> None:
    root = city(tmp_path)
    (root / "images" / "wat.jpg").write_bytes(photo_with_gps())
    with Image.open(root / "images" / "wat.jpg") as original:
        assert original.getexif().get_ifd(GPS)  # the photo has a position

    published = publishable_image(root, "images/wat.jpg")

    assert isinstance(published, PublishedImage) and published.suffix == ".jpg"
    decoded = Image.open(io.BytesIO(published.data))
    assert decoded.format == "JPEG"
    assert not decoded.getexif()
    assert not decoded.getexif().get_ifd(GPS)
    assert "exif" not in decoded.info and "comment" not in decoded.info and "icc_profile" not in decoded.info
    assert b"Exif" not in published.data and b"PhoneMaker" not in published.data
    assert b"taken at home" not in published.data


def test_a_published_photo_is_turned_as_its_orientation_says(tmp_path: Path) -> None:
    root = city(tmp_path)
    (root / "images" / "wat.jpg").write_bytes(photo_with_gps((60, 40), orientation=6))
    published = publishable_image(root, "images/wat.jpg")
    decoded = Image.open(io.BytesIO(published.data)).convert("RGB")
    assert decoded.size == (40, 60) == (published.width, published.height)  # turned a quarter, clockwise
    red, white = decoded.getpixel((20, 5)), decoded.getpixel((20, 55))
    assert red[0] > 150 and red[1] < 80  # the stored left (red) is now the top
    assert min(white) > 200


def test_the_same_picture_gives_the_same_bytes(tmp_path: Path) -> None:
    root = city(tmp_path)
    (root / "images" / "wat.jpg").write_bytes(photo_with_gps())
    (root / "images" / "copy.jpg").write_bytes(photo_with_gps())
    assert publishable_image(root, "images/wat.jpg") == publishable_image(root, "images/wat.jpg")
    assert publishable_image(root, "images/wat.jpg").data == publishable_image(root, "images/copy.jpg").data


def test_a_png_loses_its_text_chunks_and_keeps_transparency(tmp_path: Path) -> None:
    root = city(tmp_path)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Somchai, 12 Main Road")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 18.5</x:xmpmeta>")
    Image.new("RGBA", (8, 8), (0, 0, 255, 100)).save(root / "images" / "map.png", pnginfo=info)
    published = publishable_image(root, "images/map.png")
    decoded = Image.open(io.BytesIO(published.data))
    assert published.suffix == ".png" and decoded.format == "PNG"
    assert decoded.mode == "RGBA" and decoded.getpixel((1, 1)) == (0, 0, 255, 100)
    assert not decoded.text and b"Somchai" not in published.data and b"xmpmeta" not in published.data


def test_a_webp_loses_its_exif(tmp_path: Path) -> None:
    root = city(tmp_path)
    exif = Image.Exif()
    exif[GPS] = {1: "N", 2: (18.0, 34.0, 41.0)}
    exif[MAKER] = "PhoneMaker"
    Image.new("RGB", (16, 16), "red").save(root / "images" / "wat.webp", exif=exif.tobytes())
    with Image.open(root / "images" / "wat.webp") as original:
        assert original.getexif()
    published = publishable_image(root, "images/wat.webp")
    decoded = Image.open(io.BytesIO(published.data))
    assert published.suffix == ".webp" and decoded.format == "WEBP"
    assert not decoded.getexif() and b"PhoneMaker" not in published.data


def test_a_colour_profile_is_turned_into_srgb_and_dropped(tmp_path: Path) -> None:
    root = city(tmp_path)
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (8, 8), (10, 120, 230)).save(root / "images" / "wat.jpg", icc_profile=profile)
    published = publishable_image(root, "images/wat.jpg")
    decoded = Image.open(io.BytesIO(published.data))
    assert "icc_profile" not in decoded.info
    assert all(abs(a - b) < 12 for a, b in zip(decoded.convert("RGB").getpixel((4, 4)), (10, 120, 230)))


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path: Path) -> None:
    root = city(tmp_path)
    grey = Image.new("I;16", (4, 4), 32768)
    grey.save(root / "images" / "grey.png")
    decoded = Image.open(io.BytesIO(publishable_image(root, "images/grey.png").data))
    assert decoded.mode == "L" and decoded.getpixel((0, 0)) == 128


def test_a_phone_jpeg_with_a_second_picture_inside_is_a_jpeg(tmp_path: Path) -> None:
    root = city(tmp_path)
    frames = [Image.new("RGB", (30, 20), "red"), Image.new("RGB", (15, 10), "blue")]
    frames[0].save(root / "images" / "wat.jpg", "MPO", save_all=True, append_images=frames[1:])
    published = publishable_image(root, "images/wat.jpg")
    assert published.suffix == ".jpg" and (published.width, published.height) == (30, 20)


def test_an_animation_is_refused(tmp_path: Path) -> None:
    root = city(tmp_path)
    frames = [Image.new("RGB", (8, 8), "red"), Image.new("RGB", (8, 8), "blue")]
    frames[0].save(root / "images" / "moving.png", save_all=True, append_images=frames[1:])
    with pytest.raises(GateError, match="is an animation; give a still picture"):
        publishable_image(root, "images/moving.png")


def test_a_decompression_bomb_is_refused(tmp_path: Path) -> None:
    root = city(tmp_path)
    Image.new("1", (20_000, 20_000)).save(root / "images" / "bomb.png")  # 400 million pixels in 50 KB
    assert (root / "images" / "bomb.png").stat().st_size < 100_000
    with pytest.raises(GateError, match=r"far too many pixels|larger than 6000×6000"):
        publishable_image(root, "images/bomb.png")


def test_check_image_accepts_what_publishable_image_publishes(tmp_path: Path) -> None:
    root = city(tmp_path)
    (root / "images" / "wat.jpg").write_bytes(photo_with_gps())
    gate.check_image(root, "images/wat.jpg")
    (root / "images" / "note.jpg").write_bytes(b"not a photo")
    for refused in (gate.check_image, publishable_image):
        with pytest.raises(GateError, match="is not a JPEG, PNG or WebP picture"):
            refused(root, "images/note.jpg")


# --- any file -------------------------------------------------------------------------------


def test_a_link_to_a_named_pipe_is_refused_without_opening_it(tmp_path: Path) -> None:
    """Following the link would block for ever on the pipe: the refusal shows it was not."""
    root = city(tmp_path)
    os.mkfifo(tmp_path / "pipe")
    (root / "images" / "wat.jpg").symlink_to(tmp_path / "pipe")
    with pytest.raises(GateError, match="is a symbolic link"):
        read_file(root, "images/wat.jpg", gate.PICTURE)
    with pytest.raises(GateError, match="is a named pipe"):
        read_file(tmp_path, "pipe", gate.PICTURE)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("", "no file is named"),
        ("/etc/passwd", "is outside the city folder"),
        ("../riverton/images/wat.jpg", "is outside the city folder"),
        ("images/../../x.jpg", "is outside the city folder"),
        ("C:/photos/wat.jpg", "is outside the city folder"),
        ("images\\wat.jpg", "uses `\\\\` between folders"),
        ("images//wat.jpg", "has an empty or `.` step"),
        ("./images/wat.jpg", "has an empty or `.` step"),
        ("images/.wat.jpg", "names a hidden file"),
        ("images/wat\x00.jpg", "holds a control character"),
        ("images/wat.jpg\n", "holds a control character or line break"),
        ("a" * 300 + ".jpg", "characters long"),
        ("images/none.jpg", "there is no file"),
        ("images/wat.jpg/x.jpg", "there is no file"),
    ],
)
def test_names_that_are_refused(tmp_path: Path, name: str, words: str) -> None:
    root = city(tmp_path)
    (root / "images" / "wat.jpg").write_bytes(photo_with_gps())
    with pytest.raises(GateError, match=words.replace("(", r"\(")) as refused:
        read_file(root, name, gate.PICTURE)
    assert "\n" not in refused.value.message and "\x00" not in refused.value.message


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    root = city(tmp_path)
    with open(root / "paths" / "walk.geojson", "wb") as file:
        file.truncate(gate.PATH_LIMIT + 1)  # sparse
    with pytest.raises(GateError, match=r"larger than the 2\.0 MB a drawn path may be"):
        read_file(root, "paths/walk.geojson", gate.DRAWN_PATH)


def test_a_linked_city_folder_is_refused(tmp_path: Path) -> None:
    root = city(tmp_path)
    (root / "city.yml").write_text("name: x\n", encoding="utf-8")
    (tmp_path / "cities" / "linked").symlink_to(root)
    with pytest.raises(GateError, match=r"the city folder .* is a symbolic link"):
        read_file(tmp_path / "cities" / "linked", "city.yml", gate.CITY_FILE)


# --- drawn paths ----------------------------------------------------------------------------


def write(root: Path, geo: object) -> None:
    (root / "paths" / "walk.geojson").write_text(geo if isinstance(geo, str) else json.dumps(geo), encoding="utf-8")


LINE = {"type": "LineString", "coordinates": [[99.0081, 18.5773], [99.009, 18.578, 312.0]]}


@pytest.mark.parametrize(
    "geo",
    [
        LINE,
        {"type": "Feature", "properties": {}, "geometry": LINE},
        {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": LINE}]},
    ],
)
def test_read_path_gives_lat_lon(tmp_path: Path, geo: object) -> None:
    root = city(tmp_path)
    write(root, geo)
    assert read_path(root, "paths/walk.geojson") == [(18.5773, 99.0081), (18.578, 99.009)]


@pytest.mark.parametrize(
    ("geo", "words"),
    [
        ('{"type": "LineString", "coordinates": [[99, NaN], [99, 18]]}', "holds `NaN`"),
        ('{"type": "LineString", "coordinates": [[99, -Infinity], [99, 18]]}', "holds `-Infinity`"),
        ('{"type": "LineString", "coordinates": [[99, 1e400], [99, 18]]}', r"point 0 is `\[99, Infinity\]`"),
        ('{"type": "LineString", "coordinates": [[99, 1' + "0" * 400 + "], [99, 18]]}", "point 0 is"),
        ({"type": "LineString", "coordinates": [[True, 18], [99, 18]]}, r"point 0 is `\[true, 18\]`"),
        ({"type": "LineString", "coordinates": [["99", "18"], [99, 18]]}, "point 0 is"),
        ({"type": "LineString", "coordinates": [[99], [99, 18]]}, "point 0 is"),
        ({"type": "LineString", "coordinates": [[99, 18], [99, 95]]}, "point 1 has latitude 95"),
        ({"type": "LineString", "coordinates": [[199, 18], [99, 18]]}, "point 0 has longitude 199"),
        ({"type": "LineString", "coordinates": [[99, 18]]}, "fewer than two points"),
        ({"type": "LineString", "coordinates": "99,18"}, "no list of coordinates"),
        ({"type": "LineString", "coordinates": [[99, 18]] * (gate.MAX_PATH_POINTS + 1)}, "more than the 5,000"),
        ({"type": "MultiLineString", "coordinates": []}, r"is not a GeoJSON LineString \(a MultiLineString\)"),
        ({"type": "FeatureCollection", "features": []}, "holds 0 features"),
        ("[" * 100_000 + "]" * 100_000, "nests brackets more than 20 deep"),
        ('{"a": "' + "[" * 1000 + '", "type": "Point"}', r"is not a GeoJSON LineString \(a Point\)"),
        ("LINESTRING (99 18, 99 19)", "is not valid JSON"),
        (b"\xff\xfe{}".decode("latin-1"), "is not"),
    ],
)
def test_read_path_refuses(tmp_path: Path, geo: object, words: str) -> None:
    root = city(tmp_path)
    write(root, geo)
    with pytest.raises(GateError, match=words):
        read_path(root, "paths/walk.geojson")


def test_gate_errors_are_value_errors_with_their_message() -> None:
    error = GateError("`x` is a symbolic link")
    assert isinstance(error, ValueError) and error.message == str(error) == "`x` is a symbolic link"
