"""The Dosage network's settings: stage, activation, probe, the seven weights and the range."""

from __future__ import annotations

from dataclasses import replace

from relu_tui.base.params import Param, params_by_name
from relu_tui.base.parse import InputError
from relu_tui.lessons.dosage.state import ACTIVATION_NAMES, DosageState, default_params
from relu_tui.lessons.lesson import Setting, Settings, SettingValue, param_value


def setting_list() -> tuple[Setting, ...]:
    """The stage, the activation, the probe, then the panel's weights and dosage range."""
    return (
        Param("stage", "stage", 1, step=1, low=1, high=7, integer=True, help="the stage shown"),
        Param(
            "activation",
            "activation",
            0,
            choices=tuple(ACTIVATION_NAMES),
            help="the nodes' activation (the article's ReLU, or Softplus)",
        ),
        Param(
            "probe",
            "probe",
            0.5,
            step=0.05,
            low=-10.0,
            high=10.0,
            help="the probe's dosage (within the dosage range)",
        ),
        *default_params(),
    )


def state_from(values: Settings) -> DosageState:
    """The screen's state with these settings (defaults for any not given).

    Raises:
        InputError: an empty dosage range, or a probe outside it.
    """
    state = DosageState()
    params = params_by_name(state.params)
    numbers = {name: value for name, value in values.items() if name in params}
    for name in sorted(numbers, key=lambda n: n != "x_max"):  # widen before narrowing
        try:
            state = state.with_param(name, float(numbers[name]))
        except ValueError as error:
            raise InputError(str(error)) from None
    low, high = state.x_range
    if not low < high:
        raise InputError("the dosage range needs x from < x to")
    activation = str(values.get("activation", state.activation))
    if activation not in ACTIVATION_NAMES:
        raise InputError(f"activation must be one of {', '.join(ACTIVATION_NAMES)}")
    stage = int(values.get("stage", state.stage))
    if not 1 <= stage <= 7:
        raise InputError("stage must be 1-7")
    probe = float(values.get("probe", state.probe))
    if not low <= probe <= high:
        raise InputError(f"probe must be within the dosage range {low:g}-{high:g}")
    return replace(state, stage=stage, activation=activation, probe=probe)


def values_of(state: DosageState) -> dict[str, SettingValue]:
    """Every setting of the state."""
    return {
        "stage": int(state.stage),
        "activation": state.activation,
        "probe": float(state.probe),
        **{param.name: param_value(param) for param in state.params},
    }
