"""Layer discovery and activation capture for each way PyTorch users write a model: what torch.fx
finds at attach time, and what a sampled step actually reports, must both be the model's truth."""

import os
import sys
import unittest
from unittest import mock

import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "examples"))
sys.path.insert(0, HERE)
import styles  # noqa: E402
from fakeserver import FakeServer  # noqa: E402
from neuronwatch_torch import Monitor, discover_layers, stats  # noqa: E402


def sampled_layers(test, model, x, steps=2, **kw):
    """Trains ``steps`` SGD steps sampling every step; the layers of each pushed sample."""
    server = FakeServer()
    test.addCleanup(server.close)
    monitor = Monitor(model, run="styles", server=server.url, sample_every=1,
                      flush_interval=0.05, **kw)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        model(x).float().pow(2).mean().backward()
        monitor.before_optimizer_step()
        optimizer.step()
        monitor.end_step(step, 0.0)
    monitor.close()
    return monitor, [sample["layers"] for sample in server.samples()]


def inputs(style):
    data = styles.STYLES[style][1]
    return torch.randn(8, 2) if data == "spirals" else torch.randn(8, 1, 12, 12)


class EveryStyleTest(unittest.TestCase):
    def test_attach_time_kinds_names_and_depths(self):
        for style, (factory, _, expected) in styles.STYLES.items():
            if style == "untraceable":
                continue
            with self.subTest(style=style):
                layers, untraced = discover_layers(factory())
                self.assertIsNone(untraced)
                self.assertEqual({l.name: l.activation for l in layers}, expected)
                self.assertEqual([l.name for l in layers], list(expected))  # execution order
                self.assertEqual([l.depth for l in layers], list(range(len(expected))))
                self.assertFalse([l for l in layers if l.unresolved])

    def test_sampled_steps_report_the_same_kinds_for_every_layer_of_every_style(self):
        for style, (factory, _, expected) in styles.STYLES.items():
            with self.subTest(style=style):
                torch.manual_seed(0)
                _, samples = sampled_layers(self, factory(), inputs(style))
                self.assertEqual(len(samples), 2)
                for layers in samples:
                    self.assertEqual([(l["name"], l["activation"], l["depth"]) for l in layers],
                                     [(name, kind, depth)
                                      for depth, (name, kind) in enumerate(expected.items())])

    def test_untraceable_model_is_labelled_from_the_first_sampled_step_with_one_warning(self):
        with self.assertLogs("neuronwatch_torch", "WARNING") as logs:
            monitor, samples = sampled_layers(self, styles.Untraceable(), torch.randn(8, 2))
        self.assertFalse(monitor.traced)
        self.assertEqual(len([m for m in logs.output if "cannot trace Untraceable" in m]), 1)
        self.assertEqual([l["activation"] for l in samples[0]], ["elu", "linear"])


class SharedReluTest(unittest.TestCase):
    def test_shared_relu_measures_each_layer_with_its_own_shape(self):
        # the old discovery put the shared ReLU after the head: "shape '[-1, 3]' is invalid"
        model = styles.Shared(width=16)
        monitor, samples = sampled_layers(self, model, torch.randn(5, 2), steps=3)
        self.assertEqual(monitor.status()["samplesTaken"], 3)
        for layers in samples:
            self.assertEqual([(l["name"], l["activation"], l["units"], l["output"]["count"])
                              for l in layers],
                             [("fc1", "relu", 16, 80), ("fc2", "relu", 16, 80),
                              ("head", "linear", 3, 15)])
        # the fc2 sample is the ReLU of fc2's output, not of fc1's: check against torch
        with torch.no_grad():
            expected = F.relu(model.fc2(F.relu(model.fc1(torch.zeros(1, 2)))))
        self.assertGreaterEqual(expected.min().item(), 0.0)


