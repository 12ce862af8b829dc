"""The activation core: hand-derived values, kinks, identities, gradients, extremes, torch."""

from __future__ import annotations

import inspect
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from relu_tui.nn.activations import ACTIVATIONS, SELU_ALPHA, SELU_SCALE, erf, erfc

A = ACTIVATIONS
NAMES = tuple(A)

TORCH_NAMES = [
    "relu",
    "relu6",
    "leaky_relu",
    "prelu",
    "elu",
    "selu",
    "celu",
    "gelu",
    "silu",
    "mish",
    "sigmoid",
    "hardsigmoid",
    "tanh",
    "hardtanh",
    "hardswish",
    "softplus",
    "softsign",
    "tanhshrink",
    "logsigmoid",
    "softshrink",
    "hardshrink",
    "identity",
]

NON_DEFAULT = {
    "leaky_relu": {"negative_slope": 0.2},
    "prelu": {"weight": 0.6},
    "elu": {"alpha": 2.5},
    "celu": {"alpha": 0.5},
    "gelu": {"approximate": "tanh"},
    "hardtanh": {"min_val": -2.0, "max_val": 0.5},
    "softplus": {"beta": 3.0, "threshold": 5.0},
    "softshrink": {"lambd": 1.5},
    "hardshrink": {"lambd": 1.5},
}
"""One non-default parameter setting per parametrised activation."""

EXTREMES = np.array(
    [
        np.inf,
        -np.inf,
        np.nan,
        1e308,
        -1e308,
        0.0,
        -0.0,
        5e-324,
        -5e-324,
        1e-300,
        -1e-300,
        1e-8,
        -1e-8,
        700.0,
        -700.0,
        750.0,
        -750.0,
        1e20,
        -1e20,
    ]
)


def settings_for(name: str) -> list[dict[str, object]]:
    """Default keywords and the non-default setting (if any)."""
    return [{}] + ([NON_DEFAULT[name]] if name in NON_DEFAULT else [])


# ---------------------------------------------------------------- registry shape


