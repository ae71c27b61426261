"""The monitor against a local fake server: layer discovery, sampling, the JSON it pushes
(field names checked against the Java wire records) and the push thread's failure handling."""

import os
import re
import sys
import time
import unittest

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
from neuronwatch_torch import Monitor, discover_layers  # noqa: E402
from fakeserver import FakeServer  # noqa: E402

MODEL_SOURCES = os.path.join(HERE, "..", "..", "..", "protocol", "src", "main", "java", "dev",
                             "neuronwatch", "protocol")


def java_components(record):
    """The component names of a Java record in the protocol module, in order."""
    with open(os.path.join(MODEL_SOURCES, record + ".java"), encoding="utf-8") as f:
        source = f.read()
    header = re.search(r"public record %s\((.*?)\)\s*\{" % record, source, re.S).group(1)
    return [part.split()[-1] for part in header.split(",")]


def train(model, monitor, steps, lr=0.1, x=None, loss_of=None):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    x = torch.ones(4, model[0].in_features) if x is None else x
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        out = model(x)
        loss = out.sum() if loss_of is None else loss_of(out)
        loss.backward()
        monitor.before_optimizer_step()
        optimizer.step()
        monitor.end_step(step, loss)


class LayerDiscoveryTest(unittest.TestCase):
    def test_activation_modules_after_each_linear(self):
        model = nn.Sequential(
            nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 3), nn.Dropout(0.1), nn.LeakyReLU(),
            nn.Sequential(nn.Linear(3, 3), nn.PReLU()), nn.Linear(3, 3), nn.ELU(),
            nn.Linear(3, 3), nn.GELU(), nn.Linear(3, 3), nn.SiLU(), nn.Linear(3, 3), nn.Sigmoid(),
            nn.Linear(3, 3), nn.Tanh(), nn.Linear(3, 3), nn.Softmax(dim=-1), nn.Linear(3, 2))
        layers, untraced = discover_layers(model)
        self.assertIsNone(untraced)
        self.assertEqual([l.activation for l in layers],
                         ["relu", "leaky_relu", "prelu", "elu", "gelu", "swish", "sigmoid", "tanh",
                          "softmax", "linear"])
        self.assertEqual([l.name for l in layers],
                         ["0", "2", "5.0", "6", "8", "10", "12", "14", "16", "18"])
        self.assertEqual([l.depth for l in layers], list(range(10)))

    def test_bad_run_name_is_refused(self):
        for bad in ("", "-x", "a b", "x" * 129):
            with self.assertRaises(ValueError):
                Monitor(nn.Sequential(nn.Linear(1, 1)), run=bad, server="http://127.0.0.1:1")

    def test_bad_arguments_are_refused_naming_what_was_wrong_and_hook_nothing(self):
        model = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
        cases = [
            ({"model": "not a model"}, "model must be a torch.nn.Module, was str"),
            ({"sample_every": 0}, "sample_every must be a positive whole number, was 0"),
            ({"sample_every": "10"}, "sample_every must be a positive whole number, was '10'"),
            ({"sample_every": 2.5}, "sample_every must be a positive whole number, was 2.5"),
            ({"saturation_epsilon": 0.5}, "saturation_epsilon must be in (0, 0.5), was 0.5"),
            ({"server": "127.0.0.1:9750"}, "server must be an http(s) URL"),
            ({"server": "http://:9750"}, "server must be an http(s) URL"),
            ({"server": "http://host:port"}, "was 'http://host:port'"),
            ({"token": "a b"}, "token must be a non-empty string without spaces"),
            ({"token": ""}, "token must be a non-empty string"),
            ({"queue_capacity": 0}, "queue_capacity must be a whole number in [1, ...], was 0"),
            ({"max_samples_per_push": 2000}, "max_samples_per_push must be a whole number in "
                                             "[1, 1024], was 2000"),
            ({"request_timeout": -1}, "request_timeout must be a positive number of seconds"),
            ({"flush_interval": "1"}, "flush_interval must be a positive number of seconds"),
            ({"on_alerts": "print"}, "on_alerts must be callable"),
            ({"sampel_every": 10}, "unknown argument sampel_every (push settings: "),
            ({"model": nn.Sequential(nn.ReLU())}, "found no nn.Linear or nn.Conv1d/2d/3d layer"),
        ]
        for overrides, message in cases:
            with self.subTest(overrides=overrides):
                kwargs = {"model": model, "run": "args", "server": "http://127.0.0.1:1"}
                kwargs.update(overrides)
                with self.assertRaises(ValueError) as raised:
                    Monitor(**kwargs)
                self.assertIn(message, str(raised.exception))
        self.assertFalse(model._forward_hooks or model[0]._forward_hooks)


class PushTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.server = FakeServer()
        self.addCleanup(self.server.close)

    def monitor(self, model, **kw):
        kw.setdefault("flush_interval", 0.05)
        return Monitor(model, run="unit-1", server=self.server.url, **kw)

    def test_push_carries_the_java_field_names(self):
        model = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 3), nn.Tanh(),
                              nn.Linear(3, 2))
        monitor = self.monitor(model, sample_every=1, token="secret")
        train(model, monitor, 2)
        monitor.close()
        path, headers, body = self.server.bodies[-1]
        self.assertEqual(path, "/api/v1/push")
        self.assertEqual(headers["Authorization"], "Bearer secret")
        # attempt is optional in the protocol and not sent
        self.assertEqual(list(body), [f for f in java_components("PushRequest")
                                      if f != "attempt"])
        self.assertEqual(list(body["agent"]), java_components("AgentCounters"))
        self.assertTrue(body["finished"])
        sample = self.server.samples()[0]
        # lossWindow is optional in the protocol and not sent
        self.assertEqual(list(sample), [f for f in java_components("StepSample")
                                        if f != "lossWindow"])
        relu, tanh, linear = sample["layers"]
        layer_fields = java_components("LayerSample")

        def without(*absent):
            return [f for f in layer_fields if f not in absent]
        self.assertEqual(list(relu), without("saturationFraction", "negativeFraction", "alpha",
                                             "activationGain"))
        self.assertEqual(list(tanh), without("deadFraction", "negativeFraction", "alpha"))
        self.assertEqual(list(linear), without("deadFraction", "saturationFraction",
                                               "negativeFraction", "alpha", "activationGain"))
        self.assertEqual(list(relu["output"]), java_components("TensorSummary"))
        self.assertEqual(list(relu["gradient"]), java_components("GradientSummary"))
        self.assertEqual((relu["units"], tanh["activation"], linear["depth"]), (4, "tanh", 2))

    def test_only_sampled_steps_are_recorded_and_hooks_keep_nothing_otherwise(self):
        model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
        monitor = self.monitor(model, sample_every=3)
        model(torch.ones(1, 2))  # step 1 is not sampled: nothing kept
        self.assertTrue(all(l.z is None and l.y is None for l in monitor.layers))
        monitor.end_step(1, 0.0)
        train(model, monitor, 7)
        monitor.close()
        self.assertEqual([s["step"] for s in self.server.samples()], [3, 6])
        self.assertEqual(monitor.status(), {"samplesTaken": 2, "samplesPushed": 2,
                                            "samplesDropped": 0, "pushesFailed": 0})

    def test_statistics_of_a_known_network(self):
        layer = nn.Linear(1, 2)
        with torch.no_grad():
            layer.weight.copy_(torch.tensor([[1.0], [-1.0]]))
            layer.bias.zero_()
        model = nn.Sequential(layer, nn.ReLU())
        monitor = self.monitor(model, sample_every=1)
        x = torch.tensor([[1.0], [2.0], [3.0]])
        train(model, monitor, 1, lr=0.1, x=x)  # loss = sum of outputs
        monitor.close()
        (dense,) = self.server.samples()[0]["layers"]
        self.assertEqual(dense["deadFraction"], 0.5)  # unit 1 is -x <= 0 for every x > 0
        self.assertEqual(dense["output"]["mean"], 1.0)  # outputs 1 2 3 and three zeros
        self.assertEqual(dense["output"]["zeroFraction"], 0.5)
        g = dense["gradient"]
        self.assertAlmostEqual(g["outputNorm"], 6 ** 0.5)  # d loss / d output = 1 everywhere
        self.assertAlmostEqual(g["weightNorm"], 6.0)  # dW = [[1+2+3], [0]]
        self.assertAlmostEqual(g["biasNorm"], 3.0)  # db = [3, 0]
        self.assertAlmostEqual(g["weightMeanAbs"], 3.0)
        # SGD: W' = [[1 - 0.6], [-1]], update 0.6 -> ratio 0.6 / sqrt(0.16 + 1)
        self.assertAlmostEqual(dense["weightNorm"], (0.16 + 1) ** 0.5, places=6)
        self.assertAlmostEqual(dense["updateRatio"], 0.6 / (1.16 ** 0.5), places=6)

    def test_nan_loss_and_outputs_are_reported_not_sent_as_numbers(self):
        layer = nn.Linear(1, 2)
        with torch.no_grad():
            layer.weight.copy_(torch.tensor([[float("nan")], [1.0]]))
        model = nn.Sequential(layer, nn.Sigmoid())
        monitor = self.monitor(model, sample_every=1)
        train(model, monitor, 1, x=torch.ones(2, 1))
        monitor.close()
        sample = self.server.samples()[0]
        self.assertNotIn("loss", sample)
        self.assertTrue(sample["lossNonFinite"])
        dense = sample["layers"][0]
        self.assertEqual((dense["output"]["nanCount"], dense["output"]["count"]), (2, 2))
        self.assertGreater(dense["gradient"]["nanCount"], 0)

    def test_retries_server_errors_drops_rejected_batches_and_hears_alerts(self):
        alert = {"name": "NeuronwatchDyingRelu", "run": "unit-1", "layer": "dense_0",
                 "state": "firing", "value": 0.9, "since": "2026-01-01T00:00:00Z",
                 "summary": "dead"}
        self.server.script = [(503, {"error": "busy"}, {}), (429, {}, {"Retry-After": "0"}),
                              (200, {"accepted": 1, "firing": [alert]}, {}),
                              (400, {"error": "bad", "field": "x"}, {})]
        heard = []
        model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
        monitor = self.monitor(model, sample_every=1, on_alerts=heard.append, max_backoff=0.05)
        train(model, monitor, 1)
        deadline = time.time() + 5
        while not heard and time.time() < deadline:
            time.sleep(0.01)
        monitor.end_step(2, 0.0)  # no forward: nothing captured, nothing taken
        model(torch.ones(1, 2))
        monitor.end_step(3, 0.0)
        monitor.close()
        self.assertEqual(heard, [[alert]])
        self.assertEqual(monitor.firing, [alert])  # from the last accepted push
        status = monitor.status()
        self.assertEqual(status["samplesTaken"], 2)
        self.assertEqual(status["samplesPushed"] + status["samplesDropped"], 2)
        self.assertEqual(status["samplesDropped"], 1)  # the 400
        self.assertEqual(status["pushesFailed"], 3)

    def test_version_2_and_unknown_alert_fields_are_passed_through(self):
        alert = {"name": "NeuronwatchNonFiniteValues", "run": "unit-1", "layer": "0",
                 "state": "firing", "value": 3.0, "since": "2026-01-01T00:00:00Z",
                 "summary": "NaN", "threshold": 0.0, "step": 10, "runbook": "http://x/rb",
                 "origin": {"kind": "weights"}, "comeLater": [1, 2]}
        self.server.script = [(200, {"accepted": 1, "firing": [alert], "unknown": True}, {})]
        heard = []
        model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
        monitor = self.monitor(model, sample_every=1, on_alerts=heard.append)
        train(model, monitor, 1)
        deadline = time.time() + 5
        while not heard and time.time() < deadline:
            time.sleep(0.01)
        monitor.close()
        self.assertEqual(heard[0], [alert])  # then [] from the final push's answer
        self.assertEqual(monitor.status()["pushesFailed"], 0)

    def test_a_down_server_never_stops_the_training(self):
        model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
        monitor = Monitor(model, run="down", server="http://127.0.0.1:9", sample_every=1,
                          queue_capacity=2, flush_interval=0.01, close_timeout=0.5,
                          connect_timeout=0.1, request_timeout=0.1, max_backoff=0.05)
        train(model, monitor, 5)
        started = time.time()
        monitor.close()
        self.assertLess(time.time() - started, 2.0)
        status = monitor.status()
        self.assertEqual(status["samplesTaken"], 5)
        self.assertEqual(status["samplesPushed"], 0)
        self.assertEqual(status["samplesDropped"], 5)
        self.assertGreater(status["pushesFailed"], 0)


if __name__ == "__main__":
    unittest.main()
