"""The card store (ssg.card_store): a key over every input of a card, cards drawn once and
kept, every kept file checked (a cut-short or altered one is drawn again, never returned), and
writes that leave no half-written file."""

from __future__ import annotations

import dataclasses
import io
import os
import struct
import zlib

import pytest

pytest.importorskip("PIL")
from PIL import Image

from ssg import card_store, cards
from ssg.card_store import CardInput, CardStore, is_whole_card

CARD = CardInput("도커 이미지 정리", "개발 노트", "2024-05-01", ("docker", "도커"))


@pytest.fixture(scope="module")
def png() -> bytes:
    return CARD.draw()


def test_the_key_is_a_sha256_that_changes_with_every_input():
    assert len(CARD.key) == 64 and CARD.key == dataclasses.replace(CARD).key
    others = [
        dataclasses.replace(CARD, title="도커 이미지 정리!"),
        dataclasses.replace(CARD, site_name="개발 노트 2"),
        dataclasses.replace(CARD, date="2024-05-02"),
        dataclasses.replace(CARD, tags=("docker",)),
        dataclasses.replace(CARD, tags=("도커", "docker")),  # the order is drawn too
        dataclasses.replace(CARD, colors=cards.DARK),
    ]
    keys = {card.key for card in others}
    assert len(keys) == len(others) and CARD.key not in keys


def test_the_key_changes_with_the_drawing_version_and_the_fonts(monkeypatch):
    before = CARD.key
    monkeypatch.setattr(cards, "DRAWING_VERSION", cards.DRAWING_VERSION + 1)
    assert CARD.key != before
    monkeypatch.undo()
    monkeypatch.setattr(cards, "font_fingerprint", lambda: "another font")
    assert CARD.key != before


def test_a_drawn_card_is_whole(png):
    assert is_whole_card(png)
    assert Image.open(io.BytesIO(png)).size == (1200, 630)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-1],  # the last byte of IEND's CRC lost
        lambda data: data + b"\0",  # something after IEND
        lambda data: data[:100] + bytes([data[100] ^ 1]) + data[101:],  # one bit flipped
        lambda data: b"GIF89a" + data[6:],
        lambda data: b"",
    ],
    ids=["truncated", "no-last-byte", "trailing", "bit-flip", "signature", "empty"],
)
def test_a_damaged_card_is_not_whole(png, damage):
    assert not is_whole_card(damage(png))


def chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">L", len(data)) + body + struct.pack(">L", zlib.crc32(body))


def test_a_whole_png_of_another_size_or_without_a_header_first_is_not_a_card():
    ihdr = struct.pack(">LLBBBBB", 1200, 631, 8, 3, 0, 0, 0)
    other_size = card_store.PNG_SIGNATURE + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")
    assert not is_whole_card(other_size)
    short_header = card_store.PNG_SIGNATURE + chunk(b"IHDR", b"\0\0") + chunk(b"IEND", b"")
    assert not is_whole_card(short_header)
    ihdr = struct.pack(">LLBBBBB", 1200, 630, 8, 3, 0, 0, 0)
    no_end = card_store.PNG_SIGNATURE + chunk(b"IHDR", ihdr)
    assert not is_whole_card(no_end)


def test_a_card_is_drawn_once_then_read_from_the_folder(tmp_path, draws, png):
    store = CardStore(tmp_path / "cards")
    assert store.card(CARD) == png
    assert store.card(CARD) == png
    assert CardStore(tmp_path / "cards").card(CARD) == png  # another build
    assert draws == [CARD.title]
    assert os.listdir(tmp_path / "cards") == [f"{CARD.key}.png"]  # no temporary file left


@pytest.mark.parametrize("damage", ["truncate", "flip", "folder"])
def test_a_damaged_stored_card_is_drawn_again_and_replaced(tmp_path, draws, png, damage):
    store = CardStore(tmp_path / "cards")
    store.card(CARD)
    stored = tmp_path / "cards" / f"{CARD.key}.png"
    if damage == "truncate":
        stored.write_bytes(png[:-20])
    elif damage == "flip":
        stored.write_bytes(png[:500] + bytes([png[500] ^ 0x40]) + png[501:])
    else:  # a folder in its place: drawn every time, never a traceback
        stored.unlink()
        stored.mkdir()
    assert store.card(CARD) == png
    assert draws == [CARD.title, CARD.title]
    if damage != "folder":
        assert stored.read_bytes() == png  # repaired


def test_without_a_folder_or_a_writable_one_every_card_is_drawn(tmp_path, draws, png):
    assert CardStore(None).card(CARD) == png
    (tmp_path / "cards").write_text("a file where the folder goes")
    store = CardStore(tmp_path / "cards")
    assert store.card(CARD) == png and store.card(CARD) == png
    assert len(draws) == 3
    assert sorted(os.listdir(tmp_path)) == ["cards"]  # no temporary file left beside it


def test_prune_removes_what_no_build_needs_once_it_outnumbers_the_rest(tmp_path):
    folder = tmp_path / "cards"
    folder.mkdir()
    live = {f"{n:064x}" for n in range(3)}
    for key in live:
        (folder / f"{key}.png").write_bytes(b"x")
    store = CardStore(folder)
    for n in range(100):
        (folder / f"old{n}.png").write_bytes(b"x")
    assert store.prune(live) == 0  # 100 stale files: not yet worth a cleanup
    (folder / f"{'f' * 64}.123.tmp").write_bytes(b"x")  # a killed build's
    assert store.prune(live) == 101
    assert sorted(os.listdir(folder)) == sorted(f"{key}.png" for key in live)
    assert CardStore(None).prune(live) == 0


def test_a_link_in_the_folder_is_not_read_as_a_card(tmp_path, draws, png):
    elsewhere = CardInput("Another", "Site", "2024-01-01", ()).draw()  # whole, but not ours
    (tmp_path / "other.png").write_bytes(elsewhere)
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / f"{CARD.key}.png").symlink_to(tmp_path / "other.png")
    assert CardStore(tmp_path / "cards").card(CARD) == png
    assert (tmp_path / "other.png").read_bytes() == elsewhere  # replaced the link, not its file
