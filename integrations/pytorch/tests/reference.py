"""What each example style's layers must report, computed directly with torch.

For every style of ``examples/styles.py`` a hand-written forward pass says, layer by layer, which
tensor the monitor must measure (the output of the activation that follows the layer, or the
layer's own output when nothing does) and along which axis its units lie. ``expected_records``
runs that pass on a copy of the model, with the same batch, loss and SGD step as
``train_one_step``, and returns the statistics every layer record must carry, as the Java agent
defines them.

Example::

    model, x, y = batch_for("functional")
    expected = expected_records("functional", model, x, y)   # on a copy, before training
    samples = train_one_step(model, x, y, monitor)
    assert samples[0]["layers"][0]["deadFraction"] == expected["fc1"]["deadFraction"]
"""

import copy
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "examples"))
import styles  # noqa: E402

LR = 0.05
EPS = 0.01


def _sequential(m, x, keep):
    h = keep("0.0.0", F.relu(m[0][0][0](x)))
    h = keep("0.1.0", F.relu(m[0][1][0](h)))
    return keep("2", m[2](m[1](h)))


def _functional(m, x, keep):
    h = keep("fc1", F.relu(m.fc1(x)))
    h = keep("fc2", F.relu(m.fc2(h)))
    h = keep("fc3", F.relu(m.fc3(h)))
    return keep("out", m.out(h))


def _mixed(m, x, keep):
    fc = m.fc
    h = keep("fc.0", torch.sigmoid(fc[0](x)))
    h = keep("fc.1", torch.tanh(fc[1](h)))
    h = keep("fc.2", F.leaky_relu(fc[2](h), 0.1))
    h = keep("fc.3", F.gelu(fc[3](h)))
    h = keep("fc.4", F.silu(fc[4](h)))
    h = keep("fc.5", F.elu(fc[5](h)))
    h = keep("fc.6", F.softmax(fc[6](h), dim=1))
    return keep("out", m.out(h))


def _shared(m, x, keep):
    h = keep("fc1", F.relu(m.fc1(x)))
    h = keep("fc2", F.relu(m.fc2(h)))
    return keep("head", m.head(h))


def _resnet(m, x, keep):
    h = F.max_pool2d(keep("stem", F.relu(m.stem(x))), 2)
    block = m.layer1[0]
    out = keep("layer1.0.conv1", F.relu(block.bn1(block.conv1(h))))
    out = keep("layer1.0.conv2", F.relu(block.bn2(block.conv2(out)) + h))
    return keep("fc", m.fc(torch.flatten(F.adaptive_avg_pool2d(out, 1), 1)))


def _plainconv(m, x, keep):
    h = keep("conv1", F.relu(m.conv1(x)))
    h = keep("conv2", F.relu(m.conv2(h)))
    return keep("fc", m.fc(F.adaptive_avg_pool2d(h, 1).flatten(1)))


def _untraceable(m, x, keep):
    return keep("fc2", m.fc2(keep("fc1", F.elu(m.fc1(x)))))


FORWARD = {"sequential": _sequential, "functional": _functional, "mixed": _mixed,
           "shared": _shared, "conv": _resnet, "plainconv": _plainconv,
           "untraceable": _untraceable}


def batch_for(style, seed=0, rows=32):
    """A fresh model of ``style`` and one batch of its data (inputs, class labels)."""
    factory, data, _ = styles.STYLES[style]
    torch.manual_seed(seed)
    model = factory()
    generator = torch.Generator().manual_seed(seed)
    if data == "spirals":
        x, y = styles.spirals(rows, 3, generator)
    else:
        x, y = styles.stripes(rows, generator)
    return model, x, y


def loss_of(logits, y):
    return F.cross_entropy(logits, y)


def train_one_step(model, x, y, monitor, step=1):
    """The training step ``expected_records`` mirrors: forward, cross-entropy, backward, SGD."""
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    monitor.begin_step(step)
    optimizer.zero_grad()
    loss = loss_of(model(x), y)
    loss.backward()
    monitor.before_optimizer_step()
    optimizer.step()
    monitor.end_step(step, loss)
    return float(loss)


