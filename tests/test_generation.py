import os

import numpy as np

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
