"""The statistics against values computed by hand."""

import math
import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from neuronwatch_torch import stats  # noqa: E402

NAN, INF = float("nan"), float("inf")


class TensorSummaryTest(unittest.TestCase):
    def test_mean_population_variance_min_max_zeros(self):
        s = stats.tensor_summary(torch.tensor([[0.0, 1.0], [2.0, 5.0]]))
        # mean 2, deviations -2 -1 0 3 -> squares 4 1 0 9 -> 14 / 4
        self.assertEqual(s, {"count": 4, "mean": 2.0, "variance": 3.5, "min": 0.0, "max": 5.0,
                             "zeroFraction": 0.25, "nanCount": 0, "infCount": 0})

    def test_non_finite_values_are_counted_apart_and_left_out(self):
        s = stats.tensor_summary(torch.tensor([1.0, NAN, 3.0, INF, -INF, 0.0]))
        self.assertEqual((s["count"], s["nanCount"], s["infCount"]), (3, 1, 2))
        self.assertAlmostEqual(s["mean"], 4.0 / 3)
        self.assertAlmostEqual(s["variance"], ((1 - 4 / 3) ** 2 + (3 - 4 / 3) ** 2 + (4 / 3) ** 2) / 3)
        self.assertEqual((s["min"], s["max"]), (0.0, 3.0))
        self.assertAlmostEqual(s["zeroFraction"], 1 / 3)

    def test_no_finite_value_gives_zeros(self):
        s = stats.tensor_summary(torch.tensor([NAN, INF]))
        self.assertEqual(s, {"count": 0, "mean": 0.0, "variance": 0.0, "min": 0.0, "max": 0.0,
                             "zeroFraction": 0.0, "nanCount": 1, "infCount": 1})

    def test_large_offset_keeps_variance_accurate(self):
        x = torch.tensor([1e4 + 0.5, 1e4 - 0.5] * 50, dtype=torch.float32)
        self.assertAlmostEqual(stats.tensor_summary(x)["variance"], 0.25, places=9)


class DeadUnitsTest(unittest.TestCase):
    def test_unit_is_dead_when_at_most_zero_in_every_row(self):
        out = torch.tensor([[0.0, 0.5, 0.0, -0.1],
                            [0.0, 0.0, 0.2, -0.3],
                            [0.0, 0.0, 0.0, -0.0]])
        self.assertEqual(stats.dead_fraction(out), 0.5)  # units 0 and 3

    def test_nan_keeps_a_unit_alive(self):
        self.assertEqual(stats.dead_fraction(torch.tensor([[0.0, NAN], [0.0, 0.0]])), 0.5)

    def test_leading_dimensions_are_rows(self):
        out = torch.zeros(2, 3, 4)
        out[1, 2, 1] = 1.0
        self.assertEqual(stats.dead_fraction(out), 0.75)


class SaturationTest(unittest.TestCase):
    def test_sigmoid_outside_eps_band(self):
        out = torch.tensor([[0.005, 0.5], [0.995, 0.02]])
        self.assertEqual(stats.saturation_fraction("sigmoid", out, 0.01), 0.5)

    def test_float32_values_compare_with_the_double_eps_as_in_java(self):
        # float32 0.01 is 0.0099999998, below the double 0.01: the Java agent counts it too
        out = torch.tensor([0.01, 0.5], dtype=torch.float32)
        self.assertEqual(stats.saturation_fraction("sigmoid", out, 0.01), 0.5)

    def test_tanh_beyond_one_minus_eps(self):
        out = torch.tensor([[-0.999, 0.98, 0.995, 0.0]])
        self.assertEqual(stats.saturation_fraction("tanh", out, 0.01), 0.5)

    def test_softmax_rows_with_a_confident_maximum(self):
        out = torch.tensor([[0.995, 0.004, 0.001], [0.5, 0.3, 0.2],
                            [0.0, 1.0, 0.0], [NAN, 0.999, 0.0]])
        self.assertEqual(stats.saturation_fraction("softmax", out, 0.01), 0.5)

    def test_nan_is_not_saturated_and_other_kinds_refused(self):
        self.assertEqual(stats.saturation_fraction("sigmoid", torch.tensor([NAN, 1.0])), 0.5)
        with self.assertRaises(ValueError):
            stats.saturation_fraction("relu", torch.zeros(2, 2))
        with self.assertRaises(ValueError):
            stats.saturation_fraction("tanh", torch.zeros(2, 2), eps=0.5)


class GradientTest(unittest.TestCase):
    def test_norms_and_mean_abs(self):
        g = stats.gradient_summary(torch.tensor([[3.0, -4.0]]), torch.tensor([1.0, 2.0, 2.0]),
                                   torch.tensor([[0.0, 12.0], [5.0, 0.0]]))
        self.assertEqual(g, {"weightNorm": 5.0, "biasNorm": 3.0, "outputNorm": 13.0,
                             "weightMeanAbs": 3.5, "nanCount": 0, "infCount": 0})

    def test_norms_over_finite_elements_count_the_rest(self):
        g = stats.gradient_summary(torch.tensor([3.0, NAN, -4.0, INF]), None,
                                   torch.tensor([-INF, 1.0]))
        self.assertEqual((g["weightNorm"], g["biasNorm"], g["outputNorm"]), (5.0, 0.0, 1.0))
        self.assertEqual(g["weightMeanAbs"], 3.5)  # over the 2 finite elements
        self.assertEqual((g["nanCount"], g["infCount"]), (1, 2))

    def test_nothing_given_is_no_summary(self):
        self.assertIsNone(stats.gradient_summary())

    def test_weight_norm_and_update_ratio(self):
        self.assertEqual(stats.l2_norm(torch.tensor([[6.0, 8.0]])), 10.0)
        self.assertIsNone(stats.l2_norm(None))
        self.assertAlmostEqual(stats.update_ratio(torch.tensor([0.03, 0.04]), 10.0), 0.005)
        self.assertIsNone(stats.update_ratio(torch.tensor([1.0]), 0.0))
        self.assertIsNone(stats.update_ratio(None, 1.0))

    def test_loss(self):
        self.assertEqual(stats.finite_or_none(0.5), (0.5, False))
        self.assertEqual(stats.finite_or_none(NAN), (None, True))
        self.assertEqual(stats.finite_or_none(-INF), (None, True))
        self.assertEqual(stats.finite_or_none(None), (None, False))
        self.assertTrue(math.isfinite(stats.finite_or_none(torch.tensor(2.0))[0]))


if __name__ == "__main__":
    unittest.main()
