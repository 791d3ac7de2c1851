"""Register: the records of a register (such as the DHRD) counted on their own, like the DHRD
explorer: by region, partnership, year of the death or incident, and tag."""

import streamlit as st

from reviewgraph.dashboard import charts, data, headline, ui

st.title("Register")
data.require_reviews()
headline.show()
st.caption(
    "Register records are rows of a register of reviews: fields and tags, no report read. They "
    "are counted here, on their own, and left out of the practice-theme pages unless 'Include "
    "register records' is on. The other sidebar filters apply."
)
# (by, chart title, axis title, colour); the query counts every record in view once per value
VIEWS = [
    ("region", "Register records by region", "Region", "#1f4e79"),
    ("board", "Register records by partnership", "Partnership (board)", "#2ca02c"),
    ("characteristic", "Register records by tag (case characteristics)", "Tag", "#8c6bb1"),
]
TOP = 30
data.prefetch(*[("register_counts", {"by": by}) for by in ("region", "board", "incident_year",
                                                            "characteristic")])  # fmt: skip
years = data.query("register_counts", by="incident_year", include_register=True)
if years.empty:
    st.info(
        "No register records in view. Load a register with `reviewgraph load --register FILE "
        "--mapping NAME` (e.g. the DHRD: `--mapping dhrd`) or on the Load page.",
        icon=":material/table:",
    )
    st.stop()
total = int(years["records_in_view"].iloc[0])
with st.container(key="register-total"):
    st.markdown(f"**{total:,} register records in view.**")
dated = years.dropna(subset=["key"]).astype({"key": int}).sort_values("key")
undated = total - int(dated["records"].sum())
ui.chart(
    charts.columns(
        dated.rename(columns={"key": "incident_year"}),
        x="incident_year",
        value="records",
        title="Register records by year of death or incident",
        x_title="Year of death or incident",
        value_title="Records",
    ),
    years,
    caption=f"Records per year of the death or incident (not the year of the review; "
    f"{undated} with no known date not shown).",
    key="rg-year",
    name="register records by incident year",
)
for by, title, axis, colour in VIEWS:
    counts = data.query("register_counts", by=by, include_register=True)
    if counts.empty:
        continue
    counts["value"] = counts["value"].fillna("not known")
    shown = counts.head(TOP)
    ui.chart(
        charts.bar(
            shown,
            category="value",
            value="records",
            title=title,
            category_title=axis,
            value_title="Records",
            tooltip=["value", "records", "percent"],
            colour=colour,
        ),
        counts,
        caption=f"Number of the {total:,} register records in view for each "
        f"{axis.lower()}"
        + (f" (the {TOP} with most; the CSV has all)." if len(counts) > TOP else ".")
        + (" A record may carry several tags; a FALSE tag is 'not tagged', not 'absent'."
           if by == "characteristic" else ""),
        key=f"rg-{by}",
        name=title.lower(),
    )  # fmt: skip
