"""A company's own template: opening its .pptx, .potx or .ppsx, telling its layouts apart by
their placeholders (title, title only, title and content, blank), choosing the ones to
build on, and finding where titles and content may go on them, clear of the footers,
logos and bands its master draws.
"""

from __future__ import annotations

import io
import zipfile

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from reporting.export.deck.canvas import Box
from reporting.ingest.limits import limits_in_force
from reporting.ingest.safety import UnreadableFile, check_template

_PLACEHOLDER_EXTRAS = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
SUBTITLES = {PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY}
_TEMPLATE_TYPES = {
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
}
_PRESENTATION_TYPE = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)


class TemplateError(ValueError):
    """The template cannot be used; the message is one sentence for the user."""


# PowerPoint's own bounds on a slide's width and height: 1 to 56 inches, in EMU.
_SLIDE_SIDE = (914_400, 51_206_400)


def open_template(data: bytes) -> Presentation:
    """A company's .pptx, .potx or .ppsx, opened as a presentation, its own slides removed.

    It is checked like an uploaded workbook first (size, expansion, no XML entities)."""
    try:
        check_template("", data, limits_in_force())
    except UnreadableFile as problem:  # callers name the file: "corp.pptx: is not ..."
        raise TemplateError(str(problem).lstrip(": ")) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml").decode("utf-8")
            if any(t in types for t in _TEMPLATE_TYPES):
                # python-pptx opens presentations only; a template differs by this one type.
                for kind in _TEMPLATE_TYPES:
                    types = types.replace(kind, _PRESENTATION_TYPE)
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                    for item in archive.infolist():
                        body = archive.read(item.filename)
                        if item.filename == "[Content_Types].xml":
                            body = types.encode("utf-8")
                        copy.writestr(item, body)
                data = out.getvalue()
        prs = Presentation(io.BytesIO(data))
        layouts = len(prs.slide_layouts)
        width, height = prs.slide_width, prs.slide_height
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise TemplateError(
            "is not a PowerPoint presentation or template (.pptx, .potx), or a part of it is "
            "damaged; open it in PowerPoint and save it again."
        ) from None
    except Exception:  # a damaged package fails in many ways inside the reader
        raise TemplateError(
            "could not be read as a PowerPoint template (a part of it is damaged); open it "
            "in PowerPoint and save it again."
        ) from None
    if not layouts:
        raise TemplateError("has no slide layouts to build on.")
    if not all(_SLIDE_SIDE[0] <= side <= _SLIDE_SIDE[1] for side in (width or 0, height or 0)):
        raise TemplateError(
            "has a slide size PowerPoint cannot show; set it in PowerPoint (Design > Slide "
            "Size) and save it again."
        )
    slide_ids = prs.slides._sldIdLst  # no public API removes a slide
    for slide_id in list(slide_ids):
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)
    return prs


def layout_kind(layout) -> str:
    """'title', 'title_only', 'title_content', 'blank' or 'other', from its placeholders."""
    types = [ph.placeholder_format.type for ph in layout.placeholders]
    main = [t for t in types if t not in _PLACEHOLDER_EXTRAS]
    has_title = any(t in TITLES for t in main)
    rest = [t for t in main if t not in TITLES]
    if "vertical" in layout.name.casefold():
        return "other"
    if PP_PLACEHOLDER.CENTER_TITLE in main or (
        has_title and rest and set(rest) <= {PP_PLACEHOLDER.SUBTITLE}
    ):
        return "title"
    if has_title and not rest:
        return "title_only"
    if has_title and len(rest) == 1 and rest[0] in {PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY}:
        return "title_content"
    if not main:
        return "blank"
    return "other"


def choose_layouts(prs: Presentation) -> tuple:
    """The layout for the opening slide and the one for every content slide."""
    kinds: dict[str, list] = {}
    for layout in prs.slide_layouts:
        kinds.setdefault(layout_kind(layout), []).append(layout)

    def pick(*wanted: str):
        for kind in wanted:
            if kinds.get(kind):
                return kinds[kind][0]
        # Every layout has content placeholders: take the one with fewest, and drop them.
        return min(prs.slide_layouts, key=lambda layout: len(layout.placeholders))

    return (
        pick("title", "title_only", "blank", "title_content"),
        pick("title_only", "title_content", "blank", "title"),
    )


def template_frame(prs: Presentation, layout) -> tuple[Box, Box]:
    """Where titles go and where content may go on a template's content slide."""
    width, height = prs.slide_width, prs.slide_height
    margin_x = int(width * 0.045)
    title_ph = next(
        (ph for ph in layout.placeholders if ph.placeholder_format.type in TITLES),
        None,
    )
    if title_ph is not None and title_ph.width and title_ph.height:
        title = Box(title_ph.left, title_ph.top, title_ph.width, title_ph.height)
    else:
        title = Box(
            margin_x,
            int(height * 0.04),
            width - 2 * margin_x,
            int(height * 0.12),
        )
    left = max(title.left, int(width * 0.03))
    right = min(title.right, width - int(width * 0.03))
    top = title.bottom + int(height * 0.02)
    bottom = height - int(height * 0.06)
    for ph in layout.placeholders:
        kind = ph.placeholder_format.type
        if kind in _PLACEHOLDER_EXTRAS and ph.top and ph.top > height * 0.75:
            bottom = min(bottom, ph.top - int(height * 0.01))
    # Logos and bands the master or layout draws along the bottom stay clear too.
    for shape in [*prs.slide_master.shapes, *layout.shapes]:
        if shape.is_placeholder or shape.top is None or shape.height is None:
            continue
        if shape.top > height * 0.7 and shape.height < height * 0.3:
            bottom = min(bottom, shape.top - int(height * 0.01))
    if bottom - top < height * 0.5 or right - left < width * 0.6:
        # A title that fills the slide or a narrow one: keep to a sane content area.
        top, bottom = int(height * 0.18), int(height * 0.93)
        left, right = margin_x, width - margin_x
        title = Box(left, int(height * 0.04), right - left, int(height * 0.12))
    return title, Box(left, top, right - left, bottom - top)
