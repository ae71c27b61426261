"""Every model style's per-layer statistics, as pushed, against the same quantities computed
directly with torch by a hand-written forward pass of the same model on the same batch (see
``reference``): the output of the right activation, its units on the right axis, the gradients
and the update of the right module."""

import os
import sys
import unittest

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
import reference  # noqa: E402
import styles  # noqa: E402
from fakeserver import FakeServer  # noqa: E402
from neuronwatch_torch import Monitor  # noqa: E402


class StyleStatisticsTest(unittest.TestCase):
    def test_every_style_pushes_what_torch_computes_for_each_layer(self):
        for style in styles.STYLES:
            with self.subTest(style=style):
                model, x, y = reference.batch_for(style)
                expected = reference.expected_records(style, model, x, y)
                server = FakeServer()
                self.addCleanup(server.close)
                monitor = Monitor(model, run="stats-" + style, server=server.url,
                                  sample_every=1, flush_interval=0.05)
                loss = reference.train_one_step(model, x, y, monitor)
                monitor.close()
                (sample,) = server.samples()
                self.assertAlmostEqual(sample["loss"], loss, places=6)
                self.assertEqual(reference.mismatches(style, expected, sample["layers"]), [])

    def test_the_comparison_catches_a_wrong_activation_or_axis(self):
        # the reference must be able to fail: a record of fc1's own output instead of its ReLU's,
        # and a conv's dead fraction taken over the wrong axis, are both reported
        model, x, y = reference.batch_for("functional")
        expected = reference.expected_records("functional", model, x, y)
        wrong = {name: dict(record) for name, record in expected.items()}
        wrong["fc1"]["mean"] = wrong["fc1"]["mean"] - 0.01
        layers = [_record(name, r) for name, r in wrong.items()]
        problems = reference.mismatches("functional", expected, layers)
        self.assertEqual(len(problems), 1)
        self.assertIn("fc1 output.mean", problems[0])

        model, x, y = reference.batch_for("plainconv")
        with torch.no_grad():  # one dead channel of sixteen
            model.conv2.bias[0] = -1e3
        expected = reference.expected_records("plainconv", model, x, y)
        layers = [_record(name, r) for name, r in expected.items()]
        layers[1]["deadFraction"] = _dead_over_last_axis(model, x)
        self.assertEqual(expected["conv2"]["deadFraction"], 1 / 16)
        self.assertNotEqual(layers[1]["deadFraction"], 1 / 16)
        self.assertEqual(len(reference.mismatches("plainconv", expected, layers)), 1)


def _record(name, r):
    """A pushed layer record carrying exactly the expected values."""
    record = {"name": name, "depth": r["depth"], "activation": r["activation"],
              "units": r["units"], "weightNorm": r["weightNorm"], "updateRatio": r["updateRatio"],
              "output": {"count": r["count"], "mean": r["mean"], "variance": r["variance"],
                         "min": r["min"], "max": r["max"], "zeroFraction": r["zeroFraction"]},
              "gradient": {"outputNorm": r["outputGradNorm"], "weightNorm": r["weightGradNorm"],
                           "biasNorm": r["biasGradNorm"]}}
    for key in ("deadFraction", "negativeFraction", "saturationFraction"):
        if key in r:
            record[key] = r[key]
    return record


def _dead_over_last_axis(model, x):
    """conv2's dead fraction computed over the image's last axis instead of its channels."""
    with torch.no_grad():
        out = F.relu(model.conv2(F.relu(model.conv1(x))))
    return float((out <= 0).reshape(-1, out.shape[-1]).all(dim=0).double().mean())


if __name__ == "__main__":
    unittest.main()