def test_registry_holds_exactly_torch_functional_names() -> None:
    """Every activation the issue lists is present under torch's name, and nothing else."""
    assert sorted(NAMES) == sorted(TORCH_NAMES)
    assert all(A[name].name == name for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_activation_describes_itself_in_ascii(name: str) -> None:
    """Display name, formula, range text and advice exist and are plain ASCII."""
    act = A[name]
    for text in (act.display, act.formula, act.when_to_use, act.output_range().text):
        assert text and text.isascii()


@pytest.mark.parametrize("name", NAMES)
def test_params_match_the_keyword_arguments(name: str) -> None:
    """.params names exactly the keyword-only arguments of the call and of .grad, with
    torch's defaults as values."""
    act = A[name]
    for fn in (act.fn, act.grad_fn):
        kwonly = {
            p.name: p.default
            for p in inspect.signature(fn).parameters.values()
            if p.kind is inspect.Parameter.KEYWORD_ONLY
        }
        assert kwonly == act.defaults
    for param in act.params:
        assert param.low <= param.value <= param.high


def test_choice_param_becomes_its_string() -> None:
    """GELU's `approximate` param maps to 'none'/'tanh' keywords."""
    param = A["gelu"].params[0].nudged(1)
    assert A["gelu"].kwargs((param,)) == {"approximate": "tanh"}
    assert A["gelu"].defaults == {"approximate": "none"}


def test_kwargs_ignores_params_of_other_activations() -> None:
    """A screen may pass all its params; only the activation's own are used."""
    slope = A["leaky_relu"].params[0].with_value(0.3)
    assert A["relu"].kwargs((slope,)) == {}
    assert A["leaky_relu"].kwargs({"negative_slope": slope}) == {"negative_slope": 0.3}


@pytest.mark.parametrize(
    ("name", "kwargs", "text"),
    [
        ("relu", {}, "[0, inf)"),
        ("sigmoid", {}, "(0, 1)"),
        ("tanh", {}, "(-1, 1)"),
        ("elu", {"alpha": 2.0}, "(-2, inf)"),
        ("hardtanh", {"min_val": -2, "max_val": 3}, "[-2, 3]"),
        ("leaky_relu", {}, "(-inf, inf)"),
        ("leaky_relu", {"negative_slope": 0.0}, "[0, inf)"),
        ("identity", {}, "(-inf, inf)"),
        ("logsigmoid", {}, "(-inf, 0)"),
    ],
)
def test_output_range_text(name: str, kwargs: dict[str, float], text: str) -> None:
    """Output ranges follow the parameters."""
    assert A[name].output_range(**kwargs).text == text


@pytest.mark.parametrize("name", NAMES)
def test_outputs_stay_inside_the_stated_range(name: str) -> None:
    """On a wide grid every finite value lies within output_range()."""
    x = np.linspace(-50, 50, 20001)
    y = A[name](x)
    rng = A[name].output_range()
    assert y.min() >= rng.low - 1e-12 and y.max() <= rng.high + 1e-12


# ---------------------------------------------------------------- hand-derived values


def test_relu_on_the_seed_table() -> None:
    """'ReLU Explained': 5, 2, 0, -3, -10 -> 5, 2, 0, 0, 0."""
    np.testing.assert_array_equal(A["relu"](np.array([5.0, 2, 0, -3, -10])), [5, 2, 0, 0, 0])


def test_leaky_relu_on_the_seed_example() -> None:
    """'ReLU Explained': leaky_relu([-2, -1, 0, 1, 2]) = [-0.02, -0.01, 0, 1, 2]."""
    got = A["leaky_relu"](np.array([-2.0, -1, 0, 1, 2]))
    np.testing.assert_allclose(got, [-0.02, -0.01, 0, 1, 2], rtol=1e-15)


def test_sigmoid_on_the_seed_table() -> None:
    """'ReLU Explained': sigma(10) ~ 0.9999, sigma(5) ~ 0.993, sigma(0) = 0.5, ..."""
    got = A["sigmoid"](np.array([10.0, 5, 0, -5, -10]))
    np.testing.assert_allclose(
        got,
        [
            0.9999546021312976,
            0.9933071490757153,
            0.5,
            0.0066928509242848554,
            4.5397868702434395e-05,
        ],
        rtol=1e-14,
    )
    assert [round(v, 3) for v in got[1:4]] == [0.993, 0.5, 0.007]


@pytest.mark.parametrize(
    ("name", "x", "kwargs", "expected"),
    [
        ("relu6", 7.0, {}, 6.0),
        ("relu6", 2.5, {}, 2.5),
        ("prelu", -2.0, {}, -0.5),
        ("elu", -1.0, {}, math.exp(-1) - 1),
        ("elu", -1.0, {"alpha": 2.0}, 2 * (math.exp(-1) - 1)),
        ("selu", 1.0, {}, SELU_SCALE),
        ("selu", -1.0, {}, SELU_SCALE * SELU_ALPHA * (math.exp(-1) - 1)),
        ("celu", -1.0, {"alpha": 2.0}, 2 * (math.exp(-0.5) - 1)),
        ("gelu", 1.0, {}, 0.5 * (1 + math.erf(1 / math.sqrt(2)))),
        ("gelu", -2.0, {}, -2 * 0.5 * math.erfc(2 / math.sqrt(2))),
        (
            "gelu",
            1.0,
            {"approximate": "tanh"},
            0.5 * (1 + math.tanh(math.sqrt(2 / math.pi) * (1 + 0.044715))),
        ),
        ("silu", 1.0, {}, 1 / (1 + math.exp(-1))),
        ("mish", 1.0, {}, math.tanh(math.log1p(math.e))),
        ("hardsigmoid", 0.0, {}, 0.5),
        ("hardsigmoid", 1.5, {}, 0.75),
        ("tanh", 0.5, {}, math.tanh(0.5)),
        ("hardtanh", 3.0, {"min_val": -2.0, "max_val": 2.0}, 2.0),
        ("hardswish", 1.0, {}, 4 / 6),
        ("hardswish", -4.0, {}, 0.0),
        ("softplus", 0.0, {}, math.log(2)),
        ("softplus", 1.0, {"beta": 2.0}, math.log1p(math.exp(2)) / 2),
        ("softplus", 30.0, {}, 30.0),
        ("softsign", 1.0, {}, 0.5),
        ("softsign", -3.0, {}, -0.75),
        ("tanhshrink", 1.0, {}, 1 - math.tanh(1)),
        ("tanhshrink", 1e-3, {}, 1e-9 / 3 - 2e-15 / 15 + 17e-21 / 315),
        ("logsigmoid", 0.0, {}, -math.log(2)),
        ("logsigmoid", -800.0, {}, -800.0),
        ("softshrink", 1.0, {}, 0.5),
        ("softshrink", -1.0, {}, -0.5),
        ("softshrink", 0.3, {}, 0.0),
        ("hardshrink", 0.3, {}, 0.0),
        ("hardshrink", -0.7, {}, -0.7),
        ("identity", -2.5, {}, -2.5),
    ],
)
def test_value_at_a_chosen_point(
    name: str, x: float, kwargs: dict[str, object], expected: float
) -> None:
    """Values worked out by hand from each formula."""
    assert A[name](np.array([x]), **kwargs)[0] == pytest.approx(expected, rel=1e-14, abs=1e-300)


@pytest.mark.parametrize(
    ("name", "x", "kwargs", "expected"),
    [
        ("relu", 0.0, {}, 0.0),
        ("relu", -0.0, {}, 0.0),
        ("relu", 3.0, {}, 1.0),
        ("relu6", 0.0, {}, 0.0),
        ("relu6", 6.0, {}, 0.0),
        ("leaky_relu", 0.0, {}, 0.01),
        ("prelu", 0.0, {"weight": 0.3}, 0.3),
        ("elu", 0.0, {"alpha": 2.0}, 2.0),
        ("selu", 0.0, {}, SELU_SCALE * SELU_ALPHA),
        ("celu", 0.0, {"alpha": 3.0}, 1.0),
        ("gelu", 0.0, {}, 0.5),
        ("silu", 0.0, {}, 0.5),
        ("mish", 0.0, {}, math.tanh(math.log(2))),
        ("sigmoid", 0.0, {}, 0.25),
        ("hardsigmoid", 3.0, {}, 0.0),
        ("hardsigmoid", -3.0, {}, 0.0),
        ("hardsigmoid", 0.0, {}, 1 / 6),
        ("tanh", 0.0, {}, 1.0),
        ("hardtanh", 1.0, {}, 0.0),
        ("hardtanh", -1.0, {}, 0.0),
        ("hardswish", -3.0, {}, 0.0),
        ("hardswish", 3.0, {}, 1.0),
        ("hardswish", 0.0, {}, 0.5),
        ("softplus", 0.0, {}, 0.5),
        ("softplus", 25.0, {}, 1.0),
        ("softsign", 0.0, {}, 1.0),
        ("tanhshrink", 0.0, {}, 0.0),
        ("logsigmoid", 0.0, {}, 0.5),
        ("softshrink", 0.5, {}, 0.0),
        ("softshrink", -0.5, {}, 0.0),
        ("hardshrink", 0.5, {}, 0.0),
        ("hardshrink", 0.6, {}, 1.0),
        ("identity", 0.0, {}, 1.0),
    ],
)
def test_gradient_at_kinks_and_chosen_points(
    name: str, x: float, kwargs: dict[str, object], expected: float
) -> None:
    """Torch's kink conventions: ReLU'(0) = 0, leaky'(0) = slope, ELU'(0) = alpha, ..."""
    assert A[name].grad(np.array([x]), **kwargs)[0] == pytest.approx(expected, rel=1e-14)


# ---------------------------------------------------------------- identities

GRID = np.linspace(-40, 40, 8001)


def test_softplus_gradient_is_sigmoid() -> None:
    """d/dx softplus = sigmoid."""
    x = GRID[GRID <= 20]  # above threshold=20 torch's softplus is linear: gradient exactly 1
    np.testing.assert_allclose(A["softplus"].grad(x), A["sigmoid"](x), rtol=1e-15)


def test_silu_is_x_times_sigmoid() -> None:
    """silu(x) = x * sigmoid(x)."""
    np.testing.assert_allclose(A["silu"](GRID), GRID * A["sigmoid"](GRID), rtol=1e-15)


def test_sigmoid_gradient_is_s_times_one_minus_s() -> None:
    """sigma' = sigma (1 - sigma) (compared where 1 - sigma has no cancellation)."""
    x = np.linspace(-40, 3, 4001)
    s = A["sigmoid"](x)
    np.testing.assert_allclose(A["sigmoid"].grad(x), s * (1 - s), rtol=1e-13)


def test_tanh_is_a_rescaled_sigmoid() -> None:
    """tanh(x) = 2 sigma(2x) - 1."""
    np.testing.assert_allclose(A["tanh"](GRID), 2 * A["sigmoid"](2 * GRID) - 1, atol=1e-15)


def test_logsigmoid_is_log_of_sigmoid() -> None:
    """logsigmoid = log(sigmoid) where sigmoid does not underflow."""
    np.testing.assert_allclose(
        A["logsigmoid"](GRID), np.log(A["sigmoid"](GRID)), rtol=1e-13, atol=1e-15
    )


def test_selu_is_a_scaled_elu() -> None:
    """selu = scale * elu(alpha = 1.6733...)."""
    np.testing.assert_allclose(
        A["selu"](GRID), SELU_SCALE * A["elu"](GRID, alpha=SELU_ALPHA), rtol=1e-15
    )


def test_celu_with_alpha_one_is_elu() -> None:
    """celu(alpha=1) = elu(alpha=1), values and gradients."""
    np.testing.assert_array_equal(A["celu"](GRID), A["elu"](GRID))
    np.testing.assert_array_equal(A["celu"].grad(GRID), A["elu"].grad(GRID))


def test_relu6_is_hardtanh_from_0_to_6() -> None:
    """relu6 = hardtanh(min_val=0, max_val=6)."""
    np.testing.assert_array_equal(A["relu6"](GRID), A["hardtanh"](GRID, min_val=0, max_val=6))


def test_hardswish_is_x_times_hardsigmoid() -> None:
    """hardswish(x) = x * hardsigmoid(x)."""
    np.testing.assert_allclose(A["hardswish"](GRID), GRID * A["hardsigmoid"](GRID), rtol=1e-15)


def test_leaky_relu_with_slope_zero_is_relu_and_prelu_is_leaky() -> None:
    """negative_slope=0 gives ReLU; prelu(weight=w) = leaky_relu(negative_slope=w)."""
    np.testing.assert_array_equal(A["leaky_relu"](GRID, negative_slope=0.0), A["relu"](GRID))
    np.testing.assert_array_equal(
        A["prelu"](GRID, weight=0.3), A["leaky_relu"](GRID, negative_slope=0.3)
    )


def test_relu_splits_x() -> None:
    """relu(x) - relu(-x) = x."""
    np.testing.assert_array_equal(A["relu"](GRID) - A["relu"](-GRID), GRID)


def test_gelu_tanh_form_is_close_to_the_exact_form() -> None:
    """The tanh approximation stays within 5e-4 of x * Phi(x)."""
    gap = np.abs(A["gelu"](GRID, approximate="tanh") - A["gelu"](GRID))
    assert gap.max() < 5e-4


def test_softshrink_is_x_minus_hardtanh() -> None:
    """softshrink(x, l) = x - clip(x, -l, l)."""
    np.testing.assert_allclose(
        A["softshrink"](GRID, lambd=2.0),
        GRID - A["hardtanh"](GRID, min_val=-2, max_val=2),
        atol=1e-15,
    )


# ---------------------------------------------------------------- gradients vs differences

KINKS = {
    "relu": (0.0,),
    "relu6": (0.0, 6.0),
    "leaky_relu": (0.0,),
    "prelu": (0.0,),
    "elu": (0.0,),
    "selu": (0.0,),
    "celu": (0.0,),
    "hardsigmoid": (-3.0, 3.0),
    "hardtanh": (-2.0, -1.0, 0.5, 1.0),
    "hardswish": (-3.0, 3.0),
    "softshrink": (-1.5, -0.5, 0.5, 1.5),
    "hardshrink": (-1.5, -0.5, 0.5, 1.5),
    "softplus": (20.0 / 3.0, 5.0 / 3.0, 20.0),
}
"""Points where an activation (at any setting above) is not differentiable."""


@settings(max_examples=25, deadline=None)
@given(x=arrays(np.float64, st.integers(1, 64), elements=st.floats(-12, 12)))
@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_central_difference(name: str, x: np.ndarray) -> None:
    """The analytic gradient agrees with a central difference away from kinks."""
    h = 1e-6
    kinks = np.array(KINKS.get(name, ()) + (np.inf,))
    x = x[np.min(np.abs(x[:, None] - kinks[None, :]), axis=1) > 1e-4]
    for kwargs in settings_for(name):
        act = A[name]
        numeric = (act(x + h, **kwargs) - act(x - h, **kwargs)) / (2 * h)
        np.testing.assert_allclose(act.grad(x, **kwargs), numeric, rtol=1e-5, atol=1e-7)


# ---------------------------------------------------------------- extremes and dtypes


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_extreme_inputs_give_no_warning_and_no_stray_nan(name: str, dtype: type) -> None:
    """+-1e308, +-inf, nan, -0.0, denormals: no warning, dtype kept, nan only from nan."""
    x = EXTREMES.copy()
    if dtype is np.float32:
        x[3], x[4], x[17], x[18] = 3.4e38, -3.4e38, 1e38, -1e38
        x = x.astype(np.float32)
    act = A[name]
    for kwargs in settings_for(name) + [
        {p.name: p.low for p in act.params if not p.choices},
        {p.name: p.high for p in act.params if not p.choices},
    ]:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with np.errstate(all="raise", under="ignore"):
                value = act(x, **kwargs)
                grad = act.grad(x, **kwargs)
        for out in (value, grad):
            assert out.dtype == dtype
            assert out.shape == x.shape
            np.testing.assert_array_equal(np.isnan(out), np.isnan(x))
        assert np.all(np.isfinite(grad[np.isfinite(grad) | ~np.isnan(x)]))


@pytest.mark.parametrize(
    ("name", "at_minus_inf", "at_plus_inf"),
    [
        ("relu", 0.0, np.inf),
        ("leaky_relu", -np.inf, np.inf),
        ("elu", -1.0, np.inf),
        ("selu", -SELU_SCALE * SELU_ALPHA, np.inf),
        ("gelu", 0.0, np.inf),
        ("silu", 0.0, np.inf),
        ("mish", 0.0, np.inf),
        ("sigmoid", 0.0, 1.0),
        ("hardsigmoid", 0.0, 1.0),
        ("tanh", -1.0, 1.0),
        ("hardswish", 0.0, np.inf),
        ("softplus", 0.0, np.inf),
        ("softsign", -1.0, 1.0),
        ("tanhshrink", -np.inf, np.inf),
        ("logsigmoid", -np.inf, 0.0),
        ("relu6", 0.0, 6.0),
        ("softshrink", -np.inf, np.inf),
    ],
)
def test_infinities_give_the_mathematical_limit(
    name: str, at_minus_inf: float, at_plus_inf: float
) -> None:
    """f(-inf) and f(inf) are the limits, not nan (torch gives nan for gelu/silu/mish(-inf))."""
    got = A[name](np.array([-np.inf, np.inf]))
    np.testing.assert_array_equal(got, [at_minus_inf, at_plus_inf])


def test_huge_finite_inputs_do_not_overflow() -> None:
    """hardswish(1e308) = 1e308 (x * 6 / 6 would overflow); softsign'(1e308) is tiny, not nan."""
    assert A["hardswish"](np.array([1e308]))[0] == 1e308
    assert A["softsign"].grad(np.array([1e308]))[0] == 0.0
    assert A["gelu"](np.array([1e308]))[0] == 1e308


def test_float32_stays_float32_and_ints_become_float64() -> None:
    """dtype in = dtype out; integer lists are computed in float64; shapes are kept."""
    x32 = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
    for name in NAMES:
        assert A[name](x32).dtype == np.float32 and A[name](x32).shape == (3, 4)
        assert A[name].grad(x32).dtype == np.float32
        assert A[name]([1, -2, 3]).dtype == np.float64
        assert A[name](2.0).shape == ()


def test_float32_gelu_is_accurate() -> None:
    """float32 GELU is computed in float64 and rounded once."""
    x32 = np.linspace(-6, 6, 101, dtype=np.float32)
    exact = A["gelu"](x32.astype(np.float64))
    np.testing.assert_allclose(A["gelu"](x32), exact.astype(np.float32), rtol=1e-7, atol=1e-30)


def test_relu_gradient_of_negative_zero_is_plus_zero() -> None:
    """-0.0 is at the kink: gradient 0, not -0."""
    g = A["relu"].grad(np.array([-0.0]))
    assert g[0] == 0 and not np.signbit(g[0])


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("celu", {"alpha": 0.0}),
        ("hardtanh", {"min_val": 1.0, "max_val": 1.0}),
        ("softshrink", {"lambd": -1.0}),
        ("hardshrink", {"lambd": math.nan}),
        ("gelu", {"approximate": "fast"}),
        ("softplus", {"beta": 0.0}),
    ],
)
def test_invalid_parameters_raise_value_error(name: str, kwargs: dict[str, object]) -> None:
    """Parameters torch refuses are refused with a ValueError naming them."""
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        A[name](np.array([1.0]), **kwargs)


