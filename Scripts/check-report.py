"""Checks the README example report as Chromium printed and drew it.

usage: check-report.py LETTER.pdf A4.pdf PAGE.png

Each PDF: four pages (the profile; the evidence on two; the drift), the
one-page ICP alone on the first (its best accounts there, the evidence
not), the evidence starting the second and the drift on the last. The
PNG: the first screen of the page, neither blank nor a flat colour.
"""

import sys
import unicodedata

import pypdf
from PIL import Image


def fail(message):
    print(f"check-report: {message}", file=sys.stderr)
    sys.exit(1)


def check_pdf(path, size):
    pages = pypdf.PdfReader(path).pages
    # NFKC unfolds the ligatures a PDF's text holds (ﬁ → fi).
    texts = [unicodedata.normalize("NFKC", page.extract_text()) for page in pages]
    width, height = (float(v) for v in pages[0].mediabox.upper_right)
    if abs(width - size[0]) > 2 or abs(height - size[1]) > 2:
        fail(f"{path}: pages are {width:.0f}x{height:.0f} pt, expected {size[0]}x{size[1]}")
    if len(pages) != 4:
        fail(f"{path}: {len(pages)} pages, expected 4")
    first = texts[0]
    for expected in ["Fit levels", "The fit rubric", "Who to talk to", "The best 10"]:
        if expected not in first:
            fail(f"{path}: page 1 lacks '{expected}': the one-page ICP spilled over")
    if "Evidence" in first:
        fail(f"{path}: the evidence starts on page 1")
    if not texts[1].lstrip().startswith("Evidence"):
        fail(f"{path}: page 2 does not start with the evidence")
    if "Drift" not in texts[3]:
        fail(f"{path}: the drift is not on page 4")
    print(f"check-report: {path}: {len(pages)} pages of {width:.0f}x{height:.0f} pt, the ICP alone on page 1")


def check_png(path):
    image = Image.open(path).convert("L")
    pixels = image.tobytes()
    dark = sum(1 for p in pixels if p < 128) / len(pixels)
    levels = len(set(pixels))
    if image.size != (1000, 1500):
        fail(f"{path}: {image.size}, expected 1000x1500")
    if not 0.01 < dark < 0.5:
        fail(f"{path}: {dark:.1%} dark pixels: blank or flooded")
    if levels < 16:
        fail(f"{path}: {levels} gray levels: no text drawn")
    print(f"check-report: {path}: {image.size[0]}x{image.size[1]}, {dark:.1%} dark, {levels} gray levels")


check_pdf(sys.argv[1], (612, 792))
check_pdf(sys.argv[2], (595, 842))
check_png(sys.argv[3])
