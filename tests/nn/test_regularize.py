"""L1/L2 penalties: hand values, the flat in-place form, and PyTorch as the oracle."""

from __future__ import annotations

import numpy as np
import pytest

from relu_tui.nn.network import Architecture, Network, init_network
from relu_tui.nn.regularize import Penalty, weight_mask


def _net(seed: int = 0, activation: str = "relu") -> Network:
    arch = Architecture((2, 5, 4, 3), activation=activation)
    return init_network(arch, np.random.default_rng(seed), init="torch")


def test_value_and_gradient_by_hand() -> None:
    """w = [[1, -2], [0, 3]]: L1 0.1 -> 0.6 and 0.1*sign; L2 0.5 -> 0.25*14 and 0.5*w."""
    w = np.array([[1.0, -2.0], [0.0, 3.0]])
    assert Penalty(l1=0.1).value([w]) == pytest.approx(0.6)
    np.testing.assert_allclose(Penalty(l1=0.1).gradients([w])[0], [[0.1, -0.1], [0.0, 0.1]])
    assert Penalty(l2=0.5).value([w]) == pytest.approx(3.5)
    np.testing.assert_allclose(Penalty(l2=0.5).gradients([w])[0], 0.5 * w)


def test_negative_or_nan_strength_is_refused() -> None:
    """A strength below 0 or not finite raises ValueError naming the penalty."""
    with pytest.raises(ValueError, match="l1"):
        Penalty(l1=-1e-3)
    with pytest.raises(ValueError, match="l2"):
        Penalty(l2=float("nan"))


def test_weight_mask_marks_weights_not_biases() -> None:
    """The mask is 1 on each block's W.T rows and 0 on its bias row."""
    net = _net()
    mask = weight_mask(net.arch)
    blocks = net.arch.blocks(mask)
    for block in blocks:
        assert np.all(block[:-1] == 1.0) and np.all(block[-1] == 0.0)
    assert mask.sum() == sum(w.size for w in net.weights)


@pytest.mark.parametrize(("l1", "l2"), [(0.0, 0.0), (0.01, 0.0), (0.0, 0.03), (0.02, 0.1)])
def test_flat_form_matches_the_readable_one(l1: float, l2: float) -> None:
    """add_flat adds the same gradient (weights only) and returns the same value."""
    net = _net(3)
    penalty = Penalty(l1, l2)
    theta = np.array(net.theta)
    grad = np.zeros_like(theta)
    value = penalty.add_flat(theta, grad, weight_mask(net.arch), np.empty_like(theta))
    assert value == pytest.approx(penalty.value(net.weights), rel=1e-12)
    expected = Network.from_layers(
        net.arch, penalty.gradients(net.weights), [np.zeros_like(b) for b in net.biases]
    ).theta
    np.testing.assert_allclose(grad, expected, rtol=1e-12, atol=0)


# --------------------------------------------------------------------------- torch as oracle


def _torch_model(torch, net: Network):
    layers = []
    acts = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh}
    for i, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        linear = torch.nn.Linear(w.shape[1], w.shape[0]).double()
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(np.array(w)))
            linear.bias.copy_(torch.tensor(np.array(b)))
        layers.append(linear)
        if i < len(net.weights) - 1:
            layers.append(acts[net.arch.activation]())
    model = torch.nn.Sequential(*layers)
    weights = [m.weight for m in model if isinstance(m, torch.nn.Linear)]
    biases = [m.bias for m in model if isinstance(m, torch.nn.Linear)]
    return model, weights, biases


def _data(seed: int = 1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(16, 2)), rng.integers(0, 3, size=16)


