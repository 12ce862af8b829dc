"""How the sample count reads on the Train view's output map: for each 2-D class dataset
and sample count, the share of samples hidden under another sample's cell, the share of
occupied cells holding both classes, and the share of the map covered by sample letters
(the shading shows only in the cells left over).

The map sizes are the Train view's at 80x24 (42x16 cells) and 120x40 (81x16), the data the
default noise 0.05, five data seeds each. Not a timing: a measurement that chose the default
sample count (500, the browser playground's).

    python benchmarks/bench_map_density.py [--counts 200,300,500,800] [--seeds 5]
"""

from __future__ import annotations

import argparse

import numpy as np

from relu_tui.nn.datasets import PLAYGROUND_SQUARE, make_dataset

MAPS = ((42, 16, "80x24"), (81, 16, "120x40"))
CLASS_SETS = ("spirals", "circles", "xor", "blobs")


def density(name: str, n: int, width: int, height: int, seeds: int) -> tuple[float, ...]:
    """(hidden, mixed, covered) shares, averaged over data seeds 0..seeds-1."""
    (x_lo, x_hi), (y_lo, y_hi) = PLAYGROUND_SQUARE
    out = np.zeros(3)
    for seed in range(seeds):
        data = make_dataset(name, np.random.default_rng(seed), n=n, noise=0.05)
        col = np.clip(((data.x[:, 0] - x_lo) / (x_hi - x_lo) * width).astype(int), 0, width - 1)
        row = np.clip(((y_hi - data.x[:, 1]) / (y_hi - y_lo) * height).astype(int), 0, height - 1)
        cell = row * width + col
        occupied = np.unique(cell)
        both = np.intersect1d(np.unique(cell[data.y == 0]), np.unique(cell[data.y == 1]))
        out += (
            1 - occupied.size / cell.size,
            both.size / occupied.size,
            occupied.size / (width * height),
        )
    return tuple(out / seeds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="200,300,500,800")
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    for width, height, terminal in MAPS:
        print(f"{terminal}: map {width}x{height} cells  (hidden / both classes / covered)")
        for n in counts:
            parts = []
            for name in CLASS_SETS:
                hidden, mixed, covered = density(name, n, width, height, args.seeds)
                parts.append(f"{name} {hidden:.0%}/{mixed:.0%}/{covered:.0%}")
            print(f"  n={n:<4} " + "  ".join(parts))


if __name__ == "__main__":
    main()
