"""Neuronwatch for PyTorch: per-layer training diagnostics pushed to a Neuronwatch server in the
same protocol as the Java agent, so a PyTorch job gets the same metrics and alerts.

Example::

    from neuronwatch_torch import Monitor

    monitor = Monitor(model, run="spirals-1", server="http://127.0.0.1:9750")
    for step in range(1, 1001):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        monitor.before_optimizer_step()
        optimizer.step()
        monitor.end_step(step, loss)
    monitor.close()
"""

from .monitor import Layer, Monitor, activation_name, discover_layers
from .push import Pusher

__all__ = ["Monitor", "Layer", "Pusher", "discover_layers", "activation_name"]
