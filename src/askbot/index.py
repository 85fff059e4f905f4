"""A self-describing FAISS index of an article's chunks, and the vectors of its sentences (the
evidence answers are checked and cited against), saved with a manifest. No pickle."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

from .article import Article
from .chunking import Chunker, Span, sentences
from .embedding import Embedder
from .errors import IndexStateError
from .types import KIND_LABELS, Chunk

FORMAT_VERSION = 2  # 2: the sentences' vectors are saved too
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.faiss"
SENTENCE_VECTORS = "sentences.npy"
ARTICLE = "article.txt"
FILES = (ARTICLE, CHUNKS, VECTORS, SENTENCE_VECTORS)
log = logging.getLogger(__name__)


def _faiss():
    try:
        import faiss
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise IndexStateError("FAISS is not available - install faiss-cpu to enable the index.") from exc
    return faiss


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def index_path(index_dir: Path, article: Article) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", Path(article.name).stem.lower()).strip("-")[:40] or "article"
    return Path(index_dir) / f"{slug}-{article.sha256[:12]}"


def evidence_sentences(text: str, chunks: list[Chunk]) -> list[tuple[Span, int, str]]:
    """The article's sentences, chunk by chunk: (span, chunk id, the text embedded for it: the
    sentence, labelled with its chunk's kind as ``Chunk.search_text`` is)."""
    out = []
    for c in chunks:
        label = KIND_LABELS.get(c.kind)
        for sp in sentences(text, c.start, c.end):
            out.append((sp, c.id, f"{label} {text[sp.start:sp.end]}" if label else text[sp.start:sp.end]))
    return out


