"""Case explorer: one review in full: what it is, its themes with evidence, agencies,
findings, recommendations with their status, similar reviews and its neighbourhood."""

import pandas as pd
import streamlit as st

from reviewgraph.dashboard import charts, data, graphs, headline, ui

st.title("Case explorer")
data.require_reviews()
numbers = headline.show()
st.caption("One review at a time, with the passage and page behind every theme.")

reviews = data.query("reviews", limit=ui.REVIEW_PICKER_LIMIT)
options: dict[str, str] = {str(r["id"]): ui.review_label(r) for r in reviews.to_dict("records")}
arriving = ui.arrived("review", "review_pick")
if arriving:
    st.session_state["review_pick"] = arriving  # a link from another page or a colleague
current = st.session_state.get("review_pick")
if current and current not in options:
    options[current] = current  # a link to a review outside the filters still opens
if not options:
    ui.no_rows()
    st.stop()
if st.session_state.get("review_pick") not in options:
    # open on the newest review read in full (a dated report with themes found in its text,
    # so passages, and findings or recommendations), not on whatever sorts first (an undated
    # fragment, a register record: fields and tags only)
    read = [
        str(r["id"]) for r in reviews.to_dict("records")
        if ui.known(r.get("year")) and r.get("themes")
        and (r.get("findings") or r.get("recommendations"))
    ]  # fmt: skip
    st.session_state["review_pick"] = read[0] if read else next(iter(options))
review_id = st.selectbox(
    "Review",
    list(options),
    format_func=options.__getitem__,
    key="review_pick",
    help="Reviews matching the sidebar filters, newest first; type to search.",
)
ui.remember_in_url("review", review_id)

profile = data.query(
    "review_profile",
    review_id=review_id,
    include_unpublished=data.filters()["include_unpublished"],
)
if profile.empty:
    st.warning(
        "This review is not in the graph, or it is unpublished and unpublished reviews are "
        "hidden: turn on 'Include unpublished reviews' in the sidebar if you may see it.",
        icon=":material/visibility_off:",
    )
    st.stop()
review = profile.iloc[0].to_dict()
parts = data.review_parts(review)

st.header(ui.review_label(review), divider="gray")
if review.get("published") is False:
    st.warning(
        "Unpublished review: confidential. Do not share outside those entitled to see it.",
        icon=":material/lock:",
    )
if review.get("title") and review["title"] != f"{review.get('type')} {review.get('subject')}":
    st.markdown(f"**{review['title']}**")
FACTS = ["type", "board", "year", "age_band", "gender", "outcome", "harm"]
facts = {ui.label(k): review.get(k) for k in FACTS}
st.markdown(" · ".join(f"**{k}:** {v if ui.known(v) else 'not known'}" for k, v in facts.items()))
if review.get("characteristics"):
    st.markdown(
        "**Case characteristics** (what happened, not practice themes): "
        + ", ".join(review["characteristics"])
    )
if ui.known(review.get("incident_year")):
    st.markdown(f"**Year of death or incident:** {int(review['incident_year'])}")
st.caption(
    "From: "
    + "; ".join(review.get("documents") or ["no document (a register row)"])
    + f". {review.get('findings', 0)} findings, {review.get('recommendations', 0)} "
    f"recommendations ({review.get('open_recommendations', 0)} not marked complete)."
)
others = dict(zip(review.get("briefing_case_ids") or [], review.get("briefing_cases") or [],
                  strict=False))  # fmt: skip
said_of: dict[tuple[str, str], list[str]] = {}  # (theme, passage) -> the other cases it covers
if others:  # a case read from a briefing on several cases
    with st.container(key="cx-briefing"):
        st.info(
            f"**Read from a briefing on {len(others) + 1} cases** "
            f"({'; '.join(review.get('documents') or [])}): this one and "
            f"{', '.join(others.values())}. Each case is a review of its own; the document "
            "counts once among the reports. Passages the briefing says of several cases are "
            "marked with the cases they cover.",
            icon=":material/library_books:",
        )
        for other_id, other_name in others.items():
            st.page_link(ui.CASE_EXPLORER, label=other_name, query_params={"review": other_id},
                         icon=":material/folder_open:")  # fmt: skip
            unpublished = data.filters()["include_unpublished"]
            rows = data.query("review_evidence", review_id=other_id, quiet=True,
                              include_unpublished=unpublished)  # fmt: skip
            own = rows[rows["source"] != "briefing"] if not rows.empty else rows
            for row in own.dropna(subset=["passage"]).to_dict("records"):
                said_of.setdefault((row["theme_id"], row["passage"]), []).append(other_name)
