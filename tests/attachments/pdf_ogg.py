"""A PDF and an Ogg Opus voice message made on the spot, byte by byte, as their specifications
lay them out (PDF 1.7 §7.5: header, objects, cross-reference table, trailer; RFC 3533 and
RFC 7845: Ogg pages with their CRC, an OpusHead page, an OpusTags page, audio pages)."""

import struct


def pdf(pages: int = 1, padding: int = 0) -> bytes:
    """A PDF with `pages` empty pages; `padding` bytes of a comment make it as large as wanted."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    out += b"%" + b"x" * padding + b"\n" if padding else b""
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _crc_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
        table.append(crc & 0xFFFFFFFF)
    return table


_CRC = _crc_table()


def _ogg_crc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _CRC[((crc >> 24) & 0xFF) ^ byte]
    return crc


def ogg_page(packets: list[bytes], *, sequence: int, granule: int, flags: int = 0, serial: int = 0x436F7A75) -> bytes:
    """One page holding whole `packets` (each under 255 × 255 bytes), its CRC filled in."""
    lacing = bytearray()
    for packet in packets:
        lacing += b"\xff" * (len(packet) // 255) + bytes([len(packet) % 255])
    header = b"OggS" + struct.pack("<BBqIII", 0, flags, granule, serial, sequence, 0) + bytes([len(lacing)]) + lacing
    page = bytearray(header + b"".join(packets))
    struct.pack_into("<I", page, 22, _ogg_crc(bytes(page)))
    return bytes(page)


# One 20 ms frame of silence, mono, CELT full band (TOC 0xF8: config 31, one frame).
SILENT_FRAME = b"\xf8\xff\xfe"


def ogg_opus(frames: int = 50) -> bytes:
    """A mono voice message of `frames` × 20 ms of silence, as WhatsApp's recorder lays it out."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 5) + b"Cozum" + struct.pack("<I", 0)
    pages = [ogg_page([head], sequence=0, granule=0, flags=0x02), ogg_page([tags], sequence=1, granule=0)]
    per_page, sequence, granule = 50, 2, 0
    for start in range(0, frames, per_page):
        count = min(per_page, frames - start)
        granule += count * 960  # 20 ms at 48 kHz
        last = start + count >= frames
        pages.append(ogg_page([SILENT_FRAME] * count, sequence=sequence, granule=granule + 312,
                              flags=0x04 if last else 0))
        sequence += 1
    return b"".join(pages)
