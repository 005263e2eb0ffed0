package org.voicegender.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.voicegender.model.layers.CoalescedL2;
import org.voicegender.model.layers.CompactConv1D;
import org.voicegender.model.layers.CompactDense;
import org.voicegender.model.layers.CompactLstm;
import org.voicegender.model.layers.CompactMaxPool1D;
import org.voicegender.model.layers.CompactOutput;
import org.voicegender.model.layers.UnscoredL2;

/**
 * The CNN-LSTM as a DL4J {@link ComputationGraph}. Layer names follow the original's PyTorch
 * weight names so exports line up: {@code conv_0, conv_2, pool, lstm, flatten, fc_1, fc_2,
 * fc_3}.
 *
 * <p>Input {@code [batch, 40, 87]} (channels = MFCCs, time = frames, DL4J's NCW). Weight layout,
 * for the quantization and golden-model work that reads the weights directly:
 *
 * <ul>
 *   <li>{@code conv_*}: {@link CompactConv1D}, DL4J's {@code Convolution1DLayer} (same
 *       configuration and parameters) computed in SIMD registers in DL4J's weight layout;
 *       {@code pool}: {@link CompactMaxPool1D}, DL4J's max {@code Subsampling1DLayer} in Java
 *       loops. Conv W reported as {@code [out, in, kernel, 1]}, but DL4J M2.1's conv1d op
 *       reads its row-major buffer as {@code [kernel][in][out]}: weight (o, i, k) — PyTorch's
 *       {@code weight[o][i][k]}, {@code y[o][t] = b[o] + Σ w[o][i][k]·x[i][t+k]} — is buffer
 *       element {@code (k·in + i)·out + o}; {@code quant.NetworkWeights} reads it so, and
 *       {@code GoldenModelTest} checks that against DL4J's output. b {@code [out]}.
 *   <li>{@code lstm}: a {@link CompactLstm} (DL4J's LSTM computed in Java loops: double precision, float vectors in training); W {@code [in, 4·units]} (input weights), RW {@code [units, 4·units]}
 *       (recurrent), b {@code [1, 4·units]}; the four blocks of {@code units} columns are, in
 *       order, the cell input g (tanh), the forget gate f, the output gate o and the input gate
 *       i (PyTorch: i, f, g, o), as {@code LstmLayoutTest} checks by recomputing the layer; one bias where PyTorch has b_ih + b_hh (so 64 fewer
 *       parameters: 11,770 instead of 11,834). No peepholes.
 *   <li>{@code flatten}: the LSTM output {@code [batch, units, steps]} is reshaped in Fortran
 *       order to {@code [batch, steps·units]}, so feature {@code j = t·units + u}: PyTorch's
 *       flatten of a batch-first {@code [batch, steps, units]} output.
 *   <li>{@code fc_*}: W {@code [in, out]} (PyTorch's transpose), b {@code [1, out]}; {@code fc_1,
 *       fc_2} are {@link CompactDense} and {@code fc_3} (softmax, cross-entropy) {@link
 *       CompactOutput}: DL4J's dense and output layers (same configuration, parameters and
 *       layout) computed in Java loops.
 * </ul>
 *
 * <p>{@link #build} gives the graph's updater {@link CoalescedL2} (the weight decay of all
 * parameters in one op a step) and {@link org.voicegender.model.layers.JavaAdam} (DL4J's Adam
 * step in Java), and tells the first convolution that the gradient at the network's input is
 * never read ({@link org.voicegender.model.layers.InputGradients}). A training step's arithmetic
 * is then Java code of the layers package (the convolutions and the LSTM in SIMD registers);
 * DL4J's per-op overhead, not arithmetic, was what a step of this tiny network cost.
 */
public final class GenderNetwork {
  public static final String INPUT = "mfcc";

  private GenderNetwork() {}

  /** The activation functions the graph's LSTM computes (exact unless tuned with approximations). */
  public static org.voicegender.activation.LstmActivations lstmFunctions(ComputationGraph graph) {
    return ((CompactLstm) graph.getLayer("lstm").conf().getLayer()).functions();
  }

