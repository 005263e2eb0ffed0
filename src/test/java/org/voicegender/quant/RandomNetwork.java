package org.voicegender.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.model.FeatureNormalizer;
import org.voicegender.model.GenderNetwork;
import org.voicegender.model.NetworkConfig;

/**
 * A seeded shipped network for the quantization tests: biases away from zero (so every bias
 * path counts), an MFCC-like normaliser (c0 around −300 ± 100), and raw windows drawn around it at
 * one to three standard deviations.
 */
public record RandomNetwork(ComputationGraph graph, NetworkWeights weights, List<float[][]> windows) {
  /**
   * This network as a model file would hold it (the seed's features, the default recipe, one
   * reader recorded), for tests of what takes a trained model.
   */
  public org.voicegender.model.TrainedModel model() {
    return new org.voicegender.model.TrainedModel(graph, org.voicegender.features.FeatureConfig.seed(),
        weights.normalizer(), weights.network(), org.voicegender.model.TrainingConfig.defaults(), List.of(1));
  }

  public static RandomNetwork create(int windowCount) {
    NetworkConfig net = NetworkConfig.shipped();
    ComputationGraph graph = GenderNetwork.build(net, new GenderNetwork.Regularisation(1e-3, 0, 0), 7);
    Nd4j.getRandom().setSeed(3);
    for (String layer : List.of("conv_0", "conv_2", "lstm", "fc_1", "fc_2", "fc_3")) {
      INDArray b = graph.getLayer(layer).getParam("b");
      b.assign(Nd4j.rand(DataType.FLOAT, b.shape()).subi(0.5).muli(0.4));
    }
    Random random = new Random(9);
    double[] mean = new double[40];
    double[] std = new double[40];
    for (int c = 0; c < 40; c++) {
      mean[c] = c == 0 ? -300 : random.nextGaussian() * 10;
      std[c] = c == 0 ? 100 : 5 + random.nextDouble() * 10;
    }
    NetworkWeights weights = NetworkWeights.of(graph, net, new FeatureNormalizer(mean, std));
    List<float[][]> windows = new ArrayList<>();
    for (int w = 0; w < windowCount; w++) {
      float[][] x = new float[40][87];
      for (int c = 0; c < 40; c++) {
        for (int t = 0; t < 87; t++) {
          x[c][t] = (float) (mean[c] + std[c] * random.nextGaussian() * (1 + w % 3));
        }
      }
      windows.add(x);
    }
    return new RandomNetwork(graph, weights, List.copyOf(windows));
  }
}
