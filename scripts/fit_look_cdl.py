"""Fit each colour look's ASC CDL (`tools.looks.CDL`) to what its ffmpeg chain does, and print them.

An editor cannot run our filter chains, but it can apply a CDL (slope, offset, power per channel,
then saturation): this finds the CDL closest to each look on a grid of 4096 colours, by least squares
(scipy, installed with scikit-learn), so the values in `tools.looks.TABLE` can be refreshed after a look
changes. tests/tools/test_looks.py checks that the table's CDLs stay close to the looks.

Run: `python scripts/fit_look_cdl.py`.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares

from tools.looks import CDL, TABLE, apply_look


def colour_grid(steps: int = 16) -> np.ndarray:
    """Every combination of `steps` levels per channel, each colour a 4x4 block (4:2:0 keeps it whole)."""
    axis = np.linspace(0, 255, steps).round().astype(np.uint8)
    colours = np.stack(np.meshgrid(axis, axis, axis, indexing="ij"), -1).reshape(64, -1, 3)
    return np.kron(colours, np.ones((4, 4, 1), np.uint8))


def block_colours(picture: np.ndarray) -> np.ndarray:
    return picture[1::4, 1::4].reshape(-1, 3) / 255


def fit(name: str, grid: np.ndarray) -> tuple[CDL, float]:
    source, target = block_colours(apply_look(grid, "natural")), block_colours(apply_look(grid, name))
    grey = name == "bw"  # without colour, per-channel values are arbitrary: fit one for all three

    def cdl(p) -> CDL:
        if grey:
            return CDL((p[0],) * 3, (p[1],) * 3, (p[2],) * 3, 0.0)
        return CDL(tuple(p[0:3]), tuple(p[3:6]), tuple(p[6:9]), p[9])

    start = np.array([1, 0, 1.0]) if grey else np.array([1, 1, 1, 0, 0, 0, 1, 1, 1, 1.0])
    best = least_squares(lambda p: (cdl(p).apply(source) - target).ravel(), start).x
    found = cdl([round(float(v), 3) + 0.0 for v in best])  # + 0.0: no "-0.0"
    return found, float(np.abs(found.apply(source) - target).mean() * 255)


def main() -> None:
    grid = colour_grid()
    for name, look in TABLE.items():
        if look.chain:
            found, error = fit(name, grid)
            print(f"{name}: cdl=CDL({found.slope}, {found.offset}, {found.power}, {found.saturation})"
                  f"  # mean error {error:.1f} of 255")


if __name__ == "__main__":
    main()
