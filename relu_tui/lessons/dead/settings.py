"""The Dead neurons simulator's settings: every control as a core `Param`, and the run they make.

`DeadSettings` is what the screen's panel reads its ranges, defaults and steps from; the
lesson's description (`lessons/dead/lesson.py`) hands `setting_list`, `settings_from` and
`values_of` to the command line, copy-command, exercises and `--print dead`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.base.params import Param, params_by_name, replace_param
from relu_tui.base.parse import InputError
from relu_tui.base.text import printable
from relu_tui.lessons.lesson import Setting, Settings, SettingValue, TextSetting, param_value
from relu_tui.nn.activations import ACTIVATIONS
from relu_tui.nn.csvdata import load_csv
from relu_tui.nn.datasets import DATASETS, Dataset, make_dataset
from relu_tui.nn.features import DEFAULT_FEATURES, feature_text, parse_features
from relu_tui.nn.network import (
    INITS,
    MAX_DEPTH,
    MAX_WIDTH,
    OPTIMIZERS,
    Architecture,
    Network,
    Optimizer,
    Trainer,
    init_network,
)
from relu_tui.nn.regularize import STRENGTH_FLOOR, Penalty
from relu_tui.nn.split import MAX_TEST_FRACTION, Split, split_dataset

ACTIVATION_NAMES = tuple(ACTIVATIONS)
OPTIMIZER_NAMES = tuple(OPTIMIZERS)
INIT_NAMES = tuple(INITS)
DATASET_NAMES = tuple(DATASETS)
BIAS_CHOICES = ("zero", "0.01", "0.1", "-0.5", "-1", "init's rule")
"""Bias initialisers: a constant, or the weight initialiser's own rule (torch: uniform)."""

DATA_SEED = 0
"""The data seed's default: the dataset and its split are drawn with the data seed control,
apart from the seed control (initialisation and shuffles)."""
DATA_SIZE = 500
"""The sample count's default: TensorFlow Playground's for its classes (its 2-D regression
sets draw 1200)."""
MAX_SAMPLES = 2000
REFERENCE_LR = 1e-3

_LR_STEP = 0.5  # a nudge multiplies lr by sqrt(10): ... 1e-3, 3.16e-3, 0.01, 0.0316, 0.1 ...


def _dataset_param() -> Param:
    return Param(
        "dataset",
        "dataset",
        DATASET_NAMES.index("spirals"),
        choices=DATASET_NAMES,
        help="x², sin x, plane, gauss (regression), 2-D classes, or a file (o)",
    )


def _default_params() -> tuple[Param, ...]:
    return (
        Param(
            "activation",
            "activation",
            ACTIVATION_NAMES.index("relu"),
            choices=ACTIVATION_NAMES,
            help="hidden-layer activation (torch name)",
        ),
        Param(
            "lr",
            "learn rate",
            10**-1.5,
            step=_LR_STEP,
            low=1e-4,
            high=10.0,
            scale="log",
            help="step size; large rates push units dead (at 0.1 most die on the spirals)",
        ),
        Param(
            "optimizer",
            "optimizer",
            OPTIMIZER_NAMES.index("adam"),
            choices=OPTIMIZER_NAMES,
            help="sgd, sgd with momentum 0.9, or adam (torch's defaults)",
        ),
        Param(
            "init",
            "init",
            INIT_NAMES.index("he_normal"),
            choices=INIT_NAMES,
            help="weight initialisation; He suits ReLU",
        ),
        Param(
            "bias",
            "bias init",
            0,
            choices=BIAS_CHOICES,
            flag="bias-init",
            help="starting biases: a constant (-1 starts units off), or the init's rule",
        ),
        Param("depth", "depth", 3, step=1, low=1, high=8, integer=True, help="hidden layers (1-8)"),
        Param(
            "width",
            "width",
            16,
            step=4,
            low=1,
            high=256,
            integer=True,
            help="units per hidden layer (1-256, w: one per layer); fine steps move by 1",
        ),
        _dataset_param(),
        Param(
            "noise",
            "noise",
            0.05,
            step=0.05,
            low=0.0,
            high=0.5,
            help="noise, 0-0.5 (the playground's 0-50%); the data is redrawn from its seed",
        ),
        Param(
            "test_fraction",
            "test share",
            0.3,
            step=0.1,
            low=0.0,
            high=MAX_TEST_FRACTION,
            help="share of the samples held out (0-0.9): the test loss shows over-fitting",
        ),
        Param(
            "l2",
            "L2",
            0.0,
            step=_LR_STEP,
            low=0.0,
            high=1.0,
            scale="log",
            floor=STRENGTH_FLOOR,
            help="L2 penalty lambda/2*sum(w^2) (torch's weight_decay); 0 is off",
        ),
        Param(
            "l1",
            "L1",
            0.0,
            step=_LR_STEP,
            low=0.0,
            high=1.0,
            scale="log",
            floor=STRENGTH_FLOOR,
            help="L1 penalty lambda*sum|w|; 0 is off",
        ),
        Param(
            "batch",
            "batch size",
            32,
            step=8,
            low=1,
            high=MAX_SAMPLES,
            integer=True,
            flag="batch-size",
            help="samples per update; the training set's size or more: the full batch",
        ),
        Param(
            "epochs",
            "epochs",
            500,
            step=100,
            low=1,
            high=100_000,
            integer=True,
            help="how long a run (and each experiment run) trains",
        ),
        Param(
            "seed",
            "seed",
            0,
            step=1,
            low=0,
            high=99_999,
            integer=True,
            help="initialisation and shuffling; the same seed gives the same run",
        ),
        Param(
            "data_seed",
            "data seed",
            DATA_SEED,
            step=1,
            low=0,
            high=99_999,
            integer=True,
            help="draws the samples and the held-out split (d: new data)",
        ),
    )


