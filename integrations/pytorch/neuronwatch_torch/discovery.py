"""Finds a model's layers and the activation that follows each, at attach time.

Every ``nn.Linear`` and ``nn.Conv1d/2d/3d`` is a layer, named by its module path. The model is
traced with ``torch.fx``; from each layer's node the graph is followed through normalisation,
dropout, pooling (after a convolution: pooling a Linear's output pools its units) and residual
additions to the first call that is an activation (a module, a
module shared between layers, ``F.relu``, ``torch.sigmoid``, ``x.relu()``, ...). The depth is the
order of execution. A layer followed by an activation the wire cannot name, or by different
activations on different paths, is reported ``linear`` (measured before the activation) with
``unresolved`` set and a reason, which the monitor logs once. When fx cannot trace the model (data
dependent control flow), layers come in registration order and their activations are left to the
first sampled step (``expected`` is None).

Example::

    >>> from torch import nn
    >>> from neuronwatch_torch.discovery import discover_layers
    >>> [(l.name, l.expected) for l in discover_layers(nn.Sequential(nn.Linear(2, 3), nn.ReLU()))[0]]
    [('0', 'relu')]
"""

import torch
import torch.fx

from . import kinds


class Layer:
    """One monitored layer: a Linear or Conv module, the activation expected after it and, on a
    sampled step, what was captured of it."""

    def __init__(self, name, depth, module):
        self.name = name
        self.path = name
        self.depth = depth
        self.module = module
        self.expected = None  # the activation fx found; None: decided on the first sampled step
        self.kind = None  # the activation reported on the wire once known
        self.unresolved = None  # why the activation could not be determined, if it could not
        self.reset()

    @property
    def activation(self):
        """The wire name of the activation, ``"pending"`` until the first sampled step when fx
        could not trace the model."""
        return self.kind or self.expected or "pending"

    @property
    def units(self):
        m = self.module
        return m.out_features if hasattr(m, "out_features") else m.out_channels

    def channel_dim(self, tensor):
        """The unit axis of an output: the last for Linear, the channel axis for a convolution
        (1 when batched, 0 for an unbatched input)."""
        if hasattr(self.module, "out_features"):
            return tensor.dim() - 1
        return 1 if tensor.dim() == len(self.module.kernel_size) + 2 else 0

    def reset(self):
        """Forgets what one sampled step captured."""
        self.z = self.z_grad = None  # the layer's own output and its gradient
        self.y = self.y_grad = None  # the activation's output and its gradient
        self.a_grad = None  # the gradient with respect to the activation's input
        self.captured = None  # the activation kind seen this step, False: unsupported one
        self.captured_call = None  # (function name, args, kwargs) of that call
        self.weight_before = None

    def __repr__(self):
        return "Layer(%s, depth=%d, activation=%s, units=%d%s)" % (
            self.name, self.depth, self.activation, self.units,
            ", unresolved" if self.unresolved else "")


def discover_layers(model):
    """``(layers, reason)``: the layers of ``model`` in execution order, and None, or in
    registration order with the reason fx could not trace the model."""
    named = [(path, m) for path, m in model.named_modules() if isinstance(m, kinds.LAYER_TYPES)]
    try:
        graph = torch.fx.symbolic_trace(model).graph
    except Exception as e:  # fx raises many kinds of errors on untraceable code
        reason = (str(e).strip().splitlines() or [type(e).__name__])[0]
        return [Layer(_name(path, m), i, m) for i, (path, m) in enumerate(named)], reason
    modules = dict(model.named_modules())
    order, stops = [], {}
    for node in graph.nodes:
        if node.op == "call_module" and isinstance(modules.get(node.target), kinds.LAYER_TYPES):
            if node.target not in stops:
                order.append(node.target)
                stops[node.target] = []
            stops[node.target].extend(_stops(node, modules, kinds.is_conv(modules[node.target])))
    if isinstance(model, kinds.LAYER_TYPES):  # the model is itself one layer
        return [_resolved(Layer(_name("", model), 0, model), [])], None
    layers = []
    for depth, path in enumerate(order):
        layers.append(_resolved(Layer(_name(path, modules[path]), depth, modules[path]),
                                stops[path]))
    return layers, None


def _name(path, module):
    return path or type(module).__name__.lower()


def _resolved(layer, stops):
    found = sorted({c for c, _ in stops
                    if isinstance(c, str) and c not in ("layer", "other", "pooled")})
    unsupported = [name for c, name in stops if c is False]
    others = [name for c, name in stops if c == "other"]
    pooled = [name for c, name in stops if c == "pooled"]
    if pooled:
        layer.expected = "linear"
        layer.unresolved = ("its output goes through %s, which pools over its units; measured "
                            "before it and reported as linear" % pooled[0])
    elif len(found) == 1 and not unsupported and not others:
        layer.expected = found[0]
    elif not found and not unsupported:
        layer.expected = "linear"
    else:
        layer.expected = "linear"
        if unsupported and not found:
            why = "followed by %s, which has no Neuronwatch activation kind" % unsupported[0]
        else:
            why = "its output reaches %s" % ", ".join(name for c, name in stops if c != "layer")
        layer.unresolved = why + "; measured before the activation and reported as linear"
    return layer


def _stops(node, modules, conv):
    """The first calls on each path from ``node`` that are not transparent: ``(class, name)``
    with class a wire kind, False (unsupported activation), "layer", "other" or "pooled".
    Pooling is transparent after a convolution (``conv``) only: after a Linear it is "pooled"."""
    seen, queue, stops = set(), list(node.users), []
    while queue:
        user = queue.pop(0)
        if user in seen:
            continue
        seen.add(user)
        c = _classify(user, modules, conv)
        if c == "transparent":
            queue.extend(user.users)
        elif c is not None:
            stops.append((c, _describe(user, modules)))
    return stops


def _classify(node, modules, conv):
    if node.op == "call_module":
        module = modules.get(node.target)
        if isinstance(module, kinds.LAYER_TYPES):
            return "layer"
        mk = kinds.module_kind(module)
        if mk is not None:
            return mk[0] if mk[1] else False
        if kinds.is_transparent_module(module, conv):
            return "transparent"
        return "pooled" if kinds.is_transparent_module(module) else "other"
    if node.op == "call_function":
        if node.target is getattr:
            return None  # x.shape and the like
        fk = kinds.function_kind(node.target, node.args, node.kwargs)
        if fk is not None:
            return fk
        if kinds.is_transparent_function(node.target, conv):
            return "transparent"
        return "pooled" if kinds.is_transparent_function(node.target) else "other"
    if node.op == "call_method":
        if node.target in ("size", "dim"):
            return None
        if node.target in kinds.METHOD_KINDS:
            return kinds.METHOD_KINDS[node.target]
        if node.target in kinds.UNSUPPORTED_METHODS:
            return False
        return "transparent" if node.target in kinds.TRANSPARENT_METHODS else "other"
    return "layer" if node.op == "output" else None


def _describe(node, modules):
    if node.op == "call_module":
        return "%s (%s)" % (node.target, type(modules.get(node.target)).__name__)
    if node.op == "call_method":
        return "x.%s()" % node.target
    return kinds.call_name(node.target) if node.op == "call_function" else node.op
