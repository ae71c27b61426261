#!/usr/bin/env python3
"""Models written in the styles PyTorch users write them, trained with Neuronwatch attached.

Each style builds a small network on generated data (three spiral arms for the MLPs, three kinds
of stripes for the convolution nets) and trains it; what goes wrong, if anything, comes from the
optimiser settings alone (the statistics are measured, never set).

- ``sequential``: nested ``nn.Sequential`` blocks with ``nn.ReLU`` modules.
- ``functional``: ``F.relu`` in ``forward`` (the most common style), and ``torch.sigmoid``,
  ``x.tanh()``, ``F.leaky_relu``, ``F.gelu``, ``F.silu``, ``F.elu``, ``F.softmax`` in ``mixed``.
- ``shared``: one ``self.relu`` module reused after every layer (torchvision style).
- ``conv``: ``Conv2d`` + ``BatchNorm2d`` + a shared in-place ReLU in residual blocks, pooling,
  a Linear head (a small ResNet).
- ``untraceable``: data-dependent control flow that torch.fx cannot trace.

Scenarios: ``healthy`` (Adam 1e-3), ``dying`` (SGD with a learning rate far too large, momentum
0.9: units or channels whose pre-activation is negative for every input stop learning for good).

Example::

    python3 examples/styles.py --style functional --scenario dying --server http://127.0.0.1:9750
"""

import argparse
import math
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from neuronwatch_torch import Monitor  # noqa: E402


def spirals(samples, classes, generator):
    """K interleaved spiral arms, one class per arm."""
    c = torch.arange(samples) % classes
    r = torch.rand(samples, generator=generator, dtype=torch.float64)
    noise = torch.randn(samples, generator=generator, dtype=torch.float64)
    angle = 2 * math.pi * c / classes + 4.0 * r + 0.2 * r * noise
    return torch.stack([r * torch.sin(angle), r * torch.cos(angle)], dim=1).float(), c


def stripes(samples, generator, size=12):
    """1 x size x size images of horizontal, vertical or diagonal stripes at a random phase,
    with noise; the class is the orientation."""
    c = torch.arange(samples) % 3
    i = torch.arange(size).view(size, 1).float()
    j = torch.arange(size).view(1, size).float()
    phase = torch.rand(samples, 1, 1, generator=generator) * 2 * math.pi
    coord = torch.stack([i.expand(size, size), j.expand(size, size), (i + j).expand(size, size)])
    x = torch.sin(coord[c] * 1.2 + phase) + 0.3 * torch.randn(samples, size, size,
                                                              generator=generator)
    return x.unsqueeze(1), c


def he(linear):
    nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
    nn.init.zeros_(linear.bias)
    return linear


class Functional(nn.Module):
    def __init__(self, width=64):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = he(nn.Linear(2, width)), he(nn.Linear(width, width)), \
            he(nn.Linear(width, width))
        self.out = nn.Linear(width, 3)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        x = self.fc3(x).relu()
        return self.out(x)


class Mixed(nn.Module):
    KINDS = ["sigmoid", "tanh", "leaky_relu", "gelu", "swish", "elu", "softmax", "linear"]

    def __init__(self, width=16):
        super().__init__()
        self.fc = nn.ModuleList(nn.Linear(2 if i == 0 else width, width) for i in range(7))
        self.out = nn.Linear(width, 3)

    def forward(self, x):
        fc = self.fc
        x = torch.sigmoid(fc[0](x))
        x = fc[1](x).tanh()
        x = F.leaky_relu(fc[2](x), 0.1)
        x = F.gelu(fc[3](x))
        x = F.silu(fc[4](x))
        x = F.elu(fc[5](x))
        x = F.softmax(fc[6](x), dim=1)
        return self.out(x)


class Shared(nn.Module):
    def __init__(self, width=64):
        super().__init__()
        self.fc1, self.fc2 = he(nn.Linear(2, width)), he(nn.Linear(width, width))
        self.head = nn.Linear(width, 3)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.head(self.relu(self.fc2(self.relu(self.fc1(x)))))


def sequential(width=64):
    block = lambda i, o: nn.Sequential(he(nn.Linear(i, o)), nn.ReLU())  # noqa: E731
    return nn.Sequential(nn.Sequential(block(2, width), block(width, width)),
                         nn.Dropout(0.0), nn.Linear(width, 3))


