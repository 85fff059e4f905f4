"""The charts of the evaluation report, drawn with matplotlib (Agg: no display, no network) from eval
output rows, each returned as PNG bytes."""

from __future__ import annotations

import io
from collections import Counter, defaultdict

import numpy as np

_COLORS = ("#3b6ea8", "#d08a2c", "#5a9a5a", "#a14d4d")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    _pyplot().close(fig)
    return buf.getvalue()


def grouped_bars(title: str, groups: dict[str, dict[str, tuple[float, int]]], ylabel: str = "correct") -> bytes:
    """Bars of ``{series: {group: (value, n)}}``, one colour per series (a data file or a run), each
    bar labelled with its n."""
    plt = _pyplot()
    names = sorted({g for series in groups.values() for g in series})
    fig, ax = plt.subplots(figsize=(max(4.5, 1.3 * len(names) * max(1, len(groups))), 3.2))
    width = 0.8 / max(1, len(groups))
    x = np.arange(len(names))
    for i, (label, series) in enumerate(groups.items()):
        values = [series.get(n, (0.0, 0))[0] for n in names]
        bars = ax.bar(x + i * width - 0.4 + width / 2, values, width, label=label, color=_COLORS[i % len(_COLORS)])
        for bar, n in zip(bars, names):
            count = series.get(n, (0.0, 0))[1]
            ax.annotate(f"n={count}", (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center",
                        va="bottom", fontsize=7)
    ax.set_xticks(x, names)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    if len(groups) > 1:
        ax.legend(fontsize=7, loc="upper right")
    return _png(fig)


def refusals(title: str, counts: dict[str, Counter]) -> bytes:
    """Horizontal bars of refusals per code, split by gold: ``{code: Counter(answerable=…, unanswerable=…)}``."""
    plt = _pyplot()
    codes = sorted(counts, key=lambda c: -sum(counts[c].values()))
    fig, ax = plt.subplots(figsize=(6, 0.45 * max(2, len(codes)) + 1))
    y = np.arange(len(codes))
    left = np.zeros(len(codes))
    for i, gold in enumerate(("unanswerable", "answerable", "unknown")):
        values = np.array([counts[c].get(gold, 0) for c in codes], dtype=float)
        if values.any():
            label = {"unanswerable": "right (gold: unanswerable)", "answerable": "wrong (gold: answerable)",
                     "unknown": "gold unknown"}[gold]
            ax.barh(y, values, left=left, label=label, color=_COLORS[(2, 3, 1)[i]])
            left += values
    ax.set_yticks(y, codes)
    ax.invert_yaxis()
    ax.set_xlabel("refusals")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, loc="lower right")
    return _png(fig)


def tradeoff(title: str, curves: dict[str, list[tuple[float, float, float]]],
             marks: dict[str, tuple[float, float]]) -> bytes:
    """Abstention on unanswerable turns against false abstention, one curve per data file as the
    refusal threshold moves (``(threshold, false abstention, abstention)`` points); ``marks`` are
    where each run actually was."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.8, 4))
    for i, (label, points) in enumerate(curves.items()):
        color = _COLORS[i % len(_COLORS)]
        ax.plot([p[1] for p in points], [p[2] for p in points], "-", color=color, label=label)
        if label in marks:
            ax.plot(*marks[label], "o", color=color)
    ax.axvline(0.10, color="#999", lw=0.8, ls="--")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("false abstention (answerable turns refused)")
    ax.set_ylabel("abstention on unanswerable turns")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, loc="lower right")
    return _png(fig)


def latency(title: str, samples: dict[str, tuple[list[float], list[float]]]) -> bytes:
    """Two panels: a histogram of the whole answer's latency, and the CDF of the time to the first
    words, one series per data file: ``{label: (latencies, ttfts)}``."""
    plt = _pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
    top = max((max(lat + ttft, default=0.0) for lat, ttft in samples.values()), default=1.0) or 1.0
    bins = np.linspace(0, top, 30)
    for i, (label, (lat, ttft)) in enumerate(samples.items()):
        color = _COLORS[i % len(_COLORS)]
        left.hist(lat, bins=bins, alpha=0.6, label=label, color=color)
        xs = np.sort(ttft)
        right.step(xs, np.arange(1, len(xs) + 1) / max(1, len(xs)), where="post", label=label, color=color)
    left.set_xlabel("seconds to the whole answer")
    left.set_ylabel("turns")
    right.set_xlabel("seconds to the first words")
    right.set_ylabel("share of turns")
    right.set_ylim(0, 1.02)
    for ax in (left, right):
        ax.legend(fontsize=7)
    fig.suptitle(title, fontsize=10)
    return _png(fig)


def rates(rows: list[dict], key) -> dict[str, tuple[float, int]]:
    """Share correct per group (``key(row)``; None leaves a row out), over turns with a known gold."""
    tally: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        group = key(row)
        if group is not None and row["score"].get("correct") is not None:
            tally[group].append(row["score"]["correct"])
    return {g: (float(np.mean(v)), len(v)) for g, v in tally.items()}
