"""The article store on disk: content-hash ids, one copy per text, atomic writes, restarts, deletes."""

from __future__ import annotations

import json
import os
import time

import pytest

from askbot.errors import ArticleConflictError, ArticleError, ArticleNotFoundError, IndexStateError
from askbot.index import ArticleIndex
from askbot.settings import Settings
from askbot.store import ArticleStore, Library
from conftest import FakeEmbedder, ScriptedGenerator

TEXT = ("Ana Ruiz runs the bakery on Calle Real. She opened it in 2004 with her brother Tomas.\n\n"
        "The bakery sells 900 loaves a day, most of them before 8 a.m.")


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path, index_dir=tmp_path / "index")


@pytest.fixture
def store(settings):
    return ArticleStore(settings, FakeEmbedder())


def test_the_default_article_is_always_listed_and_cannot_be_deleted(store):
    items = store.list()
    assert items[0].builtin and items[0].chars == len(store.default_article.text)
    assert store.get("default") == store.get(items[0].id)
    with pytest.raises(ArticleConflictError, match="cannot be deleted"):
        store.delete("default")


def test_an_added_article_gets_a_content_hash_id_and_its_index(store, settings):
    item, created = store.add(TEXT, title="Bakery", url="https://example.org/bakery")
    assert created and item.id == item.sha256[:12] and item.title == "Bakery"
    folder = settings.data_dir / "articles" / item.id
    assert json.loads((folder / "meta.json").read_text())["url"] == "https://example.org/bakery"
    index = ArticleIndex.load(folder / "index", store.article(item.id), store.chunker, store.embedder)
    assert all(store.article(item.id).text[c.start:c.end] == c.text for c in index.chunks)
    assert not [p for p in (settings.data_dir / "articles").iterdir() if p.name.startswith(".")]


def test_the_same_text_is_stored_once(store):
    first, _ = store.add(TEXT)
    again, created = store.add(TEXT, title="Another title")
    assert not created and again == first
    assert len(store.list()) == 2


def test_the_default_article_text_maps_to_the_default_id(store):
    item, created = store.add(store.default_article.text)
    assert not created and item.builtin


def test_own_ids_are_checked(store):
    item, _ = store.add(TEXT, article_id="bakery-2024")
    assert store.get("bakery-2024") == item
    assert store.add(TEXT, article_id="bakery-2024") == (item, False)
    with pytest.raises(ArticleConflictError, match="taken by a different article"):
        store.add("Something else entirely happened today in the town hall.", article_id="bakery-2024")
    for bad in ("../etc", "a/b", "", "x" * 65, "with space", "nl-test\n", "x" * 64 + "\n"):
        with pytest.raises(ArticleError, match="not an article id") as raised:  # a bad request, not "not found"
            store.add(TEXT, article_id=bad)
        assert not isinstance(raised.value, ArticleNotFoundError)
        with pytest.raises(ArticleNotFoundError):
            store.get(bad)


