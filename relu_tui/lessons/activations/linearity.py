"""Is it linear? Homogeneity and additivity checks, the affine layer, and "Why ReLU" numbers.

A function f is linear when f(c*a) = c*f(a) (homogeneity) and f(a + b) = f(a) + f(b)
(additivity). The identity passes both; ReLU fails both (notebook 003: "ReLU is not a
linear function by the definition of Linear functions"). A layer W x + b with a bias is
affine, not linear: L(2x) != 2 L(x).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from relu_tui.base.fmt import fmt
from relu_tui.base.types import FloatArray
from relu_tui.nn.activations import ACTIVATIONS, Activation

Fn = Callable[[FloatArray], FloatArray]

_RTOL = 1e-12
_ATOL = 1e-12


def _same(lhs: FloatArray, rhs: FloatArray) -> npt.NDArray[np.bool_]:
    """Equal up to float rounding (inf equals inf of the same sign)."""
    return np.isclose(lhs, rhs, rtol=_RTOL, atol=_ATOL)


@dataclass(frozen=True)
class Counterexample:
    """One case where a law fails, with the numbers on both sides."""

    lhs_text: str
    """e.g. 'f(2 * -3)' or 'f(5 + -3)'."""
    rhs_text: str
    """e.g. '2 * f(-3)' or 'f(5) + f(-3)'."""
    lhs: float
    rhs: float

    @property
    def text(self) -> str:
        """'f(-2 * 5) = 0 but -2 * f(5) = -10'."""
        return f"{self.lhs_text} = {fmt(self.lhs)} but {self.rhs_text} = {fmt(self.rhs)}"


@dataclass(frozen=True)
class LawCheck:
    """The outcome of checking one law on a list of inputs."""

    law: str
    """'homogeneity (c = 2)' or 'additivity'."""
    statement: str
    """The identity checked, e.g. 'f(2a) = 2 f(a)'."""
    cases: int
    """How many (a) or (a, b) cases were checked."""
    counterexample: Counterexample | None
    """The first failing case in input order, or None when the law held on every case."""

    @property
    def holds(self) -> bool:
        """True when no case failed."""
        return self.counterexample is None

    @property
    def text(self) -> str:
        """One line: 'f(2a) = 2 f(a): holds on all 5 inputs' or the counterexample."""
        if self.counterexample is None:
            noun = "inputs" if "additivity" not in self.law else "pairs"
            return f"{self.statement}: holds on all {self.cases} {noun}"
        return f"{self.statement}: FAILS, {self.counterexample.text}"


def _coef(c: float) -> str:
    return fmt(c)


def homogeneity(f: Fn, inputs: Sequence[float], c: float) -> LawCheck:
    """Check f(c*a) = c*f(a) for every a in inputs.

    Args:
        f: a function of a float64 array (elementwise).
        inputs: the values a.
        c: the scale factor.

    Returns:
        The check, with the first failing a (in input order) as counterexample.
    """
    a = np.asarray(inputs, dtype=np.float64)
    with np.errstate(over="ignore"):  # c * 1e308 is inf on both sides alike
        lhs = f(c * a)
        rhs = c * f(a)
    ok = _same(lhs, rhs)
    counter = None
    if not ok.all():
        i = int(np.argmin(ok))
        counter = Counterexample(
            f"f({_coef(c)} * {fmt(a[i])})",
            f"{_coef(c)} * f({fmt(a[i])})",
            float(lhs[i]),
            float(rhs[i]),
        )
    return LawCheck(
        f"homogeneity (c = {_coef(c)})", f"f({_coef(c)}a) = {_coef(c)} f(a)", int(a.size), counter
    )


def additivity(f: Fn, inputs: Sequence[float]) -> LawCheck:
    """Check f(a + b) = f(a) + f(b) for every pair a, b of distinct positions in inputs.

    Pairs are taken in reading order (a before b), so the first counterexample is the
    first pair a person would try going down the table.
    """
    x = np.asarray(inputs, dtype=np.float64)
    i, j = np.triu_indices(x.size, k=1)
    a, b = x[i], x[j]
    with np.errstate(over="ignore", invalid="ignore"):
        lhs = f(a + b)
        rhs = f(a) + f(b)
    ok = _same(lhs, rhs)
    counter = None
    if a.size and not ok.all():
        k = int(np.argmin(ok))
        counter = Counterexample(
            f"f({fmt(a[k])} + {fmt(b[k])})",
            f"f({fmt(a[k])}) + f({fmt(b[k])})",
            float(lhs[k]),
            float(rhs[k]),
        )
    return LawCheck("additivity", "f(a + b) = f(a) + f(b)", int(a.size), counter)


@dataclass(frozen=True)
class LinearityReport:
    """Homogeneity for c = 2 and c = -2, and additivity, for one activation."""

    name: str
    """Display name of the activation."""
    checks: tuple[LawCheck, ...]

    @property
    def linear(self) -> bool:
        """True when every law held on the inputs."""
        return all(check.holds for check in self.checks)

    @property
    def verdict(self) -> str:
        """One line a person reads first."""
        if self.linear:
            return f"{self.name} passed every check on these inputs: it behaves linearly."
        failed = sum(not check.holds for check in self.checks)
        return f"{self.name} is not linear: {failed} of {len(self.checks)} checks fail."


def check_activation(
    activation: Activation,
    inputs: Sequence[float],
    scales: Sequence[float] = (2.0, -2.0),
    **kwargs: object,
) -> LinearityReport:
    """Check homogeneity (each c in scales) and additivity of an activation on inputs.

    Args:
        activation: an entry of ACTIVATIONS.
        inputs: the table's inputs.
        scales: the factors c for homogeneity (the issue's c = 2 and c = -2).
        **kwargs: the activation's keyword parameters.
    """

    def f(x: FloatArray) -> FloatArray:
        return activation(x, **kwargs)

    checks = tuple(homogeneity(f, inputs, c) for c in scales) + (additivity(f, inputs),)
    return LinearityReport(activation.display, checks)


# ------------------------------------------------------------------ the affine layer

SEED_LAYER_WEIGHT = np.array(
    [[0.51204, -0.44656], [0.29422, -0.14067], [0.22813, -0.07609], [-0.55813, 0.61168]]
)
"""nn.Linear(2, 4) from notebook 003. It printed 4 decimals (0.5120, -0.4466, ...); these
5-decimal values round to them and reproduce every output it printed, to 4 decimals."""
SEED_LAYER_BIAS = np.array([-0.36782, -0.39322, 0.43984, 0.26148])
"""The layer's bias (printed as -0.3678, -0.3932, 0.4398, 0.2615)."""
SEED_LAYER_INPUT = np.array([1.0, 2.0])
"""The notebook's input, torch.arange(1, 3)."""


@dataclass(frozen=True, eq=False)
class AffineDemo:
    """A layer L(x) = W x + b evaluated to show it is affine, not linear.

    All arrays are float64 of shape (out_features,), except weight (out, in) and x (in,).
    """

    weight: FloatArray
    bias: FloatArray
    x: FloatArray
    c: float
    out: FloatArray
    """L(x)."""
    out_cx: FloatArray
    """L(c x)."""
    c_out: FloatArray
    """c L(x)."""
    nobias_cx: FloatArray
    """W (c x): the same layer without its bias."""
    nobias_c_out: FloatArray
    """c W x."""

    @property
    def affine_fails_homogeneity(self) -> bool:
        """True when L(c x) != c L(x) for some output (any non-zero bias and c != 1)."""
        return not bool(_same(self.out_cx, self.c_out).all())

    @property
    def linear_without_bias(self) -> bool:
        """True when W (c x) = c W x for every output (always, up to rounding)."""
        return bool(_same(self.nobias_cx, self.nobias_c_out).all())

    @property
    def gap(self) -> FloatArray:
        """L(c x) - c L(x) = (1 - c) b: exactly the bias's doing."""
        return self.out_cx - self.c_out


def affine_demo(
    c: float = 2.0,
    weight: FloatArray = SEED_LAYER_WEIGHT,
    bias: FloatArray = SEED_LAYER_BIAS,
    x: FloatArray = SEED_LAYER_INPUT,
) -> AffineDemo:
    """Evaluate L(x), L(c x) and c L(x), with and without bias (notebook 003's example)."""
    weight = np.asarray(weight, dtype=np.float64)
    bias = np.asarray(bias, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    out = weight @ x + bias
    return AffineDemo(
        weight=weight,
        bias=bias,
        x=x,
        c=float(c),
        out=out,
        out_cx=weight @ (c * x) + bias,
        c_out=c * out,
        nobias_cx=weight @ (c * x),
        nobias_c_out=c * (weight @ x),
    )


@dataclass(frozen=True, eq=False)
class ReluAfterLayer:
    """Notebook 003's ReLU checks on the layer's outputs o = L(x).

    relu(-2 o) vs -2 relu(o), and relu(o + min(o)) vs relu(o) + relu(min(o)).
    """

    o: FloatArray
    relu_scaled: FloatArray
    scaled_relu: FloatArray
    relu_sum: FloatArray
    sum_relu: FloatArray


def relu_after_layer(demo: AffineDemo | None = None) -> ReluAfterLayer:
    """The notebook's two ReLU counterexamples, computed on the demo layer's output."""
    o = (demo or affine_demo()).out
    relu = ACTIVATIONS["relu"]
    m = float(o.min())
    return ReluAfterLayer(
        o=o,
        relu_scaled=relu(-2.0 * o),
        scaled_relu=-2.0 * relu(o),
        relu_sum=relu(o + m),
        sum_relu=relu(o) + relu(np.array(m)),
    )


def _vector(values: FloatArray) -> str:
    return "[" + ", ".join(fmt(float(v)) for v in values) + "]"


def notebook_layer_lines() -> tuple[str, ...]:
    """Notebook 003's layer and ReLU checks as lines of text (the screen and `--print`).

    The first line is a heading; the layer's bias is why L(2x) != 2 L(x), and ReLU on its
    output fails both homogeneity (c = -2) and additivity. No line is over 44 characters,
    so the block fits beside the checks on an 80-column screen.
    """
    demo = affine_demo()
    after = relu_after_layer(demo)
    m = fmt(float(demo.out.min()))
    return (
        "A layer with bias is affine, not linear",
        "nn.Linear(2, 4) of the notebook, x = [1, 2]",
        f"L(x)   = {_vector(demo.out)}",
        f"L(2x)  = {_vector(demo.out_cx)}",
        f"2 L(x) = {_vector(demo.c_out)}",
        "L(2x) - 2 L(x) = -b",
        f"       = {_vector(demo.gap)}",
        "without b, W(2x) = 2 Wx " + ("holds" if demo.linear_without_bias else "fails"),
        "ReLU on that layer's output o = L(x):",
        f"ReLU(-2 o)  = {_vector(after.relu_scaled)}",
        f"-2 ReLU(o)  = {_vector(after.scaled_relu)}",
        f"ReLU(o + m) = {_vector(after.relu_sum)}",
        f"ReLU(o) + ReLU(m) = {_vector(after.sum_relu)}",
        f"  where m = min o = {m}",
    )
