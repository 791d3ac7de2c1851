"""The theme sentence model the loader scores (loaders/sentence_model.py): it reads a
sentence as scikit-learn's vectorizer did when it was trained, it is the model the labels
make (tests/eval/theme_model.py --write gives the shipped file again), and it changes the
ranking the way it was kept for: a theme a finding states outranks one a recommendation or
the background only mentions."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from reviewgraph.loaders.sample.build import build_sample_corpus
from reviewgraph.loaders.sentence_model import MODEL_PATH, sentence_model

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


def _eval_build(out: Path) -> Path:
    spec = importlib.util.spec_from_file_location("eval_build", HERE / "eval" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build_eval_corpus(out)
    return out


def test_the_shipped_model_is_the_one_the_labels_make(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("theme_model", HERE / "eval" / "theme_model.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    sample = tmp_path / "sample"
    build_sample_corpus(sample)
    built = _eval_build(tmp_path / "eval")
    out = tmp_path / "theme_model.json"
    trained_on = json.loads(MODEL_PATH.read_text())["trained_on"]
    script.main([str(sample), str(built), "--write", str(out), "--train-on", ",".join(trained_on)])
    assert out.read_text() == MODEL_PATH.read_text(), (
        "loaders/reference/theme_model.json is not what the labels make: run "
        "tests/eval/theme_model.py SAMPLE_DIR EVAL_DIR --write loaders/reference/theme_model.json "
        "--train-on <its trained_on>"
    )


@pytest.mark.parametrize("theme", ["information_sharing", "voice_of_child", "training"])
def test_every_theme_the_model_knows_is_in_the_taxonomy(theme: str) -> None:
    from reviewgraph.loaders.pipeline import matchers

    model = sentence_model()
    assert set(model._themes) == set(matchers().taxonomy.nodes)
    assert theme in model._themes