def test_unknown_keyword_is_a_type_error() -> None:
    """A misspelt parameter is not silently ignored."""
    with pytest.raises(TypeError):
        A["leaky_relu"](np.array([1.0]), slope=0.2)


# ---------------------------------------------------------------- erf


def test_erf_matches_math_erf() -> None:
    """Relative error <= 1e-9 (in fact ~1e-16) across all three of Cody's intervals."""
    rng = np.random.default_rng(0)
    x = np.concatenate(
        [
            np.linspace(-7, 7, 14001),
            rng.normal(0, 3, 2000),
            [0.46875, -0.46875, 4.0, -4.0, 1e-300, 0.0, -0.0, 30.0, -30.0],
        ]
    )
    ref = np.array([math.erf(v) for v in x])
    got = erf(x)
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=0)
    assert np.max(np.abs(got - ref) / np.maximum(np.abs(ref), 1e-300)) < 1e-14


def test_erfc_is_accurate_in_the_tail() -> None:
    """erfc keeps relative accuracy down to 1e-300, where 1 - erf would be 0."""
    x = np.linspace(-6, 26, 16001)
    ref = np.array([math.erfc(v) for v in x])
    np.testing.assert_allclose(erfc(x), ref, rtol=1e-13)


def test_erf_edge_values() -> None:
    """erf(+-inf) = +-1, erf(nan) = nan, erfc(-inf) = 2, erfc(inf) = 0."""
    got = erf(np.array([np.inf, -np.inf, np.nan]))
    assert got[0] == 1 and got[1] == -1 and np.isnan(got[2])
    np.testing.assert_array_equal(erfc(np.array([-np.inf, np.inf, 40.0])), [2.0, 0.0, 0.0])


