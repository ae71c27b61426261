#!/usr/bin/env python3
"""Trains a small MLP on a synthetic spirals dataset with Neuronwatch attached.

Two scenarios, told apart only by optimiser settings (the statistics are measured, never set):

- ``healthy``: 3 x 64 ReLU, He-normal init, Adam 1e-3, 1500 steps: learns the spirals, trips no
  alert rule.
- ``dying-relu``: the same network with SGD at learning rate 0.3 and momentum 0.9: oversized,
  momentum-amplified updates push many units' pre-activations below 0 for every input; a dead
  unit passes no gradient, so it never recovers, and NeuronwatchDyingRelu fires.

Example::

    python3 examples/train_mlp.py --scenario dying-relu --server http://127.0.0.1:9750 \\
        --run torch-dying-relu
"""

import argparse
import math
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from neuronwatch_torch import Monitor  # noqa: E402

SCENARIOS = {
    "healthy": {"optimizer": "adam", "lr": 1e-3, "momentum": 0.0, "steps": 1500},
    "dying-relu": {"optimizer": "sgd", "lr": 0.3, "momentum": 0.9, "steps": 1000},
}


def spirals(samples, classes, generator):
    """K interleaved spiral arms, one class per arm: example i is of class i mod K, at radius
    r ~ U(0, 1) and angle 2 pi c / K + 4 r + 0.2 r N(0, 1)."""
    c = torch.arange(samples) % classes
    r = torch.rand(samples, generator=generator, dtype=torch.float64)
    noise = torch.randn(samples, generator=generator, dtype=torch.float64)
    angle = 2 * math.pi * c / classes + 4.0 * r + 0.2 * r * noise
    x = torch.stack([r * torch.sin(angle), r * torch.cos(angle)], dim=1).float()
    return x, c


def build_model(hidden_layers, width, inputs, outputs):
    modules, size = [], inputs
    for _ in range(hidden_layers):
        linear = nn.Linear(size, width)
        nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")  # He normal
        nn.init.zeros_(linear.bias)
        modules += [linear, nn.ReLU()]
        size = width
    head = nn.Linear(size, outputs)
    nn.init.kaiming_normal_(head.weight, nonlinearity="linear")
    nn.init.zeros_(head.bias)
    modules.append(head)
    return nn.Sequential(*modules)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="healthy")
    parser.add_argument("--server", default="http://127.0.0.1:9750")
    parser.add_argument("--run", default=None, help="run label (default: torch-<scenario>)")
    parser.add_argument("--steps", type=int, default=None, help="default: the scenario's")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--sample-every", type=int, default=10)
    args = parser.parse_args(argv)
    preset = SCENARIOS[args.scenario]
    steps = args.steps if args.steps is not None else preset["steps"]
    run = args.run or "torch-" + args.scenario

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    generator = torch.Generator().manual_seed(args.seed)
    x, y = spirals(2000, 3, generator)
    model = build_model(3, 64, 2, 3)
    if preset["optimizer"] == "adam":
        optimizer = torch.optim.Adam(model.parameters(), lr=preset["lr"])
    else:
        optimizer = torch.optim.SGD(model.parameters(), lr=preset["lr"],
                                    momentum=preset["momentum"])
    loss_fn = nn.CrossEntropyLoss()

    def on_alerts(firing):
        names = ", ".join("%s on %s" % (a["name"], a["layer"] or "run") for a in firing)
        print("alerts firing: %s" % (names or "(none)"), flush=True)

    monitor = Monitor(model, run=run, server=args.server, sample_every=args.sample_every,
                      on_alerts=on_alerts)
    print("run %s: scenario %s, %d steps, layers %s" % (
        run, args.scenario, steps, ", ".join("%s=%s" % (l.name, l.activation)
                                             for l in monitor.layers)), flush=True)
    order, cursor = torch.randperm(len(x), generator=generator), 0
    for step in range(1, steps + 1):
        if cursor + args.batch > len(x):
            order, cursor = torch.randperm(len(x), generator=generator), 0
        index = order[cursor:cursor + args.batch]
        cursor += args.batch
        model.train()
        optimizer.zero_grad()
        loss = loss_fn(model(x[index]), y[index])
        loss.backward()
        monitor.before_optimizer_step()
        optimizer.step()
        monitor.end_step(step, loss)
        if step % 100 == 0 or step == steps:
            model.eval()
            with torch.no_grad():
                accuracy = (model(x).argmax(dim=1) == y).float().mean().item()
                dead = [(model[:2 * i + 2](x) <= 0).all(dim=0).float().mean().item()
                        for i in range(3)]
            print("step %5d  loss %.4f  accuracy %.3f  dead units %s" % (
                step, loss.item(), accuracy, " ".join("%.2f" % d for d in dead)), flush=True)
    monitor.close()
    print("agent counters: %s" % (monitor.status(),), flush=True)
    print("firing at the end: %s" % (
        ", ".join("%s on %s" % (a["name"], a["layer"]) for a in monitor.firing) or "(none)"),
        flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
