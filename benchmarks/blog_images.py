"""The images of a synthetic blog, for gen_blog.py: `png_bytes` writes a real RGB PNG with only
`zlib` and `struct`; the figure sizes, the shared figure count and the co-located image names.
"""

from __future__ import annotations

import random
import struct
import zlib


def png_bytes(width: int, height: int, variant: int) -> bytes:
    """A valid 8-bit RGB PNG: coloured tiles (like a chart) with one noisy patch (like a photo)."""
    rng = random.Random(f"png:{width}x{height}:{variant}")
    tile = 40
    palette = [bytes(rng.randrange(256) for _ in range(3)) for _ in range(5)]
    background = bytes((246, 247, 249))
    noise_w, noise_h = width // 4, height // 4
    rows = []
    for ty in range(0, height, tile):
        cells = []
        for tx in range(0, width, tile):
            bar = (tx // tile + variant) % 5
            filled = (ty // tile) * 3 >= (height // tile) * (1 + (bar + variant) % 3) // 2
            cells.append((palette[bar] if filled else background) * min(tile, width - tx))
        row = b"\x00" + b"".join(cells)
        for y in range(ty, min(ty + tile, height)):
            if y < noise_h:  # the top-left quarter is noise, so files are not trivially small
                rows.append(row[:1] + rng.randbytes(noise_w * 3) + row[1 + noise_w * 3 :])
            else:
                rows.append(row)
    raw = b"".join(rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


FIGURE_SIZES = ((640, 360), (800, 450), (1200, 630), (320, 240), (1024, 768), (480, 480))
FIGURE_COUNT = 24
COLOCATED = (("diagram.png", (640, 360)), ("screenshot.png", (800, 450)), ("chart.png", (480, 480)))


def figure_size(n: int) -> tuple[int, int]:
    return FIGURE_SIZES[(n - 1) % len(FIGURE_SIZES)]
