package dev.neuronwatch.trainer.nn;

/**
 * An activation applied element by element, defined by its value and derivative in double
 * precision; the batch loops round to float only when storing. The backward pass recomputes {@code
 * f(z)} in double rather than reading the stored float output: a slope such as {@code y (1 - y)}
 * taken from a float y near 1 would lose most of its digits.
 *
 * <pre>{@code
 * ScalarActivation tanh = new Tanh();
 * double slope = tanh.derivative(0.5, tanh.value(0.5));
 * }</pre>
 */
public abstract class ScalarActivation implements Activation {

  /** {@code f(z)}. */
  public abstract double value(double z);

  /** {@code f'(z)}, given also {@code y = f(z)} for functions whose slope follows from it. */
  public abstract double derivative(double z, double y);

  @Override
  public void forward(float[] z, float[] a, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      a[i] = (float) value(z[i]);
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] dA, float[] dZ, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      double v = z[i];
      dZ[i] = (float) (dA[i] * derivative(v, value(v)));
    }
  }
}