# ---------------------------------------------------------------- PyTorch as the oracle


def _torch_call(name: str, x, kwargs: dict[str, object]):  # type: ignore[no-untyped-def]
    torch = pytest.importorskip("torch")
    f = torch.nn.functional
    if name == "prelu":
        return f.prelu(x, torch.tensor([kwargs.get("weight", 0.25)], dtype=x.dtype))
    if name == "identity":
        return x * 1
    if name in ("sigmoid", "tanh"):
        return getattr(torch, name)(x)
    return getattr(f, name)(x, **kwargs)


def _torch_value_and_grad(  # type: ignore[no-untyped-def]
    name: str, x: np.ndarray, kwargs: dict[str, object]
):
    torch = pytest.importorskip("torch")
    t = torch.tensor(x, requires_grad=True)
    y = _torch_call(name, t, kwargs)
    (g,) = torch.autograd.grad(y.sum(), t)
    return y.detach().numpy(), g.numpy()


GRAD_RTOL = {"hardsigmoid": 1e-7}
"""torch's float64 hardsigmoid gradient uses a float32 1/6 (0.16666667163...); ours is 1/6.
(Likewise torch's CELU gradient rounds alpha to float32, so it is compared at alpha = 0.5,
which float32 holds exactly; ours is exp(x / alpha) for any alpha.)"""


