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

from .discovery import Layer, discover_layers
from .monitor import Monitor
from .push import Pusher

__version__ = "0.2.0"
__all__ = ["Monitor", "Layer", "Pusher", "discover_layers"]
