"""Attaches Neuronwatch to a PyTorch model: layer discovery, hooks and per-step sampling.

Example::

    from neuronwatch_torch import Monitor

    monitor = Monitor(model, run="mnist-7", server="http://127.0.0.1:9750", sample_every=10,
                      on_alerts=lambda firing: print([a["name"] for a in firing]))
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        monitor.before_optimizer_step()   # remembers the weights, to measure the update
        optimizer.step()
        monitor.end_step(step, loss)      # computes the statistics on sampled steps, queues them
    monitor.close()                       # flushes; the run is marked finished
"""

import logging
import re
import time

import torch

from . import stats
from .capture import Capture
from .discovery import Layer, discover_layers
from .push import Pusher

LOG = logging.getLogger("neuronwatch_torch")
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/-]*\Z")
NEGATIVE_REGIME = frozenset({"leaky_relu", "prelu", "elu"})
PUSH_SETTINGS = frozenset({"queue_capacity", "max_samples_per_push", "flush_interval",
                           "connect_timeout", "request_timeout", "max_backoff", "close_timeout"})
# The largest slope of each saturating activation, for the activation gain.
STEEPEST = {"sigmoid": 0.25, "tanh": 1.0, "softmax": 0.5}


class Monitor:
    """Samples per-layer statistics of ``model`` every ``sample_every`` steps and pushes them to a
    Neuronwatch server from a background thread, in the Java agent's push protocol.

    Layers and their activations are found at attach time (see ``discovery``). On sampled steps
    only, in training mode with autograd enabled, a forward hook on each layer keeps its output
    and an interception of torch calls (see ``capture``) keeps the output of the activation that
    follows it, with tensor hooks for the gradients. On other steps the hooks return after one
    flag test. The step that
    the next forward pass belongs to is the last ``end_step`` step plus one (1 at the start), or
    whatever ``begin_step(step)`` says. Nothing here raises into the training loop after the
    constructor; failures are logged and counted.

    Arguments beyond the model: ``run`` (the run label), ``server``, ``sample_every``, ``token``
    (bearer token), ``on_alerts`` (called on the push thread with the run's firing alerts, a list
    of dicts with ``name``, ``run``, ``layer``, ``state``, ``value``, ``since``, ``summary``,
    whenever that list changes), ``saturation_epsilon`` and the push settings of ``Pusher``
    (``queue_capacity``, ``max_samples_per_push``, ``flush_interval``, ``connect_timeout``,
    ``request_timeout``, ``max_backoff``, ``close_timeout``).

    Example::

        with Monitor(model, run="spirals-1") as monitor:
            for step in range(1, 1001):
                ...                                # forward, backward
                monitor.before_optimizer_step()
                optimizer.step()
                monitor.end_step(step, loss)
    """

    def __init__(self, model, run, server="http://127.0.0.1:9750", sample_every=10, token=None,
                 on_alerts=None, saturation_epsilon=stats.DEFAULT_EPSILON, **push_settings):
        if not isinstance(model, torch.nn.Module):
            raise ValueError("model must be a torch.nn.Module, was %s" % type(model).__name__)
        if not isinstance(run, str) or len(run) > 128 or not NAME_PATTERN.match(run):
            raise ValueError("run must match [A-Za-z0-9][A-Za-z0-9_.:/-]* (at most 128), was %r"
                             % (run,))
        if isinstance(sample_every, bool) or not isinstance(sample_every, int) \
                or sample_every < 1:
            raise ValueError("sample_every must be a positive whole number, was %r"
                             % (sample_every,))
        if isinstance(saturation_epsilon, bool) or not isinstance(saturation_epsilon, (int, float)) \
                or not 0 < saturation_epsilon < 0.5:
            raise ValueError("saturation_epsilon must be in (0, 0.5), was %r"
                             % (saturation_epsilon,))
        unknown = set(push_settings) - PUSH_SETTINGS
        if unknown:
            raise ValueError("unknown argument %s (push settings: %s)"
                             % (", ".join(sorted(unknown)), ", ".join(sorted(PUSH_SETTINGS))))
        self.model = model
        self.run = run
        self.sample_every = int(sample_every)
        self.saturation_epsilon = saturation_epsilon
        self.layers, untraced = discover_layers(model)
        if not self.layers:
            raise ValueError("found no nn.Linear or nn.Conv1d/2d/3d layer in %s"
                             % type(model).__name__)
        # the last check of the arguments, before anything is logged or hooked; starts its thread
        self._pusher = Pusher(run, server, token=token, on_alerts=on_alerts, **push_settings)
        self.traced = untraced is None
        if untraced is not None:
            LOG.warning("neuronwatch: torch.fx cannot trace %s (%s); the activation after each "
                        "of its %d layers is taken from the calls of the first sampled step",
                        type(model).__name__, untraced, len(self.layers))
        for layer in self.layers:
            layer.kind = layer.expected
            if layer.unresolved:
                LOG.warning("neuronwatch: layer %s (%s): %s", layer.name,
                            type(layer.module).__name__, layer.unresolved)
        self._order = None if self.traced else []  # first-call order, to fix the depths
        self._warned = set()
        self._failed = set()  # layers whose measurement raised, warned once each
        self._next_step = 1
        self._last_step = -1
        self._error_logged = False
        self._closed = False
        self._sampling = self.is_sampling(1)
        self._capture = Capture(self._log_error)
        self._handles = [layer.module.register_forward_hook(self._hook(layer))
                         for layer in self.layers]
        self._handles.append(model.register_forward_hook(self._forward_done))

    # -- the training loop's calls ------------------------------------------------------------

    def is_sampling(self, step):
        """Whether ``step`` is sampled: a multiple of ``sample_every``."""
        return step % self.sample_every == 0

    def begin_step(self, step):
        """Optional: says which step the next forward pass belongs to."""
        self._next_step = int(step)
        self._sampling = not self._closed and self.is_sampling(self._next_step)

    def before_optimizer_step(self):
        """Call just before ``optimizer.step()``: on sampled steps, copies the weights so that
        ``end_step`` can measure the update the optimiser applied."""
        if not self._sampling:
            return
        try:
            self._capture.stop()
            with torch.no_grad():
                for layer in self.layers:
                    layer.weight_before = layer.module.weight.detach().clone()
        except Exception:
            self._log_error()

    def end_step(self, step, loss=None):
        """Ends ``step``: on a sampled step, computes every layer's statistics (under
        ``torch.no_grad()``) and queues the sample for the push thread. ``loss`` is a number or
        a scalar tensor. Never raises."""
        sampled = self._sampling
        try:
            step = int(step)
            if sampled:
                self._capture.stop()
            if not self._closed and self.is_sampling(step) and step > self._last_step:
                sample = self._sample(step, loss)
                if sample is not None:
                    self._last_step = step
                    self._pusher.offer(sample)
        except Exception:
            self._log_error()
        finally:
            if isinstance(step, int):
                self._next_step = step + 1
            self._sampling = not self._closed and self.is_sampling(self._next_step)
            if sampled:
                for layer in self.layers:
                    layer.reset()

    def status(self):
        """The agent counters: samplesTaken, samplesPushed, samplesDropped, pushesFailed."""
        return self._pusher.counters()

    @property
    def firing(self):
        """The run's firing alerts according to the last accepted push."""
        return self._pusher.firing

    @property
    def unresolved(self):
        """Layers whose activation could not be determined: name -> reason."""
        return {l.name: l.unresolved for l in self.layers if l.unresolved}

    def close(self, finished=True):
        """Removes the hooks, pushes what is queued (marking the run finished when ``finished``)
        and stops the push thread; returns within ``close_timeout`` seconds."""
        if self._closed:
            return
        self._closed = True
        self._sampling = False
        self._capture.stop()
        for handle in self._handles:
            handle.remove()
        self._pusher.close(finished=finished)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close(finished=exc_type is None)
        return False

    # -- internals ----------------------------------------------------------------------------

    def _hook(self, layer):
        def hook(module, inputs, output):
            if not self._sampling:
                return
            try:
                if not module.training or not torch.is_grad_enabled() or not torch.is_tensor(output):
                    return
                layer.reset()
                layer.z = output.detach()
                if output.requires_grad:
                    def keep_grad(grad):
                        layer.z_grad = grad.detach()
                    output.register_hook(keep_grad)
                if self._order is not None and layer not in self._order:
                    self._order.append(layer)
                self._capture.track(layer, output)
                self._capture.start()
            except Exception:
                self._log_error()
        return hook

    def _forward_done(self, module, inputs, output):
        if self._capture.active:
            self._capture.stop()

    def _sample(self, step, loss):
        if self._order:
            self._fix_depths()
        with torch.no_grad():
            layers = []
            for layer in sorted(self.layers, key=lambda l: l.depth):
                if layer.z is None:
                    continue
                try:
                    measured = self._measured(layer, step)
                    if measured is not None:
                        layers.append(self._layer_sample(layer, *measured))
                except Exception:  # one layer never costs the others their sample
                    self._layer_failed(layer, step)
        if not layers:
            return None
        if torch.is_tensor(loss):
            loss = loss.detach().float().item()
        value, non_finite = stats.finite_or_none(loss)
        sample = {"step": step, "timeMillis": int(time.time() * 1000)}
        if value is not None:
            sample["loss"] = value
        sample["lossNonFinite"] = non_finite
        sample["layers"] = layers
        return sample

    def _fix_depths(self):
        """Without fx, the depth is the order of the first sampled forward pass."""
        ran = list(self._order)
        rest = [l for l in self.layers if l not in ran]
        for depth, layer in enumerate(ran + rest):
            layer.depth = depth
        self._order = None

    def _measured(self, layer, step):
        """``(kind, output, output gradient, activation input gradient)`` to report for the
        layer, or None to leave it out of this sample."""
        if layer.kind is None:  # no fx: the first sampled step decides, once
            if layer.captured is False:
                layer.kind = "linear"
                layer.unresolved = ("followed by %s, which has no Neuronwatch activation kind; "
                                    "measured before it and reported as linear"
                                    % layer.captured_call[0])
                LOG.warning("neuronwatch: layer %s (%s): %s", layer.name,
                            type(layer.module).__name__, layer.unresolved)
            else:
                layer.kind = layer.captured or "linear"
        if layer.kind == "linear":
            return "linear", layer.z, layer.z_grad, None
        if layer.captured == layer.kind:
            return layer.kind, layer.y, layer.y_grad, layer.a_grad
        if layer.name not in self._warned:
            self._warned.add(layer.name)
            LOG.warning("neuronwatch: layer %s: the %s after it was not called at step %d; the "
                        "layer is left out of the samples where that happens", layer.name,
                        layer.kind, step)
        return None

    def _layer_failed(self, layer, step):
        if layer.name not in self._failed:
            self._failed.add(layer.name)
            LOG.warning("neuronwatch: layer %s (%s) cannot be measured at step %d; it is left "
                        "out of the samples where that happens, the other layers are sampled",
                        layer.name, type(layer.module).__name__, step, exc_info=True)

    def _layer_sample(self, layer, kind, out, out_grad, input_grad):
        units = layer.units
        axis = layer.channel_dim(out)
        if out.dim() <= axis or out.shape[axis] != units:
            raise ValueError("the %s output measured has shape %s: not %d units on axis %d"
                             % (kind, tuple(out.shape), units, axis))
        unit_last = out.movedim(axis, -1)
        record = {"name": layer.name, "depth": layer.depth, "activation": kind, "units": units,
                  "output": stats.tensor_summary(out)}
        if kind == "relu":
            record["deadFraction"] = stats.dead_fraction(unit_last, units)
        if kind in stats.SATURATING:
            if kind == "softmax":
                dim = _softmax_dim(layer.captured_call, out.dim())
                rows = out.movedim(dim, -1)
                record["saturationFraction"] = stats.saturation_fraction(
                    kind, rows, self.saturation_epsilon, rows.shape[-1])
            else:
                record["saturationFraction"] = stats.saturation_fraction(
                    kind, unit_last, self.saturation_epsilon, units)
        module = layer.module
        gradient = stats.gradient_summary(
            module.weight.grad, None if module.bias is None else module.bias.grad, out_grad)
        if gradient is not None:
            record["gradient"] = gradient
        weight_norm, _, nan, inf = stats.norm_stats(module.weight, False)
        if nan + inf == 0:
            record["weightNorm"] = weight_norm
        update = None
        if layer.weight_before is not None:
            update = stats.norm_stats(module.weight.detach() - layer.weight_before, False)
            if nan + inf == 0 and weight_norm > 0:
                record["updateRatio"] = update[0] / weight_norm
        if kind in NEGATIVE_REGIME:
            record["negativeFraction"] = stats.negative_fraction(unit_last, units)
        if kind == "prelu" and layer.captured_call[1]:
            alpha = layer.captured_call[1][0].detach().to(torch.float64)
            record["alpha"] = {"mean": float(alpha.mean()), "min": float(alpha.min())}
        if kind in STEEPEST and out_grad is not None and input_grad is not None:
            gain = stats.activation_gain(input_grad, out_grad, STEEPEST[kind])
            if gain is not None:
                record["activationGain"] = gain
        record["weightNonFinite"] = nan + inf
        if update is not None:
            record["updateNonFinite"] = update[2] + update[3]
        return record

    def _log_error(self):
        if not self._error_logged:
            self._error_logged = True
            LOG.exception("neuronwatch: sampling failed; training goes on")


def _softmax_dim(call, ndim):
    args, kwargs = (call[1], call[2]) if call else ((), {})
    dim = kwargs.get("dim", args[0] if args else None)
    if dim is None:  # torch's legacy implicit choice
        dim = 0 if ndim in (0, 1, 3) else 1
    return dim
