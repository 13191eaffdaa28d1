"""The faster QR codes are segno's own codes, module for module."""

from __future__ import annotations

import random
import string

import segno

from city_classroom.rendering import qr


def _addresses(count: int) -> list[tuple[str, str]]:
    rng = random.Random(7)
    out = []
    for number in range(count):
        length = rng.choice([5, 20, 40, 60, 90, 150])
        path = "".join(rng.choice(string.ascii_lowercase + string.digits + "/-") for _ in range(length))
        address = f"https://learning.example.org/{path}/"
        if number % 4 == 1:
            address = address.upper()  # alphanumeric mode
        elif number % 4 == 2:
            address = f"https://example.org/th/ลำพูน/{path[:30]}/"  # byte mode, UTF-8
        out.append((address, rng.choice("lmqh")))
    return out


def test_codes_are_segnos_codes():
    masks, versions = set(), set()
    for address, error in _addresses(80):
        expected = segno.make(address, error=error, micro=False)
        qr.make.cache_clear()
        made = qr.make(address, error)
        assert (made.version, made.error, made.mask) == (expected.version, expected.error, expected.mask), address
        assert made.matrix == expected.matrix, address
        masks.add(made.mask)
        versions.add(made.version)
    assert len(masks) >= 6 and len(versions) >= 5  # the comparison covered most masks and sizes


def test_segno_is_left_as_it_was():
    qr.make("https://example.org/", "m")
    assert segno.encoder.find_and_apply_best_mask is qr._segno_best_mask
    code = segno.make("https://example.org/", error="m", micro=False, mask=3)
    assert code.mask == 3


def test_a_code_is_made_once_per_address():
    qr.make.cache_clear()
    first = qr.make("https://example.org/a/", "m")
    assert qr.make("https://example.org/a/", "m") is first
    assert qr.make.cache_info().hits == 1
