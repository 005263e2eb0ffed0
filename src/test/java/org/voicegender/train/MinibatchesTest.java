package org.voicegender.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainingConfig;

class MinibatchesTest {
  static final INDArray X = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new long[] {4, 1, 2}, 'c');
  static final INDArray Y = Nd4j.create(new float[] {1, 0, 0, 1, 1, 0, 0, 1}, new long[] {4, 2}, 'c');
  static final int[] ALL = {0, 1, 2, 3};

  @Test
  void withoutKnobsABatchIsTheExamplesThemselves() {
    TrainingConfig plain = TrainingConfig.previousDefault();
    Random random = new Random(1);
    DataSet d = new Minibatches(X, Y, null, plain).batch(new int[] {2, 0}, random);
    assertThat(d.getFeatures().data().asFloat()).containsExactly(5, 6, 1, 2);
    assertThat(d.getLabels().data().asFloat()).containsExactly(1, 0, 1, 0);
    assertThat(d.getLabelsMaskArray()).isNull();
    assertThat(random.nextLong()).isEqualTo(new Random(1).nextLong()); // drew nothing
  }

  @Test
  void labelSmoothingMovesTargetsTowardsUniform() {
    TrainingConfig smooth = TrainingConfig.previousDefault().withRegularisers(0.1, 0, 0, false);
    DataSet d = new Minibatches(X, Y, null, smooth).batch(new int[] {0, 1}, new Random(1));
    assertThat(d.getLabels().data().asFloat()).containsExactly(new float[] {0.95f, 0.05f, 0.05f, 0.95f}, offset(1e-6f));
    assertThat(d.getFeatures().data().asFloat()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void mixupBlendsPairsOfExamplesAndTheirTargetsAlike() {
    TrainingConfig mix = TrainingConfig.previousDefault().withRegularisers(0, 0.4, 0, false);
    DataSet d = new Minibatches(X, Y, null, mix).batch(ALL, new Random(3));
    float[] x = d.getFeatures().data().asFloat();
    float[] y = d.getLabels().data().asFloat();
    for (int i = 0; i < 4; i++) {
      assertThat(y[2 * i] + y[2 * i + 1]).isCloseTo(1f, offset(1e-6f));
      assertThat(y[2 * i]).isBetween(0f, 1f);
      // every example of X has x1 = x0 + 1, so a convex blend keeps it; the own example weighs >= 0.5
      assertThat(x[2 * i + 1] - x[2 * i]).isCloseTo(1f, offset(1e-5f));
      double own = Y.getDouble(i, 0);
      assertThat(Math.abs(y[2 * i] - own)).isLessThanOrEqualTo(0.5f + 1e-6f);
    }
  }

  @Test
  void gaussianNoiseHasTheRequestedSpread() {
    int n = 2000;
    INDArray zeros = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, 1, 10);
    INDArray labels = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, 2);
    int[] idx = java.util.stream.IntStream.range(0, n).toArray();
    TrainingConfig noisy = TrainingConfig.previousDefault().withRegularisers(0, 0, 0.2, false);
    float[] x = new Minibatches(zeros, labels, null, noisy).batch(idx, new Random(5)).getFeatures().data().asFloat();
    double sum = 0;
    double sumSq = 0;
    for (float v : x) {
      sum += v;
      sumSq += v * v;
    }
    assertThat(sum / x.length).isCloseTo(0, offset(0.01));
    assertThat(Math.sqrt(sumSq / x.length)).isCloseTo(0.2, offset(0.005));
  }

  @Test
  void betaAndGammaDrawsHaveTheirMeans() {
    Random random = new Random(11);
    int n = 20000;
    double gammaHalf = 0;
    double gammaThree = 0;
    double beta = 0;
    for (int i = 0; i < n; i++) {
      gammaHalf += Minibatches.gamma(0.5, random);
      gammaThree += Minibatches.gamma(3, random);
      double b = Minibatches.beta(0.4, random);
      assertThat(b).isBetween(0.0, 1.0);
      beta += b;
    }
    assertThat(gammaHalf / n).isCloseTo(0.5, offset(0.03)); // E Gamma(a, 1) = a
    assertThat(gammaThree / n).isCloseTo(3, offset(0.06));
    assertThat(beta / n).isCloseTo(0.5, offset(0.01));
  }

  @Test
  void balancedWeightsGiveEveryReaderTheSameTotal() throws Exception {
    // weights only look at readers: a tiny dataset of 3 readers with 1, 2 and 3 windows
    float[] w = Minibatches.weightsForReaders(new int[] {7, 8, 8, 9, 9, 9});
    assertThat(w).containsExactly(new float[] {2f, 1f, 1f, 2f / 3, 2f / 3, 2f / 3}, offset(1e-6f));
    TrainingConfig mix = TrainingConfig.previousDefault().withRegularisers(0, 0, 0, true);
    DataSet d = new Minibatches(X, Y, new float[] {2, 1, 0.5f, 0.5f}, mix).batch(new int[] {3, 0}, new Random(1));
    assertThat(d.getLabelsMaskArray().data().asFloat()).containsExactly(0.5f, 2f);
  }

  @Test
  void distillationBlendsTheLabelsWithTheTeachersProbabilitiesOfTheMaskedExamples() {
    Random data = new Random(4);
    float[] x = new float[6 * 40 * 87];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) data.nextGaussian();
    }
    INDArray features = Nd4j.create(x, new long[] {6, 40, 87}, 'c');
    INDArray labels = Nd4j.create(new float[] {1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1}, new long[] {6, 2}, 'c');
    var teacher = GenderNetwork.build(NetworkConfig.larger(), new GenderNetwork.Regularisation(1e-3, 0, 0), 9);
    TrainingConfig masked = TrainingConfig.defaults(); // SpecAugment masks on
    TrainingConfig distilled = masked.withDistillation("larger", 0.25);
    int[] idx = {4, 1, 2};
    Random r1 = new Random(1);
    Random r2 = new Random(1);
    DataSet plain = new Minibatches(features, labels, null, masked).batch(idx, r1);
    float[] plainX = plain.getFeatures().data().asFloat();
    float[] plainY = plain.getLabels().data().asFloat();
    DataSet d = new Minibatches(features, labels, null, distilled, null, teacher).batch(idx, r2);
    // the same masked examples, the same draws: the teacher draws nothing
    assertThat(d.getFeatures().data().asFloat()).containsExactly(plainX);
    assertThat(r2.nextLong()).isEqualTo(r1.nextLong());
    INDArray p = teacher.outputSingle(false, d.getFeatures());
    float[] y = d.getLabels().data().asFloat();
    for (int i = 0; i < idx.length; i++) {
      for (int k = 0; k < 2; k++) {
        assertThat(y[2 * i + k]).isCloseTo(0.75f * plainY[2 * i + k] + 0.25f * p.getFloat(i, k), offset(1e-6f));
      }
      assertThat(y[2 * i] + y[2 * i + 1]).isCloseTo(1f, offset(1e-6f));
      assertThat(y[2 * i]).isNotIn(0f, 1f);
    }
    // the teacher saw the masked examples, not the clean ones
    INDArray clean = Nd4j.create(Trainer.gatherRows(x, 40 * 87, idx), new long[] {3, 40, 87}, 'c');
    assertThat(teacher.outputSingle(false, clean)).isNotEqualTo(p);
  }

  @Test
  void aTeacherGoesWithARecipeThatDistillsAndOnlyThen() {
    var teacher = GenderNetwork.build(NetworkConfig.shipped(), new GenderNetwork.Regularisation(1e-3, 0, 0), 9);
    TrainingConfig plain = TrainingConfig.previousDefault();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Minibatches(X, Y, null, plain, null, teacher))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new Minibatches(X, Y, null, plain.withDistillation("shipped", 0.5), null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teacher");
  }
}
