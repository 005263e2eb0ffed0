package org.voicegender.model.layers;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * DL4J's Adam step computed in Java over an updater block's flattened gradient and state: the
 * arithmetic of libnd4j's {@code adam_updater} op, in floats, element by element, on the same
 * state views (so the moments saved with a model are DL4J's). The native op costs more in its
 * call (an op context, shape checks, output arrays) than in the 11,770 parameters' arithmetic;
 * one training step runs it once. Only float blocks of DL4J's own {@link AdamUpdater} are
 * replaced; the configuration is untouched, so a graph without this trains with DL4J's op.
 */
public final class JavaAdam extends AdamUpdater {
  private float[] g;
  private float[] m;
  private float[] v;

  private JavaAdam(Adam config) {
    super(config);
  }

  /** @return how many of the graph's updater blocks step in Java */
  public static int install(ComputationGraph graph) {
    List<UpdaterBlock> blocks = graph.getUpdater(true).getUpdaterBlocks();
    int installed = 0;
    for (UpdaterBlock block : blocks) {
      if (block.getGradientUpdater() instanceof JavaAdam) {
        installed++;
      } else if (block.getGradientUpdater() != null && block.getGradientUpdater().getClass() == AdamUpdater.class) {
        AdamUpdater dl4j = (AdamUpdater) block.getGradientUpdater();
        if (dl4j.getM() != null && dl4j.getM().dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
          JavaAdam ours = new JavaAdam(dl4j.getConfig());
          ours.setM(dl4j.getM());
          ours.setV(dl4j.getV());
          block.setGradientUpdater(ours);
          installed++;
        }
      }
    }
    return installed;
  }

  /**
   * libnd4j's {@code adam_updater} (updaterAdam.cpp): {@code m ← β1·m + (1 − β1)·g}, {@code u ←
   * β2·u + (1 − β2)·g²}, {@code g ← m·α_t / (√u + ε)} with {@code α_t = lr·√(1 − β2^(t+1)) / (1 −
   * β1^(t+1))} (ε where that is not finite or 0).
   */
  @Override
  public void applyUpdater(INDArray gradient, int iteration, int epoch) {
    INDArray mView = getM();
    INDArray vView = getV();
    if (mView == null || gradient.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT
        || gradient.length() != mView.length()) {
      super.applyUpdater(gradient, iteration, epoch);
      return;
    }
    Adam c = getConfig();
    float beta1 = (float) c.getBeta1();
    float beta2 = (float) c.getBeta2();
    float lr = (float) c.getLearningRate(iteration, epoch);
    float epsilon = (float) c.getEpsilon();
    float beta1T = (float) Math.pow(beta1, iteration + 1);
    float beta2T = (float) Math.pow(beta2, iteration + 1);
    float alpha = lr * (float) Math.sqrt(1f - beta2T) / (1f - beta1T);
    if (Float.isNaN(alpha) || Float.isInfinite(alpha) || alpha == 0f) {
      alpha = epsilon;
    }
    g = NdArrays.bufferFloats(gradient, g);
    m = NdArrays.bufferFloats(mView, m);
    v = NdArrays.bufferFloats(vView, v);
    float oneMinusBeta1 = 1f - beta1;
    float oneMinusBeta2 = 1f - beta2;
    for (int i = 0; i < g.length; i++) {
      float gi = g[i];
      float mi = beta1 * m[i] + gi * oneMinusBeta1;
      float vi = beta2 * v[i] + gi * gi * oneMinusBeta2;
      m[i] = mi;
      v[i] = vi;
      g[i] = mi * alpha / ((float) Math.sqrt(vi) + epsilon);
    }
    NdArrays.assignBuffer(gradient, g);
    NdArrays.assignBuffer(mView, m);
    NdArrays.assignBuffer(vView, v);
  }
}
