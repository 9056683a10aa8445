"""Board pack: choose the sections, then build and download each file when asked."""

import hashlib

import streamlit as st

from reporting.export import deck, images, memo, xlsx
from ui import components as ui
from ui import session
from ui.text import md

st.title("Board pack")
report = session.report()
if report is None:
    ui.no_report()
    st.stop()
st.caption(ui.period_caption(report) + ". Every file is built from the same report as the screen.")

# Built files are kept per report, so a rerun never rebuilds them and a change of data or
# context never serves a stale file.
identity = hashlib.sha256(report.model_dump_json(exclude={"observations"}).encode()).hexdigest()[
    :16
]
built = st.session_state.setdefault("built_files", {})
if built.get("identity") != identity:
    built.clear()
    built["identity"] = identity
stem = f"board-pack-{report.period}"

st.subheader("Slide deck (PowerPoint, editable charts)")
sections = st.multiselect(
    "Sections",
    list(deck.DECK_SECTIONS),
    default=list(deck.DECK_SECTIONS),
    format_func=deck.DECK_SECTIONS.get,
)
template = st.file_uploader(
    "Your company's slide template (optional)", type=["pptx", "potx"], key="deck_template"
)
if st.button("Build the deck", type="primary", disabled=not sections):
    try:
        built["deck"] = deck.build_deck(
            report, sections=sections, template=template.getvalue() if template else None
        )
    except ValueError as problem:
        st.error(md(problem), icon=":material/error:")
if "deck" in built:
    st.download_button(
        "Download the deck",
        built["deck"],
        file_name=f"{stem}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    )

st.subheader("Workbook (Excel)")
st.caption(
    "Summary, risk register, compliance control by control, every metric with its source cell."
)
if st.button("Build the workbook"):
    built["xlsx"] = xlsx.build_workbook(report)
if "xlsx" in built:
    st.download_button(
        "Download the workbook",
        built["xlsx"],
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

st.subheader("Memo to the board")
memo_markdown = memo.memo_markdown(report)
left, right = st.columns(2)
left.download_button(
    "Download the memo (Markdown)",
    memo_markdown,
    file_name=f"{stem}-memo.md",
    mime="text/markdown",
)
right.download_button(
    "Download the memo (printable HTML)",
    memo.memo_html(report),
    file_name=f"{stem}-memo.html",
    mime="text/html",
)

with st.expander("Read the memo"):
    # The Markdown file itself: every text in it is already literal for Streamlit too.
    st.markdown(memo_markdown)

st.subheader("Chart images")
if images.images_available():
    if st.button("Render the chart images"):
        with st.spinner("Rendering charts..."):
            built["images"] = images.chart_images(report)
    if "images" in built:
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in built["images"].items():
                archive.writestr(name, data)
        st.download_button(
            "Download the charts (PNG and SVG, zip)",
            buffer.getvalue(),
            file_name=f"{stem}-charts.zip",
            mime="application/zip",
        )
else:
    st.write(
        "Each chart in the app has a camera button in its corner that downloads it as a 16:9 "
        "picture. (Rendering them all here needs a Chromium browser on this machine.)"
    )

st.subheader("Publish to the board")
history = session.store()
if session.is_sample():
    st.write(
        "Publishing keeps a frozen copy of what the board was shown. It is available "
        "for your own data, not for the sample company."
    )
elif history is None:
    st.warning("The history store is not available, so packs cannot be published.")
else:
    st.caption(
        "Freezes this report (and the deck, when built above) as the pack presented. Next "
        "quarter's summary shows what changed since."
    )
    if st.button("Publish this pack", type="primary"):
        history.publish(report, built.get("deck"))
        st.success(
            f"Published {md(report.organization)}, {md(report.period_label)}.",
            icon=":material/check:",
        )
    packs = history.packs()
    if packs:
        st.markdown("**Published packs**")
        for entry in packs:
            left, middle, right = st.columns([3, 1, 1])
            left.write(f"{md(entry.title)}, published {entry.published:%Y-%m-%d %H:%M}")
            saved, presented = history.pack(entry.id)
            middle.download_button(
                "Report (JSON)",
                saved.model_dump_json(indent=2),
                file_name=f"published-{entry.period}-{entry.id}.json",
                mime="application/json",
                key=f"pack_json_{entry.id}",
            )
            if presented:
                right.download_button(
                    "Deck as presented",
                    presented,
                    file_name=f"published-{entry.period}-{entry.id}.pptx",
                    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                    key=f"pack_deck_{entry.id}",
                )
