"""Prompt templates are package files, rendered strictly: a missing or unknown field is an error."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from string import Template


@lru_cache(maxsize=None)
def load(name: str) -> Template:
    return Template(resources.files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8"))


def render(name: str, **fields: str) -> str:
    template = load(name)
    wanted = set(template.get_identifiers())
    if wanted != set(fields):
        raise KeyError(f"prompt {name!r} takes fields {sorted(wanted)}, got {sorted(fields)}")
    return template.substitute(**fields)
