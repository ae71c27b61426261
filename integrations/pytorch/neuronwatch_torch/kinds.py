"""Which modules are layers, which calls are activations (and of which wire kind), which calls a
layer's output may pass through on its way to its activation, and which activations Neuronwatch
knows but cannot measure. One table, read both by the torch.fx analysis at attach time and by the
call interception on sampled steps, so that both name the same activation.

Example::

    >>> import torch.nn.functional as F
    >>> from neuronwatch_torch import kinds
    >>> kinds.function_kind(F.relu, (), {})
    'relu'
"""

import operator

import torch
import torch.nn.functional as F
from torch import nn

LAYER_TYPES = (nn.Linear, nn.Conv1d, nn.Conv2d, nn.Conv3d)

# Activation modules, in the order isinstance is tried (ReLU6 is a Hardtanh).
ACTIVATION_MODULES = (
    (nn.ReLU, "relu"), (nn.ReLU6, "relu"), (nn.LeakyReLU, "leaky_relu"), (nn.PReLU, "prelu"),
    (nn.ELU, "elu"), (nn.GELU, "gelu"), (nn.SiLU, "swish"), (nn.Sigmoid, "sigmoid"),
    (nn.Tanh, "tanh"), (nn.Softmax, "softmax"), (nn.Softmax2d, "softmax"),
)
# Activations the wire has no kind for: the layer is measured before them and reported "linear".
UNSUPPORTED_MODULES = (
    nn.Hardtanh, nn.Hardswish, nn.Hardsigmoid, nn.Softplus, nn.Mish, nn.SELU, nn.CELU,
    nn.LogSoftmax, nn.LogSigmoid, nn.Softsign, nn.Tanhshrink, nn.GLU, nn.RReLU, nn.Threshold,
    nn.Softmin, nn.Hardshrink, nn.Softshrink,
)
# Pooling keeps a convolution's channel axis but shrinks the last axis, a Linear's unit axis:
# it is transparent after a convolution only.
POOLING_MODULES = (
    nn.modules.pooling._MaxPoolNd, nn.modules.pooling._AvgPoolNd,
    nn.modules.pooling._AdaptiveAvgPoolNd, nn.modules.pooling._AdaptiveMaxPoolNd,
)
# Modules between a layer and its activation that keep the unit (channel) axis.
TRANSPARENT_MODULES = (
    nn.modules.batchnorm._BatchNorm, nn.LayerNorm, nn.GroupNorm,
    nn.modules.instancenorm._InstanceNorm, nn.LocalResponseNorm, nn.modules.dropout._DropoutNd,
    nn.Identity,
) + POOLING_MODULES

_T = torch.Tensor
_FUNCTIONS = {
    "relu": (F.relu, F.relu_, torch.relu, torch.relu_, _T.relu, _T.relu_, F.relu6),
    "leaky_relu": (F.leaky_relu, F.leaky_relu_),
    "prelu": (F.prelu, torch.prelu),
    "elu": (F.elu, F.elu_),
    "gelu": (F.gelu,),
    "swish": (F.silu,),
    "sigmoid": (torch.sigmoid, torch.sigmoid_, _T.sigmoid, _T.sigmoid_, F.sigmoid),
    "tanh": (torch.tanh, torch.tanh_, _T.tanh, _T.tanh_, F.tanh),
    "softmax": (F.softmax, torch.softmax, _T.softmax),
}
FUNCTION_KINDS = {f: kind for kind, fs in _FUNCTIONS.items() for f in fs}
# fx records Tensor methods by name.
METHOD_KINDS = {"relu": "relu", "relu_": "relu", "sigmoid": "sigmoid", "sigmoid_": "sigmoid",
                "tanh": "tanh", "tanh_": "tanh", "softmax": "softmax"}

UNSUPPORTED_FUNCTIONS = frozenset({
    F.hardtanh, F.hardtanh_, F.hardswish, F.hardsigmoid, F.softplus, F.mish, F.selu, F.celu,
    F.log_softmax, torch.log_softmax, _T.log_softmax, F.logsigmoid, F.softsign, F.tanhshrink,
    F.glu, F.rrelu, F.threshold, F.softmin, torch.clamp, _T.clamp, torch.clamp_min, _T.clamp_min,
})
UNSUPPORTED_METHODS = frozenset({"log_softmax", "clamp", "clamp_min", "clamp_", "clamp_min_"})

