"""The MLP core in one import: the model, its training and the dead-unit test.

The parts live along their seams: `nn/model.py` (architecture, parameters, forward pass,
initialisers), `nn/kernels.py` (the buffered forward and backward passes),
`nn/backprop.py` (the same backward pass as readable chain-rule steps) and
`nn/training.py` (optimisers, the resumable `Trainer`, its reports).
"""

from __future__ import annotations

from relu_tui.nn.model import (
    INITS,
    LOSSES,
    MAX_DEPTH,
    MAX_WIDTH,
    Architecture,
    InitName,
    LossName,
    Network,
    init_network,
)
from relu_tui.nn.training import (
    OPTIMIZERS,
    Optimizer,
    OptimizerName,
    Trainer,
    TrainReport,
    dead_mask,
    dead_units,
    evaluate,
    train,
)

__all__ = [
    "INITS",
    "LOSSES",
    "MAX_DEPTH",
    "MAX_WIDTH",
    "OPTIMIZERS",
    "Architecture",
    "InitName",
    "LossName",
    "Network",
    "Optimizer",
    "OptimizerName",
    "TrainReport",
    "Trainer",
    "dead_mask",
    "dead_units",
    "evaluate",
    "init_network",
    "train",
]
