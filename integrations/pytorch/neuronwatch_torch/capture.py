"""On a sampled step, follows each layer's output to its activation call and keeps that call's
output: a ``torch.overrides.TorchFunctionMode`` that is active only between the first layer's
forward hook and the end of the forward pass of a sampled step. It sees module activations
(``nn.ReLU`` calls ``F.relu``), shared modules and functional calls alike, and passes a tracked
tensor on through normalisation, dropout, pooling and additions. On other steps it is not active
and costs nothing.

Example::

    capture = Capture(on_error=print)
    capture.track(layer, output)       # in the layer's forward hook, on a sampled step
    capture.start()                    # every torch call from here on is looked at
    ...                                # the rest of the forward pass
    capture.stop()
"""

import torch
from torch.overrides import TorchFunctionMode

from . import kinds


class Capture(TorchFunctionMode):
    """The interception mode; see the module docstring."""

    def __init__(self, on_error):
        super().__init__()
        self.on_error = on_error
        self.active = False
        self._tracked = {}  # id(tensor) -> (tensor, [layers]); the tensor keeps the id unique

    def track(self, layer, tensor):
        """Marks ``tensor`` (a layer's output) as leading to ``layer``'s activation."""
        self._tracked[id(tensor)] = (tensor, [layer])

    def start(self):
        if not self.active:
            self.__enter__()
            self.active = True

    def stop(self):
        """Leaves the mode (when this thread entered it) and forgets the tracked tensors."""
        if self.active:
            self.active = False
            self.__exit__(None, None, None)
        self._tracked = {}

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        if self._tracked:
            try:
                self._follow(func, args, kwargs, out)
            except Exception:  # never into the training
                self.on_error()
        return out

    def _owners(self, args, kwargs):
        owners = []
        for value in list(args[:2]) + [kwargs.get("input")]:
            entry = self._tracked.get(id(value)) if torch.is_tensor(value) else None
            if entry is not None and entry[0] is value:
                owners.extend(layer for layer in entry[1] if layer not in owners)
        return owners

    def _follow(self, func, args, kwargs, out):
        kind = kinds.function_kind(func, args, kwargs)
        transparent = kind is None and kinds.is_transparent_function(func)
        if kind is None and not transparent:
            return
        owners = self._owners(args, kwargs)
        if transparent and not kinds.is_transparent_function(func, conv=False):
            owners = [layer for layer in owners if kinds.is_conv(layer.module)]  # pooling
        if not owners:
            return
        if transparent:
            result = out[0] if isinstance(out, tuple) else out
            if torch.is_tensor(result):
                self._tracked[id(result)] = (result, owners)
            return
        source = args[0] if args else kwargs.get("input")
        for layer in owners:
            if layer.captured is not None:
                continue  # the first activation after the layer is its own
            layer.captured = kind
            if kind is False:
                layer.captured_call = (kinds.call_name(func), (), {})
                continue
            layer.captured_call = (kinds.call_name(func), args[1:], kwargs)
            layer.y = out.detach()
            if out.requires_grad:
                out.register_hook(_keeper(layer, "y_grad"))
            if source is not out and torch.is_tensor(source) and source.requires_grad:
                source.register_hook(_keeper(layer, "a_grad"))


def _keeper(layer, field):
    def keep(grad):
        setattr(layer, field, grad.detach())
    return keep
