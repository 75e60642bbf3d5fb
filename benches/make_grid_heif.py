#!/usr/bin/env python3
"""Writes a HEIF photo stored the way cameras and phones store large ones: a
grid of HEVC tiles (each a hidden image item) that the primary `grid` item
joins, optionally turned by an `irot` box.

    make_grid_heif.py SOURCE OUT [--tile 512] [--irot N] [--size WxH]

SOURCE is any image Pillow reads (scaled to --size if given); the tiles are
encoded with x265 through pillow-heif (pip install pillow-heif). Used for the
grid fixture (fixtures/generated_grid_face.heic) and the 50 MP memory
benchmark (tests/memory.rs). SOURCE is how the photo looks when read: the
pixels are stored turned back, and `irot N` (N quarter turns anticlockwise,
as a camera held sideways writes it) turns them upright again when the
file is read.
"""

import argparse
import io
import struct

from PIL import Image
import pillow_heif


def boxes(b, off, end):
    while off + 8 <= end:
        size, typ = struct.unpack(">I4s", b[off : off + 8])
        hdr = 8
        if size == 1:
            size = struct.unpack(">Q", b[off + 8 : off + 16])[0]
            hdr = 16
        if size == 0:
            size = end - off
        yield typ, off + hdr, off + size
        off += size


def child(b, s, e, name):
    for t, cs, ce in boxes(b, s, e):
        if t == name:
            return cs, ce
    raise ValueError(name)


def encode_tile(img, quality):
    """One tile as (hvcC box bytes, coded data) from a one-image HEIC."""
    out = io.BytesIO()
    pillow_heif.from_pillow(img).save(out, quality=quality, chroma=420)
    b = out.getvalue()
    ms, me = child(b, 0, len(b), b"meta")
    ms += 4
    ps, pe = child(b, ms, me, b"iprp")
    cs, ce = child(b, ps, pe, b"ipco")
    hvcc = next(b[s - 8 : e] for t, s, e in boxes(b, cs, ce) if t == b"hvcC")
    ls, le = child(b, ms, me, b"iloc")
    v = b[ls]
    sizes = (b[ls + 4] >> 4, b[ls + 4] & 15, b[ls + 5] >> 4, b[ls + 5] & 15 if v in (1, 2) else 0)
    p = ls + 6

    def take(n):
        nonlocal p
        val = int.from_bytes(b[p : p + n], "big") if n else 0
        p += n
        return val

    data = b""
    for _ in range(take(2 if v < 2 else 4)):
        take(2 if v < 2 else 4)  # item id
        if v in (1, 2):
            assert take(2) & 15 == 0, "data not in the file's mdat"
        take(2)  # data reference index
        base = take(sizes[2])
        for _ in range(take(2)):
            take(sizes[3])
            off, ln = base + take(sizes[0]), take(sizes[1])
            data += b[off : off + ln]
    return hvcc, data


def box(typ, payload):
    return struct.pack(">I4s", 8 + len(payload), typ) + payload


def full(typ, version, flags, payload):
    return box(typ, struct.pack(">I", (version << 24) | flags) + payload)


def write(img, tile, irot, quality=70):
    for _ in range(irot & 3):
        img = img.transpose(Image.Transpose.ROTATE_270)
    w, h = img.size
    cols, rows = -(-w // tile), -(-h // tile)
    padded = Image.new("RGB", (cols * tile, rows * tile))
    padded.paste(img, (0, 0))
    tiles = []
    for r in range(rows):
        for c in range(cols):
            tiles.append(encode_tile(padded.crop((c * tile, r * tile, (c + 1) * tile, (r + 1) * tile)), quality))
    grid_id = 1
    tile_ids = list(range(2, 2 + len(tiles)))
    infe = [full(b"infe", 2, 0, struct.pack(">HH4s", grid_id, 0, b"grid") + b"\0")]
    infe += [full(b"infe", 2, 1, struct.pack(">HH4s", i, 0, b"hvc1") + b"\0") for i in tile_ids]
    iinf = full(b"iinf", 0, 0, struct.pack(">H", len(infe)) + b"".join(infe))
    iref = full(b"iref", 0, 0, box(b"dimg", struct.pack(">HH", grid_id, len(tile_ids)) + b"".join(struct.pack(">H", i) for i in tile_ids)))
    grid = struct.pack(">BBBBHH", 0, 0, rows - 1, cols - 1, w, h)
    idat = box(b"idat", grid)
    # properties: 1 = ispe of a tile, 2 = ispe of the grid, 3 = irot,
    # then one hvcC per tile
    props = [full(b"ispe", 0, 0, struct.pack(">II", tile, tile)), full(b"ispe", 0, 0, struct.pack(">II", w, h))]
    props.append(box(b"irot", bytes([irot & 3])))
    props += [hvcc for hvcc, _ in tiles]
    ipco = box(b"ipco", b"".join(props))
    # ipma with 16-bit property indices (flags 1): there are more than 127
    # properties; the top bit marks a property essential.
    grid_props = [2] + ([0x8003] if irot else [])
    assoc = [struct.pack(">HB", grid_id, len(grid_props)) + b"".join(struct.pack(">H", p) for p in grid_props)]
    for n, i in enumerate(tile_ids):
        assoc.append(struct.pack(">HBHH", i, 2, 0x8000 | (4 + n), 1))
    ipma = full(b"ipma", 0, 1, struct.pack(">I", len(assoc)) + b"".join(assoc))
    iprp = box(b"iprp", ipco + ipma)
    hdlr = full(b"hdlr", 0, 0, struct.pack(">I4s", 0, b"pict") + b"\0" * 12 + b"\0")
    pitm = full(b"pitm", 0, 0, struct.pack(">H", grid_id))
    ftyp = box(b"ftyp", b"heic" + struct.pack(">I", 0) + b"mif1heic")

    def meta_with(base):
        entries = [struct.pack(">HHHH", grid_id, 1, 0, 1) + struct.pack(">II", 0, len(grid))]
        off = base
        for i, (_, data) in zip(tile_ids, tiles):
            entries.append(struct.pack(">HHHH", i, 0, 0, 1) + struct.pack(">II", off, len(data)))
            off += len(data)
        iloc = full(b"iloc", 1, 0, bytes([0x44, 0x00]) + struct.pack(">H", len(entries)) + b"".join(entries))
        return full(b"meta", 0, 0, hdlr + pitm + iinf + iref + iprp + idat + iloc)

    size = len(meta_with(0))
    base = len(ftyp) + size + 8
    meta = meta_with(base)
    assert len(meta) == size
    mdat = box(b"mdat", b"".join(data for _, data in tiles))
    return ftyp + meta + mdat


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source")
    ap.add_argument("out")
    ap.add_argument("--tile", type=int, default=512)
    ap.add_argument("--irot", type=int, default=0)
    ap.add_argument("--size")
    ap.add_argument("--quality", type=int, default=70)
    a = ap.parse_args()
    img = Image.open(a.source).convert("RGB")
    if a.size:
        w, h = map(int, a.size.lower().split("x"))
        img = img.resize((w, h))
    with open(a.out, "wb") as f:
        f.write(write(img, a.tile, a.irot, a.quality))


if __name__ == "__main__":
    main()
