"""What the derived data was computed from, kept between loads so the next load re-derives only
what it touched (queries/analytics.py `analyse`).

Two halves that must agree:
- in the graph, `(:DeriveState {id: "derive", token, computed_at})`: a new token each time
  derived data is written; the token is `rewriting` while it is being written, so a run that
  died half-way is never mistaken for a finished one;
- beside the store (in the data directory, one file per store), `derived-<store>.npz`: the
  same token, each Document's `revision` as of then, and the similarity state
  (queries/similarity.py `SimilarityState`) of recommendations and reviews.

When the tokens differ (another machine derived on a shared Neo4j, an older version wrote the
graph, the file was deleted or damaged, or a run died half-way) the next derive is a full one.
A token starts with the format of the derived data (FORMAT): a graph derived by a version
that wrote another format is `outdated`, and its next derive (any load, `analyse`, or the
start of `reviewgraph dashboard`) is a full one, which writes what this version reads.
Plain arrays only (np.savez, no pickles), written to a temporary file and renamed.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from reviewgraph.graph.store import GraphStore
from reviewgraph.queries.similarity import SimilarityState

REWRITING = "rewriting"
# The derived data's format: raise it when derive writes something the queries now rely on
# (2: Recommendation.raises_* / agency_ids / sectors, queries/analytics.py).
FORMAT = "2"
TOKEN_PREFIX = f"f{FORMAT}-"
READ_TOKEN = "MATCH (s:DeriveState {id: 'derive'}) RETURN s.token AS token"
WRITE_TOKEN = """
MERGE (s:DeriveState {id: 'derive'})
SET s.token = $token, s.computed_at = $at
"""
DOCUMENTS = "MATCH (d:Document) RETURN d.id AS id, d.revision AS revision, d.kind AS kind"


@dataclass
class DerivedState:
    token: str
    documents: dict[str, tuple[str, str]]  # Document id -> (revision, kind)
    recommendations: SimilarityState
    reviews: SimilarityState


def state_file(folder: Path, location: str) -> Path:
    """Where the state of the store at `location` lives in the data directory `folder`."""
    key = hashlib.sha256(location.encode()).hexdigest()[:16]
    return folder / f"derived-{key}.npz"


def graph_token(store: GraphStore) -> str | None:
    rows = store.read(READ_TOKEN)
    return rows[0]["token"] if rows else None


def set_graph_token(store: GraphStore, token: str) -> None:
    store.write(WRITE_TOKEN, {"token": token, "at": datetime.now(UTC).isoformat()})


def new_token() -> str:
    return TOKEN_PREFIX + uuid.uuid4().hex


def current(token: str | None) -> bool:
    """Whether a finished derive of this version's format wrote `token`."""
    return token is not None and token.startswith(TOKEN_PREFIX)


def outdated(store: GraphStore) -> bool:
    """Derived data written by a version with another format (a finished derive whose
    token lacks this format's prefix); a graph never derived, or half-way through a derive,
    is not outdated (a load derives the first, the unfinished-run check redoes the second)."""
    token = graph_token(store)
    return token is not None and token != REWRITING and not current(token)


def documents(store: GraphStore) -> dict[str, tuple[str, str]]:
    """Each Document's (revision, kind): a document whose revision differs from the saved
    one was written since."""
    return {r["id"]: (r["revision"] or "", r["kind"] or "") for r in store.read(DOCUMENTS)}


def load_state(path: Path) -> DerivedState | None:
    """The saved state, or None when there is none or it cannot be read (a full derive
    then rebuilds it; nothing is lost)."""
    try:
        with np.load(path, allow_pickle=False) as saved:
            arrays = {k: saved[k] for k in saved.files}
    except (OSError, ValueError, KeyError, EOFError):
        return None
    try:
        token = str(arrays["token"][0])
        docs = dict(zip(
            arrays["doc_ids"].tolist(),
            zip(arrays["doc_revisions"].tolist(), arrays["doc_kinds"].tolist(), strict=True),
            strict=True,
        ))  # fmt: skip
        parts = {}
        for prefix in ("rec", "rev"):
            mine = {k[4:]: v for k, v in arrays.items() if k.startswith(prefix + "_")}
            parts[prefix] = SimilarityState.from_arrays(mine)
    except (KeyError, ValueError, IndexError):
        return None
    return DerivedState(token, docs, parts["rec"], parts["rev"])


def save_state(path: Path, state: DerivedState) -> None:
    arrays: dict[str, np.ndarray] = {
        "token": np.array([state.token]),
        "doc_ids": np.array(list(state.documents), dtype=str),
        "doc_revisions": np.array([r for r, _ in state.documents.values()], dtype=str),
        "doc_kinds": np.array([k for _, k in state.documents.values()], dtype=str),
    }
    for prefix, part in (("rec", state.recommendations), ("rev", state.reviews)):
        arrays.update({f"{prefix}_{k}": v for k, v in part.arrays().items()})
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as fh:
        np.savez(fh, **arrays)  # type: ignore[arg-type]
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(partial, 0o600)
    os.replace(partial, path)


def forget_state(path: Path) -> None:
    path.unlink(missing_ok=True)


STATEMENTS = {
    "derived.read_token": READ_TOKEN,
    "derived.write_token": WRITE_TOKEN,
    "derived.documents": DOCUMENTS,
}