  /** Training-side settings the graph needs: optimiser, regularisation, dropout, seed. */
  public record Regularisation(double learningRate, double l2, double dropout) {}

  private static java.util.List<org.nd4j.linalg.learning.regularization.Regularization> l2(double l2) {
    return l2 > 0 ? new java.util.ArrayList<>(java.util.List.of(new UnscoredL2(l2))) : new java.util.ArrayList<>();
  }

  public static ComputationGraph build(NetworkConfig net, Regularisation reg, long seed) {
    ComputationGraph graph = new ComputationGraph(configuration(net, reg, seed));
    graph.init();
    CoalescedL2.install(graph);
    org.voicegender.model.layers.InputGradients.skipAtNetworkInputs(graph);
    org.voicegender.model.layers.JavaAdam.install(graph);
    return graph;
  }

  public static ComputationGraphConfiguration configuration(
      NetworkConfig net, Regularisation reg, long seed) {
    return configuration(net, reg, seed, DataType.FLOAT);
  }

  /** The configuration in a given precision (DOUBLE for gradient checks). */
  public static ComputationGraphConfiguration configuration(
      NetworkConfig net, Regularisation reg, long seed, DataType dataType) {
    var builder =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(dataType)
            .updater(new Adam(reg.learningRate()))
            .weightInit(WeightInit.XAVIER)
            // PyTorch Adam's weight_decay (coupled L2) on weights and biases alike, as
            // torch.optim.Adam applies it to all parameters; without DL4J's per-step score term
            .regularization(l2(reg.l2()))
            .regularizationBias(l2(reg.l2()))
            .graphBuilder()
            .addInputs(INPUT)
            .setInputTypes(InputType.recurrent(net.inputChannels(), net.frames()))
            .addLayer("conv_0",
                CompactConv1D.of(new Convolution1DLayer.Builder()
                    .nIn(net.inputChannels()).nOut(net.conv1Channels())
                    .kernelSize(net.conv1Kernel()).stride(1)
                    .convolutionMode(ConvolutionMode.Truncate)
                    .activation(Activation.RELU).build()),
                INPUT)
            .addLayer("conv_2",
                CompactConv1D.of(new Convolution1DLayer.Builder()
                    .nOut(net.conv2Channels()).kernelSize(net.conv2Kernel()).stride(1)
                    .convolutionMode(ConvolutionMode.Truncate)
                    .activation(Activation.RELU).build()),
                "conv_0")
            .addLayer("pool",
                CompactMaxPool1D.of(new Subsampling1DLayer.Builder(PoolingType.MAX)
                    .kernelSize(net.pool()).stride(net.pool())
                    .convolutionMode(ConvolutionMode.Truncate).build()),
                "conv_2")
            .addLayer("lstm", CompactLstm.of(net.lstmUnits()), "pool")
            .addVertex("flatten", new ReshapeVertex('f', new int[] {-1, net.flattened()}, null), "lstm");
    String previous = "flatten";
    for (int i = 0; i < net.dense().size(); i++) {
      String name = "fc_" + (i + 1);
      var dense = new DenseLayer.Builder().nIn(i == 0 ? net.flattened() : net.dense().get(i - 1))
          .nOut(net.dense().get(i)).activation(Activation.RELU);
      builder.addLayer(name, CompactDense.of(dense.build()), previous);
      previous = name;
      if (reg.dropout() > 0) {
        builder.addLayer(name + "_dropout", new DropoutLayer.Builder(1 - reg.dropout()).build(), previous);
        previous = name + "_dropout";
      }
    }
    String output = "fc_" + (net.dense().size() + 1);
    builder.addLayer(output,
        CompactOutput.of(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nIn(net.dense().get(net.dense().size() - 1)).nOut(net.classes())
            .activation(Activation.SOFTMAX).build()),
        previous);
    return builder.setOutputs(output).build();
  }
}
