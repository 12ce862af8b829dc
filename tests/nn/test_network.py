"""The MLP core: gradients, optimisers against hand steps and torch, inits, seeds, divergence."""

from __future__ import annotations

import math

import numpy as np
import pytest

from relu_tui.nn.network import (
    Architecture,
    Network,
    Optimizer,
    Trainer,
    dead_units,
    init_network,
    train,
)


def _data(n: int = 12, n_in: int = 3, n_out: int = 2, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n_in)), rng.normal(size=(n, n_out))


def _numeric_gradient(net: Network, x, y, loss: str, h: float = 1e-6) -> np.ndarray:
    theta = np.array(net.theta)
    out = np.empty_like(theta)
    for i in range(theta.size):
        up, down = theta.copy(), theta.copy()
        up[i] += h
        down[i] -= h
        high, low = net.with_theta(up).loss(x, y, loss), net.with_theta(down).loss(x, y, loss)
        out[i] = (high - low) / (2 * h)
    return out


@pytest.mark.parametrize(
    "activation", ["relu", "leaky_relu", "tanh", "sigmoid", "gelu", "identity"]
)
def test_mse_gradient_matches_central_difference(activation: str) -> None:
    """Backprop's MSE gradient agrees with a central difference for every parameter."""
    x, y = _data()
    arch = Architecture((3, 5, 4, 2), activation=activation)
    net = init_network(arch, np.random.default_rng(1), init="torch")
    value, grad = net.loss_and_gradient(x, y)
    assert value == pytest.approx(float(np.mean((net.forward(x) - y) ** 2)), rel=1e-12)
    np.testing.assert_allclose(grad, _numeric_gradient(net, x, y, "mse"), rtol=1e-5, atol=1e-8)


def test_cross_entropy_gradient_matches_central_difference() -> None:
    """Softmax cross-entropy: value as -mean log p_y, gradient as a central difference."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(10, 2))
    labels = rng.integers(0, 3, size=10)
    arch = Architecture((2, 6, 6, 6, 3), activation="relu")
    net = init_network(arch, np.random.default_rng(2), init="he_normal", bias=0.1)
    value, grad = net.loss_and_gradient(x, labels, "cross_entropy")
    logits = net.forward(x)
    log_p = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
    assert value == pytest.approx(-np.mean(log_p[np.arange(10), labels]), rel=1e-12)
    np.testing.assert_allclose(
        grad, _numeric_gradient(net, x, labels, "cross_entropy"), rtol=1e-5, atol=1e-8
    )


def test_layout_matches_torch_linear() -> None:
    """z = x @ W.T + b with W in torch's (out, in) layout, round-tripped through theta."""
    arch = Architecture((2, 3, 1), activation="identity")
    w1 = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    b1 = np.array([0.5, -1.0, 2.0])
    w2 = np.array([[1.0, -1.0, 0.5]])
    b2 = np.array([3.0])
    net = Network.from_layers(arch, [w1, w2], [b1, b2])
    x = np.array([[1.0, -1.0]])
    assert net.forward(x)[0, 0] == pytest.approx(float(((x @ w1.T + b1) @ w2.T + b2)[0, 0]))
    np.testing.assert_array_equal(net.weights[0], w1)
    np.testing.assert_array_equal(net.biases[1], b2)


def test_adam_first_step_is_lr_times_sign_of_gradient() -> None:
    """By hand: after one Adam step m̂ = g and v̂ = g², so Δp = -lr·g/(|g| + eps)."""
    x, y = _data()
    net = init_network(Architecture((3, 4, 2)), np.random.default_rng(0))
    _, g = net.loss_and_gradient(x, y)
    trainer = Trainer(net, x, y, optimizer=Optimizer("adam", lr=0.01))
    list(trainer.run(1))
    expected = net.theta - 0.01 * g / (np.abs(g) + 1e-8)
    np.testing.assert_allclose(trainer.theta, expected, rtol=1e-12, atol=1e-15)


