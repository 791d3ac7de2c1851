"""The theme sentence model the loader scores (loaders/sentence_model.py): it reads a
sentence as scikit-learn's vectorizer did when it was trained, it is the model the labels
make (tests/eval/theme_model.py --write gives the shipped file again, and
tests/eval/theme_proposer.py --write the theme proposer's), and it changes the
ranking the way it was kept for: a theme a finding states outranks one a recommendation or
the background only mentions."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from reviewgraph.loaders.sample.build import build_sample_corpus
from reviewgraph.loaders.sentence_model import MODEL_PATH, sentence_model
from reviewgraph.loaders.theme_proposer import PROPOSER_PATH

HERE = Path(__file__).parent
SENTENCES = [
    "The health visitor was never told about the police call-outs to the family home.",
    "Nobody asked Tegan what life at home was like, and her views were not recorded.",
    "Training on coercive control had not reached the GP practice; training is booked.",
    "Each missing episode was treated on its own: return home interviews did not happen.",
    "A a I it of the",  # stop words and one-letter words only: no terms
]


def test_a_sentence_is_read_as_the_trained_vectorizer_read_it() -> None:
    model = sentence_model()
    vocabulary = {t: i for i, t in enumerate(model._idf)}
    vec = TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, stop_words="english", vocabulary=vocabulary
    )
    vec.fit(SENTENCES)  # fixes the vocabulary; the idf is set from the model below
    vec.idf_ = np.array([model._idf[t] for t in vocabulary])
    expected = vec.transform(SENTENCES)
    for i, text in enumerate(SENTENCES):
        row = expected.getrow(i)
        want = {list(vocabulary)[j]: v for j, v in zip(row.indices, row.data, strict=True)}
        got = model.vector(text)
        assert set(got) == set(want), text
        assert all(math.isclose(got[t], want[t], rel_tol=1e-9) for t in want), text
    assert model.vector(SENTENCES[-1]) == {}


def test_the_model_scores_a_finding_above_the_same_theme_as_background() -> None:
    model = sentence_model()
    finding = model.probability(
        "Information was not shared between the school and children's social care.",
        "information_sharing",
        4.0,
    )
    chronology = model.probability(
        "Information was not shared between the school and children's social care.",
        "information_sharing",
        0.25,
    )
    assert 0.0 < chronology < finding < 1.0


def _script(name: str) -> ModuleType:
    """A script of tests/eval (not a package), loaded from its file."""
    spec = importlib.util.spec_from_file_location(name, HERE / "eval" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def _eval_build(out: Path) -> Path:
    _script("build").build_eval_corpus(out)
    return out


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample corpus and the eval documents, built once for the two models' checks."""
    folder = tmp_path_factory.mktemp("corpora")
    build_sample_corpus(folder / "sample")
    return folder / "sample", _eval_build(folder / "eval")


@pytest.mark.parametrize(
    "script, shipped", [("theme_model", MODEL_PATH), ("theme_proposer", PROPOSER_PATH)]
)
def test_the_shipped_model_is_the_one_the_labels_make(
    corpora: tuple[Path, Path], tmp_path: Path, script: str, shipped: Path
) -> None:
    """Both models the loader reads are what their script makes from the labels of the
    batches each file says it was trained on (no other batch: those are scored fairly)."""
    sample, built = corpora
    out = tmp_path / shipped.name
    trained_on = json.loads(shipped.read_text())["trained_on"]
    _script(script).main(
        [str(sample), str(built), "--write", str(out), "--train-on", ",".join(trained_on)]
    )
    assert out.read_text() == shipped.read_text(), (
        f"loaders/reference/{shipped.name} is not what the labels make: run "
        f"tests/eval/{script}.py SAMPLE_DIR EVAL_DIR --write loaders/reference/{shipped.name} "
        "--train-on <its trained_on>"
    )


@pytest.mark.parametrize("theme", ["information_sharing", "voice_of_child", "training"])
def test_every_theme_the_model_knows_is_in_the_taxonomy(theme: str) -> None:
    from reviewgraph.loaders.pipeline import matchers

    model = sentence_model()
    assert set(model._themes) == set(matchers().taxonomy.nodes)
    assert theme in model._themes
