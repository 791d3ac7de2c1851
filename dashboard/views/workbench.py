"""Cypher workbench: every named query with its parameters, and a free read-only editor."""

import json

import streamlit as st

from reviewgraph.dashboard import data, headline, results

st.title("Cypher workbench")
st.caption(
    "For researchers: run the named queries behind every chart, or your own Cypher. "
    "Everything here is read-only; nothing you run can change the graph."
)
if data.any_reviews():
    headline.show()
named, free = st.tabs(["Named queries", "Your own Cypher (read-only)"])

with named:
    specs = {s.name: s for s in data.list_queries()}
    st.session_state.setdefault(
        "wb-query", "recurring_themes" if "recurring_themes" in specs else None
    )
    name = st.selectbox(
        "Query",
        list(specs),
        key="wb-query",
        format_func=lambda n: f"{specs[n].title} ({n})",
    )
    spec = specs[name]
    st.markdown(spec.description)
    use_filters = True
    if spec.filters:
        use_filters = st.toggle("Apply the sidebar filters", value=True, key=f"wb-f-{name}")
    params = results.param_widgets(spec, use_filters=use_filters)
    with st.expander("Show the Cypher"):
        st.code(spec.cypher.get(data.settings().backend) or spec.cypher["embedded"], "cypher")
        st.caption("Parameters sent: " + json.dumps(data.query_params(name, params or {})))
    if params is not None:
        df = data.query(name, unfiltered=not use_filters, **params)
        results.show_result(df, key=f"wb-{name}", name=name)

with free:
    st.markdown(
        "Write openCypher over the whole graph (see docs/GRAPH_MODEL.md for the labels). "
        "Reviews marked unpublished are **not** hidden here: filter on `r.published` yourself."
    )
    text = st.text_area(
        "Cypher",
        key="wb-cypher",
        height=160,
        value="MATCH (r:Review)-[:HAS_THEME]->(t:Theme)\n"
        "RETURN t.name AS theme, count(DISTINCT r) AS reviews\nORDER BY reviews DESC LIMIT 20",
    )
    raw_params = st.text_input(
        "Parameters (JSON, optional)", key="wb-cypher-params", placeholder='{"year": 2019}'
    )
    if st.button("Run", type="primary", key="wb-run", icon=":material/play_arrow:"):
        try:
            values = json.loads(raw_params) if raw_params.strip() else {}
        except json.JSONDecodeError as e:
            st.error(f"The parameters are not valid JSON: {e}")
            values = None
        if isinstance(values, dict):
            st.session_state["wb-free-result"] = data.run_cypher(text, values)
        elif values is not None:
            st.error('Parameters must be a JSON object, e.g. {"year": 2019}.')
    result = st.session_state.get("wb-free-result")
    if result is not None:
        results.show_result(result, key="wb-free", name="cypher result")