def test_text_that_names_a_file_is_text_not_the_file(store, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET server file")
    item, _ = store.add(str(secret))
    assert store.article(item.id).text == str(secret)


def test_bad_articles_are_refused_and_nothing_is_written(store, settings):
    for bad in ("", "   ", "bin\x00ary"):
        with pytest.raises(ArticleError):
            store.add(bad)
    assert not (settings.data_dir / "articles").exists() or not list((settings.data_dir / "articles").iterdir())


def test_a_damaged_article_is_listed_deletable_and_its_id_reusable(store, settings, caplog):
    item, _ = store.add(TEXT, title="Bakery")
    damaged = settings.data_dir / "articles" / "damaged"
    damaged.mkdir()
    (damaged / "meta.json").write_text("{not json")
    again = ArticleStore(settings, FakeEmbedder())
    listed = {a.id: a for a in again.list()}
    assert set(listed) == {again.default.id, item.id, "damaged"} and listed["damaged"].damaged
    assert "damaged" in caplog.text and damaged.exists()  # the user's data is not deleted on the way
    with pytest.raises(IndexStateError, match="damaged.*Delete it and add it again"):
        again.article("damaged")
    fresh, created = again.add(TEXT + " Again.", article_id="damaged")  # the id is re-used
    assert created and not fresh.damaged and again.article("damaged").text.endswith("Again.")
    (damaged / "meta.json").write_text("{not json")
    third = ArticleStore(settings, FakeEmbedder())
    assert third.delete("damaged").damaged and not damaged.exists()


def test_leftovers_of_a_killed_add_are_removed_but_not_an_add_in_progress(store, settings):
    item, _ = store.add(TEXT)
    left = settings.data_dir / "articles" / ".8ee6be5825f2.zt74kxqn"
    (left / "index").mkdir(parents=True)
    busy = settings.data_dir / "articles" / ".0123456789ab.busy1234"  # another process writing now
    busy.mkdir()
    os.utime(left, (time.time() - 7200, time.time() - 7200))
    again = ArticleStore(settings, FakeEmbedder())
    assert not left.exists() and busy.exists() and again.get(item.id) == item


def test_a_store_shared_by_two_processes_sees_the_others_adds_and_deletes(store, settings):
    other = ArticleStore(settings, FakeEmbedder())  # as another replica on the same volume
    item, created = store.add(TEXT)
    assert created and other.get(item.id) == item and item.id in [a.id for a in other.list()]
    assert other.add(TEXT) == (item, False)  # not written a second time
    other.delete(item.id)
    with pytest.raises(ArticleNotFoundError):
        store.get(item.id)
    assert item.id not in [a.id for a in store.list()]


def test_delete_removes_the_article(store, settings):
    item, _ = store.add(TEXT)
    assert store.delete(item.id) == item
    with pytest.raises(ArticleNotFoundError, match="No article"):
        store.get(item.id)
    assert not list((settings.data_dir / "articles").iterdir())
    assert ArticleStore(settings, FakeEmbedder()).list() == [store.default]


def test_library_answers_from_the_right_article_and_keeps_few_bots(settings):
    settings = settings.replace(max_loaded_articles=1)
    library = Library(settings, embedder=FakeEmbedder(), generator=ScriptedGenerator("She opened it in 2004."))
    item, _ = library.add(TEXT)
    answer = library.bot(item.id).ask("When did Ana Ruiz open the bakery?")
    assert answer.answerable and answer.citations
    text = library.store.article(item.id).text
    assert all(text[c.start:c.end] == c.text for c in answer.citations)
    library.bot("default")
    assert library.loaded() == [library.store.default.id]
    library.delete(item.id)
    with pytest.raises(ArticleNotFoundError):
        library.bot(item.id)


def test_a_damaged_article_is_named_and_kept(store, settings):
    item, _ = store.add(TEXT)
    text_file = settings.data_dir / "articles" / item.id / "index" / "article.txt"
    text_file.write_text(TEXT.replace("900", "100"), encoding="utf-8")
    with pytest.raises(IndexStateError, match=f"stored article {item.id} is damaged.*Delete it and add it again"):
        store.article(item.id)
    assert text_file.exists() and store.get(item.id) == item


def test_a_damaged_index_is_rebuilt_from_the_stored_text(settings):
    library = Library(settings, embedder=FakeEmbedder(), generator=ScriptedGenerator("She opened it in 2004."))
    item, _ = library.add(TEXT)
    (settings.data_dir / "articles" / item.id / "index" / "vectors.faiss").write_bytes(b"garbage")
    answer = library.bot(item.id).ask("When did Ana Ruiz open the bakery?")
    assert answer.answerable and answer.citations
    ArticleIndex.load(settings.data_dir / "articles" / item.id / "index", library.store.article(item.id),
                      library.store.chunker, library.store.embedder)  # whole again


def test_a_read_only_store_says_so_without_its_path(store, settings, monkeypatch):
    import errno

    from askbot.errors import StorageError

    item, _ = store.add(TEXT)

    def read_only(src, dst):
        raise OSError(errno.EROFS, "Read-only file system", str(src))

    monkeypatch.setattr("askbot.store.os.replace", read_only)
    with pytest.raises(StorageError, match="The deletion cannot be saved: the disk is read-only") as raised:
        store.delete(item.id)
    assert str(settings.data_dir) not in str(raised.value) and store.get(item.id) == item


def test_a_full_disk_says_so(store, monkeypatch):
    import errno

    from askbot.errors import StorageError

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("askbot.store.os.replace", full)
    with pytest.raises(StorageError, match="The article cannot be saved: the disk is full"):
        store.add("Something else entirely happened today in the town hall.")
    assert [a.builtin for a in store.list()] == [True]  # nothing half-written is listed
