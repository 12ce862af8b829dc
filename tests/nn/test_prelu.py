"""PReLU with learned slopes: hand values, central differences, and nn.PReLU() as the oracle."""

from __future__ import annotations

import numpy as np
import pytest

from relu_tui.nn.network import Architecture, Network, init_network
from relu_tui.nn.prelu import loss_and_gradients, prelu, prelu_backward


def test_prelu_values_and_kink() -> None:
    """[-2, -1, 0, 1, 2] with slope 0.25 -> [-0.5, -0.25, 0, 1, 2]; d/dz at 0 is the slope."""
    z = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
    np.testing.assert_array_equal(prelu(z, 0.25), [-0.5, -0.25, 0.0, 1.0, 2.0])
    grad_z, grad_a = prelu_backward(z, 0.25, np.ones(5))
    np.testing.assert_array_equal(grad_z, [0.25, 0.25, 0.25, 1.0, 1.0])
    assert grad_a == -3.0  # sum of min(z, 0)


def _net(seed: int = 0, sizes=(2, 6, 5, 3)) -> Network:
    return init_network(Architecture(sizes), np.random.default_rng(seed), init="torch")


def test_slope_gradient_matches_central_difference() -> None:
    """dL/da of each layer agrees with (L(a + h) - L(a - h)) / 2h."""
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(20, 2)), rng.normal(size=(20, 3))
    net, slopes = _net(), [0.2, -0.1]
    grads = loss_and_gradients(net, slopes, x, y)
    h = 1e-6
    for layer in range(2):
        up, down = list(slopes), list(slopes)
        up[layer] += h
        down[layer] -= h
        numeric = (
            loss_and_gradients(net, up, x, y).loss - loss_and_gradients(net, down, x, y).loss
        ) / (2 * h)
        assert grads.slopes[layer] == pytest.approx(numeric, rel=1e-5, abs=1e-9)


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_gradients_match_torch_prelu(loss: str) -> None:
    """nn.Sequential(Linear, PReLU(), Linear, PReLU(), Linear): loss, W, b and slope grads."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    x = rng.normal(size=(24, 2))
    y = rng.integers(0, 3, size=24) if loss == "cross_entropy" else rng.normal(size=(24, 3))
    net, slopes = _net(4), [0.25, 0.1]
    layers = []
    for i, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        linear = torch.nn.Linear(w.shape[1], w.shape[0]).double()
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(np.array(w)))
            linear.bias.copy_(torch.tensor(np.array(b)))
        layers.append(linear)
        if i < 2:
            act = torch.nn.PReLU().double()
            with torch.no_grad():  # init= would round the slope through float32
                act.weight.fill_(slopes[i])
            layers.append(act)
    model = torch.nn.Sequential(*layers)
    out = model(torch.tensor(x))
    if loss == "cross_entropy":
        value = torch.nn.functional.cross_entropy(out, torch.tensor(y))
    else:
        value = torch.nn.functional.mse_loss(out, torch.tensor(y))
    value.backward()
    ours = loss_and_gradients(net, slopes, x, y, loss)
    assert ours.loss == pytest.approx(value.item(), rel=1e-12)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    prelus = [m for m in model if isinstance(m, torch.nn.PReLU)]
    for mine, theirs in zip(ours.weights, linears, strict=True):
        np.testing.assert_allclose(mine, theirs.weight.grad.numpy(), rtol=1e-10, atol=1e-14)
    for mine, theirs in zip(ours.biases, linears, strict=True):
        np.testing.assert_allclose(mine, theirs.bias.grad.numpy(), rtol=1e-10, atol=1e-14)
    for mine, theirs in zip(ours.slopes, prelus, strict=True):
        assert mine == pytest.approx(theirs.weight.grad.item(), rel=1e-10, abs=1e-14)


def test_one_slope_per_hidden_layer_is_required() -> None:
    """Two hidden layers need two slopes."""
    with pytest.raises(ValueError, match="one slope per hidden layer"):
        loss_and_gradients(_net(), [0.25], np.zeros((2, 2)), np.zeros((2, 3)))


def test_trainer_learns_prelu_slopes_as_torch_does() -> None:
    """20 full-batch Adam epochs with learned slopes: weights, biases and each layer's slope
    equal torch's nn.Sequential(Linear, PReLU(), Linear, PReLU(), Linear) under Adam."""
    torch = pytest.importorskip("torch")
    from relu_tui.nn.network import Optimizer, Trainer

    rng = np.random.default_rng(5)
    x, labels = rng.normal(size=(30, 2)), rng.integers(0, 3, size=30)
    arch = Architecture((2, 6, 5, 3), activation="prelu", learn_slope=True)
    net = init_network(arch, np.random.default_rng(6), init="torch")
    assert net.slopes == (0.25, 0.25)
    layers = []
    for i, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        linear = torch.nn.Linear(w.shape[1], w.shape[0]).double()
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(np.array(w)))
            linear.bias.copy_(torch.tensor(np.array(b)))
        layers.append(linear)
        if i < 2:
            layers.append(torch.nn.PReLU().double())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    xt, yt = torch.tensor(x), torch.tensor(labels)
    for _ in range(20):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(xt), yt).backward()
        opt.step()
    trainer = Trainer(net, x, labels, loss="cross_entropy", optimizer=Optimizer("adam", lr=0.05))
    trainer.advance(20)
    ours = trainer.network
    slopes = [m.weight.item() for m in model if isinstance(m, torch.nn.PReLU)]
    np.testing.assert_allclose(ours.slopes, slopes, rtol=1e-9)
    assert ours.slopes != (0.25, 0.25)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    for w, linear in zip(ours.weights, linears, strict=True):
        np.testing.assert_allclose(w, linear.weight.detach().numpy(), rtol=1e-9, atol=1e-12)


def test_fast_kernel_matches_the_readable_reference() -> None:
    """The trainer's gradient (weights, biases, slopes) equals loss_and_gradients'."""
    rng = np.random.default_rng(8)
    x, y = rng.normal(size=(12, 2)), rng.normal(size=(12, 3))
    arch = Architecture((2, 4, 4, 3), activation="prelu", learn_slope=True)
    theta = np.array(init_network(arch, np.random.default_rng(9)).theta)
    arch.slopes(theta)[...] = (0.3, -0.2)
    net = init_network(arch, np.random.default_rng(9)).with_theta(theta)
    value, grad = net.loss_and_gradient(x, y)
    ref = loss_and_gradients(net, net.slopes, x, y)
    assert value == pytest.approx(ref.loss, rel=1e-12)
    expected = np.array(Network.from_layers(arch, ref.weights, ref.biases).theta)
    arch.slopes(expected)[...] = ref.slopes
    np.testing.assert_allclose(grad, expected, rtol=1e-10, atol=1e-14)
