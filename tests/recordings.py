"""Small recordings made byte by byte, for the gate's tests: one of each container it accepts.

Each is the smallest file of its kind that the gate's structure checks see as real: MPEG audio
frames of silence (with or without an ID3v2 tag), an ISO media file (`ftyp`, `moov`, `mdat`
boxes), an Ogg page whose first packet is a Vorbis or Opus header. The MP3 is the same kind
as the fixture city's recording, which Chromium decodes (tests/test_walk_mode_browser.py).
"""

from __future__ import annotations

import struct
import zlib

MPEG_FRAME = bytes([0xFF, 0xFB, 0x90, 0xC4]) + bytes(417 - 4)
"""One MPEG-1 Layer III frame: 128 kbit/s, 44.1 kHz, mono, no CRC; all zero after the header (silence)."""


def id3(title: str = "A story") -> bytes:
    words = title.encode("utf-8")
    frame = b"TIT2" + (len(words) + 1).to_bytes(4, "big") + b"\x00\x00\x03" + words
    size = len(frame)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    return b"ID3\x04\x00\x00" + syncsafe + frame


def mp3(frames: int = 20, tag: bool = True) -> bytes:
    return (id3() if tag else b"") + MPEG_FRAME * frames


def box(kind: bytes, body: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def m4a() -> bytes:
    return (
        box(b"ftyp", b"M4A \x00\x00\x00\x00M4A mp42isom")
        + box(b"moov", box(b"mvhd", bytes(100)))
        + box(b"mdat", bytes(64))
    )


def ogg(packet: bytes) -> bytes:
    """One Ogg page, the stream's first (BOS), holding `packet` whole. Its checksum field holds
    zlib's CRC-32, not Ogg's own polynomial: the gate does not check it."""
    header = b"OggS" + bytes([0, 0x02]) + bytes(8) + struct.pack("<I", 1) + struct.pack("<I", 0)
    crc = struct.pack("<I", zlib.crc32(packet) & 0xFFFFFFFF)
    return header[:22] + crc + bytes([1, len(packet)]) + packet


def opus() -> bytes:
    return ogg(b"OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00")


def vorbis() -> bytes:
    return ogg(b"\x01vorbis" + bytes(22))