@dataclass(frozen=True)
class DeadSettings:
    """Everything the Dead neurons simulator's controls set; pure transitions.

    `custom` is a dataset loaded from a CSV file: while set, it replaces the dataset control's
    choice (and noise does not apply); choosing a dataset with the control drops it.
    """

    params: tuple[Param, ...] = ()
    custom: Dataset | None = None
    custom_path: str = ""
    """The CSV file `custom` was read from ("" when none, or not from a file)."""
    features: tuple[str, ...] = DEFAULT_FEATURES
    """The input features a 2-D task's network sees (`nn/features.py`); 1-D tasks ignore
    them."""
    widths: tuple[int, ...] = ()
    """One width per hidden layer; () for the depth and width controls' `depth` x `width`."""
    samples: int = DATA_SIZE
    """How many samples a built-in dataset draws."""
    discretize: bool = False
    """The output map shows the output thresholded (two shades), not continuously."""
    show_test: bool = False
    """The output map draws the held-out samples too (off by default, as in the browser
    playground)."""

    def __post_init__(self) -> None:
        if not self.params:
            object.__setattr__(self, "params", _default_params())

    def _value(self, name: str) -> float:
        return params_by_name(self.params)[name].value

    def _choice(self, name: str) -> str:
        return params_by_name(self.params)[name].choice

    @property
    def activation(self) -> str:
        return self._choice("activation")

    @property
    def lr(self) -> float:
        return self._value("lr")

    @property
    def optimizer_name(self) -> str:
        return self._choice("optimizer")

    @property
    def init(self) -> str:
        return self._choice("init")

    @property
    def bias_choice(self) -> str:
        return self._choice("bias")

    @property
    def bias(self) -> float | None:
        """The bias constant, or None for the initialiser's own rule."""
        choice = self.bias_choice
        return None if choice == "init's rule" else (0.0 if choice == "zero" else float(choice))

    @property
    def depth(self) -> int:
        return int(self._value("depth"))

    @property
    def width(self) -> int:
        return int(self._value("width"))

    @property
    def hidden(self) -> tuple[int, ...]:
        """The hidden layers' widths: the widths setting, else depth x width."""
        return self.widths or (self.width,) * self.depth

    def input_features(self, dataset: Dataset) -> tuple[str, ...]:
        """The features the network computes from `dataset`'s points (() for none: a 1-D
        task, or x1 and x2 as they are)."""
        if dataset.n_in != 2 or self.features == DEFAULT_FEATURES:
            return ()
        return self.features

    def with_features(self, features: tuple[str, ...]) -> DeadSettings:
        """These settings with other input features (a fresh network)."""
        return replace(self, features=parse_features(features))

    def with_toggled(self, name: str) -> DeadSettings:
        """These settings with a map option ("discretize" or "show_test") switched; the
        run is unchanged (they only change what the map draws)."""
        if name == DISCRETIZE.name:
            return replace(self, discretize=not self.discretize)
        if name == SHOW_TEST.name:
            return replace(self, show_test=not self.show_test)
        raise ValueError(f"unknown map option {name!r}")

    @property
    def panel_params(self) -> tuple[Param, ...]:
        """The controls as the panel shows them: with a width per layer, the width row
        shows those widths ("8,8,4"), or "per layer" when they are too long for it."""
        if not self.widths:
            return self.params
        text = ",".join(map(str, self.widths))
        width = params_by_name(self.params)["width"]
        shown = replace(width, shown=text if len(text) <= PANEL_VALUE else "per layer")
        return replace_param(self.params, shown)

    def with_widths(self, widths: tuple[int, ...]) -> DeadSettings:
        """These settings with one width per hidden layer (() for depth x width); the depth
        control shows their count."""
        params = self.params
        if widths:
            depth = params_by_name(params)["depth"].with_value(len(widths))
            params = replace_param(params, depth)
        return replace(self, params=params, widths=tuple(widths))

    @property
    def dataset_name(self) -> str:
        return "csv" if self.custom is not None else self._choice("dataset")

    @property
    def noise(self) -> float:
        return self._value("noise")

    @property
    def test_fraction(self) -> float:
        return self._value("test_fraction")

    @property
    def penalty(self) -> Penalty:
        return Penalty(l1=self._value("l1"), l2=self._value("l2"))

    @property
    def batch_size(self) -> int:
        return int(self._value("batch"))

    @property
    def epochs(self) -> int:
        return int(self._value("epochs"))

    @property
    def seed(self) -> int:
        return int(self._value("seed"))

    @property
    def data_seed(self) -> int:
        return int(self._value("data_seed"))

    def new_data(self) -> DeadSettings:
        """The next data seed: other samples (and split) drawn the same way."""
        param = params_by_name(self.params)["data_seed"]
        value = param.value + 1 if param.value < param.high else param.low
        return self.with_param("data_seed", value)

    @property
    def optimizer(self) -> Optimizer:
        return Optimizer(self.optimizer_name, lr=self.lr)  # type: ignore[arg-type]

    def with_param(self, name: str, value: float) -> DeadSettings:
        """These settings with one control changed (clamped to its range)."""
        param = params_by_name(self.params)[name]
        custom = self.custom
        if name == "dataset" and custom is not None:
            if round(value) == len(DATASET_NAMES):  # still the loaded file
                return self
            custom, param = None, _dataset_param()  # a built-in dataset: the file's entry goes
        return replace(
            self,
            params=replace_param(self.params, param.with_value(value)),
            custom=custom,
            custom_path=self.custom_path if custom is not None else "",
            widths=() if name in ("depth", "width") else self.widths,  # the shortcut's shape
        )

    def with_custom(self, dataset: Dataset, path: str = "") -> DeadSettings:
        """These settings training on a loaded dataset (read from the CSV file `path`): the
        dataset control shows the file as its last choice, until another dataset is chosen."""
        param = replace(
            _dataset_param(),
            choices=(*DATASET_NAMES, dataset.label),
            value=float(len(DATASET_NAMES)),
        )
        return replace(
            self, params=replace_param(self.params, param), custom=dataset, custom_path=path
        )

    def with_values(self, **values: float | str) -> DeadSettings:
        """Several controls at once; choice controls take their name."""
        settings = self
        for name, value in values.items():
            param = params_by_name(settings.params)[name]
            number = float(param.choices.index(value)) if isinstance(value, str) else value
            settings = settings.with_param(name, number)
        return settings

    def reference(self) -> DeadSettings:
        """The reference run: these settings with He normal init, Adam and lr 1e-3."""
        return self.with_values(init="he_normal", optimizer="adam", lr=REFERENCE_LR)

    def summary(self) -> str:
        """A one-line description, e.g. 'relu, adam lr 0.0316, he_normal, 3×16'."""
        shape = "-".join(map(str, self.widths)) if self.widths else f"{self.depth}×{self.width}"
        features = "" if self.features == DEFAULT_FEATURES else f", {feature_text(self.features)}"
        return (
            f"{self.activation}, {self.optimizer_name} lr {self.lr:.3g}, {self.init}, "
            f"bias {self.bias_choice}, {shape}{features}"
        )

    def dataset(self) -> Dataset:
        """The task's samples: the loaded file, or drawn with the data seed, the sample count
        and the noise level."""
        if self.custom is not None:
            return self.custom
        return make_dataset(
            self._choice("dataset"),
            np.random.default_rng(self.data_seed),
            n=self.samples,
            noise=self.noise,
        )

    def data_key(self) -> tuple[object, ...]:
        """What the dataset depends on: the same key, the same samples."""
        return (self.dataset_name, id(self.custom), self.noise, self.data_seed, self.samples)

    def split(self, dataset: Dataset) -> Split:
        """The dataset's training and held-out samples (stratified, drawn from the data seed)."""
        return split_dataset(dataset, self.test_fraction, self.data_seed)

    def network(self, dataset: Dataset, seed: int | None = None) -> Network:
        """A fresh network for `dataset`, initialised from `seed` (default: the seed control)."""
        features = self.input_features(dataset)
        arch = Architecture(
            (len(features) or dataset.n_in, *self.hidden, dataset.n_out),
            activation=self.activation,
            learn_slope=self.activation == "prelu",  # as nn.PReLU()
            features=features,
        )
        rng = np.random.default_rng(self.seed if seed is None else seed)
        return init_network(arch, rng, init=self.init, bias=self.bias)  # type: ignore[arg-type]

    def trainer(
        self,
        dataset: Dataset | None = None,
        seed: int | None = None,
        network: Network | None = None,
    ) -> Trainer:
        """A ready-to-run trainer: this optimiser, shuffles from the seed, and `network`
        (default: a fresh one from the seed)."""
        data = dataset if dataset is not None else self.dataset()
        seed = self.seed if seed is None else seed
        network = network if network is not None else self.network(data, seed)
        split = self.split(data)
        test = None if split.test is None else (split.test.x, split.test.y)
        return Trainer(
            network,
            split.train.x,
            split.train.y,
            loss=data.loss,
            optimizer=self.optimizer,
            batch_size=self.batch_size,
            rng=np.random.default_rng(seed + 1_000_003),
            test=test,
            penalty=self.penalty,
        )