versions = data.query(
    "review_versions",
    review_id=review_id,
    include_unpublished=data.filters()["include_unpublished"],
    quiet=True,
)
if len(versions) > 1:  # a revised report replaced an earlier file: its history
    with st.expander(f"Version history ({len(versions)} versions)", icon=":material/history:"):
        ui.table(
            versions,
            key="cx-versions",
            name=f"versions of {review_id}",
            columns=["version", "file", "loaded_at", "sha256", "current"],
            column_config={
                "version": st.column_config.NumberColumn("Version", format="%d"),
                "file": st.column_config.TextColumn("File"),
                "loaded_at": st.column_config.TextColumn("Loaded"),
                "sha256": st.column_config.TextColumn("SHA-256", help="The file's fingerprint"),
                "current": st.column_config.CheckboxColumn("Current"),
            },
            caption="Each file loaded for this review, oldest first: the current one's passages, "
            "findings and themes replaced the earlier ones'; recommendations kept their status.",
        )

# -- themes and evidence, agencies -----------------------------------------------------------
left, right = st.columns([3, 2])
with left:
    ui.heading(
        "Themes and evidence",
        "Each theme found in the review, with the passages it was found in and their page.",
    )
    evidence = parts["evidence"]
    briefing = evidence[evidence["source"] == "briefing"] if not evidence.empty else evidence
    if not evidence.empty:
        evidence = evidence[evidence["source"] != "briefing"].sort_values(["theme_id", "page"])
    names = dict(zip(review.get("theme_ids") or [], review.get("themes") or [], strict=True))
    if not names:
        st.info("No theme was found in this review.")
    for theme_id, theme in names.items():
        rows = evidence[evidence["theme_id"] == theme_id] if not evidence.empty else evidence
        count = int(rows["passage"].notna().sum()) if not rows.empty else 0
        proposed = not rows.empty and bool((rows["source"] == "model").all())
        label = f"{theme} ({count} passage{'s' if count != 1 else ''}"
        with st.expander(label + (", proposed by the model)" if proposed else ")")):
            if proposed:
                st.caption(
                    "No phrase of the taxonomy found this theme: the theme model read the "
                    "whole case and was sure of it. The passage is the sentence that speaks "
                    "most for it; judge it yourself."
                )
            for row in rows.to_dict("records"):
                if ui.known(row.get("passage")):
                    st.markdown(f"> {row['passage']}")
                    shared = said_of.get((theme_id, row["passage"]))
                    st.caption(
                        f"{row.get('document') or 'document'}, page {row.get('page')}"
                        + (f" · said of this case and {', '.join(shared)} too" if shared else "")
                    )
            if count == 0:
                st.caption("Tagged by a register row, so there is no passage to show.")
            st.page_link(
                ui.THEMES, label=f"All reviews on {theme}", query_params={"theme": theme_id}
            )
    if not evidence.empty:
        ui.download(evidence, f"evidence of {review_id}", key="cx-evidence")
    if not briefing.empty:
        covers = ", ".join(sorted(briefing["cases"].iloc[0]))
        ui.heading(
            "What the briefing says of all its cases",
            f"Said once of every case the briefing covers ({covers}), not of this one alone: "
            "shown once here, not under each case's themes.",
        )
        with st.container(key="cx-briefing-evidence"):
            for theme, rows in briefing.sort_values(["theme", "page"]).groupby("theme"):
                with st.expander(f"{theme} ({len(rows)} passage{'s' if len(rows) != 1 else ''})"):
                    for row in rows.to_dict("records"):
                        st.markdown(f"> {row['passage']}")
                        st.caption(f"{row.get('document') or 'document'}, page {row.get('page')} "
                                   f"· covers {', '.join(sorted(row['cases']))}")  # fmt: skip
