package dev.neuronwatch.trainer.nn;

/**
 * The error function and its complement by W. J. Cody's rational Chebyshev approximations
 * ("Rational Chebyshev approximations for the error function", Math. Comp. 23, 1969; the CALERF
 * routine of SPECFUN). Relative error is below about 1e-15 over the whole double range, far inside
 * what finite-difference checks of GELU need (the popular Abramowitz-Stegun 7.1.26 formula, with
 * absolute error up to 1.5e-7, is not).
 *
 * <pre>{@code
 * double e = Erf.erf(0.5);   // 0.5204998778130465
 * double c = Erf.erfc(3.0);  // 2.209049699858544e-5
 * }</pre>
 */
public final class Erf {
  private static final double THRESHOLD = 0.46875;
  private static final double X_SMALL = 1.11e-16;
  private static final double X_BIG = 26.543;
  private static final double INV_SQRT_PI = 0.56418958354775628695;

  private static final double[] A = {
    3.16112374387056560e00,
    1.13864154151050156e02,
    3.77485237685302021e02,
    3.20937758913846947e03,
    1.85777706184603153e-1
  };
  private static final double[] B = {
    2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03
  };
  private static final double[] C = {
    5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
    2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
    2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8
  };
  private static final double[] D = {
    1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
    1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
    3.43936767414372164e03, 1.23033935480374942e03
  };
  private static final double[] P = {
    3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
    1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2
  };
  private static final double[] Q = {
    2.56852019228982242e00,
    1.87295284992346725e00,
    5.27905102951428412e-1,
    6.05183413124413191e-2,
    2.33520497626869185e-3
  };

  private Erf() {}

  /** {@code erf(x) = 2 / sqrt(pi) * integral from 0 to x of e^(-t^2) dt}. */
  public static double erf(double x) {
    double y = Math.abs(x);
    if (y <= THRESHOLD) {
      return x * nearZeroRatio(y);
    }
    double result = 1 - tail(y);
    return x < 0 ? -result : result;
  }

  /** {@code erfc(x) = 1 - erf(x)}, accurate also where erf(x) rounds to 1. */
  public static double erfc(double x) {
    double y = Math.abs(x);
    if (y <= THRESHOLD) {
      return 1 - x * nearZeroRatio(y);
    }
    double result = tail(y);
    return x < 0 ? 2 - result : result;
  }

  /** erf(x) / x for |x| up to the threshold. */
  private static double nearZeroRatio(double y) {
    double ysq = y > X_SMALL ? y * y : 0;
    double num = A[4] * ysq;
    double den = ysq;
    for (int i = 0; i < 3; i++) {
      num = (num + A[i]) * ysq;
      den = (den + B[i]) * ysq;
    }
    return (num + A[3]) / (den + B[3]);
  }

  /** erfc(y) for y above the threshold. */
  private static double tail(double y) {
    if (Double.isNaN(y)) {
      return Double.NaN;
    }
    if (y >= X_BIG) {
      return 0;
    }
    double ratio;
    if (y <= 4) {
      double num = C[8] * y;
      double den = y;
      for (int i = 0; i < 7; i++) {
        num = (num + C[i]) * y;
        den = (den + D[i]) * y;
      }
      ratio = (num + C[7]) / (den + D[7]);
    } else {
      double inv = 1 / (y * y);
      double num = P[5] * inv;
      double den = inv;
      for (int i = 0; i < 4; i++) {
        num = (num + P[i]) * inv;
        den = (den + Q[i]) * inv;
      }
      ratio = (INV_SQRT_PI - inv * (num + P[4]) / (den + Q[4])) / y;
    }
    // exp(-y^2) loses relative accuracy for large y; split y^2 into an exact part and a rest.
    double head = Math.floor(y * 16) / 16;
    double rest = (y - head) * (y + head);
    return Math.exp(-head * head) * Math.exp(-rest) * ratio;
  }
}