ON_OFF = ("off", "on")
DISCRETIZE = Param(
    "discretize",
    "discretize",
    0,
    choices=ON_OFF,
    help="the output map thresholded, two shades, as the playground's discretize (z)",
)
"""A map option, kept out of the panel (80x24 keeps its three status rows): z toggles it."""

SHOW_TEST = Param(
    "show_test",
    "show test",
    0,
    choices=ON_OFF,
    help="the held-out samples drawn on the output map, in capitals (t)",
)
"""A map option, kept out of the panel: t toggles it (off, as in the browser playground)."""

PANEL_VALUE = 11
"""Characters a value has in the settings panel at 80 columns."""

DATA = TextSetting(
    "data",
    "train on a CSV file: x,y (regression) or x1,x2,label (classes)",
    metavar="FILE.csv",
)
"""The dataset from a file, instead of the dataset control's choice."""

FEATURES = TextSetting(
    "features",
    "inputs of a 2-D task: x1,x2,x1^2,x2^2,x1*x2,sin1,sin2 (f)",
    default=feature_text(DEFAULT_FEATURES),
    metavar="LIST",
)
"""The input features computed from each point of a 2-D task."""

WIDTHS = TextSetting(
    "widths",
    "one width per hidden layer, e.g. 8,8,4 (w); empty: depth x width",
    metavar="W1,W2,...",
)
"""A width per hidden layer, instead of the depth and width controls."""

