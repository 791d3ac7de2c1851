"""Load: add review documents, a register and an action plan to the graph, with a report."""

import streamlit as st

from reviewgraph.dashboard import data, loading, ui
from reviewgraph.graph.errors import ReviewgraphError

st.title("Load")
st.caption(
    "Add reviews to the graph. Files are read on this machine and stored at "
    f"{data.settings().location}; nothing is sent anywhere else."
)
docs_col, register_col, actions_col = st.columns(3)
with docs_col:
    documents = st.file_uploader(
        "Review documents",
        type=loading.DOCUMENT_TYPES,
        accept_multiple_files=True,
        key="up-docs",
        help="Reviews, briefings and reports: PDF, Word, web pages, text.",
    )
replaces = None
if documents and len(documents) == 1:  # a revised report: say which review it replaces
    reviews = data.query("reviews", limit=ui.REVIEW_PICKER_LIMIT, include_unpublished=True,
                         quiet=True)  # fmt: skip
    if not reviews.empty:
        named = {str(r["id"]): ui.review_label(r) for r in reviews.to_dict("records")}
        replaces = docs_col.selectbox(
            "A revised version of (optional)",
            [None, *named],
            format_func=lambda r: "(recognised by type, board and subject)" if r is None
            else named[r],
            key="up-replaces",
            help="The review this file replaces: its earlier file's passages, findings and "
            "themes give way to this one's; recommendations keep their action-plan status; "
            "the Case explorer lists every version. A report of the same type, board and "
            "subject is recognised without this.",
        )  # fmt: skip
with register_col:
    register = st.file_uploader(
        "Register of reviews (optional)",
        type=loading.TABLE_TYPES,
        key="up-register",
        help="A spreadsheet listing reviews; rows naming one of the documents load it with "
        "the register's details (type, board, year …).",
    )
    layouts = loading.mappings() or {"sample": "reviewgraph's register layout"}
    mapping = st.selectbox(
        "Register columns follow",
        list(layouts),
        format_func=lambda m: f"{m}: {layouts[m]}",
        key="up-mapping",
        help="Which columns of the register hold which field. To use your own layout, copy "
        "loaders/mappings/sample.yaml and load with `reviewgraph load --register … --mapping "
        "your.yaml`.",
    )
with actions_col:
    actions = st.file_uploader(
        "Action plan (optional)",
        type=loading.TABLE_TYPES,
        key="up-actions",
        help="A spreadsheet tracking recommendations (review, number, owner, due, status).",
    )

go = st.button(
    "Load into the graph",
    type="primary",
    icon=":material/upload:",
    disabled=not (documents or register or actions),
    key="up-go",
)
sample = st.button(
    "Load the fictional sample corpus",
    key="up-sample",
    icon=":material/science:",
    help="14 made-up reviews written for reviewgraph, to try the dashboard.",
)

if go or sample:
    bar = st.progress(0.0, text="Starting…")

    def show(fraction: float, text: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=text)

    try:
        folder = loading.upload_dir(data.settings())
    except ReviewgraphError as e:  # a folder someone else owns: refused, with what to do
        st.error(str(e), icon=":material/lock:")
        st.stop()
    with st.spinner("Loading…"):
        if sample:
            report = loading.run_sample(data.store(), folder / "sample", show)
        else:
            batch = loading.Batch(
                documents=loading.save(documents or [], folder),
                register=loading.save([register], folder)[0] if register else None,
                mapping=mapping,
                actions=loading.save([actions], folder)[0] if actions else None,
                replaces=replaces,
            )
            counter = loading.FileCount(batch.files(), show)
            try:
                report = loading.run(data.store(), batch, counter)
            finally:
                loading.remove(batch.files())
            counter.finish(report)
    data.clear_caches()
    st.session_state["load-report"] = report

shown: loading.LoadReport | None = st.session_state.get("load-report")
if shown is not None:
    totals = shown.totals()
    st.subheader("What was loaded")
    with st.container(key="up-summary"):
        st.markdown(f"**{loading.summary(shown)}.**")
    cols = st.columns(5)
    for col, key in zip(
        cols, ["loaded", "unchanged", "failed", "reviews", "recommendations"], strict=True
    ):
        col.metric(
            ui.label(key) if key != "unchanged" else "Unchanged (already loaded)", totals[key]
        )
    for revised in (f for f in shown.files if f.replaced):
        st.success(
            f"**{revised.path.rsplit('/', 1)[-1]}**: {revised.replaced} "
            f"(now version {revised.version})",
            icon=":material/history:",
        )
    for failed in shown.failed:
        st.error(f"**{failed.path.rsplit('/', 1)[-1]}** was not loaded: {failed.reason}")
    ui.table(
        loading.report_frame(shown),
        key="up-report",
        name="load report",
        caption="One row per file: loaded, unchanged (already in the graph) or failed, with "
        "what it added.",
    )
    if shown.unmatched_actions:
        st.warning("Actions that match no recommendation: " + "; ".join(shown.unmatched_actions))
    if shown.unknown_organisations:
        with st.expander(f"{len(shown.unknown_organisations)} organisations not recognised"):
            st.write(", ".join(shown.unknown_organisations))
            st.caption("Named in the documents but not in the agency gazetteer, so not counted.")