def expected_records(style, model, x, y):
    """layer name -> the statistics its record must carry after ``train_one_step`` on ``model``
    (computed on a copy; ``model`` is left untouched)."""
    twin = copy.deepcopy(model)
    twin.train()
    kinds = styles.STYLES[style][2]
    kept = {}

    def keep(name, tensor):
        tensor.retain_grad()
        kept[name] = tensor
        return tensor

    logits = FORWARD[style](twin, x, keep)
    assert list(kept) == list(kinds), (list(kept), list(kinds))
    loss = loss_of(logits, y)
    loss.backward()
    modules = dict(twin.named_modules())
    before = {name: modules[name].weight.detach().clone() for name in kinds}
    grads = {name: (modules[name].weight.grad.clone(),
                    None if modules[name].bias is None else modules[name].bias.grad.clone())
             for name in kinds}
    with torch.no_grad():
        for p in twin.parameters():
            if p.grad is not None:
                p -= LR * p.grad
    expected = {}
    for depth, (name, kind) in enumerate(kinds.items()):
        out = kept[name].detach().double()
        weight_grad, bias_grad = grads[name]
        weight = modules[name].weight.detach().double()
        record = {
            "depth": depth, "activation": kind, "loss": float(loss),
            "count": out.numel(), "mean": float(out.mean()),
            "variance": float(out.var(unbiased=False)), "min": float(out.min()),
            "max": float(out.max()), "zeroFraction": float((out == 0).double().mean()),
            "outputGradNorm": float(kept[name].grad.double().norm()),
            "weightGradNorm": float(weight_grad.double().norm()),
            "biasGradNorm": 0.0 if bias_grad is None else float(bias_grad.double().norm()),
            "weightNorm": float(weight.norm()),
            "updateRatio": float((weight - before[name].double()).norm() / weight.norm()),
        }
        units = _unit_major(out)  # units x (batch and positions)
        record["units"] = units.shape[0]
        if kind == "relu":
            record["deadFraction"] = float((units <= 0).all(dim=1).double().mean())
        if kind in ("leaky_relu", "elu", "prelu"):
            record["negativeFraction"] = float((units < 0).all(dim=1).double().mean())
        if kind == "sigmoid":
            record["saturationFraction"] = float(((out < EPS) | (out > 1 - EPS)).double().mean())
        if kind == "tanh":
            record["saturationFraction"] = float((out.abs() > 1 - EPS).double().mean())
        if kind == "softmax":
            record["saturationFraction"] = float((out.max(dim=1).values > 1 - EPS)
                                                 .double().mean())
        expected[name] = record
    return expected


def _unit_major(out):
    """Units (the last axis of a Linear's output, the channels of a convolution's) as rows."""
    if out.dim() == 2:
        return out.t()
    return out.transpose(0, 1).reshape(out.shape[1], -1)


def mismatches(style, expected, layers, places=5):
    """Where the pushed layer records differ from ``expected``: readable lines, empty when none."""
    problems = []
    by_name = {layer["name"]: layer for layer in layers}
    if list(by_name) != list(expected):
        return ["%s: layers %s, expected %s" % (style, list(by_name), list(expected))]
    for name, want in expected.items():
        got = by_name[name]
        pairs = [("activation", got["activation"], want["activation"]),
                 ("depth", got["depth"], want["depth"]),
                 ("units", got["units"], want["units"]),
                 ("output.count", got["output"]["count"], want["count"]),
                 ("output.mean", got["output"]["mean"], want["mean"]),
                 ("output.variance", got["output"]["variance"], want["variance"]),
                 ("output.min", got["output"]["min"], want["min"]),
                 ("output.max", got["output"]["max"], want["max"]),
                 ("output.zeroFraction", got["output"]["zeroFraction"], want["zeroFraction"]),
                 ("gradient.outputNorm", got["gradient"]["outputNorm"], want["outputGradNorm"]),
                 ("gradient.weightNorm", got["gradient"]["weightNorm"], want["weightGradNorm"]),
                 ("gradient.biasNorm", got["gradient"]["biasNorm"], want["biasGradNorm"]),
                 ("weightNorm", got.get("weightNorm"), want["weightNorm"]),
                 ("updateRatio", got.get("updateRatio"), want["updateRatio"])]
        for key in ("deadFraction", "negativeFraction", "saturationFraction"):
            pairs.append((key, got.get(key), want.get(key)))
        for field, actual, wanted in pairs:
            if not same(actual, wanted, places):
                problems.append("%s %s %s: pushed %r, torch says %r"
                                % (style, name, field, actual, wanted))
    return problems


def same(actual, wanted, places=5):
    """Equal, or numbers equal to ``places`` significant decimals."""
    if isinstance(wanted, float) and isinstance(actual, (int, float)):
        return abs(actual - wanted) <= 10 ** -places * max(1.0, abs(wanted))
    return actual == wanted