class Block(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += x
        return self.relu(out)


class ResNet(nn.Module):
    def __init__(self, channels=8):
        super().__init__()
        self.stem = nn.Conv2d(1, channels, 3, padding=1)
        self.layer1 = nn.Sequential(Block(channels))
        self.fc = nn.Linear(channels, 3)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.stem(x)), 2)
        x = self.layer1(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class PlainConv(nn.Module):
    """Conv - ReLU - Conv - ReLU - pool - Linear, no normalisation: the dying-conv recipe."""

    def __init__(self, channels=16):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, channels, 3), nn.Conv2d(channels, channels, 3)
        self.fc = nn.Linear(channels, 3)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


class Untraceable(nn.Module):
    def __init__(self, width=32):
        super().__init__()
        self.fc1, self.fc2 = he(nn.Linear(2, width)), nn.Linear(width, 3)

    def forward(self, x):
        h = self.fc1(x)
        if h.mean() > 100:  # data-dependent: fx cannot trace this
            h = h * 0.5
        return self.fc2(F.elu(h))


STYLES = {
    # style: (model factory, data, expected activation of each layer, in depth order)
    "sequential": (sequential, "spirals", {"0.0.0": "relu", "0.1.0": "relu", "2": "linear"}),
    "functional": (Functional, "spirals",
                   {"fc1": "relu", "fc2": "relu", "fc3": "relu", "out": "linear"}),
    "mixed": (Mixed, "spirals", dict(
        [("fc.%d" % i, k) for i, k in enumerate(Mixed.KINDS[:7])] + [("out", "linear")])),
    "shared": (Shared, "spirals", {"fc1": "relu", "fc2": "relu", "head": "linear"}),
    "conv": (ResNet, "stripes", {"stem": "relu", "layer1.0.conv1": "relu",
                                 "layer1.0.conv2": "relu", "fc": "linear"}),
    "plainconv": (PlainConv, "stripes", {"conv1": "relu", "conv2": "relu", "fc": "linear"}),
    "untraceable": (Untraceable, "spirals", {"fc1": "elu", "fc2": "linear"}),
}
SCENARIOS = {
    "healthy": {"optimizer": "adam", "lr": 1e-3},
    "dying": {"optimizer": "sgd", "lr": 0.3, "momentum": 0.9},
    "dying-conv": {"optimizer": "sgd", "lr": 2.0, "momentum": 0.9},
}


def train(style, scenario, server, run, steps, sample_every=10, seed=42, batch=64, log=print):
    factory, data, _ = STYLES[style]
    preset = SCENARIOS[scenario]
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    x, y = spirals(2000, 3, generator) if data == "spirals" else stripes(600, generator)
    model = factory()
    if preset["optimizer"] == "adam":
        optimizer = torch.optim.Adam(model.parameters(), lr=preset["lr"])
    else:
        optimizer = torch.optim.SGD(model.parameters(), lr=preset["lr"],
                                    momentum=preset["momentum"])
    monitor = Monitor(model, run=run, server=server, sample_every=sample_every)
    log("run %s: %s / %s, layers %s" % (run, style, scenario, ", ".join(
        "%s=%s" % (l.name, l.activation) for l in monitor.layers)))
    for step in range(1, steps + 1):
        index = torch.randint(len(x), (batch,), generator=generator)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x[index]), y[index])
        loss.backward()
        monitor.before_optimizer_step()
        optimizer.step()
        monitor.end_step(step, loss)
    model.eval()
    with torch.no_grad():
        accuracy = (model(x).argmax(dim=1) == y).float().mean().item()
    monitor.close()
    log("run %s: loss %.4f accuracy %.3f counters %s firing %s" % (
        run, loss.item(), accuracy, monitor.status(),
        [(a["name"], a["layer"]) for a in monitor.firing]))
    return monitor


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", action="append", choices=sorted(STYLES),
                        help="repeatable; default: every style")
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="healthy")
    parser.add_argument("--server", default="http://127.0.0.1:9750")
    parser.add_argument("--run-prefix", default="torch-")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--sample-every", type=int, default=10)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    for style in args.style or sorted(STYLES):
        train(style, args.scenario, args.server, "%s%s-%s" % (args.run_prefix, style,
                                                              args.scenario),
              args.steps, args.sample_every, log=lambda line: print(line, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