SAMPLES = TextSetting(
    "samples",
    f"samples in a built-in dataset, 20-{MAX_SAMPLES} (n)",
    default=str(DATA_SIZE),
    metavar="N",
)
"""The sample count of a built-in dataset (typed: the panel keeps 80x24's status rows)."""


def parse_samples(text: str) -> int:
    """The sample count in `text`.

    Raises:
        InputError: not a whole number from 20 to MAX_SAMPLES.
    """
    try:
        count = int(str(text).strip())
    except ValueError:
        raise InputError(
            f"samples: '{printable(str(text).strip(), limit=20)}' is not a whole number"
        ) from None
    if not 20 <= count <= MAX_SAMPLES:
        raise InputError(f"samples: must be between 20 and {MAX_SAMPLES}")
    return count


def _on_off(name: str, value: SettingValue) -> bool:
    """An on/off setting's value ("on", "off", or 1, 0).

    Raises:
        InputError: anything else.
    """
    if isinstance(value, str):
        if value.strip().lower() not in ON_OFF:
            raise InputError(f"{name}: '{printable(value.strip(), limit=20)}' is not on or off")
        return value.strip().lower() == "on"
    if value not in (0, 1):
        raise InputError(f"{name}: must be on or off")
    return bool(value)


def parse_widths(text: str) -> tuple[int, ...]:
    """The widths in `text` ("8,8,4"; "" for none: depth x width).

    Raises:
        InputError: not whole numbers from 1 to MAX_WIDTH, or more than MAX_DEPTH layers.
    """
    words = [word for word in text.replace(" ", ",").split(",") if word.strip()]
    widths = []
    for word in words:
        try:
            width = int(word.strip())
        except ValueError:
            raise InputError(f"widths: '{word.strip()}' is not a whole number") from None
        if not 1 <= width <= MAX_WIDTH:
            raise InputError(f"widths: each layer has 1 to {MAX_WIDTH} units")
        widths.append(width)
    if len(widths) > MAX_DEPTH:
        raise InputError(f"widths: at most {MAX_DEPTH} hidden layers")
    return tuple(widths)


