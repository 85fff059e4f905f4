"""The askbot command with the extractive generator (no language model): where the article comes from."""

import io
import json

import pytest

from askbot.cli import main

pytestmark = pytest.mark.models  # loads the real embedder


def test_a_mistyped_article_path_is_an_error_naming_it(tmp_path, capsys):
    missing = tmp_path / "typo.html"
    assert main(["ask", "Who?", "--article", str(missing), "--generator", "extractive",
                 "--index-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "No article file at" in err and "typo.html" in err
    assert not any(tmp_path.iterdir())  # no index of the path's text was written


def test_text_is_given_explicitly_or_on_stdin(tmp_path, capsys, monkeypatch):
    text = "The mayor said the bridge reopened on Tuesday."
    assert main(["ask", "What reopened?", "--text", text, "--generator", "extractive", "--json",
                 "--index-dir", str(tmp_path)]) == 0
    cited = json.loads(capsys.readouterr().out)["citations"][0]
    assert text[cited["start"]:cited["end"]] == cited["text"]
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert main(["ask", "What reopened?", "--article", "-", "--generator", "extractive", "--index-dir", str(tmp_path)]) == 0
    assert "bridge reopened" in capsys.readouterr().out