def test_adam_second_step_by_hand() -> None:
    """Two Adam steps computed from the bias-corrected moments by hand."""
    x, y = _data()
    net = init_network(Architecture((3, 4, 2), activation="tanh"), np.random.default_rng(4))
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
    _, g1 = net.loss_and_gradient(x, y)
    p1 = net.theta - lr * g1 / (np.abs(g1) + eps)
    _, g2 = net.with_theta(p1).loss_and_gradient(x, y)
    m = b1 * (1 - b1) * g1 + (1 - b1) * g2
    v = b2 * (1 - b2) * g1**2 + (1 - b2) * g2**2
    p2 = p1 - lr / (1 - b1**2) * m / (np.sqrt(v) / math.sqrt(1 - b2**2) + eps)
    trainer = Trainer(net, x, y, optimizer=Optimizer("adam", lr=lr))
    list(trainer.run(2))
    np.testing.assert_allclose(trainer.theta, p2, rtol=1e-10, atol=1e-14)


def test_sgd_and_momentum_by_hand() -> None:
    """SGD: p - lr·g. Momentum (torch, dampening 0): buf = 0.9·buf + g; p -= lr·buf."""
    x, y = _data()
    net = init_network(Architecture((3, 4, 2)), np.random.default_rng(5))
    _, g1 = net.loss_and_gradient(x, y)
    sgd = Trainer(net, x, y, optimizer=Optimizer("sgd", lr=0.1))
    list(sgd.run(1))
    np.testing.assert_allclose(sgd.theta, net.theta - 0.1 * g1, rtol=1e-13)
    p1 = net.theta - 0.1 * g1
    _, g2 = net.with_theta(p1).loss_and_gradient(x, y)
    momentum = Trainer(net, x, y, optimizer=Optimizer("momentum", lr=0.1, momentum=0.9))
    list(momentum.run(2))
    np.testing.assert_allclose(momentum.theta, p1 - 0.1 * (0.9 * g1 + g2), rtol=1e-12)


@pytest.mark.parametrize("name", ["adam", "sgd", "momentum"])
def test_optimisers_match_torch(name: str) -> None:
    """30 full-batch epochs from the same start agree with torch.optim to rounding."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    x = torch.randn(25, 2, dtype=torch.float64)
    y = torch.randn(25, 1, dtype=torch.float64)
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 7),
        torch.nn.ReLU(),
        torch.nn.Linear(7, 5),
        torch.nn.ReLU(),
        torch.nn.Linear(5, 1),
    ).double()
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]

    def snapshot() -> Network:
        return Network.from_layers(
            Architecture((2, 7, 5, 1)),
            [m.weight.detach().numpy() for m in linears],
            [m.bias.detach().numpy() for m in linears],
        )

    start = snapshot()
    params = model.parameters()
    optim = {
        "adam": lambda: torch.optim.Adam(params, lr=0.02),
        "sgd": lambda: torch.optim.SGD(params, lr=0.02),
        "momentum": lambda: torch.optim.SGD(params, lr=0.02, momentum=0.9),
    }[name]()
    for _ in range(30):
        optim.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        optim.step()
    *_, last = train(start, x.numpy(), y.numpy(), epochs=30, optimizer=Optimizer(name, lr=0.02))
    np.testing.assert_allclose(last.network.theta, snapshot().theta, rtol=0, atol=1e-12)


def test_cross_entropy_matches_torch() -> None:
    """The softmax cross-entropy value and gradient equal nn.CrossEntropyLoss's."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(8)
    x = rng.normal(size=(9, 2))
    labels = rng.integers(0, 4, size=9)
    net = init_network(Architecture((2, 5, 4)), np.random.default_rng(9), init="torch")
    value, grad = net.loss_and_gradient(x, labels, "cross_entropy")
    w = [
        torch.tensor(a, requires_grad=True)
        for a in (net.weights[0], net.biases[0], net.weights[1], net.biases[1])
    ]
    xt = torch.tensor(x)
    logits = torch.relu(xt @ w[0].T + w[1]) @ w[2].T + w[3]
    torch_loss = torch.nn.functional.cross_entropy(logits, torch.tensor(labels))
    torch_loss.backward()
    assert value == pytest.approx(torch_loss.item(), rel=1e-13)
    expected = Network.from_layers(
        net.arch, [w[0].grad.numpy(), w[2].grad.numpy()], [w[1].grad.numpy(), w[3].grad.numpy()]
    ).theta
    np.testing.assert_allclose(grad, expected, rtol=1e-12, atol=1e-15)


