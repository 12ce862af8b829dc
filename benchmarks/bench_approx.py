"""Approximation screen timings, each against a baseline run side by side in this script.

1. Mode 1: least-squares fit of sin on [−π, π] with N = 200 shifted ReLUs plus building both
   figures and drawing them at 120×40 panel sizes (goal ≤ 20 ms). Baseline: the same fit done
   the direct way, np.linalg.lstsq on the raw ReLU columns.
2. Mode 2: the notebook's 1→8→8→1 network with ReLU, 100,000 full-batch Adam epochs (lr 0.1)
   on x = 1…99, y = x², against the same network in PyTorch with one thread (goal ≥ 3× faster).
   PyTorch is optional: without it only our own time is printed. Use --epochs to shorten both
   runs (the ratio is per epoch).

    python benchmarks/bench_approx.py [--epochs 100000] [--repeats 50]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np

from relu_tui.lessons.approx.figures import error_figure, fit_figure
from relu_tui.lessons.approx.state import FitState, fit_target
from relu_tui.plotting.render import plot_text

GOAL_FIT_MS = 20
GOAL_SPEEDUP = 3


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return 1000 * statistics.median(samples)


def bench_fit(repeats: int) -> None:
    """N = 200 fit + figures + drawing, vs the direct lstsq fit alone."""
    state = FitState.initial(n=10).with_units(200)
    sweep = state.sweep  # the error sweep is cached per target; N changes reuse it

    # fit_target, not state.fit: the screen keeps recent fits and their figures, and this
    # times an N not seen before (a new Fit, so a new fit figure; the error figure's curves
    # are kept per sweep, only its marker is new).
    def ours() -> None:
        fit = fit_target(state.target, state.units, state.placement)
        plot_text(fit_figure(fit), 86, 22)
        plot_text(error_figure(sweep, fit), 86, 14)

    def ours_fit_only() -> None:
        fit_target(state.target, state.units, state.placement)

    def ours_specs() -> None:
        fit = fit_target(state.target, state.units, state.placement)
        fit_figure(fit)
        error_figure(sweep, fit)

    def direct() -> None:
        x, knots = state.target.x, state.fit.model.knots
        design = np.column_stack([np.ones_like(x), x, np.maximum(x[:, None] - knots[None, :], 0)])
        np.linalg.lstsq(design, state.target.y, rcond=None)

    ours()
    took = _median_ms(ours, repeats)
    fit_only = _median_ms(ours_fit_only, repeats)
    specs = _median_ms(ours_specs, repeats)
    base = _median_ms(direct, repeats)
    print(f"mode 1, sin on [-pi, pi], N = 200, {state.target.x.size} points, median of {repeats}")
    print(f"  fit only (hat basis)         : {fit_only:.2f} ms")
    print(f"  fit + 2 figures built        : {specs:.2f} ms   (goal <= {GOAL_FIT_MS} ms)")
    print(f"  fit + 2 figures built, drawn : {took:.1f} ms   (goal <= {GOAL_FIT_MS} ms)")
    print(
        f"  baseline lstsq on ReLU cols  : {base:.2f} ms   "
        f"= {round(base / fit_only)}x the hat-basis fit"
    )


def bench_training(epochs: int) -> None:
    """100,000 Adam epochs of the notebook's ReLU network: ours vs PyTorch (one thread)."""
    from relu_tui.lessons.approx.training import TrainConfig, train_pair

    config = TrainConfig(seed=42, epochs=epochs)
    start = time.perf_counter()
    for _report in train_pair(config, every=max(1, epochs // 10), both=False):
        pass
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for _report in train_pair(config, every=max(1, epochs // 10), both=True):
        pass
    ours_both = time.perf_counter() - start
    print(f"mode 2, 1-8-8-1 ReLU network, {epochs} full-batch Adam epochs on 99 samples")
    print(f"  relu-tui (NumPy), ReLU net   : {ours:.1f} s  ({round(epochs / ours)} epochs/s)")
    print(
        f"  relu-tui, both nets together : {ours_both:.1f} s  "
        f"({round(epochs / ours_both)} epochs/s)"
    )
    try:
        import torch
    except ImportError:
        print("  PyTorch not installed: no baseline")
        return
    torch.set_num_threads(1)
    torch.manual_seed(42)
    x = torch.arange(1, 100, dtype=torch.float32).reshape(99, 1)
    y = x**2
    model = torch.nn.Sequential(
        torch.nn.Linear(1, 8),
        torch.nn.ReLU(),
        torch.nn.Linear(8, 8),
        torch.nn.ReLU(),
        torch.nn.Linear(8, 1),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
    loss_fn = torch.nn.MSELoss()
    start = time.perf_counter()
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    base = time.perf_counter() - start
    print(
        f"  PyTorch {torch.__version__}, 1 thread   : {base:.1f} s  "
        f"({round(epochs / base)} epochs/s)"
    )
    print(
        f"  speed-up: {round(base / ours)}x for the ReLU net, {round(base / ours_both)}x with "
        f"both nets (goal >= {GOAL_SPEEDUP}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, NumPy {np.__version__}"
    )
    bench_fit(args.repeats)
    if not args.skip_training:
        bench_training(args.epochs)


if __name__ == "__main__":
    main()