POOLING_FUNCTIONS = frozenset({
    F.max_pool1d, F.max_pool2d, F.max_pool3d, F.avg_pool1d, F.avg_pool2d, F.avg_pool3d,
    F.adaptive_avg_pool1d, F.adaptive_avg_pool2d, F.adaptive_avg_pool3d,
    F.adaptive_max_pool1d, F.adaptive_max_pool2d, F.adaptive_max_pool3d,
    F.max_pool1d_with_indices, F.max_pool2d_with_indices, F.max_pool3d_with_indices,
    F.adaptive_max_pool1d_with_indices, F.adaptive_max_pool2d_with_indices,
    F.adaptive_max_pool3d_with_indices, torch.max_pool1d, torch.max_pool2d, torch.max_pool3d,
    torch.avg_pool1d, torch.adaptive_avg_pool1d, torch.adaptive_max_pool1d,
})
TRANSPARENT_FUNCTIONS = frozenset({
    F.batch_norm, F.layer_norm, F.group_norm, F.instance_norm, F.local_response_norm,
    F.dropout, F.dropout2d, F.dropout3d, F.alpha_dropout, F.feature_alpha_dropout,
    torch.add, _T.add, _T.add_, _T.__add__, _T.__iadd__, _T.__radd__, _T.contiguous,
    operator.add, operator.iadd,
}) | POOLING_FUNCTIONS
TRANSPARENT_METHODS = frozenset({"add", "add_", "contiguous"})


def module_kind(module):
    """``(kind, supported)``: the wire kind of an activation module, ``(None, False)`` for an
    activation the wire cannot name, ``None`` when ``module`` is not an activation."""
    for cls, kind in ACTIVATION_MODULES:
        if isinstance(module, cls):
            return kind, True
    if isinstance(module, UNSUPPORTED_MODULES):
        return None, False
    return None


def _hardtanh_is_relu6(args, kwargs):
    low = kwargs.get("min_val", args[1] if len(args) > 1 else -1.0)
    return low == 0


def function_kind(func, args, kwargs):
    """The wire kind of an activation call, ``False`` for an activation the wire cannot name,
    ``None`` when ``func`` is not an activation."""
    try:
        kind = FUNCTION_KINDS.get(func)
        if kind is not None:
            return kind
        if func is F.hardtanh and _hardtanh_is_relu6(args, kwargs):
            return "relu"  # nn.ReLU6 calls hardtanh(0, 6)
        if func in UNSUPPORTED_FUNCTIONS:
            return False
    except TypeError:  # an unhashable callable is no activation of ours
        pass
    return None


def is_transparent_function(func, conv=True):
    """Whether ``func`` passes a layer's output on with its unit axis intact: pooling only after
    a convolution (``conv``)."""
    try:
        return func in TRANSPARENT_FUNCTIONS and (conv or func not in POOLING_FUNCTIONS)
    except TypeError:
        return False


def is_transparent_module(module, conv=True):
    """As ``is_transparent_function``, for a module."""
    return isinstance(module, TRANSPARENT_MODULES) and (
        conv or not isinstance(module, POOLING_MODULES))


def is_conv(module):
    return isinstance(module, LAYER_TYPES) and not isinstance(module, nn.Linear)


def call_name(func):
    """A readable name for a function, a method or a module type."""
    name = getattr(func, "__qualname__", None) or getattr(func, "__name__", None) or repr(func)
    if "<locals>" in name:  # a generated wrapper such as F.max_pool1d: its public name
        name = getattr(func, "__name__", name)
    if name.startswith("_TensorBase.") or name.startswith("_VariableFunctionsClass."):
        return "torch." + name.split(".", 1)[1]
    module = getattr(func, "__module__", None) or ""
    return (module + "." + name) if module and not module.startswith("torch._C") else name
