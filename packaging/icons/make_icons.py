"""Draw the application icon (a QR finder pattern with a check mark) as PNG and ICO.

Run from anywhere: ``python packaging/icons/make_icons.py``. The outputs are committed so
that a build needs no drawing step; rerun after changing the drawing.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
GREEN = (22, 128, 61, 255)
INK = (24, 24, 27, 255)
PAPER = (255, 255, 255, 255)


def draw(size: int = 512) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    u = size / 16  # one grid unit
    d.rounded_rectangle([0, 0, size - 1, size - 1], radius=int(3 * u), fill=PAPER,
                        outline=INK, width=max(2, int(u / 3)))

    def finder(x: float, y: float) -> None:
        d.rectangle([x, y, x + 5 * u, y + 5 * u], fill=INK)
        d.rectangle([x + u, y + u, x + 4 * u, y + 4 * u], fill=PAPER)
        d.rectangle([x + 2 * u, y + 2 * u, x + 3 * u, y + 3 * u], fill=INK)

    finder(2 * u, 2 * u)
    finder(9 * u, 2 * u)
    finder(2 * u, 9 * u)
    # A few data modules in the fourth corner, then the check mark over it.
    for cx, cy in [(9, 9), (11, 9), (10, 10), (12, 11), (9, 12), (13, 13)]:
        d.rectangle([cx * u, cy * u, (cx + 1) * u, (cy + 1) * u], fill=INK)
    d.line([(8.2 * u, 11.6 * u), (10.6 * u, 14.0 * u), (14.6 * u, 8.4 * u)], fill=GREEN,
           width=int(1.6 * u), joint="curve")
    return img


def main() -> None:
    img = draw(512)
    img.resize((256, 256), Image.LANCZOS).save(HERE / "checkin-kiosk.png")
    img.save(HERE / "checkin-kiosk.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64),
                                                (128, 128), (256, 256)])


if __name__ == "__main__":
    main()