def test_same_seed_same_run_and_other_seed_differs() -> None:
    """Init and mini-batch shuffles come only from the generators: a seed fixes the run."""
    x, y = _data(n=30)

    def run(seed: int) -> np.ndarray:
        net = init_network(Architecture((3, 8, 8, 2)), np.random.default_rng(seed))
        *_, last = train(
            net,
            x,
            y,
            epochs=20,
            batch_size=7,
            optimizer=Optimizer(lr=0.01),
            rng=np.random.default_rng(seed),
        )
        return np.array(last.network.theta)

    np.testing.assert_array_equal(run(3), run(3))
    assert not np.array_equal(run(3), run(4))


def test_lr_10_diverges_with_a_message_and_keeps_finite_parameters() -> None:
    """SGD at lr 10 on x² blows up: the run stops, says what to try, keeps a finite net."""
    x = np.arange(1.0, 100.0)
    net = init_network(Architecture((1, 8, 8, 1)), np.random.default_rng(0), init="torch")
    reports = list(train(net, x, x**2, epochs=5000, every=100, optimizer=Optimizer("sgd", lr=10)))
    last = reports[-1]
    assert last.diverged and last.done
    assert last.epoch < 5000
    assert "diverged" in last.message and "smaller learning rate than 10" in last.message
    assert np.all(np.isfinite(last.network.theta))
    assert math.isfinite(last.loss)
    assert not any(r.diverged for r in reports[:-1])


def test_diverged_trainer_does_not_continue() -> None:
    """Running a diverged trainer again gives back the same stopped report."""
    x = np.arange(1.0, 100.0)
    net = init_network(Architecture((1, 8, 1)), np.random.default_rng(0), init="torch")
    trainer = Trainer(net, x, x**2, optimizer=Optimizer("sgd", lr=10))
    list(trainer.run(2000, every=500))
    epoch, theta = trainer.epoch, trainer.theta.copy()
    again = list(trainer.run(100))
    assert again[-1].diverged and trainer.epoch == epoch
    np.testing.assert_array_equal(trainer.theta, theta)


def test_reports_come_every_k_epochs_and_at_the_end() -> None:
    """Epoch 0, then every 40, then the remainder; the per-epoch losses add up."""
    x, y = _data()
    net = init_network(Architecture((3, 4, 2)), np.random.default_rng(0))
    reports = list(train(net, x, y, epochs=100, every=40))
    assert [r.epoch for r in reports] == [0, 40, 80, 100]
    assert [r.losses.size for r in reports] == [0, 40, 40, 20]
    assert reports[-1].done and not reports[1].done
    assert reports[1].losses[0] == pytest.approx(reports[0].loss)


def test_training_reduces_the_loss_on_x_squared() -> None:
    """The notebook's 1-8-8-1 ReLU net with Adam lr 0.1: 2000 epochs cut the MSE 100-fold."""
    x = np.arange(1.0, 100.0)
    net = init_network(Architecture((1, 8, 8, 1)), np.random.default_rng(42), init="torch")
    reports = list(train(net, x, x**2, epochs=2000, every=2000, optimizer=Optimizer(lr=0.1)))
    assert reports[-1].loss < reports[0].loss / 100