@pytest.mark.parametrize("name", NAMES)
def test_matches_torch_on_large_random_inputs(name: str) -> None:
    """float64 values and gradients agree with torch (rel 1e-9) on 2e5 random points.

    Where torch loses a tail to cancellation (its 1 + erf(x/sqrt 2) near x = -8) it is
    within 1e-14 of ours in absolute terms, hence the tiny atol.
    """
    pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = np.concatenate([rng.normal(0, 3, 100_000), rng.uniform(-60, 60, 100_000)])
    for kwargs in settings_for(name):
        want_value, want_grad = _torch_value_and_grad(name, x, kwargs)
        np.testing.assert_allclose(A[name](x, **kwargs), want_value, rtol=1e-9, atol=1e-14)
        np.testing.assert_allclose(
            A[name].grad(x, **kwargs), want_grad, rtol=GRAD_RTOL.get(name, 1e-9), atol=1e-14
        )


def test_matches_torch_on_float32() -> None:
    """float32 values agree with torch's float32 to a few ulps."""
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(2).normal(0, 4, 20_000).astype(np.float32)
    for name in NAMES:
        want = _torch_call(name, torch.tensor(x), {}).numpy()
        np.testing.assert_allclose(A[name](x), want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_matches_torch_on_extreme_inputs(name: str) -> None:
    """On +-1e308, +-inf, nan, -0.0 and denormals, values equal torch's wherever torch
    gives a number; where torch gives nan or overflows for a non-nan input, ours is the
    mathematical limit (checked in test_infinities_give_the_mathematical_limit)."""
    pytest.importorskip("torch")
    x = EXTREMES
    for kwargs in settings_for(name):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want_value, want_grad = _torch_value_and_grad(name, x, kwargs)
        ours, our_grad = A[name](x, **kwargs), A[name].grad(x, **kwargs)
        comparable = np.isfinite(want_value) | np.isnan(x) | (np.isinf(want_value) & np.isinf(x))
        np.testing.assert_allclose(ours[comparable], want_value[comparable], rtol=1e-9, atol=1e-14)
        differ = ~comparable
        assert np.all(np.isinf(x[differ]) | (np.abs(x[differ]) > 1e300)), x[differ]
        finite = np.isfinite(want_grad) & np.isfinite(x)
        np.testing.assert_allclose(
            our_grad[finite], want_grad[finite], rtol=GRAD_RTOL.get(name, 1e-9), atol=1e-14
        )
