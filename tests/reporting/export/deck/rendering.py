"""Render a .pptx with LibreOffice and read back what a viewer would see.

python-pptx only knows what was written; whether text is legible, collides with
other text or runs off the slide is only visible after layout.  LibreOffice does the
layout (PDF export) and ``pdftotext -bbox-layout`` (poppler) reports every word and
line with its box, so tests can assert on the rendered page.  Standard library only.

Coordinates are PDF points (1/72 in) with the origin at the top-left of the page.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

RENDER_TIMEOUT = 180  # seconds; a 3-slide deck takes ~1.5-2.5 s, the rest is CI slack

# pdftotext's word box runs from 0.95 em above the baseline to 0.35 em below it
# whatever the font (this matches poppler's default ascent/descent, apparently used
# for the TrueType subsets LibreOffice embeds), so its height is a fixed multiple of
# the point size.  Measured with LibreOffice 7.4 + poppler 22.12 at 8, 10, 12, 16 and 24 pt
# for Liberation Sans (stand-in for Arial) and DejaVu Sans (stand-in for Calibri):
# 1.2989-1.3008, i.e. within 0.1 % (0.013 pt at 24 pt).  calibrate.py re-measures it.
BOX_HEIGHT_PER_PT = 1.30

# Two words count as drawn over each other only if their boxes share more than this
# many points both across and down (rounding, kerning, touching boxes).
OVERLAP_TOLERANCE = 1.5

# Word boxes are much taller than the ink (0.95 em up, 0.35 em down against roughly
# 0.74 em ascenders and 0.21 em descenders), so two lines' glyphs can only touch once
# their boxes share more than ~27 % of a box height.  Smaller vertical overlaps are
# lines set close together, not collisions.
INK_SHARE = 0.25

# Lines of one paragraph at reduced spacing (90 %, 80 %, autofit's lnSpcReduction)
# share up to ~37 % of a box at 70 % spacing; stacked lines of one pdftotext block
# get this larger allowance.  Real collisions of interleaved lines always share
# at least ~55 % on one pair, because the line pitch is smaller than the box.
STACKED_SHARE = 0.4

# A horizontal word's average glyph advance is at least ~0.22 em even for "ill.";
# a word set vertically, read as if horizontal, looks far narrower per glyph.
MIN_EM_PER_GLYPH = 0.17


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def intersection(self, other: Box) -> tuple[float, float]:
        """Overlap (dx, dy) with another box; a value <= 0 means no overlap that way."""
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0),
            min(self.y1, other.y1) - max(self.y0, other.y0),
        )


@dataclass
class Word:
    """One word as pdftotext sees it.

    ``rotated`` is True for text set at 90 degrees (vertical axis titles, vertical
    text boxes).  pdftotext -bbox-layout has no rotation attribute; its box for such
    a word is narrow (one line thick) and tall (the word's length).  Shape alone
    cannot tell a rotated word from a narrow upright one ("l", "1", a bullet "•"),
    so a word is taken as rotated only if its line's words are stacked vertically,
    or if it has 4+ characters and reading it as horizontal would give glyphs
    narrower than MIN_EM_PER_GLYPH.  Short rotated words are therefore treated as
    upright, which overestimates their size (never raises a false small-text alarm).
    Text at other angles (e.g. 45-degree category labels) comes out of pdftotext
    as one- or two-letter fragments; they are left as upright words.
    """

    text: str
    box: Box
    rotated: bool = False

    @property
    def thickness(self) -> float:
        """The box extent across the text line (the height of upright text)."""
        return self.box.width if self.rotated else self.box.height


@dataclass
class Line:
    text: str
    box: Box
    words: list[Word]
    block: int  # index of the pdftotext block (a paragraph-like group) on the page

    @property
    def rotated(self) -> bool:
        return bool(self.words) and all(w.rotated for w in self.words)

    def __repr__(self) -> str:
        b = self.box
        return f"Line({self.text!r} @ {b.x0:.0f},{b.y0:.0f}-{b.x1:.0f},{b.y1:.0f})"


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


# ------------------------------------------------------------------------ rendering


def available() -> bool:
    """Whether LibreOffice and pdftotext are installed (skip render tests if not)."""
    return bool(shutil.which("libreoffice") or shutil.which("soffice")) and bool(
        shutil.which("pdftotext")
    )


def render(pptx_bytes: bytes, workdir: os.PathLike | str, name: str = "deck") -> Path:
    """Convert the deck to PDF in ``workdir`` with headless LibreOffice; return its path.

    Each call gets a private LibreOffice profile (-env:UserInstallation) so tests
    running in parallel do not fight over the default profile's lock file.
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    src = workdir / f"{name}.pptx"
    src.write_bytes(pptx_bytes)
    pdf = workdir / f"{name}.pdf"
    pdf.unlink(missing_ok=True)  # never mistake an old PDF for this render's
    office = shutil.which("libreoffice") or shutil.which("soffice") or "libreoffice"
    with tempfile.TemporaryDirectory(prefix="lo-profile-", dir=workdir) as profile:
        cmd = [
            office,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(src),
        ]
        # Own process group: `libreoffice` is a wrapper script, and on a timeout the
        # real soffice.bin child must be killed too, not left holding the profile.
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        try:
            stdout, stderr = proc.communicate(timeout=RENDER_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
    if proc.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"LibreOffice could not convert {src}:\n{stdout}\n{stderr}")
    return pdf


# -------------------------------------------------------------------------- reading


def _box(el) -> Box:
    return Box(*(float(el.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _stacked_vertically(words: list[Word]) -> bool:
    """Whether a line's words sit one above the other, as in text turned 90 degrees."""
    if len(words) < 2:
        return False
    for a, b in itertools.pairwise(words):
        dx, dy = a.box.intersection(b.box)
        if dx < 0.5 * min(a.box.width, b.box.width) or dy > 0.5 * min(a.box.height, b.box.height):
            return False
    return True


def _looks_rotated(word: Word) -> bool:
    """A long word whose glyphs would be implausibly narrow if it were upright."""
    n = len(word.text)
    if n < 4 or word.box.height <= word.box.width:
        return False
    em = word.box.height / BOX_HEIGHT_PER_PT
    return word.box.width / n < MIN_EM_PER_GLYPH * em


def pages(pdf: os.PathLike | str) -> list[Page]:
    """Words and lines of every page, from ``pdftotext -bbox-layout`` (XHTML).

    The output nests page > flow > block > line > word; namespaces are stripped so
    the parse does not depend on the XHTML namespace being present.
    """
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        check=True,
        timeout=RENDER_TIMEOUT,
    ).stdout
    root = ET.fromstring(out)
    result: list[Page] = []
    for el in root.iter():
        if _local(el.tag) != "page":
            continue
        page = Page(len(result) + 1, float(el.get("width")), float(el.get("height")))
        blocks = [b for b in el.iter() if _local(b.tag) == "block"]
        for bi, block in enumerate(blocks):
            for ln in block:
                if _local(ln.tag) != "line":
                    continue
                words = [Word(w.text or "", _box(w)) for w in ln if _local(w.tag) == "word"]
                vertical = _stacked_vertically(words)
                for w in words:
                    w.rotated = vertical or _looks_rotated(w)
                page.lines.append(Line(" ".join(w.text for w in words), _box(ln), words, bi))
        result.append(page)
    return result


# --------------------------------------------------------------------------- checks


def font_size(word: Word) -> float:
    """Estimated point size of a word from its box thickness (see BOX_HEIGHT_PER_PT).

    Superscripts and subscripts are measured at the reduced size they are drawn at.
    """
    return word.thickness / BOX_HEIGHT_PER_PT


def smallest_text(page: Page) -> tuple[float, Word | None]:
    """The smallest estimated font size on the page and the word that has it."""
    words = [w for w in page.words if w.text.strip()]
    if not words:
        return (float("inf"), None)
    word = min(words, key=font_size)
    return (font_size(word), word)


def _same_paragraph(a: Line, b: Line) -> bool:
    """Whether two lines look like consecutive lines of one paragraph.

    Such lines share a pdftotext block and are left-aligned, nested or centred on
    each other.
    """
    if a is b:
        return False
    if a.block != b.block:
        return False
    same_left = abs(a.box.x0 - b.box.x0) < OVERLAP_TOLERANCE
    nested = (a.box.x0 <= b.box.x0 and b.box.x1 <= a.box.x1) or (
        b.box.x0 <= a.box.x0 and a.box.x1 <= b.box.x1
    )
    centred = abs((a.box.x0 + a.box.x1) - (b.box.x0 + b.box.x1)) < 2 * OVERLAP_TOLERANCE
    return same_left or nested or centred


def _collide(u: Word, v: Word, share: float, tolerance: float) -> bool:
    """Whether two word boxes overlap enough for their glyphs to be drawn over each other."""
    dx, dy = u.box.intersection(v.box)
    if dx <= tolerance or dy <= tolerance:
        return False
    thin = min(u.thickness, v.thickness)
    if not u.rotated and not v.rotated:
        return dy > share * thin
    if u.rotated and v.rotated:
        return dx > share * thin
    return min(dx, dy) > share * thin


def _word_line(word: Word, line: Line) -> Line:
    return Line(word.text, word.box, [word], line.block)


def overlaps(page: Page, tolerance: float = OVERLAP_TOLERANCE) -> list[tuple[Line, Line]]:
    """Pairs of text lines drawn over each other (overflowing boxes, colliding labels).

    Compared word by word, not by line box, because a line box also covers the gaps
    between words.  Two words collide when their boxes share more than ``tolerance``
    points across and down, and more than INK_SHARE of a line thickness in the
    stacking direction (STACKED_SHARE for consecutive lines of one paragraph); see
    the constants for why.  pdftotext sometimes merges text from two shapes that
    share a baseline into one line; words overlapping inside one line are reported
    as a pair of one-word Lines.
    """
    lines = [line for line in page.lines if line.text.strip()]
    found: list[tuple[Line, Line]] = []
    for i, a in enumerate(lines):
        for u, v in itertools.pairwise(a.words):
            if _collide(u, v, INK_SHARE, tolerance):
                found.append((_word_line(u, a), _word_line(v, a)))
        for b in lines[i + 1 :]:
            dx, dy = a.box.intersection(b.box)
            if dx <= tolerance or dy <= tolerance:
                continue
            share = STACKED_SHARE if _same_paragraph(a, b) else INK_SHARE
            if any(_collide(u, v, share, tolerance) for u in a.words for v in b.words):
                found.append((a, b))
    return found


def out_of_bounds(page: Page, tolerance: float = 0.5) -> list[Word]:
    """Words whose box reaches outside the page (text cut off at the slide edge).

    The box reaches 0.95 em above the baseline, a little above the tallest glyph, so
    text that just touches the top edge is reported too.
    """
    return [
        w
        for w in page.words
        if w.box.x0 < -tolerance
        or w.box.y0 < -tolerance
        or w.box.x1 > page.width + tolerance
        or w.box.y1 > page.height + tolerance
    ]
