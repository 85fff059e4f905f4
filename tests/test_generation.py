import os

import numpy as np
import pytest

from askbot.generation import _read_snapshot, _write_snapshot, make_generator
from askbot.settings import Settings


def test_prompt_state_round_trips_through_disk(tmp_path):
    path = tmp_path / "kv" / "m-abc.npz"
    ids = np.array([5, 6, 7], dtype=np.int32)
    _write_snapshot(path, ids, b"\x01\x02state", keep=4)
    got = _read_snapshot(path, [5, 6, 7])
    assert got is not None and got[0].tolist() == [5, 6, 7] and got[1] == b"\x01\x02state"


def test_state_for_other_tokens_is_ignored_and_removed(tmp_path):
    path = tmp_path / "kv" / "m-abc.npz"
    _write_snapshot(path, np.array([5, 6, 7], dtype=np.int32), b"state", keep=4)
    assert _read_snapshot(path, [5, 6, 8]) is None
    assert not path.exists()


def test_corrupt_state_file_is_ignored_and_removed(tmp_path, caplog):
    path = tmp_path / "kv" / "m-abc.npz"
    _write_snapshot(path, np.array([5, 6, 7], dtype=np.int32), b"state", keep=4)
    path.write_bytes(path.read_bytes()[:40])
    assert _read_snapshot(path, [5, 6, 7]) is None
    assert not path.exists() and "Ignoring the prompt cache" in caplog.text


def test_old_state_files_are_pruned(tmp_path):
    for i in range(5):
        _write_snapshot(tmp_path / f"m-{i}.npz", np.array([i], dtype=np.int32), b"s", keep=3)
    assert len(list(tmp_path.glob("*.npz"))) == 3


def test_pruning_keeps_the_most_recently_used_state(tmp_path):
    paths = [tmp_path / f"m-{i}.npz" for i in range(4)]
    for i, path in enumerate(paths[:3]):
        _write_snapshot(path, np.array([i], dtype=np.int32), b"s", keep=3)
        os.utime(path, (1000 + i, 1000 + i))  # written in order, a second apart
    assert _read_snapshot(paths[0], [0]) is not None  # the oldest written is used again
    _write_snapshot(paths[3], np.array([3], dtype=np.int32), b"s", keep=3)
    assert paths[0].exists() and not paths[1].exists()


def test_extractive_mode_has_no_generator():
    assert make_generator(Settings(generator="extractive")) is None


@pytest.mark.models
def test_a_short_prompt_prefix_comes_back_from_memory_after_another_prompt():
    """A side prompt (a translation) takes the model's context; a prefix too short
    for a file on disk is kept in memory, so the next question does not prefill it again."""
    from askbot.generation import Prompt

    gen = make_generator(Settings())
    short = Prompt("You answer questions about an article.", "Article:\nThe Harbor Bridge reopened on Tuesday.\n",
                   "When did the bridge reopen?")
    first = "".join(gen.stream(short, 8))
    "".join(gen.stream(Prompt("You are a careful English teacher.", "", 'Is "open" a synonym of "closed"?'), 1))
    llm = gen._llm()
    evaluated: list[int] = []
    real_eval = llm.eval
    llm.eval = lambda tokens: (evaluated.append(len(tokens)), real_eval(tokens))[1]
    try:
        again = "".join(gen.stream(short, 8))
    finally:
        del llm.eval
    prefix, suffix = gen._tokens(short)
    assert again == first
    assert len(prefix) < gen.min_snapshot_tokens
    assert sum(evaluated) <= len(suffix) + 8  # the question and the reply, not the prefix again
    assert not (gen.cache_dir / "kv" / f"{gen._state_key(prefix)}.npz").exists()  # not worth a file
