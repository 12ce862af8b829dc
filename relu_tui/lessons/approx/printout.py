"""`relu-tui --print approx [--target EXPR] [--units N] [any Approximation setting]
[--export FILE.py]`: the fit and its error against N; with --export, the seed-003 pair
trained and written as a PyTorch script (settings as the screen's: `lessons/approx/lesson.py`)."""

from __future__ import annotations

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.lessons.approx.figures import fit_figure
from relu_tui.lessons.approx.settings import state_from
from relu_tui.lessons.approx.state import FitState, fit_target
from relu_tui.lessons.approx.training import notebook_networks
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.nn.export import notebook_script, write_script
from relu_tui.nn.kinks import kinks
from relu_tui.nn.network import Network
from relu_tui.plotting.render import plot_text


def render(args: LaunchOptions) -> str:
    """The fit of --target (a preset name, or an expression with optional `on [lo, hi]`)
    with --units shifted ReLUs, then a table of RMSE and max error against N.

    Raises:
        InputError: an unusable target expression or interval.
    """
    setup = state_from(args.settings)
    state = setup.fit
    fit = state.fit
    c, m = fit.c_m
    target = state.target
    lines = [
        f"Approximation: f(x) = {target.text} on [{fmt(target.lo)}, {fmt(target.hi)}]",
        f"f ≈ c + m·x + Σ wᵢ·ReLU(x − hᵢ) with N = {fit.units} units, {fit.placement} knots, "
        f"least squares on {target.x.size} points",
        f"c = {fmt(c)}   m = {fmt(m)}   RMSE = {fmt(fit.rmse)}   max error = {fmt(fit.max_error)}",
        f"kinks: {fit.pieces_text()} on [{fmt(target.lo)}, {fmt(target.hi)}]; "
        + fit.kinks.extrapolation(),
        "",
        plot_text(
            fit_figure(fit),
            args.width or 100,
            args.height or 20,
            ascii_only=args.ascii,
            color=args.color,
        ),
        "",
        _table(state, ascii_only=args.ascii),
    ]
    if args.export:
        lines += ["", export_pair(args.export, setup.train.config.seed, replace=args.force)]
    return "\n".join(lines)


EXPORT_EPOCHS = 10_000
"""`--export` trains the notebook's pair this long (the notebook's 100,000 take about a
minute here; 10,000 already bend the ReLU net along the curve)."""


def export_pair(path: str, seed: int | None, *, replace: bool = False) -> str:
    """Train the seed-003 pair and write them as one PyTorch script; what was written.

    Raises:
        InputError: the script could not be written there.
    """
    epochs = EXPORT_EPOCHS
    pair = notebook_networks(epochs, 42 if seed is None else seed)
    written = write_script(path, notebook_script(pair), replace=replace)
    return (
        f"Wrote {written}:\n"
        "the notebook's 1-8-8-1 networks without ReLU (model_linear) and with ReLU\n"
        f"(model_relu) after {epochs:,} epochs of Adam lr 0.1 on x = 1..99, y = x^2.\n"
        f"Run it with: python {written}\n" + extrapolation_text(pair[1])
    )


def extrapolation_text(net: Network) -> str:
    """The trained ReLU net's kinks on the data, its straight line beyond the last one, and
    the net's own outputs at 100, 150 and 200 beside the line's and x^2."""
    found = kinks(net, 1.0, 99.0)
    slope, intercept = found.tail
    x = np.array([100.0, 150.0, 200.0])
    rows = "\n".join(
        f"  x = {fmt(v)}: the net gives {fmt(n, 2)}, the line {fmt(slope * v + intercept, 2)}, "
        f"x^2 is {fmt(v * v)}"
        for v, n in zip(x, net.predict(x), strict=True)
    )
    return f"model_relu: {found.summary()};\n{found.extrapolation()}\n{rows}"


def _table(state: FitState, *, ascii_only: bool) -> str:
    """RMSE and max error against N (the sweep's N plus the chosen one)."""
    sweep = state.sweep
    rows = {
        int(n): (float(r), float(m))
        for n, r, m in zip(sweep.units, sweep.rmse, sweep.max_error, strict=True)
    }
    if state.units not in rows:
        fit = fit_target(state.target, state.units, state.placement)
        rows[state.units] = (fit.rmse, fit.max_error)
    mark = "<" if ascii_only else "◂"
    out = [f"{'N':>5}  {'RMSE':>10}  {'max error':>10}"]
    for n in sorted(rows):
        rmse, worst = rows[n]
        chosen = f" {mark} N = {n}" if n == state.units else ""
        out.append(f"{n:>5}  {_sig(rmse):>10}  {_sig(worst):>10}{chosen}")
    return "\n".join(out)


def _sig(value: float) -> str:
    """Three significant digits, through the one formatter."""
    return fmt(float(f"{value:.3g}"), 12)
