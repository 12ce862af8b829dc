"""Activation + gradient on 10^6 float64 values vs plain NumPy np.maximum(x, 0).

Each candidate computes `act(x)` and `act.grad(x)`; the baseline computes only
`np.maximum(x, 0)`. Timings are interleaved (baseline, candidate, baseline, ...) so both see
the same machine state, and each is the median of many runs. Ratios are printed in whole
percent of the baseline. The goal (issue 2) is ReLU <= 300%. If PyTorch is installed,
torch.relu forward + backward on the same values is shown for information.

    python benchmarks/bench_activations.py [--size 1000000] [--runs 41] [--all]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np

from relu_tui.nn.activations import ACTIVATIONS

GOAL_PERCENT = 300


def _median_pair(
    base: Callable[[], object], candidate: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Medians of interleaved runs of base and candidate, in seconds."""
    base_t, cand_t = [], []
    for _ in range(3):  # warm-up: page in the arrays, load code paths
        base()
        candidate()
    for _ in range(runs):
        start = time.perf_counter()
        base()
        base_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        candidate()
        cand_t.append(time.perf_counter() - start)
    return statistics.median(base_t), statistics.median(cand_t)


def _torch_relu(x: np.ndarray) -> Callable[[], object] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    t = torch.from_numpy(x.copy())

    def run() -> object:
        leaf = t.detach().requires_grad_(True)
        y = torch.relu(leaf)
        (g,) = torch.autograd.grad(y, leaf, torch.ones_like(y))
        return y, g

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=41)
    parser.add_argument("--all", action="store_true", help="every registry activation")
    options = parser.parse_args()

    x = np.random.default_rng(0).normal(0.0, 3.0, options.size)
    names = (
        list(ACTIVATIONS)
        if options.all
        else ["relu", "leaky_relu", "elu", "gelu", "silu", "sigmoid", "tanh", "softplus"]
    )

    def baseline() -> object:
        return np.maximum(x, 0)

    print(f"activation + gradient on {options.size:,} float64 values vs np.maximum(x, 0)")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cpus, Python "
        f"{platform.python_version()}, NumPy {np.__version__}; median of {options.runs}, "
        "interleaved"
    )
    for name in names:
        act = ACTIVATIONS[name]

        def candidate(act=act) -> object:  # type: ignore[no-untyped-def]
            return act(x), act.grad(x)

        base, took = _median_pair(baseline, candidate, options.runs)
        goal = f"  (goal <= {GOAL_PERCENT}%)" if name == "relu" else ""
        print(
            f"  {name:<12} {round(took * 1e3, 1):>7} ms vs {round(base * 1e3, 1):>5} ms"
            f" = {round(100 * took / base):>5}% of np.maximum{goal}"
        )
    torch_run = _torch_relu(x)
    if torch_run is not None:
        base, took = _median_pair(baseline, torch_run, options.runs)
        print(
            f"  {'torch relu':<12} {round(took * 1e3, 1):>7} ms vs {round(base * 1e3, 1):>5} ms"
            f" = {round(100 * took / base):>5}% of np.maximum (forward + backward, 1 thread)"
        )


if __name__ == "__main__":
    main()
