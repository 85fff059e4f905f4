import hashlib
import sys

import pytest

from askbot import models
from askbot.errors import ModelUnavailableError
from askbot.models import ModelSpec, model_path


@pytest.fixture
def split_model(tmp_path, monkeypatch):
    """Two tiny packages that ship one model in two slices, like the real ones."""
    blobs = [b"GGUF" + b"a" * 1000, b"b" * 500]
    for i, blob in enumerate(blobs, 1):
        pkg = tmp_path / "pkgs" / f"fake_model_part{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(blob)
    monkeypatch.syspath_prepend(str(tmp_path / "pkgs"))
    whole = b"".join(blobs)
    spec = ModelSpec("fake", ("fake_model_part1", "fake_model_part2"), "fake-model-part1..2",
                     len(whole), hashlib.sha256(whole).hexdigest(), "test")
    monkeypatch.setitem(models.MODELS, "fake", spec)
    yield whole
    for name in ("fake_model_part1", "fake_model_part2"):
        sys.modules.pop(name, None)


def test_parts_are_joined_in_order_and_verified(tmp_path, split_model):
    path = model_path("fake", tmp_path / "cache")
    assert path.read_bytes() == split_model
    assert model_path("fake", tmp_path / "cache") == path  # second call: the verified file is reused


def test_a_wrong_checksum_is_refused(tmp_path, split_model, monkeypatch):
    spec = models.MODELS["fake"]
    monkeypatch.setitem(models.MODELS, "fake", ModelSpec(**{**spec.__dict__, "sha256": "0" * 64}))
    with pytest.raises(ModelUnavailableError, match="do not match the pinned file"):
        model_path("fake", tmp_path / "cache")
    assert not list((tmp_path / "cache" / "models").glob("*.gguf"))


def test_missing_package_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(models.MODELS, "gone", ModelSpec("gone", ("askbot_no_such_package",), "gone-pkg==1.0", 1, "", "x"))
    with pytest.raises(ModelUnavailableError, match="install gone-pkg==1.0"):
        model_path("gone", tmp_path)


def test_unknown_model_lists_the_known_ones(tmp_path):
    with pytest.raises(ModelUnavailableError, match="qwen2.5-coder-0.5b"):
        model_path("gpt-9", tmp_path)