def _digest(texts: list[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()


class ArticleIndex:
    """Chunks of one article and their unit vectors in a FAISS inner-product index, and the vectors
    of its sentences (``evidence_sentences``)."""

    def __init__(self, article: Article, chunks: list[Chunk], vectors: np.ndarray, manifest: dict,
                 sentence_vectors: np.ndarray, sentences: list[tuple[Span, int, str]] | None = None) -> None:
        self.article = article
        self.chunks = chunks
        self.sentences = evidence_sentences(article.text, chunks) if sentences is None else sentences
        self.sentence_vectors = sentence_vectors
        self.manifest = manifest
        self.vectors = vectors
        faiss = _faiss()
        self.faiss_index = faiss.IndexFlatIP(vectors.shape[1])
        if len(vectors):
            self.faiss_index.add(vectors)

    @classmethod
    def build(cls, article: Article, chunker: Chunker, embedder: Embedder) -> "ArticleIndex":
        chunks = chunker(article.text)
        found = evidence_sentences(article.text, chunks)
        texts = [t for *_, t in found]
        vectors = embedder([c.search_text for c in chunks] + texts)
        vectors, sentence_vectors = vectors[:len(chunks)], vectors[len(chunks):]
        manifest = {
            "format_version": FORMAT_VERSION,
            "embedded_text": "kind label + chunk text",
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "article": {"name": article.name, "sha256": article.sha256, "chars": len(article.text),
                        "format": article.format},
            "embedding": {"model": embedder.model, "dimension": int(vectors.shape[1]), "normalized": True},
            "chunking": chunker.params,
            "faiss": "IndexFlatIP",
            "n_chunks": len(chunks),
            "sentences": {"n": len(texts), "sha256": _digest(texts)},  # what sentences.npy embeds
        }
        return cls(article, chunks, vectors, manifest, sentence_vectors, found)

    def search(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        k = min(k, len(self.chunks))
        if k <= 0:
            return []
        scores, ids = self.faiss_index.search(np.asarray(query_vector, dtype=np.float32).reshape(1, -1), k)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    # ---- persistence -------------------------------------------------------------------------
    def save(self, path: Path) -> Path:
        """Write the index atomically: a reader sees the old index or the new one, never half of one."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        try:
            (tmp / ARTICLE).write_text(self.article.text, encoding="utf-8")
            with open(tmp / CHUNKS, "w", encoding="utf-8") as fh:
                for c in self.chunks:
                    fh.write(json.dumps(asdict(c), ensure_ascii=False) + "\n")
            _faiss().write_index(self.faiss_index, str(tmp / VECTORS))
            np.save(tmp / SENTENCE_VECTORS, self.sentence_vectors, allow_pickle=False)
            manifest = dict(self.manifest)
            manifest["files"] = {name: _sha256_file(tmp / name) for name in FILES}
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            self.manifest = manifest
            old = None
            if path.exists():
                old = path.with_name(f".{path.name}.old-{os.getpid()}")
                os.replace(path, old)
            os.replace(tmp, path)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return path

    @classmethod
    def load(cls, path: Path, article: Article, chunker: Chunker, embedder: Embedder) -> "ArticleIndex":
        """Load and check an index. Raises IndexStateError naming what is wrong."""
        path = Path(path)
        mpath = path / MANIFEST
        if not mpath.is_file():
            raise IndexStateError(f"No index at {path} (no {MANIFEST}). Build it with `askbot index ARTICLE`.")
        try:
            manifest = json.loads(mpath.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise IndexStateError(f"The index manifest {mpath} is corrupt ({exc}). Rebuild with `askbot index`.") from exc
        expected = {
            "format_version": FORMAT_VERSION,
            "article sha256": article.sha256,
            "embedding model": embedder.model,
            "chunking": chunker.params,
        }
        found = {
            "format_version": manifest.get("format_version"),
            "article sha256": (manifest.get("article") or {}).get("sha256"),
            "embedding model": (manifest.get("embedding") or {}).get("model"),
            "chunking": manifest.get("chunking"),
        }
        for key, want in expected.items():
            if found[key] != want:
                raise IndexStateError(
                    f"The index at {path} is stale or mismatched: its {key} is {found[key]!r}, expected {want!r}. "
                    "Rebuild it with `askbot index ARTICLE`."
                )
        files = manifest.get("files") or {}
        for name in FILES:
            fpath = path / name
            if not fpath.is_file():
                raise IndexStateError(f"The index at {path} is missing {name}. Rebuild it with `askbot index ARTICLE`.")
            if files.get(name) != _sha256_file(fpath):
                raise IndexStateError(
                    f"The index file {fpath} is corrupt (its sha256 does not match the manifest). "
                    "Rebuild it with `askbot index ARTICLE`."
                )
        try:
            chunks = [Chunk(**json.loads(line)) for line in (path / CHUNKS).read_text(encoding="utf-8").splitlines()]
            faiss_index = _faiss().read_index(str(path / VECTORS))
            vectors = faiss_index.reconstruct_n(0, faiss_index.ntotal) if faiss_index.ntotal else np.zeros(
                (0, faiss_index.d), dtype=np.float32)
            sentence_vectors = np.load(path / SENTENCE_VECTORS, allow_pickle=False)
        except Exception as exc:  # faiss raises RuntimeError, json ValueError, Chunk TypeError
            raise IndexStateError(f"The index at {path} is corrupt ({exc}). Rebuild it with `askbot index ARTICLE`.") from exc
        dim = (manifest.get("embedding") or {}).get("dimension")
        if vectors.shape != (len(chunks), dim):
            raise IndexStateError(
                f"The index at {path} is corrupt: {vectors.shape[0]} vectors of dimension {vectors.shape[1]} "
                f"for {len(chunks)} chunks of dimension {dim}. Rebuild it with `askbot index ARTICLE`."
            )
        for c in chunks:
            if article.text[c.start:c.end] != c.text:
                raise IndexStateError(f"The index at {path} has chunk {c.id} whose offsets do not match the article. Rebuild it.")
        found = evidence_sentences(article.text, chunks)
        texts = [t for *_, t in found]
        if (manifest.get("sentences") or {}).get("sha256") != _digest(texts) or sentence_vectors.shape != (len(texts), dim):
            raise IndexStateError(f"The index at {path} has vectors for other sentences than askbot finds in the article "
                                  "(a newer sentence splitter?). Rebuild it with `askbot index ARTICLE`.")
        return cls(article, chunks, np.ascontiguousarray(vectors, dtype=np.float32), manifest,
                   np.ascontiguousarray(sentence_vectors, dtype=np.float32), found)


def open_index(article: Article, index_dir: Path, chunker: Chunker, embedder: Embedder,
               *, rebuild: bool = True, path: Path | None = None, also_look_in: tuple[Path, ...] = ()) -> ArticleIndex:
    """Load the article's index; when it is missing, stale or corrupt, say why and rebuild it (or refuse).
    ``also_look_in``: read-only folders (the committed index) tried when ``index_dir`` has none."""
    if path is None:
        for extra in also_look_in:
            candidate = index_path(extra, article)
            if not (index_path(index_dir, article) / MANIFEST).is_file() and (candidate / MANIFEST).is_file():
                try:
                    return ArticleIndex.load(candidate, article, chunker, embedder)
                except IndexStateError as exc:
                    log.warning("%s Building a new one in %s.", exc, index_dir)
    path = Path(path) if path is not None else index_path(index_dir, article)
    if (path / MANIFEST).is_file():
        try:
            return ArticleIndex.load(path, article, chunker, embedder)
        except IndexStateError as exc:
            if not rebuild:
                raise
            log.warning("%s Rebuilding it now.", exc)
    elif not rebuild:
        raise IndexStateError(f"No index at {path}. Build it with `askbot index ARTICLE`.")
    index = ArticleIndex.build(article, chunker, embedder)
    try:
        index.save(path)
    except OSError as exc:
        log.warning("Could not save the index to %s (%s); using it from memory.", path, exc)
    return index
