"""Per-layer statistics, computed exactly as the Java agent computes them.

Every function takes tensors that are already detached (call them under ``torch.no_grad()``),
works in float64 and returns plain Python numbers, so the results go straight into JSON.

Example::

    >>> import torch
    >>> from neuronwatch_torch import stats
    >>> out = torch.tensor([[0.0, 1.0], [0.0, 2.0]])
    >>> stats.dead_fraction(out)
    0.5
    >>> stats.tensor_summary(out)["mean"]
    0.75
"""

import math

import torch

RELU_FAMILY = frozenset({"relu", "leaky_relu", "prelu", "elu"})
SATURATING = frozenset({"sigmoid", "tanh", "softmax"})
DEFAULT_EPSILON = 0.01


def _as_rows(output, units):
    """The output as a float64 ``rows x units`` matrix: every leading dimension is a row."""
    return output.detach().to(torch.float64).reshape(-1, units)


def tensor_summary(output):
    """Count, mean, population variance, min, max and zero fraction over the finite elements;
    NaN and infinite elements are counted apart (``nanCount``, ``infCount``)."""
    x = output.detach().reshape(-1)
    if x.numel():
        # float64 Welford in one pass; a non-finite mean or variance means a non-finite element
        variance, mean = torch.var_mean(x.to(torch.float64), unbiased=False)
        variance, mean = float(variance), float(mean)
    if x.numel() and math.isfinite(mean) and math.isfinite(variance):  # the usual case
        nan = inf = 0
        finite = x
    else:
        nan = int(torch.isnan(x).sum())
        inf = int(torch.isinf(x).sum())
        finite = x[torch.isfinite(x)]
        if finite.numel():
            variance, mean = (float(v) for v in torch.var_mean(
                finite.to(torch.float64), unbiased=False))
    count = int(finite.numel())
    if count == 0:
        mean = variance = low = high = zero = 0.0
    else:
        variance = max(0.0, variance)
        low, high = (float(v) for v in torch.aminmax(finite))
        zero = float(torch.count_nonzero(finite == 0)) / count
    return {
        "count": count,
        "mean": mean,
        "variance": variance,
        "min": low,
        "max": high,
        "zeroFraction": zero,
        "nanCount": nan,
        "infCount": inf,
    }


def dead_fraction(output, units=None):
    """The fraction of units (last dimension) whose output is <= 0 in every row of the batch.

    A NaN output is not <= 0, so it keeps its unit alive; non-finite values are reported apart."""
    units = output.shape[-1] if units is None else units
    # a comparison with 0 needs no widening; compare first, then lay the (bool) rows out
    dead = (output.detach() <= 0).reshape(-1, units).all(dim=0)
    return float(dead.sum()) / units


def saturation_fraction(kind, output, eps=DEFAULT_EPSILON, units=None):
    """Sigmoid: fraction of outputs below eps or above 1 - eps; tanh: fraction with
    ``|output| > 1 - eps``; softmax (over the last dimension): fraction of rows whose largest
    probability exceeds 1 - eps. NaN outputs count as not saturated."""
    if not 0 < eps < 0.5:
        raise ValueError("eps must be in (0, 0.5), was %r" % (eps,))
    units = output.shape[-1] if units is None else units
    rows = _as_rows(output, units)
    if kind == "sigmoid":
        return float(((rows < eps) | (rows > 1 - eps)).sum()) / rows.numel()
    if kind == "tanh":
        return float(((rows < -(1 - eps)) | (rows > 1 - eps)).sum()) / rows.numel()
    if kind == "softmax":
        largest = rows.max(dim=1).values  # NaN in a row makes its max NaN: not confident
        return float((largest > 1 - eps).sum()) / rows.shape[0]
    raise ValueError("%s does not saturate" % (kind,))


def norm_stats(values, mean_abs=True):
    """``(l2 norm, mean |x|, nan count, inf count)`` over the finite elements of ``values``; the
    mean is 0.0 unless ``mean_abs``."""
    x = values.detach().reshape(-1)
    if x.numel() == 0:
        return 0.0, 0.0, 0, 0
    # One pass, accumulated in float64; a float32 value squared cannot overflow a float64, so a
    # non-finite norm means a non-finite element and only then are they counted and left out.
    norm = float(torch.linalg.vector_norm(x, 2, dtype=torch.float64))
    if math.isfinite(norm):
        nan = inf = 0
        finite = x
    else:
        nan = int(torch.isnan(x).sum())
        inf = int(torch.isinf(x).sum())
        finite = x[torch.isfinite(x)].to(torch.float64)
        if finite.numel() == 0:
            return 0.0, 0.0, nan, inf
        norm = float(torch.linalg.vector_norm(finite, 2))
    if not mean_abs:
        return norm, 0.0, nan, inf
    mean = float(torch.linalg.vector_norm(finite, 1, dtype=torch.float64)) / finite.numel()
    return norm, mean, nan, inf


def l2_norm(values):
    """The L2 norm of the finite elements, or None when ``values`` is None."""
    return None if values is None else norm_stats(values)[0]


def gradient_summary(weight_grad=None, bias_grad=None, output_grad=None):
    """L2 norms of the weight, bias and output gradients (0 for one not given), the mean absolute
    weight gradient and the NaN/Inf counts of all three; None when none is given."""
    if weight_grad is None and bias_grad is None and output_grad is None:
        return None
    summary = {"weightNorm": 0.0, "biasNorm": 0.0, "outputNorm": 0.0, "weightMeanAbs": 0.0}
    nan = inf = 0
    for key, grad in (("weight", weight_grad), ("bias", bias_grad), ("output", output_grad)):
        if grad is None:
            continue
        norm, mean_abs, g_nan, g_inf = norm_stats(grad, key == "weight")
        summary[key + "Norm"] = norm
        if key == "weight":
            summary["weightMeanAbs"] = mean_abs
        nan += g_nan
        inf += g_inf
    summary["nanCount"] = nan
    summary["infCount"] = inf
    return summary


def update_ratio(last_update, weight_norm):
    """``||last_update|| / weight_norm``, or None without an update or with zero weights."""
    if last_update is None or not weight_norm:
        return None
    return norm_stats(last_update)[0] / weight_norm


def finite_or_none(value):
    """A loss as the wire wants it: ``(value, False)`` when finite, ``(None, True)`` when not,
    ``(None, False)`` when there is none."""
    if value is None:
        return None, False
    value = float(value)
    if math.isfinite(value):
        return value, False
    return None, True


def negative_fraction(output, units=None):
    """The fraction of units (last dimension) whose output is below 0 in every row: the negative
    regime of leaky ReLU, PReLU and ELU, where a unit still passes a small gradient."""
    units = output.shape[-1] if units is None else units
    return float((output.detach() < 0).reshape(-1, units).all(dim=0).sum()) / units


def activation_gain(input_grad, output_grad, steepest):
    """``||dL/dz|| / (steepest * ||dL/dy||)`` for an activation ``y = f(z)`` whose largest slope
    is ``steepest``: 1 when it passes the gradient at its steepest, 0 when it blocks it. None
    when the output gradient is zero."""
    out_norm = norm_stats(output_grad)[0]
    if out_norm == 0:
        return None
    return norm_stats(input_grad)[0] / (steepest * out_norm)
