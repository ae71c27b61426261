"""What a sampled step pushes for convolutions and for the version-2 layer fields, checked against
the same quantities computed directly with torch on the same model and input."""

import os
import sys
import unittest

import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
from fakeserver import FakeServer  # noqa: E402
from neuronwatch_torch import Monitor  # noqa: E402


class Net(nn.Module):
    """conv -> activation -> (optional head), the activation given as a function."""

    def __init__(self, conv, activation, head=None):
        super().__init__()
        self.conv, self.activation, self.head = conv, activation, head

    def forward(self, x):
        y = self.activation(self.conv(x))
        return y if self.head is None else self.head(y)


def one_sample(test, model, x, loss_of):
    """One sampled SGD step; the pushed layer records, by name."""
    server = FakeServer()
    test.addCleanup(server.close)
    monitor = Monitor(model, run="conv", server=server.url, sample_every=1, flush_interval=0.05)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    optimizer.zero_grad()
    loss_of(model(x)).backward()
    monitor.before_optimizer_step()
    optimizer.step()
    monitor.end_step(1, 0.0)
    monitor.close()
    (sample,) = server.samples()
    return {layer["name"]: layer for layer in sample["layers"]}


def direct(conv, activation, x, loss_of):
    """The activation output, its gradient and its input's gradient, computed with torch."""
    z = conv(x)
    z.retain_grad()
    y = activation(z)
    y.retain_grad()
    loss_of(y).backward()
    return z, y, conv.weight.grad.clone()


def close(test, actual, expected, places=6):
    test.assertAlmostEqual(actual, float(expected), places=places)


class ConvStatisticsTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(3)

    def conv2d(self):
        conv = nn.Conv2d(2, 4, 3)
        with torch.no_grad():  # channel 1 can never fire on non-negative input
            conv.weight[1] = -conv.weight[1].abs()
            conv.bias[1] = -0.5
        return conv

    def test_conv2d_relu_dead_channels_over_batch_and_positions(self):
        conv = self.conv2d()
        twin = self.conv2d()
        twin.load_state_dict(conv.state_dict())
        x = torch.rand(5, 2, 7, 7)
        weights = torch.randn(5, 4, 5, 5)
        loss_of = lambda y: (y * weights).sum()  # noqa: E731
        layer = one_sample(self, Net(conv, F.relu), x, loss_of)["conv"]
        z, y, weight_grad = direct(twin, F.relu, x, loss_of)
        dead = (y <= 0).transpose(0, 1).reshape(4, -1).all(dim=1).double().mean()
        self.assertEqual(layer["units"], 4)
        self.assertEqual(layer["activation"], "relu")
        close(self, layer["deadFraction"], dead)
        self.assertGreaterEqual(layer["deadFraction"], 0.25)  # channel 1 at least
        out = layer["output"]
        self.assertEqual(out["count"], y.numel())
        close(self, out["mean"], y.double().mean())
        close(self, out["variance"], y.double().var(unbiased=False))
        close(self, out["zeroFraction"], (y == 0).double().mean())
        gradient = layer["gradient"]
        close(self, gradient["outputNorm"], y.grad.double().norm())
        close(self, gradient["weightNorm"], weight_grad.double().norm(), places=4)
        close(self, gradient["biasNorm"], twin.bias.grad.double().norm(), places=4)
        self.assertNotIn("negativeFraction", layer)

    def test_conv1d_sigmoid_saturation_and_activation_gain(self):
        conv = nn.Conv1d(3, 5, 3)
        with torch.no_grad():
            conv.weight.mul_(8)  # large pre-activations: many saturated outputs
        twin = nn.Conv1d(3, 5, 3)
        twin.load_state_dict(conv.state_dict())
        x = torch.randn(4, 3, 10)
        loss_of = lambda y: (y ** 2).sum()  # noqa: E731
        layer = one_sample(self, Net(conv, torch.sigmoid), x, loss_of)["conv"]
        z, y, _ = direct(twin, torch.sigmoid, x, loss_of)
        saturated = ((y < 0.01) | (y > 0.99)).double().mean()
        close(self, layer["saturationFraction"], saturated)
        self.assertGreater(layer["saturationFraction"], 0.2)
        close(self, layer["activationGain"], z.grad.double().norm() / (0.25 * y.grad.double().norm()))
        self.assertLess(layer["activationGain"], 1.0)

    def test_conv3d_leaky_relu_negative_regime_per_channel(self):
        conv = nn.Conv3d(1, 3, 2)
        with torch.no_grad():
            conv.weight[0] = -conv.weight[0].abs()
            conv.bias[0] = -1.0
        twin = nn.Conv3d(1, 3, 2)
        twin.load_state_dict(conv.state_dict())
        x = torch.rand(2, 1, 4, 4, 4)
        act = lambda t: F.leaky_relu(t, 0.2)  # noqa: E731
        layer = one_sample(self, Net(conv, act), x, lambda y: y.sum())["conv"]
        _, y, _ = direct(twin, act, x, lambda y: y.sum())
        negative = (y < 0).transpose(0, 1).reshape(3, -1).all(dim=1).double().mean()
        self.assertEqual(layer["activation"], "leaky_relu")
        close(self, layer["negativeFraction"], negative)
        self.assertGreaterEqual(layer["negativeFraction"], 1 / 3)
        self.assertNotIn("deadFraction", layer)  # leaky units still pass a gradient

    def test_softmax_over_channels_counts_confident_positions(self):
        conv = nn.Conv2d(1, 3, 1)
        with torch.no_grad():
            conv.weight.copy_(torch.tensor([10.0, 0.0, -10.0]).view(3, 1, 1, 1))
            conv.bias.zero_()
        x = torch.tensor([[[[1.0, 0.0], [0.05, -1.0]]]])  # 4 positions
        act = lambda t: F.softmax(t, dim=1)  # noqa: E731
        layer = one_sample(self, Net(conv, act), x, lambda y: y[:, 0].sum())["conv"]
        with torch.no_grad():
            p = F.softmax(conv(x), dim=1)
        confident = (p.max(dim=1).values > 0.99).double().mean()
        close(self, layer["saturationFraction"], confident)
        self.assertEqual(layer["saturationFraction"], 0.5)  # x = 1 and x = -1

    def test_prelu_alpha_and_unbatched_conv_channels(self):
        conv = nn.Conv1d(2, 3, 1)
        prelu = nn.PReLU(init=0.1)  # one slope: PReLU's channel axis is 1 even unbatched
        model = nn.Sequential(conv, prelu)
        x = torch.randn(2, 5)  # unbatched: channels are the first axis of the output
        with torch.no_grad():
            y = prelu(conv(x))  # before the step changes the weights
        layer = one_sample(self, model, x, lambda y: y.sum())["0"]
        self.assertEqual(layer["activation"], "prelu")
        self.assertEqual(set(layer["alpha"]), {"mean", "min"})
        close(self, layer["alpha"]["min"], 0.1)
        self.assertEqual(layer["units"], 3)
        close(self, layer["negativeFraction"], (y < 0).all(dim=1).double().mean())

    def test_non_finite_weights_are_counted_and_their_norm_left_out(self):
        model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
        with torch.no_grad():
            model[0].weight[0, 0] = float("inf")
        layer = one_sample(self, model, torch.ones(1, 2), lambda y: y.sum())["0"]
        self.assertEqual(layer["weightNonFinite"], 1)
        self.assertNotIn("weightNorm", layer)
        self.assertNotIn("updateRatio", layer)
        self.assertGreaterEqual(layer["updateNonFinite"], 1)


if __name__ == "__main__":
    unittest.main()
