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
from torch import nn

from . import stats
from .push import Pusher

LOG = logging.getLogger("neuronwatch_torch")
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/-]*\Z")

# Activation modules and their wire names (ActivationKind in the Java model).
ACTIVATIONS = (
    (nn.ReLU, "relu"),
    (nn.ReLU6, "relu"),
    (nn.LeakyReLU, "leaky_relu"),
    (nn.PReLU, "prelu"),
    (nn.ELU, "elu"),
    (nn.GELU, "gelu"),
    (nn.SiLU, "swish"),
    (nn.Sigmoid, "sigmoid"),
    (nn.Tanh, "tanh"),
    (nn.Softmax, "softmax"),
)


def activation_name(module):
    """The wire name of an activation module, or None when ``module`` is not one."""
    for kind, name in ACTIVATIONS:
        if isinstance(module, kind):
            return name
    return None


class Layer:
    """One monitored layer: a ``nn.Linear`` and the activation module that follows it, if any."""

    def __init__(self, name, depth, path, linear):
        self.name = name
        self.depth = depth
        self.path = path  # the Linear's qualified name in the model, e.g. "net.0"
        self.linear = linear
        self.activation = "linear"
        self.activation_module = None
        self.output = None
        self.output_grad = None
        self.weight_before = None

    @property
    def output_module(self):
        return self.activation_module if self.activation_module is not None else self.linear

    def __repr__(self):
        return "Layer(%s, depth=%d, path=%s, activation=%s, units=%d)" % (
            self.name, self.depth, self.path, self.activation, self.linear.out_features)


def discover_layers(model):
    """The model's ``nn.Linear`` modules in registration order, depth 0 first, each paired with
    the first activation module registered after it and before the next Linear. Other modules in
    between (dropout, normalisation) are skipped. Layers are named ``dense_<depth>``."""
    layers = []
    for path, module in model.named_modules():
        if any(True for _ in module.children()):
            continue  # containers: their leaves come next
        if isinstance(module, nn.Linear):
            layers.append(Layer("dense_%d" % len(layers), len(layers), path or "linear", module))
            continue
        kind = activation_name(module)
        if kind is not None and layers and layers[-1].activation_module is None:
            layers[-1].activation = kind
            layers[-1].activation_module = module
    return layers


class Monitor:
    """Samples per-layer statistics of ``model`` every ``sample_every`` steps and pushes them to a
    Neuronwatch server from a background thread, in the Java agent's push protocol.

    Forward hooks keep a layer's output (and, through a tensor hook, the gradient of the loss with
    respect to it) only on sampled steps, in training mode, with autograd enabled. The step that
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
        if not isinstance(run, str) or len(run) > 128 or not NAME_PATTERN.match(run):
            raise ValueError("run must match [A-Za-z0-9][A-Za-z0-9_.:/-]* (at most 128), was %r"
                             % (run,))
        if sample_every < 1:
            raise ValueError("sample_every must be positive, was %r" % (sample_every,))
        if not 0 < saturation_epsilon < 0.5:
            raise ValueError("saturation_epsilon must be in (0, 0.5)")
        self.model = model
        self.run = run
        self.sample_every = int(sample_every)
        self.saturation_epsilon = saturation_epsilon
        self.layers = discover_layers(model)
        if not self.layers:
            raise ValueError("found no nn.Linear layer in the model")
        self._next_step = 1
        self._last_step = -1
        self._error_logged = False
        self._handles = [layer.output_module.register_forward_hook(self._hook(layer))
                         for layer in self.layers]
        self._pusher = Pusher(run, server, token=token, on_alerts=on_alerts, **push_settings)
        self._closed = False

    # -- the training loop's calls ------------------------------------------------------------

    def is_sampling(self, step):
        """Whether ``step`` is sampled: a multiple of ``sample_every``."""
        return step % self.sample_every == 0

    def begin_step(self, step):
        """Optional: says which step the next forward pass belongs to."""
        self._next_step = int(step)

    def before_optimizer_step(self):
        """Call just before ``optimizer.step()``: on sampled steps, copies the weights so that
        ``end_step`` can measure the update the optimiser applied."""
        if self._closed or not self.is_sampling(self._next_step):
            return
        try:
            with torch.no_grad():
                for layer in self.layers:
                    layer.weight_before = layer.linear.weight.detach().clone()
        except Exception:
            self._log_error()

    def end_step(self, step, loss=None):
        """Ends ``step``: on a sampled step, computes every layer's statistics (under
        ``torch.no_grad()``) and queues the sample for the push thread. ``loss`` is a number or
        a scalar tensor. Never raises."""
        try:
            step = int(step)
            if not self._closed and self.is_sampling(step) and step > self._last_step:
                sample = self._sample(step, loss)
                if sample is not None:
                    self._last_step = step
                    self._pusher.offer(sample)
        except Exception:
            self._log_error()
        finally:
            self._next_step = step + 1 if isinstance(step, int) else self._next_step
            for layer in self.layers:
                layer.output = layer.output_grad = layer.weight_before = None

    def status(self):
        """The agent counters: samplesTaken, samplesPushed, samplesDropped, pushesFailed."""
        return self._pusher.counters()

    @property
    def firing(self):
        """The run's firing alerts according to the last accepted push."""
        return self._pusher.firing

    def close(self, finished=True):
        """Removes the hooks, pushes what is queued (marking the run finished when ``finished``)
        and stops the push thread; returns within ``close_timeout`` seconds."""
        if self._closed:
            return
        self._closed = True
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
            if (self._closed or not module.training or not torch.is_grad_enabled()
                    or not self.is_sampling(self._next_step) or not torch.is_tensor(output)):
                return
            layer.output = output.detach()
            layer.output_grad = None
            if output.requires_grad:
                def keep_grad(grad):
                    layer.output_grad = grad.detach()
                output.register_hook(keep_grad)
        return hook

    def _sample(self, step, loss):
        with torch.no_grad():
            layers = [self._layer_sample(layer) for layer in self.layers
                      if layer.output is not None]
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

    def _layer_sample(self, layer):
        units = layer.linear.out_features
        out = layer.output
        record = {"name": layer.name, "depth": layer.depth, "activation": layer.activation,
                  "units": units, "output": stats.tensor_summary(out)}
        if layer.activation in stats.RELU_FAMILY:
            record["deadFraction"] = stats.dead_fraction(out, units)
        if layer.activation in stats.SATURATING:
            record["saturationFraction"] = stats.saturation_fraction(
                layer.activation, out, self.saturation_epsilon, units)
        linear = layer.linear
        gradient = stats.gradient_summary(
            linear.weight.grad, None if linear.bias is None else linear.bias.grad,
            layer.output_grad)
        if gradient is not None:
            record["gradient"] = gradient
        weight_norm = stats.l2_norm(linear.weight)
        record["weightNorm"] = weight_norm
        if layer.weight_before is not None:
            ratio = stats.update_ratio(linear.weight.detach() - layer.weight_before, weight_norm)
            if ratio is not None:
                record["updateRatio"] = ratio
        return record

    def _log_error(self):
        if not self._error_logged:
            self._error_logged = True
            LOG.exception("neuronwatch: sampling failed; training goes on")