def test_float32_keeps_its_dtype() -> None:
    """A float32 network trains in float32."""
    x, y = _data()
    net = init_network(Architecture((3, 4, 2), dtype="float32"), np.random.default_rng(0))
    assert net.theta.dtype == np.float32
    *_, last = train(net, x, y, epochs=5)
    assert last.network.theta.dtype == np.float32
    assert net.forward(x).dtype == np.float32


@pytest.mark.parametrize(
    ("init", "std"),
    [
        ("he_normal", math.sqrt(2 / 200)),
        ("he_uniform", math.sqrt(6 / 200) / math.sqrt(3)),
        ("xavier_uniform", math.sqrt(6 / 400) / math.sqrt(3)),
        ("xavier_normal", math.sqrt(2 / 400)),
        ("torch", 1 / math.sqrt(200) / math.sqrt(3)),
        ("normal", 1.0),
    ],
)
def test_initialisers_draw_with_their_spread(init: str, std: float) -> None:
    """The 200×200 hidden weights have the initialiser's standard deviation (within 3%)."""
    net = init_network(Architecture((200, 200, 200, 1)), np.random.default_rng(0), init=init)
    w = net.weights[1]
    assert float(np.std(w)) == pytest.approx(std, rel=0.03)
    if init in ("he_uniform", "xavier_uniform", "torch"):
        assert float(np.max(np.abs(w))) <= std * math.sqrt(3)


def test_bias_initialisers() -> None:
    """Biases: 0 by default, a constant when given, torch's U(±1/sqrt(fan_in)) for torch."""
    arch = Architecture((4, 16, 1))
    assert np.all(init_network(arch, np.random.default_rng(0)).biases[0] == 0)
    assert np.all(init_network(arch, np.random.default_rng(0), bias=-1.0).biases[0] == -1)
    torch_b = init_network(arch, np.random.default_rng(0), init="torch").biases[0]
    assert np.all(np.abs(torch_b) <= 0.5) and np.any(torch_b != 0)


def test_negative_bias_kills_every_relu_unit() -> None:
    """With weights 0 and bias -1, z = -1 for every sample: every unit is dead."""
    arch = Architecture((1, 4, 3, 1))
    net = Network.from_layers(
        arch,
        [np.zeros((4, 1)), np.zeros((3, 4)), np.zeros((1, 3))],
        [-np.ones(4), -np.ones(3), np.zeros(1)],
    )
    dead = dead_units(net, np.linspace(-1, 1, 9))
    assert [d.tolist() for d in dead] == [[True] * 4, [True] * 3]
    leaky = Network(Architecture((1, 4, 3, 1), activation="leaky_relu"), net.theta)
    assert not any(d.any() for d in dead_units(leaky, np.linspace(-1, 1, 9)))


@pytest.mark.parametrize("sizes", [(1, 1), (1, *[4] * 9, 1), (1, 257, 1), (1, 0, 1)])
def test_architecture_limits(sizes: tuple[int, ...]) -> None:
    """1-8 hidden layers of width 1-256, or a ValueError saying what is wrong."""
    with pytest.raises(ValueError):
        Architecture(sizes)


