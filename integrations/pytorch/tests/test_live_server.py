"""Every model style trained one sampled step against a real Neuronwatch server: the per-layer
series of its ``/metrics`` must hold what torch computes directly (see ``reference``), under the
module path as layer label and the activation that really follows each layer.

Needs a running server: ``NEURONWATCH_SERVER=http://127.0.0.1:9750 python3 -m unittest
test_live_server`` (the Java test ``PyTorchAgentTest`` starts one and runs this). Without the
variable the test is skipped.
"""

import math
import os
import re
import sys
import time
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
import reference  # noqa: E402
import styles  # noqa: E402
from neuronwatch_torch import Monitor  # noqa: E402

SERVER = os.environ.get("NEURONWATCH_SERVER")
SERIES = re.compile(r'^(neuronwatch_layer_[a-z_]+)\{([^}]*)\} (\S+)$', re.M)
LABEL = re.compile(r'(\w+)="([^"]*)"')

# gauge -> how to read the expected value from a reference record (None: not exported for it)
GAUGES = {
    "neuronwatch_layer_activation_mean": lambda r: r["mean"],
    "neuronwatch_layer_activation_stddev": lambda r: math.sqrt(r["variance"]),
    "neuronwatch_layer_activation_min": lambda r: r["min"],
    "neuronwatch_layer_activation_max": lambda r: r["max"],
    "neuronwatch_layer_zero_ratio": lambda r: r["zeroFraction"],
    "neuronwatch_layer_dead_units_ratio": lambda r: r.get("deadFraction"),
    "neuronwatch_layer_negative_units_ratio": lambda r: r.get("negativeFraction"),
    "neuronwatch_layer_saturation_ratio": lambda r: r.get("saturationFraction"),
    "neuronwatch_layer_gradient_weight_norm": lambda r: r["weightGradNorm"],
    "neuronwatch_layer_gradient_bias_norm": lambda r: r["biasGradNorm"],
    "neuronwatch_layer_gradient_output_norm": lambda r: r["outputGradNorm"],
    "neuronwatch_layer_weight_norm": lambda r: r["weightNorm"],
    "neuronwatch_layer_update_ratio": lambda r: r["updateRatio"],
    "neuronwatch_layer_depth": lambda r: float(r["depth"]),
}


def scrape(server):
    """run -> layer -> (activation label, {gauge: value})."""
    with urllib.request.urlopen(server.rstrip("/") + "/metrics", timeout=30) as response:
        text = response.read().decode("utf-8")
    runs = {}
    for name, labels, value in SERIES.findall(text):
        tags = dict(LABEL.findall(labels))
        if "activation" not in tags:
            continue
        layer = runs.setdefault(tags["run"], {}).setdefault(tags["layer"], [set(), {}])
        layer[0].add(tags["activation"])
        layer[1][name] = float(value)
    return runs


@unittest.skipUnless(SERVER, "set NEURONWATCH_SERVER to a running Neuronwatch server")
class LiveServerTest(unittest.TestCase):
    def test_every_style_reaches_metrics_as_torch_computes_it(self):
        prefix = "torch-stats-%d-" % os.getpid()
        expected = {}
        for style in styles.STYLES:
            model, x, y = reference.batch_for(style)
            expected[prefix + style] = (style, reference.expected_records(style, model, x, y))
            monitor = Monitor(model, run=prefix + style, server=SERVER, sample_every=1,
                              request_timeout=20, close_timeout=30)
            reference.train_one_step(model, x, y, monitor)
            monitor.close()
            self.assertEqual(monitor.status()["samplesPushed"], 1, style)
        deadline = time.time() + 10
        while True:  # the server applies a push before answering it; allow for a slow scrape
            runs = scrape(SERVER)
            if all(run in runs for run in expected) or time.time() > deadline:
                break
            time.sleep(0.2)
        problems = []
        for run, (style, layers) in expected.items():
            seen = runs.get(run, {})
            if sorted(seen) != sorted(layers):
                problems.append("%s: layers in /metrics %s, expected %s"
                                % (style, sorted(seen), sorted(layers)))
                continue
            for layer, record in layers.items():
                kinds, values = seen[layer]
                if kinds != {record["activation"]}:
                    problems.append("%s %s: activation label %s, expected %s"
                                    % (style, layer, sorted(kinds), record["activation"]))
                for gauge, read in GAUGES.items():
                    wanted, actual = read(record), values.get(gauge)
                    if wanted is None:
                        if actual is not None:
                            problems.append("%s %s: %s = %r, expected no series"
                                            % (style, layer, gauge, actual))
                    elif actual is None or not reference.same(actual, wanted, 6):
                        problems.append("%s %s: %s = %r, torch says %r"
                                        % (style, layer, gauge, actual, wanted))
        self.assertEqual(problems, [])


if __name__ == "__main__":
    unittest.main()