def setting_list() -> tuple[Setting, ...]:
    """Every Dead neurons setting: the panel's controls, then the typed ones."""
    return (*DeadSettings().params, FEATURES, WIDTHS, SAMPLES, DISCRETIZE, SHOW_TEST, DATA)


def settings_from(values: Settings) -> DeadSettings:
    """The settings these values name (defaults for any not given); `data` loads its file.

    Raises:
        InputError: a value out of range, or what is wrong with the CSV file.
    """
    settings = DeadSettings()
    params = params_by_name(settings.params)
    for name, value in values.items():
        if name == FEATURES.name:
            settings = replace(settings, features=parse_features(str(value)))
            continue
        if name == SAMPLES.name:
            settings = replace(settings, samples=parse_samples(str(value)))
            continue
        if name == DISCRETIZE.name:
            settings = replace(settings, discretize=_on_off(name, value))
            continue
        if name == SHOW_TEST.name:
            settings = replace(settings, show_test=_on_off(name, value))
            continue
        if name == WIDTHS.name:
            continue  # after depth and width, which it overrides
        if name == DATA.name:
            continue
        param = params[name]
        if isinstance(value, str):
            if value not in param.choices:
                raise InputError(f"{name}: '{value}' is not one of: {', '.join(param.choices)}")
            number = float(param.choices.index(value))
        else:
            number = float(value)
            if not param.low <= number <= param.high:
                raise InputError(f"{name}: must be between {fmt(param.low)} and {fmt(param.high)}")
        settings = settings.with_param(name, number)
    widths = parse_widths(str(values.get(WIDTHS.name, "") or ""))
    settings = settings.with_widths(widths)
    path = str(values.get(DATA.name, "") or "")
    if path:
        settings = settings.with_custom(load_csv(path), path.strip())
    return settings


def values_of(settings: DeadSettings) -> dict[str, SettingValue]:
    """Every setting's value (a dataset loaded from a file is its path, under `data`)."""
    values: dict[str, SettingValue] = {}
    for param in settings.params:
        if param.name == "dataset" and settings.custom is not None:
            values[param.name] = _dataset_param().choice
        else:
            values[param.name] = param_value(param)
    values[FEATURES.name] = feature_text(settings.features)
    values[WIDTHS.name] = ",".join(map(str, settings.widths))
    values[SAMPLES.name] = str(settings.samples)
    values[DISCRETIZE.name] = ON_OFF[settings.discretize]
    values[SHOW_TEST.name] = ON_OFF[settings.show_test]
    values[DATA.name] = settings.custom_path if settings.custom is not None else ""
    return values
