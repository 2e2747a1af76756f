"""Charts drawn on the server as inline SVG: no script, no CDN, readable on a phone."""

from __future__ import annotations

from html import escape

from bot.console.render import Html

ROW, LABEL, WIDTH = 22, 110, 420
COLOUR = "#1f5fae"


def bars(rows: list[tuple[str, int]], *, title: str, note=None) -> Html:
    """Horizontal bars, one row each: label, bar, value (and a note such as the drop-off)."""
    top = max((v for _, v in rows), default=0) or 1
    height = ROW * len(rows) + 4
    parts = [f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(rows):
        y, length = i * ROW + 2, round((WIDTH - LABEL - 90) * value / top)
        extra = f" {note(i)}" if note and note(i) else ""
        parts.append(f'<text x="0" y="{y + 14}">{escape(label[:12])}</text>'
                     f'<rect x="{LABEL}" y="{y + 2}" width="{length}" height="{ROW - 6}" fill="{COLOUR}" rx="2"/>'
                     f'<text x="{LABEL + length + 4}" y="{y + 14}">{value}{escape(extra)}</text>')
    parts.append("</svg>")
    return Html("".join(parts))


def columns(rows: list[tuple[str, int]], *, title: str) -> Html:
    """Vertical columns over time (leads per day), labelled every few columns."""
    top = max((v for _, v in rows), default=0) or 1
    width, height, base = max(len(rows), 1) * 14 + 30, 150, 125
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>", f'<text x="0" y="10">{top}</text>']
    for i, (label, value) in enumerate(rows):
        x, tall = 24 + i * 14, round(105 * value / top)
        parts.append(f'<rect x="{x}" y="{base - tall}" width="10" height="{tall}" fill="{COLOUR}">'
                     f"<title>{escape(label)}: {value}</title></rect>")
        if i % 7 == 0 or i == len(rows) - 1:
            parts.append(f'<text x="{x}" y="{base + 14}">{escape(label[5:])}</text>')
    parts.append(f'<line x1="22" y1="{base}" x2="{width}" y2="{base}" stroke="#8a94a3"/></svg>')
    return Html("".join(parts))
