"""QR codes: segno's, made about three times faster.

segno tries the eight data masks of ISO/IEC 18004 (7.8.3) on every code and keeps the one
of least penalty; its pure-Python scoring took three quarters of the time of a code, and a
network of 400 cities puts some 60,000 codes on its plaque and walk sheets. `_best_mask`
scores the masks with numpy by the same four rules, in the same order, and keeps the same
one; `_add_codewords` places the bits along segno's walk of the symbol, worked out once per
version. A code is the same modules, bit for bit (tests/test_qr.py compares both on many
addresses), and is made once per address and kept for the build.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import numpy as np
import segno
from segno import encoder

_N3 = bytes((1, 0, 1, 1, 1, 0, 1))


@lru_cache(maxsize=64)
def _encoding_region(width: int) -> np.ndarray:
    """True where a module holds data (not a finder, timing or alignment pattern), as segno marks it."""
    function = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(function, width, width)
    encoder.add_alignment_patterns(function, width, width)
    function[-8][8] = 0x1
    return np.array([list(row) for row in function], dtype=np.uint8) > 0x1


@lru_cache(maxsize=64)
def _masks(width: int) -> tuple[np.ndarray, ...]:
    """The eight mask patterns of a symbol of this width, limited to its encoding region."""
    i, j = np.indices((width, width))
    region = _encoding_region(width)
    return tuple((pattern(i, j) & region).astype(np.uint8) for pattern in encoder.get_data_mask_functions(False))


def _n1(lines: np.ndarray) -> int:
    """Runs of five or more modules of one colour along the lines: 3 + (length - 5) each."""
    padded = np.full((lines.shape[0], lines.shape[1] + 1), 2, dtype=np.uint8)  # 2 ends each line
    padded[:, :-1] = lines
    flat = padded.ravel()
    edges = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    lengths = np.diff(np.concatenate(([0], edges, [flat.size])))
    long = lengths[lengths >= 5]
    return int((long - 2).sum())


def _n3(lines: np.ndarray) -> int:
    """1:1:3:1:1 patterns with four light modules beside them, counted exactly as segno counts them.

    segno searches each line from its start, and after a pattern resumes 7 modules on
    (4 when the pattern had dark modules beside it); the lines are searched here as one
    string, with a 2 between lines, and the same walk is made through the places found.
    """
    size = lines.shape[1]
    padded = np.full((lines.shape[0], size + 1), 2, dtype=np.uint8)
    padded[:, :-1] = lines
    text = padded.tobytes()
    found: dict[int, list[int]] = {}
    place = text.find(_N3)
    while place != -1:
        found.setdefault(place // (size + 1), []).append(place % (size + 1))
        place = text.find(_N3, place + 1)
    count = 0
    for number, places in found.items():
        line = text[number * (size + 1) : number * (size + 1) + size]
        resume = 0
        for index in places:
            if index < resume:
                continue
            offset = index + 7
            if (
                index in (0, size - 7)
                or not any(line[max(index - 4, 0) : min(index, size)])
                or not any(line[max(offset, 0) : min(offset + 4, size)])
            ):
                count += 40
            else:
                offset = index + 4
            resume = offset
    return count


def _penalty(m: np.ndarray) -> int:
    size = m.shape[0]
    n1 = _n1(m) + _n1(m.T)
    block = (m[1:, 1:] == m[1:, :-1]) & (m[1:, 1:] == m[:-1, 1:]) & (m[1:, 1:] == m[:-1, :-1])
    n2 = 3 * int(block.sum())
    n3 = _n3(m) + _n3(m.T)
    percent = float(int(m.sum())) / (size**2)
    n4 = 10 * int(abs(percent * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


_segno_best_mask = encoder.find_and_apply_best_mask


def _best_mask(matrix, width, height, proposed_mask=None):
    """segno's `find_and_apply_best_mask`, for QR Code symbols (Micro QR is left to segno)."""
    if proposed_mask is not None or width != height or width < 21:
        return _segno_best_mask(matrix, width, height, proposed_mask)
    m = np.array([list(row) for row in matrix], dtype=np.uint8)
    best_score, best_number, best = None, 0, m
    for number, mask in enumerate(_masks(width)):
        masked = m ^ mask
        score = _penalty(masked)
        if best_score is None or score < best_score:
            best_score, best_number, best = score, number, masked
    return best_number, tuple(bytearray(row.tobytes()) for row in best)


_segno_add_codewords = encoder.add_codewords


@lru_cache(maxsize=64)
def _placement(version: int) -> tuple[tuple[int, int], ...]:
    """Where a symbol of this version takes its codeword bits, in order: segno's walk of the
    two-module columns (ISO/IEC 18004 7.7.3), made once per version instead of once per code."""
    width = encoder.calc_matrix_size(version)
    matrix = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(matrix, width, width)
    encoder.add_alignment_patterns(matrix, width, width)
    order = []
    for right in range(width - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(width):
            for z in range(2):
                j = right - z
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = (width - 1 - vertical) if upwards else vertical
                if matrix[i][j] == 0x2:
                    order.append((i, j))
                    matrix[i][j] = 0x0
    return tuple(order)


def _add_codewords(matrix, codewords, version):
    """segno's `add_codewords`, for QR Code symbols (Micro QR is left to segno)."""
    if version < 1:
        return _segno_add_codewords(matrix, codewords, version)
    order = _placement(version)
    count = min(len(order), len(codewords))
    for (i, j), bit in zip(order[:count], codewords):
        matrix[i][j] = bit
    if count != len(codewords):
        raise ValueError(
            f"Internal error: Adding codewords to matrix failed. Added {count} of {len(codewords)} codewords"
        )
    return None


@contextmanager
def _fast_masks() -> Iterator[None]:
    encoder.find_and_apply_best_mask, encoder.add_codewords = _best_mask, _add_codewords
    try:
        yield
    finally:
        encoder.find_and_apply_best_mask, encoder.add_codewords = _segno_best_mask, _segno_add_codewords


@lru_cache(maxsize=4096)
def make(content: str, error: str) -> segno.QRCode:
    """The QR code (not Micro QR) of `content`, as `segno.make(content, error=error, micro=False)` makes it."""
    with _fast_masks():
        return segno.make(content, error=error, micro=False)
