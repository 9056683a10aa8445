"""Company PowerPoint templates for tests, built the way corporate templates are made.

Real brand templates start from the stock 4:3 template and are then resized, have
their layouts renamed, pruned and re-proportioned, and get a logo and colour bands
on the slide master.  Code that writes decks into a company template must cope with
all of that, so each function here returns the bytes of one such template.  Only
python-pptx and the standard library are used, so the module can live in the tests.
"""

from __future__ import annotations

import io
import struct
import zlib

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.shapes.shapetree import SlideShapes
from pptx.util import Emu, Inches

NAVY = RGBColor(0x1F, 0x3A, 0x5F)
TEAL = RGBColor(0x00, 0x8C, 0x95)
ORANGE = RGBColor(0xE8, 0x6A, 0x1C)

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_FOOTERS = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)

# Stock python-pptx template size; every template below starts from it.
_STOCK_W, _STOCK_H = Inches(10), Inches(7.5)


# --------------------------------------------------------------------------- helpers


def _save(prs) -> bytes:
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _masters_and_layouts(prs):
    """The master and its layouts: every place a template designer edits."""
    master = prs.slide_master
    return [master, *master.slide_layouts]


def _resize(prs, width, height) -> None:
    """Change the slide size and stretch every explicitly placed shape with it.

    PowerPoint does this when you change the size of a template; python-pptx does not,
    so without it the placeholders would stay in the top-left 10 x 7.5 in of the page.
    Layout placeholders with no <a:xfrm> inherit from the master and need no change.
    """
    sx, sy = width / prs.slide_width, height / prs.slide_height
    prs.slide_width, prs.slide_height = Emu(width), Emu(height)
    for part in _masters_and_layouts(prs):
        for xfrm in part._element.cSld.spTree.iter(f"{{{_A}}}xfrm"):
            off, ext = xfrm.find(f"{{{_A}}}off"), xfrm.find(f"{{{_A}}}ext")
            if off is None or ext is None or ext.get("cx") == "0":
                continue  # the group-shape root xfrm is all zeros
            off.set("x", str(round(int(off.get("x")) * sx)))
            off.set("y", str(round(int(off.get("y")) * sy)))
            ext.set("cx", str(round(int(ext.get("cx")) * sx)))
            ext.set("cy", str(round(int(ext.get("cy")) * sy)))


def _placeholders(prs, *types):
    """Placeholders of the given types on the master and all layouts."""
    for part in _masters_and_layouts(prs):
        for ph in part.placeholders:
            if ph.placeholder_format.type in types:
                yield ph


def _place(shape, left, top, width, height) -> None:
    """Give a (possibly inheriting) placeholder an explicit position of its own."""
    shape.left, shape.top, shape.width, shape.height = (
        Emu(int(left)),
        Emu(int(top)),
        Emu(int(width)),
        Emu(int(height)),
    )


def _master_shapes(prs) -> SlideShapes:
    """A shape collection that adds to the master's shape tree.

    python-pptx offers add_shape/add_picture only on slides; the same class works on
    the master's <p:spTree> because images are related through ``master.part``.
    Shapes on the master are drawn behind slide content on every slide.
    """
    master = prs.slide_master
    return SlideShapes(master._element.cSld.spTree, master)


def _band(shapes, left, top, width, height, colour, name):
    shp = shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
    shp.name = name
    shp.fill.solid()
    shp.fill.fore_color.rgb = colour
    shp.line.fill.background()
    shp.shadow.inherit = False
    return shp


def _brand_theme(prs, font: str | None, accent: RGBColor) -> None:
    """Set the theme's heading/body fonts and first accent colour, as brand kits do.

    The theme is a plain XML part python-pptx does not model, so edit its blob.
    """
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    ns = {"a": _A}
    if font:
        for latin in root.xpath("//a:majorFont/a:latin | //a:minorFont/a:latin", namespaces=ns):
            latin.set("typeface", font)
    for clr in root.xpath("//a:clrScheme/a:accent1/a:srgbClr", namespaces=ns):
        clr.set("val", str(accent))
    root.xpath("//a:clrScheme", namespaces=ns)[0].set("name", "Company")
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _title_colour(prs, colour: RGBColor) -> None:
    """Colour the master title style, which every layout title inherits."""
    lvl = prs.slide_master._element.find(
        ".//{http://schemas.openxmlformats.org/presentationml/2006/main}titleStyle"
        f"/{{{_A}}}lvl1pPr"
    )
    rpr = lvl.find(f"{{{_A}}}defRPr")
    fill = rpr.find(f"{{{_A}}}solidFill")
    for child in list(fill):
        fill.remove(child)
    etree.SubElement(fill, f"{{{_A}}}srgbClr").set("val", str(colour))


def _footer_text(prs, text: str) -> None:
    """Pre-fill the footer placeholders with the company line, as templates ship."""
    for ph in _placeholders(prs, PP_PLACEHOLDER.FOOTER):
        ph.text_frame.text = text