def test_bad_shapes_and_settings_raise_value_errors() -> None:
    """Mismatched data, unknown names and a non-positive lr are refused with ValueError."""
    net = init_network(Architecture((2, 3, 1)), np.random.default_rng(0))
    with pytest.raises(ValueError, match="shape"):
        net.forward(np.ones((4, 3)))
    with pytest.raises(ValueError):
        Trainer(net, np.ones((4, 2)), np.ones(5))
    with pytest.raises(ValueError):
        Optimizer("rmsprop")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Optimizer(lr=0.0)
    with pytest.raises(ValueError):
        init_network(net.arch, np.random.default_rng(0), init="orthogonal")  # type: ignore[arg-type]


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "tanh", "gelu", "identity", "elu"])
@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_fast_kernel_matches_the_readable_chain_rule(activation: str, loss: str) -> None:
    """The buffered kernel's loss and flat gradient equal nn.backprop's, step by step."""
    from relu_tui.nn.backprop import gradients

    rng = np.random.default_rng(3)
    arch = Architecture((3, 7, 5, 4, 3), activation=activation)
    net = init_network(arch, rng, init="torch")
    x = rng.normal(size=(11, 3))
    y = rng.integers(0, 3, 11) if loss == "cross_entropy" else rng.normal(size=(11, 3))
    value, grad = net.loss_and_gradient(x, y, loss)
    ref_value, d_weights, d_biases = gradients(net, x, y, loss=loss)
    assert value == pytest.approx(ref_value, rel=1e-12)
    flat = Network.from_layers(arch, d_weights, d_biases).theta
    np.testing.assert_allclose(grad, flat, rtol=1e-10, atol=1e-14)


def test_readable_backprop_matches_torch_autograd() -> None:
    """nn.backprop's gradients equal torch's autograd on the same 2-8-8-1 ReLU net."""
    torch = pytest.importorskip("torch")
    from relu_tui.nn.backprop import gradients

    rng = np.random.default_rng(5)
    net = init_network(Architecture((2, 8, 8, 1)), rng, init="torch")
    x, y = rng.normal(size=(9, 2)), rng.normal(size=9)
    _, d_weights, d_biases = gradients(net, x, y)
    layers = [
        torch.nn.Linear(2, 8),
        torch.nn.ReLU(),
        torch.nn.Linear(8, 8),
        torch.nn.ReLU(),
        torch.nn.Linear(8, 1),
    ]
    model = torch.nn.Sequential(*layers).double()
    with torch.no_grad():
        for layer, w, b in zip(layers[::2], net.weights, net.biases, strict=True):
            layer.weight.copy_(torch.tensor(w))
            layer.bias.copy_(torch.tensor(b))
    loss = torch.nn.functional.mse_loss(model(torch.tensor(x)), torch.tensor(y)[:, None])
    loss.backward()
    for layer, dw, db in zip(layers[::2], d_weights, d_biases, strict=True):
        np.testing.assert_allclose(layer.weight.grad.numpy(), dw, rtol=1e-10)
        np.testing.assert_allclose(layer.bias.grad.numpy(), db, rtol=1e-10)


def test_configure_between_chunks_changes_rate_keeps_moments() -> None:
    """configure: a new lr continues with Adam's moments; another optimiser starts fresh."""
    x, y = _data()
    net = init_network(Architecture((3, 6, 2)), np.random.default_rng(0))
    trainer = Trainer(net, x, y, optimizer=Optimizer("adam", lr=0.01))
    trainer.advance(3)
    moments = trainer.state.m.copy()
    trainer.configure(Optimizer("adam", lr=0.001), 4)
    assert trainer.state.opt.lr == 0.001 and trainer.batch_size == 4
    np.testing.assert_array_equal(trainer.state.m, moments)
    trainer.configure(Optimizer("sgd", lr=0.1), None)
    assert trainer.batch_size == 12 and not trainer.state.m.any()


def test_stop_ends_a_mini_batch_epoch_between_updates() -> None:
    """advance(stop=...) asks after every update: a stop inside an epoch interrupts the run."""
    x, y = _data(n=40)
    net = init_network(Architecture((3, 6, 2)), np.random.default_rng(0))
    trainer = Trainer(net, x, y, batch_size=1)
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 5

    losses = trainer.advance(1000, stop=stop)
    assert losses.size == 0 and trainer.epoch == 0 and trainer.interrupted
    assert len(calls) == 6


def test_the_core_holds_no_lock() -> None:
    """No core module imports threading: a trainer is owned, never shared."""
    import pathlib

    core = pathlib.Path(__file__).parents[2] / "relu_tui" / "core"
    for path in core.glob("*.py"):
        assert "threading" not in path.read_text(), path.name