class UnresolvedActivationTest(unittest.TestCase):
    def test_unsupported_activation_is_named_once_and_the_layer_reported_linear(self):
        model = nn.Sequential(nn.Linear(2, 4), nn.Hardswish(), nn.Linear(4, 4), nn.ReLU(),
                              nn.Linear(4, 1))
        with self.assertLogs("neuronwatch_torch", "WARNING") as logs:
            monitor, samples = sampled_layers(self, model, torch.randn(6, 2), steps=3)
        warnings = [m for m in logs.output if "layer 0 " in m]
        self.assertEqual(len(warnings), 1)
        self.assertIn("Hardswish", warnings[0])
        self.assertEqual(monitor.unresolved.keys(), {"0"})
        for layers in samples:
            self.assertEqual([l["activation"] for l in layers], ["linear", "relu", "linear"])
        with torch.no_grad():  # "linear" is what was measured: the Linear's own output
            pre = model[0](torch.zeros(1, 2))
        self.assertTrue(torch.equal(pre, model[0].bias.view(1, -1)))

    def test_the_unsupported_activation_warning_comes_at_attach_time_only(self):
        model = nn.Sequential(nn.Linear(2, 4), nn.Softplus(), nn.Linear(4, 1))
        server = FakeServer()
        self.addCleanup(server.close)
        with self.assertLogs("neuronwatch_torch", "WARNING") as logs:
            monitor = Monitor(model, run="softplus", server=server.url, sample_every=1,
                              flush_interval=0.05)
        self.assertEqual(len(logs.output), 1)
        self.assertIn("layer 0 (Linear): followed by 1 (Softplus)", logs.output[0])
        with self.assertNoLogs("neuronwatch_torch", "WARNING"):
            for step in (1, 2, 3):
                model(torch.randn(4, 2)).sum().backward()
                monitor.end_step(step, 0.0)
            monitor.close()
        self.assertEqual([[l["activation"] for l in s["layers"]] for s in server.samples()],
                         [["linear", "linear"]] * 3)

    def test_different_activations_on_two_paths_are_ambiguous(self):
        class TwoPaths(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 3)

            def forward(self, x):
                h = self.fc(x)
                return torch.sigmoid(h) * h  # a hand-written swish

        layers, _ = discover_layers(TwoPaths())
        self.assertEqual(layers[0].activation, "linear")
        self.assertIn("torch.sigmoid", layers[0].unresolved)

    def test_an_activation_missing_at_run_time_leaves_out_only_that_layer(self):
        class Skips(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc1, self.fc2 = nn.Linear(2, 3), nn.Linear(3, 1)
                self.skip = False

            def forward(self, x):
                h = self.fc1(x)
                return self.fc2(h if self.skip else F.relu(h))

        model = Skips()
        server = FakeServer()
        self.addCleanup(server.close)
        monitor = Monitor(model, run="skips", server=server.url, sample_every=1,
                          flush_interval=0.05)
        for step in (1, 2):
            model.skip = step == 2
            model(torch.randn(4, 2)).sum().backward()
            monitor.end_step(step, 0.0)
        monitor.close()
        self.assertEqual([[l["name"] for l in s["layers"]] for s in server.samples()],
                         [["fc1", "fc2"], ["fc2"]])


class PoolFeatures(nn.Module):
    """A Linear on sequences whose features are max-pooled before the ReLU: the pooling halves
    the Linear's units, so the ReLU's output cannot be measured as fc1's."""

    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(4, 6), nn.Linear(3, 2)

    def forward(self, x):
        return F.relu(self.fc2(F.relu(F.max_pool1d(self.fc1(x), 2))))


class LayerProblemTest(unittest.TestCase):
    def test_pooling_a_linear_output_is_named_at_attach_time_and_measured_before_it(self):
        model = PoolFeatures()
        server = FakeServer()
        self.addCleanup(server.close)
        with self.assertLogs("neuronwatch_torch", "WARNING") as logs:
            monitor = Monitor(model, run="pool", server=server.url, sample_every=1,
                              flush_interval=0.05)
        self.assertEqual(len(logs.output), 1)
        self.assertIn("layer fc1 (Linear)", logs.output[0])
        self.assertIn("max_pool1d", logs.output[0])
        self.assertEqual(monitor.unresolved.keys(), {"fc1"})
        x = torch.randn(3, 5, 4)  # 15 rows of 6 units: 45 pooled values, no multiple of 6
        with self.assertNoLogs("neuronwatch_torch", "WARNING"):  # said once, at attach time
            for step in (1, 2):
                model(x).sum().backward()
                monitor.end_step(step, 0.0)
            monitor.close()
        samples = server.samples()
        self.assertEqual(len(samples), 2)
        fc1, fc2 = samples[0]["layers"]
        self.assertEqual((fc1["activation"], fc1["units"], fc2["activation"]),
                         ("linear", 6, "relu"))
        with torch.no_grad():
            own = model.fc1(x).double()
        self.assertEqual(fc1["output"]["count"], own.numel())
        self.assertAlmostEqual(fc1["output"]["mean"], float(own.mean()), places=6)

    def test_pooling_after_a_convolution_keeps_its_channels(self):
        class ConvPool(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv1d(1, 3, 2)

            def forward(self, x):
                return F.relu(F.max_pool1d(self.conv(x), 2))

        (conv,), _ = discover_layers(ConvPool())
        self.assertEqual((conv.activation, conv.unresolved), ("relu", None))

    def test_a_layer_that_fails_to_measure_leaves_the_others_sampled(self):
        model = nn.Sequential(nn.Linear(2, 4), nn.Sigmoid(), nn.Linear(4, 3), nn.ReLU())
        server = FakeServer()
        self.addCleanup(server.close)
        monitor = Monitor(model, run="fault", server=server.url, sample_every=1,
                          flush_interval=0.05)
        broken = mock.patch("neuronwatch_torch.stats.saturation_fraction",
                            side_effect=RuntimeError("injected"))
        with broken, self.assertLogs("neuronwatch_torch", "WARNING") as logs:
            for step in (1, 2, 3):
                model(torch.randn(5, 2)).sum().backward()
                monitor.end_step(step, 0.0)
        monitor.close()
        self.assertEqual([[l["name"] for l in s["layers"]] for s in server.samples()],
                         [["2"], ["2"], ["2"]])
        self.assertEqual(len(logs.output), 1)
        self.assertIn("layer 0 (Linear) cannot be measured at step 1", logs.output[0])
        self.assertIn("injected", logs.output[0])


class SamplingCostTest(unittest.TestCase):
    def test_unsampled_steps_neither_capture_nor_intercept(self):
        model = styles.Functional(width=8)
        server = FakeServer()
        self.addCleanup(server.close)
        monitor = Monitor(model, run="cost", server=server.url, sample_every=2)
        model(torch.randn(3, 2)).sum().backward()  # step 1: not sampled
        self.assertFalse(monitor._capture.active)
        self.assertTrue(all(l.z is None and l.y is None for l in monitor.layers))
        monitor.end_step(1, 0.0)
        model(torch.randn(3, 2)).sum().backward()  # step 2: sampled
        self.assertFalse(monitor._capture.active)  # left at the end of the forward pass
        self.assertTrue(all(l.z is not None for l in monitor.layers))
        monitor.end_step(2, 0.0)
        monitor.close()

    def test_unsampled_steps_register_no_hook_copy_no_weight_and_compute_nothing(self):
        model = styles.ResNet()
        server = FakeServer()
        self.addCleanup(server.close)
        monitor = Monitor(model, run="cost", server=server.url, sample_every=5,
                          flush_interval=0.05)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        calls = []

        def counting(name, real):
            def call(*args, **kwargs):
                calls.append(name)
                return real(*args, **kwargs)
            return call

        watched = [mock.patch.object(torch.Tensor, "register_hook",
                                     counting("register_hook", torch.Tensor.register_hook)),
                   mock.patch.object(torch.Tensor, "clone", counting("clone", torch.Tensor.clone)),
                   mock.patch.object(monitor._capture, "start",
                                     counting("capture", monitor._capture.start))]
        watched += [mock.patch("neuronwatch_torch.stats." + f,
                               counting(f, getattr(stats, f)))
                    for f in ("tensor_summary", "dead_fraction", "norm_stats")]
        per_step = []
        x = torch.randn(4, 1, 12, 12)
        for patch in watched:
            patch.start()
            self.addCleanup(patch.stop)
        for step in range(1, 6):
            del calls[:]
            optimizer.zero_grad()
            model(x).sum().backward()
            monitor.before_optimizer_step()
            optimizer.step()
            monitor.end_step(step, 0.0)
            per_step.append(sorted(set(calls)))
        monitor.close()
        self.assertEqual(per_step[:4], [[]] * 4)  # steps 1 to 4 are not sampled
        self.assertEqual(per_step[4], ["capture", "clone", "dead_fraction", "norm_stats",
                                       "register_hook", "tensor_summary"])


if __name__ == "__main__":
    unittest.main()