with right:
    ui.heading("Agencies involved", "Agencies the review names.")
    agencies = pd.DataFrame({"agency": review.get("agencies") or []})
    if agencies.empty:
        st.info("No agency was recognised in this review.")
    else:
        ui.table(
            agencies,
            key="cx-agencies",
            name=f"agencies of {review_id}",
            caption=f"{len(agencies)} agencies named in the review.",
        )

# -- findings and recommendations ------------------------------------------------------------
st.divider()
left, right = st.columns(2)
with left:
    ui.heading("Findings", "What the review found or learned, with the page it is on.")
    findings = parts["findings"]
    if findings.empty:
        st.info("No findings with a theme were extracted from this review.")
    else:
        for row in findings.to_dict("records"):
            st.markdown(f"**{row.get('number') or '•'}.** {row['text']}")
            st.caption(ui.provenance(row, ", ".join(row.get("themes") or [])))
        st.caption(ui.shown_of(len(findings), review.get("findings"), "findings"))
        ui.download(findings, f"findings of {review_id}", key="cx-findings")
with right:
    ui.heading("Recommendations", "What the review asked for, to whom, and its status.")
    recs = parts["recommendations"]
    if recs.empty:
        st.info("No recommendations (systems reviews often give findings instead).")
    else:
        for row in recs.to_dict("records"):
            st.markdown(
                f"**{row.get('number') or '•'}.** {row['text']} "
                f"{ui.status_badge(row.get('status'))}{ui.as_written(row)}"
            )
            to = ", ".join(row.get("addressed_to") or []) or "no addressee recognised"
            st.caption(ui.provenance(row, f"To {to}; " + ", ".join(row.get("themes") or [])))
        st.caption(
            ui.shown_of(len(recs), review.get("recommendations"), "recommendations")
            + " Status: the loaded action plans', else the report's own, with the report's"
            " words in quotes."
        )
        ui.download(recs, f"recommendations of {review_id}", key="cx-recs")

# -- similar reviews and the neighbourhood ---------------------------------------------------
st.divider()
similar = data.query("similar_reviews", review_id=review_id)
nodes, edges = graphs.neighbourhood(review, similar)
net = ui.chart(
    charts.network(
        nodes,
        edges,
        title="This review's neighbourhood",
        colour="kind",
        colour_title="",
        tooltip=["label", "kind"],
        height=max(420, 24 * max(len(review.get("themes") or []), 8)),
        colours=charts.NODE_KIND_COLOURS,
        radial=True,
    ),
    edges,
    key="cx-net",
    name=f"neighbourhood of {review_id}",
    selectable=True,
    caption="The review (middle) joined to its themes (left) and the agencies it names (right); "
    "similar reviews (far left) are joined to the themes they share with it. Click a theme to "
    "open it on the Themes page, an agency on the Agencies page, a similar review here.",
)
node = ui.clicked(net, "id", key="cx-net") or ""
kind, _, value = node.partition(":")
if kind == "theme":
    st.switch_page(ui.THEMES, query_params={"theme": value})
elif kind == "review" and value != str(review_id):
    ui.open_review(value)
elif kind == "agency":
    agencies = data.query("recommendations_per_agency", by="agency", quiet=True)
    ids = dict(zip(agencies.get("agency", []), agencies.get("agency_id", []), strict=True))
    if value in ids:
        st.switch_page(ui.AGENCIES, query_params={"agency": str(ids[value])})
ui.heading("Similar reviews", "Reviews most like this one: cases to put side by side.")
if similar.empty:
    st.info(
        "No similar review among the reviews in view (similarity is computed when reviews "
        "are loaded)."
    )
else:
    picked = ui.table(
        similar,
        key="cx-similar",
        name=f"similar to {review_id}",
        select=True,
        columns=["type", "subject", "board", "year", "score", "shared_themes"],
        column_config={
            "shared_themes": st.column_config.ListColumn("Shared themes", width="large"),
            "year": st.column_config.NumberColumn("Year of review", format="%d"),
        },
        caption="Select a row (the box on its left) to open that review.",
    )
    if picked is not None:
        ui.open_review(str(similar.loc[picked, "review_id"]))
