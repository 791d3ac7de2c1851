"""The login gate app.py runs before any page (dashboard/access.py says which, if any)."""

from __future__ import annotations

import hmac
import time
from collections.abc import Mapping

import streamlit as st

from reviewgraph.dashboard.access import AccessError, access_from_env

SIGNED_IN = "rg-signed-in"
WRONG_PASSWORD_DELAY_S = 1.0


def request_headers() -> Mapping[str, str]:
    """The headers of this session's request (as the proxy forwarded them)."""
    return st.context.headers


def gate() -> None:
    """Return when the visitor may see the reviews; otherwise draw the login (or the refusal)
    and stop the script, so no page runs and no query is sent."""
    try:
        access = access_from_env()
    except AccessError as e:
        st.error(f"The dashboard's login is misconfigured, so it shows nothing: {e}")
        st.stop()
    if access.header:
        user = {k.lower(): v for k, v in request_headers().items()}.get(access.header.lower())
        if user and user.strip():
            st.session_state[SIGNED_IN] = user.strip()
            return
        st.title("Sign in")
        st.error(
            f"This dashboard is served behind a login proxy, and this request did not come "
            f"through it (no {access.header} header). Open it at the address your "
            "organisation gave you."
        )
        st.stop()
    if not access.password or st.session_state.get(SIGNED_IN):
        return
    st.title("Sign in")
    st.caption("This dashboard holds safeguarding case reviews. Enter the password to open it.")
    with st.form("rg-login", border=False):
        typed = st.text_input("Password", type="password", key="rg-password")
        submitted = st.form_submit_button("Sign in", type="primary", key="rg-sign-in")
    if submitted:
        if hmac.compare_digest(typed.encode(), access.password.encode()):
            st.session_state[SIGNED_IN] = True
            del st.session_state["rg-password"]  # the typed password is not kept
            st.rerun()
        time.sleep(WRONG_PASSWORD_DELAY_S)  # slows guessing in this session
        st.error("Wrong password.")
    st.stop()
