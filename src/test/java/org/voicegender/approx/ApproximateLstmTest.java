package org.voicegender.approx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicegender.activation.LstmActivations;
import org.voicegender.features.FeatureConfig;
import org.voicegender.model.FeatureNormalizer;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.TrainingConfig;
import org.voicegender.quant.NetworkWeights;
import org.voicegender.quant.QuantizationPlan;
import org.voicegender.quant.ReferenceModel;

/**
 * The DL4J network computes the approximate functions it is configured with (so fine-tuning
 * trains what hardware runs), keeps them through a model file, and the error comparison finds
 * no error for the exact functions and some for an approximation.
 */
class ApproximateLstmTest {
  @TempDir Path dir;

  @Test
  void dl4jWithAnApproximationMatchesTheReferenceAndSurvivesSaving() throws Exception {
    NetworkConfig net = NetworkConfig.shipped();
    ComputationGraph g = GenderNetwork.build(net, new GenderNetwork.Regularisation(1e-3, 0, 0), 5);
    FeatureNormalizer norm = FeatureNormalizer.identity(40);
    float[][] window = randomWindow(3);
    double exactP = ReferenceModel.exact(NetworkWeights.of(g, net, norm)).forward(window).maleProbability();
    for (LstmActivations fns : List.of(LstmActivations.plan(), LstmActivations.hardOriginal(), LstmActivations.lut(32))) {
      ComputationGraph copy = TrainedModel.copyOf(g);
      ((org.voicegender.model.layers.CompactLstm) copy.getLayer("lstm").conf().getLayer()).use(fns);
      // the window as the reference model takes it: no recording mean removed
      TrainingConfig training = TrainingConfig.defaults().withCepstralMean(org.voicegender.features.CepstralMean.NONE);
      TrainedModel model = new TrainedModel(copy, FeatureConfig.seed(), norm, net, training, List.of(1));
      double dl4j = model.maleProbabilities(new float[][][] {window})[0];
      double reference = new ReferenceModel(NetworkWeights.of(model), QuantizationPlan.none(), fns).forward(window).maleProbability();
      assertThat(dl4j).as(fns.name()).isCloseTo(reference, org.assertj.core.data.Offset.offset(1e-5));
      assertThat(GenderNetwork.lstmFunctions(copy).name()).isEqualTo(fns.name());

      Path file = dir.resolve(fns.name() + ".zip");
      model.save(file);
      TrainedModel back = TrainedModel.load(file);
      assertThat(GenderNetwork.lstmFunctions(back.graph()).name()).isEqualTo(fns.name());
      assertThat(back.maleProbabilities(new float[][][] {window})[0]).isEqualTo(dl4j);
    }
    assertThat(GenderNetwork.lstmFunctions(g).name()).isEqualTo("exact");
    assertThat(ReferenceModel.exact(NetworkWeights.of(g, net, norm)).forward(window).maleProbability()).isEqualTo(exactP);
  }

  @Test
  void errorsAreZeroForExactFunctionsAndGrowForTheOriginalHardFunctions() {
    NetworkConfig net = NetworkConfig.shipped();
    ComputationGraph g = GenderNetwork.build(net, new GenderNetwork.Regularisation(1e-3, 0, 0), 5);
    NetworkWeights w = NetworkWeights.of(g, net, FeatureNormalizer.identity(40));
    List<float[][]> windows = List.of(randomWindow(1), randomWindow(2), randomWindow(3));
    assertThat(ApproximationJobs.compare(w, LstmActivations.exact(), windows))
        .allSatisfy(e -> assertThat(e.maxAbs()).as(e.site() + " step " + e.step()).isZero());
    var errors = ApproximationJobs.compare(w, LstmActivations.hardOriginal(), windows);
    assertThat(errors).extracting(ApproximationJobs.SiteError::site).contains("g", "f", "o", "i", "c", "h", "scores");
    assertThat(errors.stream().filter(e -> e.site().equals("h")).mapToDouble(ApproximationJobs.SiteError::maxAbs).max().orElseThrow())
        .isGreaterThan(0);
    var samples = ApproximationJobs.observe(w, windows);
    assertThat(samples.gate()).hasSize(3 * 5 * 16 * 3);
    assertThat(samples.input()).hasSize(3 * 5 * 16);
    assertThat(ApproximationJobs.named("pwl-4", samples).name()).startsWith("pwl-4");
  }

  private static float[][] randomWindow(int seed) {
    Random r = new Random(seed);
    float[][] x = new float[40][87];
    for (float[] row : x) {
      for (int t = 0; t < row.length; t++) {
        row[t] = (float) (r.nextGaussian() * 2);
      }
    }
    return x;
  }
}
