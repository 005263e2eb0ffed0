package org.voicegender.model.layers;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;

/**
 * Tells a graph's {@link CompactConv1DLayer}s whose inputs are all the network's inputs that the
 * gradient at their input is never read: a {@link ComputationGraph} hands its input vertices'
 * gradients to nothing (its {@code backpropGradient} returns the parameters' gradient only), so
 * that third of the convolution's backward pass is skipped. State of the layer objects, not of
 * the configuration: a graph built or loaded without this computes every gradient.
 */
public final class InputGradients {
  private InputGradients() {}

  /** @return how many layers skip the gradient at their input */
  public static int skipAtNetworkInputs(ComputationGraph graph) {
    int skipped = 0;
    for (GraphVertex v : graph.getVertices()) {
      if (!v.hasLayer() || !(v.getLayer() instanceof CompactConv1DLayer conv)) {
        continue;
      }
      VertexIndices[] from = v.getInputVertices();
      boolean onInputs = from != null && from.length > 0;
      for (int i = 0; onInputs && i < from.length; i++) {
        onInputs = graph.getVertices()[from[i].getVertexIndex()].isInputVertex();
      }
      if (onInputs && v instanceof LayerVertex lv && lv.getLayerPreProcessor() == null) { // a preprocessor would backprop the null
        conv.setInputGradient(false);
        skipped++;
      }
    }
    return skipped;
  }
}
