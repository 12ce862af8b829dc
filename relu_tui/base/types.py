"""Shared type aliases for the core."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.floating]
"""An array of float32 or float64 values; functions keep the dtype they are given."""