def _our_step(net: Network, x, labels, penalty: Penalty, lr: float) -> Network:
    _, grad = net.loss_and_gradient(x, labels, "cross_entropy")
    theta = np.array(net.theta)
    penalty.add_flat(theta, grad, weight_mask(net.arch), np.empty_like(theta))
    return net.with_theta(theta - lr * grad)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_l2_is_sgd_weight_decay(activation: str) -> None:
    """30 SGD steps with L2 = torch.optim.SGD(weight_decay=l2) on the weights' group."""
    torch = pytest.importorskip("torch")
    net = _net(5, activation)
    x, labels = _data()
    model, weights, biases = _torch_model(torch, net)
    l2, lr = 0.1, 0.2
    opt = torch.optim.SGD(
        [{"params": weights, "weight_decay": l2}, {"params": biases, "weight_decay": 0.0}], lr=lr
    )
    xt, yt = torch.tensor(x), torch.tensor(labels)
    for _ in range(30):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(xt), yt).backward()
        opt.step()
        net = _our_step(net, x, labels, Penalty(l2=l2), lr)
    for ours, theirs in zip(net.weights + net.biases, weights + biases, strict=True):
        np.testing.assert_allclose(ours, theirs.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_l1_matches_an_explicit_penalty_term() -> None:
    """Loss + l1 * sum|W| backpropagated by torch: same value and same gradients."""
    torch = pytest.importorskip("torch")
    net = _net(7)
    x, labels = _data(2)
    model, weights, biases = _torch_model(torch, net)
    l1, l2 = 0.03, 0.01
    total = torch.nn.functional.cross_entropy(model(torch.tensor(x)), torch.tensor(labels))
    total = total + l1 * sum(w.abs().sum() for w in weights)
    total = total + 0.5 * l2 * sum((w * w).sum() for w in weights)
    total.backward()
    penalty = Penalty(l1, l2)
    value, grad = net.loss_and_gradient(x, labels, "cross_entropy")
    theta = np.array(net.theta)
    value += penalty.add_flat(theta, grad, weight_mask(net.arch), np.empty_like(theta))
    assert value == pytest.approx(total.item(), rel=1e-12)
    grads = Network.from_layers(
        net.arch, [w.grad.numpy() for w in weights], [b.grad.numpy() for b in biases]
    ).theta
    np.testing.assert_allclose(grad, grads, rtol=1e-10, atol=1e-13)


# --------------------------------------------------------------------------- in the trainer


def test_trainer_with_l2_is_torch_adam_weight_decay() -> None:
    """25 full-batch Adam epochs with L2 0.05: the parameters torch's Adam(weight_decay=0.05
    on the weights) reaches, and the report's penalty is lambda/2 * sum(W**2)."""
    torch = pytest.importorskip("torch")
    from relu_tui.nn.network import Optimizer, Trainer

    net = _net(11)
    x, labels = _data(3)
    model, weights, biases = _torch_model(torch, net)
    opt = torch.optim.Adam(
        [{"params": weights, "weight_decay": 0.05}, {"params": biases, "weight_decay": 0.0}],
        lr=0.01,
    )
    xt, yt = torch.tensor(x), torch.tensor(labels)
    for _ in range(25):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(xt), yt).backward()
        opt.step()
    trainer = Trainer(
        net,
        x,
        labels,
        loss="cross_entropy",
        optimizer=Optimizer("adam", lr=0.01),
        penalty=Penalty(l2=0.05),
    )
    trainer.advance(25)
    report = trainer.report()
    for ours, theirs in zip(
        report.network.weights + report.network.biases, weights + biases, strict=True
    ):
        np.testing.assert_allclose(ours, theirs.detach().numpy(), rtol=1e-9, atol=1e-12)
    assert report.penalty == pytest.approx(
        0.025 * sum(float((w.detach() ** 2).sum()) for w in weights), rel=1e-10
    )


def test_trainer_with_l1_is_sgd_on_an_explicit_penalty() -> None:
    """20 SGD epochs minimising loss + l1 * sum|W| in torch: the same parameters."""
    torch = pytest.importorskip("torch")
    from relu_tui.nn.network import Optimizer, Trainer

    net = _net(12, "tanh")
    x, labels = _data(4)
    model, weights, biases = _torch_model(torch, net)
    opt = torch.optim.SGD(weights + biases, lr=0.1)
    xt, yt = torch.tensor(x), torch.tensor(labels)
    for _ in range(20):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(xt), yt)
        (loss + 0.01 * sum(w.abs().sum() for w in weights)).backward()
        opt.step()
    trainer = Trainer(
        net,
        x,
        labels,
        loss="cross_entropy",
        optimizer=Optimizer("sgd", lr=0.1),
        penalty=Penalty(l1=0.01),
    )
    trainer.advance(20)
    theirs = Network.from_layers(
        net.arch, [w.detach().numpy() for w in weights], [b.detach().numpy() for b in biases]
    ).theta
    np.testing.assert_allclose(trainer.network.theta, theirs, rtol=1e-9, atol=1e-12)


def test_penalty_changed_mid_run_applies_from_the_next_update() -> None:
    """configure(penalty=...) between chunks: the same as a run that had it from there on."""
    from relu_tui.nn.network import Optimizer, Trainer

    net = _net(13)
    x, labels = _data(5)
    opt = Optimizer("sgd", lr=0.1)
    a = Trainer(net, x, labels, loss="cross_entropy", optimizer=opt)
    a.advance(5)
    a.configure(opt, None, Penalty(l2=0.3))
    a.advance(5)
    b = Trainer(net, x, labels, loss="cross_entropy", optimizer=opt)
    b.advance(5)
    c = Trainer(b.network, x, labels, loss="cross_entropy", optimizer=opt, penalty=Penalty(l2=0.3))
    c.advance(5)
    np.testing.assert_allclose(a.network.theta, c.network.theta, rtol=1e-12)
    b.advance(5)  # no penalty: larger weights
    assert sum(np.sum(w**2) for w in a.network.weights) < sum(
        np.sum(w**2) for w in b.network.weights
    )


def test_report_has_test_loss_and_accuracies() -> None:
    """With a held-out set the report's test loss is the network's loss there; accuracies
    count argmax hits."""
    from relu_tui.nn.network import Trainer

    net = _net(14)
    x, labels = _data(6)
    tx, tl = _data(7)
    report = Trainer(net, x, labels, loss="cross_entropy", test=(tx, tl)).report()
    assert report.test_loss == pytest.approx(net.loss(tx, tl, "cross_entropy"), rel=1e-12)
    assert report.accuracy == pytest.approx(np.mean(np.argmax(net.forward(x), 1) == labels))
    assert report.test_accuracy == pytest.approx(np.mean(np.argmax(net.forward(tx), 1) == tl))
    plain = Trainer(net, x, labels, loss="cross_entropy").report()
    assert plain.test_loss is None and plain.test_accuracy is None and plain.penalty == 0.0
