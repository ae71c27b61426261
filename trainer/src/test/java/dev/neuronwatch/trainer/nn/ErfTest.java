package dev.neuronwatch.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErfTest {

  // Reference values from a correctly rounded libm erf/erfc.
  @ParameterizedTest
  @CsvSource({
    "-3.0, -0.9999779095030014, 1.9999779095030015",
    "-1.5, -0.9661051464753108, 1.9661051464753108",
    "-0.3, -0.3286267594591274, 1.3286267594591274",
    "0.0, 0.0, 1.0",
    "1e-5, 1.1283791670579e-05, 0.9999887162083294",
    "0.2, 0.22270258921047847, 0.7772974107895215",
    "0.46875, 0.49261347321793797, 0.507386526782062",
    "0.5, 0.5204998778130465, 0.4795001221869535",
    "1.0, 0.8427007929497149, 0.15729920705028513",
    "2.0, 0.9953222650189527, 0.004677734981047265",
    "3.5, 0.9999992569016276, 7.430983723414128e-07",
    "4.0, 0.9999999845827421, 1.541725790028002e-08",
    "4.5, 0.9999999998033839, 1.9661604415428873e-10",
    "6.0, 1.0, 2.1519736712498916e-17"
  })
  void matchesReferenceToNearFullDoublePrecision(double x, double erf, double erfc) {
    assertThat(Erf.erf(x)).isCloseTo(erf, within(1e-15 + 1e-14 * Math.abs(erf)));
    assertThat(Erf.erfc(x)).isCloseTo(erfc, within(1e-14 * Math.abs(erfc)));
  }

  @ParameterizedTest
  @CsvSource({
    "-3.0, -0.00404969409489031",
    "-1.0, -0.15865525393145707",
    "0.5, 0.34573123063700656",
    "1.0, 0.8413447460685429",
    "2.0, 1.9544997361036416"
  })
  void geluIsExactErfForm(double z, double expected) {
    assertThat(new Gelu().value(z)).isCloseTo(expected, within(1e-14));
  }

  @ParameterizedTest
  @CsvSource({"30.0", "-30.0", "NaN"})
  void handlesExtremeArguments(double x) {
    if (Double.isNaN(x)) {
      assertThat(Erf.erf(x)).isNaN();
      assertThat(Erf.erfc(x)).isNaN();
    } else {
      assertThat(Erf.erf(x)).isEqualTo(Math.signum(x));
      assertThat(Erf.erfc(x)).isEqualTo(x > 0 ? 0.0 : 2.0);
    }
  }
}