def _remove_layouts(prs, keep) -> None:
    """Delete every layout whose name is not in ``keep``.

    Uses python-pptx's SlideLayouts.remove (>= 0.6.22), which removes the entry from
    the master's <p:sldLayoutIdLst> and drops the master-to-layout relationship, so
    the layout part is not written to the package at all.
    """
    layouts = prs.slide_master.slide_layouts
    for layout in [layout for layout in layouts if layout.name not in keep]:
        layouts.remove(layout)


def tiny_png(width: int = 8, height: int = 8) -> bytes:
    """A small two-colour 'logo' PNG, written by hand with zlib so no Pillow is needed."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type: none
        for x in range(width):
            inner = 1 <= x < width - 1 and 1 <= y < height - 1 and (x + y) % 3 != 0
            row += bytes(ORANGE) if inner else bytes(NAVY)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


# ------------------------------------------------------------------------- templates


def four_by_three() -> bytes:
    """Classic 4:3 (10 x 7.5 in) template: stock layouts, logo top right, bottom band.

    Placeholders, including date/footer/slide number on every layout, stay where the
    stock template has them; only titles are narrowed so they clear the logo.
    The theme fonts stay Calibri (not installed here, so LibreOffice substitutes).
    """
    prs = Presentation()
    _brand_theme(prs, None, TEAL)
    _title_colour(prs, NAVY)
    shapes = _master_shapes(prs)
    _band(shapes, 0, Inches(7.32), prs.slide_width, Inches(0.18), NAVY, "Bottom band")
    # A plain rectangle standing in for a vector logo.
    _band(shapes, Inches(8.55), Inches(0.22), Inches(1.2), Inches(0.45), ORANGE, "Logo")
    for ph in _placeholders(prs, PP_PLACEHOLDER.TITLE):
        if ph.top < Inches(1) and ph.left + ph.width > Inches(8.4):
            _place(ph, ph.left, ph.top, Inches(8.4) - ph.left, ph.height)
    _footer_text(prs, "Company Ltd · Confidential")
    return _save(prs)


def sixteen_by_nine_renamed() -> bytes:
    """Widescreen 13.333 x 7.5 in template with renamed layouts and no "Title Only".

    Code that finds layouts by stock name or by index (e.g. Blank == 6) breaks on it:
    names are the company's own and removing "Title Only" shifts every later index.
    A small picture logo sits bottom left on the master with a band on the left edge;
    the date placeholder is moved right so it does not sit on the logo.
    """
    prs = Presentation()
    _resize(prs, Inches(13.333), Inches(7.5))
    _brand_theme(prs, "Arial", ORANGE)
    _title_colour(prs, NAVY)
    _remove_layouts(
        prs, keep=[layout.name for layout in prs.slide_layouts if layout.name != "Title Only"]
    )
    names = {
        "Title Slide": "Cover",
        "Title and Content": "Headline",
        "Section Header": "Section",
        "Two Content": "Two columns",
        "Comparison": "Side by side",
        "Blank": "Empty",
        "Content with Caption": "Body copy",
        "Picture with Caption": "Picture",
        "Title and Vertical Text": "Vertical body",
        "Vertical Title and Text": "Vertical headline",
    }
    for layout in prs.slide_layouts:
        layout.name = names[layout.name]
    shapes = _master_shapes(prs)
    _band(shapes, 0, 0, Inches(0.28), prs.slide_height, TEAL, "Left band")
    pic = shapes.add_picture(
        io.BytesIO(tiny_png()), Inches(0.45), Inches(6.85), Inches(0.45), Inches(0.45)
    )
    pic.name = "Logo"
    for ph in _placeholders(prs, PP_PLACEHOLDER.DATE):
        _place(ph, Inches(1.1), ph.top, ph.width - (Inches(1.1) - ph.left), ph.height)
    _footer_text(prs, "Company Ltd · Confidential")
    return _save(prs)


def sixteen_by_ten_two_layouts() -> bytes:
    """16:10 (10 x 6.25 in) template with only a title and a title-and-content layout.

    The content layout's title is 1.4 in tall and bottom-anchored, room for a
    two-line headline as some brand templates have, and the body starts below it.
    Footers (date, company line, slide number) are kept.
    """
    prs = Presentation()
    _resize(prs, Inches(10), Inches(6.25))
    _brand_theme(prs, "Arial", TEAL)
    _title_colour(prs, TEAL)
    _remove_layouts(prs, keep=("Title Slide", "Title and Content"))
    content = prs.slide_layouts[1]
    title = next(
        p for p in content.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.TITLE
    )
    body = next(p for p in content.placeholders if p.placeholder_format.idx == 1)
    body_bottom = body.top + body.height
    _place(title, title.left, Inches(0.3), title.width, Inches(1.4))
    title.text_frame._bodyPr.set("anchor", "b")
    _place(body, body.left, Inches(1.85), body.width, body_bottom - Inches(1.85))
    shapes = _master_shapes(prs)
    _band(shapes, 0, 0, prs.slide_width, Inches(0.12), TEAL, "Top rule")
    _footer_text(prs, "Company Ltd · Confidential")
    return _save(prs)


ALL = {
    "4:3": four_by_three,
    "16:9 renamed": sixteen_by_nine_renamed,
    "16:10 two layouts": sixteen_by_ten_two_layouts,
}
