import json
from pathlib import Path

import pytest

from askbot.article import load_article
from askbot.chunking import Chunker
from askbot.errors import IndexStateError
from askbot.index import ArticleIndex, index_path, open_index


def test_save_and_load_round_trip(tmp_path: Path, article, fake_embedder, fake_index):
    path = fake_index.save(tmp_path / "idx")
    assert sorted(p.name for p in path.iterdir()) == ["article.txt", "chunks.jsonl", "manifest.json", "sentences.npy",
                                                      "vectors.faiss"]
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["format_version"] == 2
    assert manifest["article"]["sha256"] == article.sha256
    assert manifest["embedding"] == {"model": "fake-bow", "dimension": fake_embedder.dimension, "normalized": True}
    assert manifest["chunking"] == Chunker().params
    loaded = ArticleIndex.load(path, article, Chunker(), fake_embedder)
    assert loaded.chunks == fake_index.chunks
    assert (loaded.vectors == fake_index.vectors).all()
    assert loaded.sentences == fake_index.sentences and len(loaded.sentences) > len(loaded.chunks)
    assert (loaded.sentence_vectors == fake_embedder([t for *_, t in loaded.sentences])).all()
    for c in loaded.chunks:
        assert article.text[c.start:c.end] == c.text


def test_index_of_another_article_is_named_stale(tmp_path, fake_embedder, fake_index):
    path = fake_index.save(tmp_path / "idx")
    other = load_article("A different article. It has two sentences.")
    with pytest.raises(IndexStateError, match="stale or mismatched: its article sha256"):
        ArticleIndex.load(path, other, Chunker(), fake_embedder)


def test_other_chunking_is_a_mismatch(tmp_path, article, fake_embedder, fake_index):
    path = fake_index.save(tmp_path / "idx")
    with pytest.raises(IndexStateError, match="its chunking"):
        ArticleIndex.load(path, article, Chunker(max_chars=100), fake_embedder)


def test_sentence_vectors_for_other_sentences_are_stale(tmp_path, article, fake_embedder, fake_index):
    path = fake_index.save(tmp_path / "idx")
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["sentences"]["sha256"] = "0" * 64  # as if another splitter had cut the article
    (path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexStateError, match="other sentences"):
        ArticleIndex.load(path, article, Chunker(), fake_embedder)


@pytest.mark.parametrize("victim, damage", [
    ("vectors.faiss", b"garbage"),
    ("sentences.npy", b"garbage"),
    ("chunks.jsonl", b'{"id": 0}\n'),
    ("manifest.json", b"{not json"),
])
def test_corrupt_files_are_detected(tmp_path, article, fake_embedder, fake_index, victim, damage):
    path = fake_index.save(tmp_path / "idx")
    (path / victim).write_bytes(damage)
    with pytest.raises(IndexStateError, match="corrupt"):
        ArticleIndex.load(path, article, Chunker(), fake_embedder)


def test_open_index_rebuilds_a_corrupt_index_and_can_refuse(tmp_path, article, fake_embedder, fake_index, caplog):
    path = fake_index.save(tmp_path / "idx")
    (path / "vectors.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexStateError):
        open_index(article, tmp_path, Chunker(), fake_embedder, rebuild=False, path=path)
    rebuilt = open_index(article, tmp_path, Chunker(), fake_embedder, path=path)
    assert "corrupt" in caplog.text
    assert rebuilt.chunks == fake_index.chunks
    ArticleIndex.load(path, article, Chunker(), fake_embedder)  # healthy again on disk


def test_open_index_builds_once_then_loads(tmp_path, article, fake_embedder):
    first = open_index(article, tmp_path, Chunker(), fake_embedder)
    where = index_path(tmp_path, article)
    assert (where / "manifest.json").is_file() and where.name.startswith("giammattei-interview-")
    created = json.loads((where / "manifest.json").read_text())["created"]
    second = open_index(article, tmp_path, Chunker(), fake_embedder)
    assert json.loads((where / "manifest.json").read_text())["created"] == created
    assert second.chunks == first.chunks


def test_no_pickle_anywhere(tmp_path, fake_index):
    path = fake_index.save(tmp_path / "idx")
    for f in path.iterdir():
        assert not f.read_bytes().startswith(b"\x80"), f"{f.name} looks like a pickle"


def test_a_read_only_folder_is_used_when_current_and_new_indexes_go_elsewhere(tmp_path, article, fake_embedder, fake_index):
    bundled = tmp_path / "bundled"
    fake_index.save(index_path(bundled, article))
    mine = tmp_path / "mine"
    got = open_index(article, mine, Chunker(), fake_embedder, also_look_in=(bundled,))
    assert got.chunks == fake_index.chunks and not mine.exists()
    other = load_article("Another article. With two sentences.")
    open_index(other, mine, Chunker(), fake_embedder, also_look_in=(bundled,))
    assert (index_path(mine, other) / "manifest.json").is_file()
    assert not index_path(bundled, other).exists()
