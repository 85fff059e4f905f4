from pathlib import Path

import pytest

from askbot.settings import Settings


def test_environment_overrides(monkeypatch):
    monkeypatch.setenv("ASKBOT_TOP_K", "7")
    monkeypatch.setenv("ASKBOT_MIN_SUPPORT", "0.3")
    monkeypatch.setenv("ASKBOT_INDEX_DIR", "/tmp/somewhere")
    monkeypatch.setenv("ASKBOT_LLM", "qwen2.5-coder-1.5b")
    s = Settings.from_env()
    assert (s.top_k, s.min_support, s.index_dir, s.llm) == (7, 0.3, Path("/tmp/somewhere"), "qwen2.5-coder-1.5b")


def test_explicit_overrides_win_and_none_is_ignored(monkeypatch):
    monkeypatch.setenv("ASKBOT_TOP_K", "7")
    assert Settings.from_env(top_k=2, llm=None).top_k == 2


def test_bad_environment_value_is_named(monkeypatch):
    monkeypatch.setenv("ASKBOT_TOP_K", "many")
    with pytest.raises(ValueError, match="ASKBOT_TOP_K must be an integer. Currently it is 'many'"):
        Settings.from_env()


def test_indexes_follow_the_data_dir_unless_told_otherwise(monkeypatch):
    monkeypatch.setenv("ASKBOT_DATA_DIR", "/srv/askbot")
    assert Settings.from_env().index_dir == Path("/srv/askbot/index")
    monkeypatch.setenv("ASKBOT_INDEX_DIR", "/srv/idx")
    assert Settings.from_env().index_dir == Path("/srv/idx")
