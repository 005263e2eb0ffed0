package org.voicegender.train;

import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.voicegender.model.TrainingConfig;
import org.voicegender.model.WindowDataset;
import org.voicegender.model.layers.NdArrays;

/**
 * Training minibatches as a recipe makes them: the examples' standardised MFCCs, shifted in time
 * when the recipe asks for it, SpecAugment masks, Gaussian noise, mixup with another example of
 * the batch, targets blended with a teacher network's probabilities of the batch's very examples
 * (distillation), smoothed targets, and a weight per example (the labels mask DL4J multiplies each
 * example's loss by) when readers are balanced. Every random draw comes from the caller's seeded
 * generator (the teacher draws none: it runs in inference mode), and a knob that is off draws
 * nothing, so recipes without it train exactly as before it existed.
 */
final class Minibatches {
  private final float[] flatX;
  private final long[] shapeX;
  private final float[] flatY;
  private final int classes;
  private final float[] weights;
  private final TrainingConfig cfg;
  private final TimeShift shift;
  private final org.deeplearning4j.nn.graph.ComputationGraph teacher;
  /** The last batch's examples, reused by the next batch of the same size. */
  private float[] xBuffer;
  /**
   * Features arrays by minibatch size, reused: an epoch's minibatches and its smaller last one
   * (two sizes, so that the last does not make the next epoch's first allocate again).
   */
  private final java.util.Map<Integer, org.nd4j.linalg.api.ndarray.INDArray> xArrays =
      new java.util.LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Integer, org.nd4j.linalg.api.ndarray.INDArray> e) {
          return size() > 2;
        }
      };

  /** Minibatches without time shifts or a teacher. */
  Minibatches(org.nd4j.linalg.api.ndarray.INDArray x, org.nd4j.linalg.api.ndarray.INDArray y, float[] weights,
      TrainingConfig cfg) {
    this(x, y, weights, cfg, null, null);
  }

  /**
   * @param x the training examples {@code [n, channels, frames]}, standardised
   * @param y their one-hot labels {@code [n, classes]}
   * @param weights a weight per example, or null for none
   * @param shift the examples' time shifts, or null for none
   * @param teacher the trained teacher network whose probabilities weigh {@code
   *     cfg.distillWeight()} in the targets, or null for none
   */
  Minibatches(org.nd4j.linalg.api.ndarray.INDArray x, org.nd4j.linalg.api.ndarray.INDArray y, float[] weights,
      TrainingConfig cfg, TimeShift shift, org.deeplearning4j.nn.graph.ComputationGraph teacher) {
    if ((teacher != null) != cfg.distills()) {
      throw new IllegalArgumentException("recipe " + cfg.recipe() + (cfg.distills()
          ? " distills from a " + cfg.teacher() + " teacher, and none was given"
          : " has no teacher, and one was given"));
    }
    this.shift = shift;
    this.teacher = teacher;
    this.flatX = x.data().asFloat();
    this.shapeX = x.shape();
    this.flatY = y.data().asFloat();
    this.classes = (int) y.size(1);
    this.weights = weights;
    this.cfg = cfg;
  }

  /**
   * The minibatch of examples {@code idx}. Its features array is reused by the next call with as
   * many examples (a native array of a minibatch's size, filled again, rather than a new one per
   * step), so a batch is only valid until the next call.
   */
  DataSet batch(int[] idx, Random random) {
    int channels = (int) shapeX[1];
    int frames = (int) shapeX[2];
    int stride = channels * frames;
    org.nd4j.linalg.api.ndarray.INDArray xArray = xArrays.computeIfAbsent(idx.length, n -> {
      long[] shape = shapeX.clone();
      shape[0] = n;
      return org.nd4j.linalg.factory.Nd4j.createUninitialized(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape, 'c');
    });
    boolean copiedOnly = shift == null && !cfg.augment() && cfg.inputNoise() <= 0 && cfg.mixupAlpha() <= 0;
    if (copiedOnly) { // the examples straight into the native array: one copy, not two
      NdArrays.gatherRows(xArray, flatX, stride, idx);
    }
    float[] x = copiedOnly ? null
        : shift == null ? Trainer.gatherRows(flatX, stride, idx, NdArrays.reuse(xBuffer, idx.length * stride))
        : shift.gather(flatX, channels, frames, idx, random);
    if (cfg.augment()) {
      SpecAugment.mask(x, idx.length, channels, frames, cfg.maskBands(), cfg.maskSpans(), cfg.maskMaxCoefficients(),
          cfg.maskMaxFrames(), random);
    }
    float[] y = Trainer.gatherRows(flatY, classes, idx);
    float[] w = null;
    if (weights != null) {
      w = new float[idx.length];
      for (int i = 0; i < idx.length; i++) {
        w[i] = weights[idx[i]];
      }
    }
    if (cfg.inputNoise() > 0) {
      for (int i = 0; i < x.length; i++) {
        x[i] += (float) (cfg.inputNoise() * random.nextGaussian());
      }
    }
    if (cfg.mixupAlpha() > 0) {
      mixup(x, y, w, idx.length, cfg.mixupAlpha(), random);
    }
    if (x != null) {
      xBuffer = x;
      NdArrays.assign(xArray, x);
    }
    if (teacher != null) {
      blend(y, teacher.outputSingle(false, xArray), (float) cfg.distillWeight());
    }
    if (cfg.labelSmoothing() > 0) {
      float eps = (float) cfg.labelSmoothing();
      for (int i = 0; i < y.length; i++) {
        y[i] = y[i] * (1 - eps) + eps / classes;
      }
    }
    return new DataSet(xArray, NdArrays.floats(y, idx.length, classes), null,
        w == null ? null : NdArrays.floats(w, idx.length, 1));
  }

  /**
   * Targets {@code (1 − weight) · y + weight · p} in place: {@code y} the batch's targets {@code
   * [rows × classes]} flat, {@code p} a teacher's probabilities {@code [rows, classes]} (Hinton et
   * al. 2015's soft targets at temperature 1).
   */
  static void blend(float[] y, org.nd4j.linalg.api.ndarray.INDArray p, float weight) {
    int classes = (int) p.size(1);
    for (int i = 0; i < y.length; i++) {
      y[i] = (1 - weight) * y[i] + weight * p.getFloat(i / classes, i % classes);
    }
  }

  /**
   * Blends each example with a random other of the batch (a permutation), by its own λ ~
   * Beta(α, α) taken on the side of the example itself (λ ≥ 0.5), as Zhang et al.'s
   * implementations do per batch.
   */
  static void mixup(float[] x, float[] y, float[] w, int rows, double alpha, Random random) {
    int stride = x.length / rows;
    int classes = y.length / rows;
    int[] partner = Trainer.permutation(rows, random);
    float[] x0 = x.clone();
    float[] y0 = y.clone();
    float[] w0 = w == null ? null : w.clone();
    for (int i = 0; i < rows; i++) {
      double l = beta(alpha, random);
      float lambda = (float) Math.max(l, 1 - l);
      int j = partner[i];
      for (int k = 0; k < stride; k++) {
        x[i * stride + k] = lambda * x0[i * stride + k] + (1 - lambda) * x0[j * stride + k];
      }
      for (int k = 0; k < classes; k++) {
        y[i * classes + k] = lambda * y0[i * classes + k] + (1 - lambda) * y0[j * classes + k];
      }
      if (w != null) {
        w[i] = lambda * w0[i] + (1 - lambda) * w0[j];
      }
    }
  }

  /** A Beta(α, α) draw as G1 / (G1 + G2) of two Gamma(α) draws. */
  static double beta(double alpha, Random random) {
    double a = gamma(alpha, random);
    double b = gamma(alpha, random);
    return a + b == 0 ? 0.5 : a / (a + b);
  }

  /** Gamma(α, 1) by Marsaglia & Tsang (2000), with U^(1/α) for α < 1. */
  static double gamma(double alpha, Random random) {
    if (alpha < 1) {
      return gamma(alpha + 1, random) * Math.pow(random.nextDouble(), 1 / alpha);
    }
    double d = alpha - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = random.nextGaussian();
      double v = 1 + c * z;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  /** Weights 1 / (the reader's windows among {@code rows}), scaled to a mean of 1. */
  static float[] readerWeights(WindowDataset data, int[] rows) {
    return weightsForReaders(java.util.Arrays.stream(rows).map(r -> data.utteranceOf(r).speaker()).toArray());
  }

  /** Weights 1 / (windows of the same reader), scaled to a mean of 1, for windows' readers. */
  static float[] weightsForReaders(int[] readers) {
    java.util.Map<Integer, Integer> count = new java.util.HashMap<>();
    for (int r : readers) {
      count.merge(r, 1, Integer::sum);
    }
    float[] w = new float[readers.length];
    double scale = (double) readers.length / count.size();
    for (int i = 0; i < readers.length; i++) {
      w[i] = (float) (scale / count.get(readers[i]));
    }
    return w;
  }
}
