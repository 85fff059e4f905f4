"""Thumbs up/down from readers, appended to a local JSONL file one whole line at a time."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path


class FeedbackLog:
    """Append-only JSONL. Each record is written with a single ``write`` on an ``O_APPEND`` file
    and fsynced, so a killed server leaves whole lines behind and never loses earlier ones."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def append(self, record: dict) -> None:
        line = json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **record},
                          ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)

    def read(self) -> list[dict]:
        """The records, skipping a torn last line if the machine died mid-write."""
        if not self.path.exists():
            return []
        out = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return out
