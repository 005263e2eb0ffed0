package org.voicegender.compress;

import java.util.ArrayList;
import java.util.List;
import org.voicegender.model.NetworkConfig;

/**
 * Storage and multiplies per clip of each weight matrix under a {@link CirculantSpec}, in three
 * forms:
 *
 * <ul>
 *   <li><b>direct</b>: the dense matrix, {@code rows · cols} multiplies per tap and use;
 *   <li><b>circulant direct</b>: the defining vectors, one length-k vector per block (padded
 *       blocks included), and the same multiplies as direct (each element of the block product
 *       is still a product; the padding is skipped), so it saves storage, not compute;
 *   <li><b>FFT</b>: per use, one FFT per input block (reused by every output block and tap), per
 *       block pair and tap {@code 2k − 2} real multiplies for the product of two real spectra
 *       (k/2 − 1 complex bins at 4 multiplies, DC and Nyquist real), and one inverse FFT per output
 *       block (products summed in the frequency domain first). A length-k transform is counted as
 *       {@code 2k·log2 k} real multiplies (radix-2, (k/2)·log2 k butterflies of one complex
 *       multiply, trivial twiddles included: an upper bound). Stored spectra take k reals per block
 *       (Hermitian symmetry), as many as the defining vectors.
 * </ul>
 *
 * Biases stay dense in every form. A convolution's input FFTs are counted per output frame
 * (its {@code uses}); an accelerator that keeps each input frame's spectrum for the next tap
 * would need fewer.
 */
public final class CirculantCost {
  private CirculantCost() {}

  /** One weight matrix's figures; {@code k} = 1 is dense. */
  public record Layer(
      String tensor, int k, int taps, int rows, int cols, int uses, int bias, long denseWeights,
      long storedWeights, long directMultiplies, long fftMultiplies) {
    /** The layer's share of a clip's multiplies in the cheaper of circulant direct and FFT. */
    public long bestMultiplies() {
      return Math.min(directMultiplies, fftMultiplies);
    }
  }

  /** A whole network's figures. */
  public record Network(CirculantSpec spec, List<Layer> layers) {
    /** Every stored parameter: weights (defining vectors where circulant) and biases. */
    public long storedParameters() {
      return layers.stream().mapToLong(l -> l.storedWeights() + l.bias()).sum();
    }

    public long denseParameters() {
      return layers.stream().mapToLong(l -> l.denseWeights() + l.bias()).sum();
    }

    /** Dense parameters over stored parameters. */
    public double compression() {
      return (double) denseParameters() / storedParameters();
    }

    public long directMultiplies() {
      return layers.stream().mapToLong(Layer::directMultiplies).sum();
    }

    /** A clip's multiplies with every circulant matrix in FFT form (dense ones direct). */
    public long fftMultiplies() {
      return layers.stream().mapToLong(Layer::fftMultiplies).sum();
    }

    /** A clip's multiplies with each matrix in the cheaper of its two forms. */
    public long bestMultiplies() {
      return layers.stream().mapToLong(Layer::bestMultiplies).sum();
    }
  }

  public static Network of(NetworkConfig net, CirculantSpec spec) {
    spec.requireMatches(net);
    List<Layer> layers = new ArrayList<>();
    for (WeightShape s : WeightShape.of(net)) {
      int k = spec.blockOf(s.tensor());
      long dense = s.denseWeights();
      long direct = dense * s.uses();
      if (k == 1) {
        layers.add(new Layer(s.tensor(), 1, s.taps(), s.rows(), s.cols(), s.uses(), s.bias(), dense, dense, direct, direct));
        continue;
      }
      long rb = CirculantMatrix.blocks(s.rows(), k);
      long cb = CirculantMatrix.blocks(s.cols(), k);
      long stored = (long) s.taps() * rb * cb * k;
      long transforms = rb + cb;
      long fft = s.uses() * (transforms * transformMultiplies(k) + (long) s.taps() * rb * cb * (2L * k - 2));
      layers.add(new Layer(s.tensor(), k, s.taps(), s.rows(), s.cols(), s.uses(), s.bias(), dense, stored, direct, fft));
    }
    return new Network(spec, List.copyOf(layers));
  }

  /** Real multiplies of a length-k transform, {@code 2k·log2 k} (see the class comment). */
  public static long transformMultiplies(int k) {
    return 2L * k * Integer.numberOfTrailingZeros(k);
  }
}
