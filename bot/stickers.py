"""Helmet stickers on A4 sheets: a QR code, the project's name, the hotline and a call to action."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_Q

DPI = 300
PAGE_MM = (210, 297)
STICKER_MM = (90, 62)
GRID = (2, 4)  # columns, rows of stickers on a sheet
BAND_MM = 13  # the coloured call-to-action band across the top
QR_MM = 44
ORANGE, INK, CUT = (194, 65, 12), (28, 25, 23), (168, 162, 158)
# CJK fonts tried first, by path (Debian's fonts-noto-cjk and fonts-wqy-zenhei), then fontconfig.
FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


@dataclass(frozen=True)
class Sticker:
    """What one sticker shows; `code` is a QR image (a WeChat ticket) or the text to encode."""

    code: str | Image.Image
    name: str
    hotline: str
    call: str


def mm(value: float) -> int:
    """Millimetres in pixels at the print resolution."""
    return round(value / 25.4 * DPI)


def find_font() -> Path | None:
    """An installed font that has Chinese characters, or None."""
    for path in FONT_PATHS:
        if Path(path).is_file():
            return Path(path)
    if not shutil.which("fc-list"):
        return None
    listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
    files = sorted(line.split(":")[0].strip() for line in listed.splitlines() if line.strip())
    return Path(files[0]) if files else None


def sheets(stickers: Iterable[Sticker], font: Path) -> list[Image.Image]:
    """A4 pages at 300 dpi, the stickers laid out in a grid with cutting outlines."""
    per_page, pages = GRID[0] * GRID[1], []
    items = list(stickers)
    for start in range(0, len(items), per_page):
        page = Image.new("RGB", (mm(PAGE_MM[0]), mm(PAGE_MM[1])), "white")
        for index, sticker in enumerate(items[start:start + per_page]):
            page.paste(draw(sticker, font), _slot(index))
        pages.append(page)
    return pages


def _slot(index: int) -> tuple[int, int]:
    """Top-left corner of the index-th sticker, the grid centred on the page."""
    column, row = index % GRID[0], index // GRID[0]
    gap = 6
    left = (PAGE_MM[0] - GRID[0] * STICKER_MM[0] - (GRID[0] - 1) * gap) / 2
    top = (PAGE_MM[1] - GRID[1] * STICKER_MM[1] - (GRID[1] - 1) * gap) / 2
    return mm(left + column * (STICKER_MM[0] + gap)), mm(top + row * (STICKER_MM[1] + gap))


def draw(sticker: Sticker, font: Path) -> Image.Image:
    """One sticker: the band with the call to action, the QR code, the project's name and the hotline."""
    width, height = mm(STICKER_MM[0]), mm(STICKER_MM[1])
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, width - 1, mm(BAND_MM)), radius=mm(3), fill=ORANGE)
    pen.rectangle((0, mm(BAND_MM) - mm(3), width - 1, mm(BAND_MM)), fill=ORANGE)
    _line(pen, sticker.call, font, (mm(3), mm(BAND_MM / 2)), width - mm(6), mm(6), "white")
    image.paste(qr_image(sticker.code, mm(QR_MM)), (mm(2), mm(BAND_MM + 2)))
    column = mm(QR_MM + 5)
    _wrapped(pen, sticker.name, font, (column, mm(BAND_MM + 6)), width - column - mm(3), mm(5.5), lines=3)
    _line(pen, sticker.hotline, font, (column, height - mm(9)), width - column - mm(3), mm(5), ORANGE)
    pen.rounded_rectangle((0, 0, width - 1, height - 1), radius=mm(3), outline=CUT, width=2)
    return image


def qr_image(code: str | Image.Image, size: int) -> Image.Image:
    """A square QR code of `size` pixels; quartile error correction survives a scuffed helmet."""
    if isinstance(code, str):
        maker = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=2)
        maker.add_data(code)
        maker.make(fit=True)
        code = maker.make_image(fill_color="black", back_color="white").get_image()
    # Nearest-neighbour keeps the modules' edges sharp, whatever the scale.
    return code.convert("RGB").resize((size, size), Image.Resampling.NEAREST)


def _line(pen: ImageDraw.ImageDraw, text: str, font: Path, left_middle: tuple[int, int], width: int,
          size: int, fill) -> None:
    """One line of text, shrunk until it fits the width."""
    face = _fitting(text, font, width, size)
    pen.text(left_middle, text, font=face, fill=fill, anchor="lm")


def _wrapped(pen: ImageDraw.ImageDraw, text: str, font: Path, top_left: tuple[int, int], width: int,
             size: int, lines: int) -> None:
    """Text broken into at most `lines` lines (Chinese breaks between any characters), shrunk to fit."""
    face = _face(font, size)
    rows = _wrap(text, face, width)
    while len(rows) > lines and size > 20:
        size -= 4
        face, rows = _face(font, size), _wrap(text, _face(font, size), width)
    for number, row in enumerate(rows[:lines]):
        pen.text((top_left[0], top_left[1] + number * round(size * 1.3)), row, font=face, fill=INK)


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    rows = [""]
    for char in text:
        if face.getlength(rows[-1] + char) > width and rows[-1]:
            rows.append("")
        rows[-1] += char
    return rows


def _fitting(text: str, font: Path, width: int, size: int) -> ImageFont.FreeTypeFont:
    while size > 12 and _face(font, size).getlength(text) > width:
        size -= 2
    return _face(font, size)


@cache
def _face(font: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font), size)


def save(pages: list[Image.Image], out: Path) -> list[Path]:
    """Write a PDF of every page, or one PNG per page (out-2.png, … after the first); the files written."""
    if out.suffix.lower() == ".pdf":
        # High JPEG quality without chroma subsampling: the QR modules keep crisp edges in print.
        pages[0].save(out, save_all=True, append_images=pages[1:], resolution=DPI, quality=95, subsampling=0)
        return [out]
    written = [out if number == 1 else out.with_name(f"{out.stem}-{number}{out.suffix}")
               for number in range(1, len(pages) + 1)]
    for page, path in zip(pages, written, strict=True):
        page.save(path, dpi=(DPI, DPI))
    return written
