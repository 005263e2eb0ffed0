package org.voicegender.cli;

import org.voicegender.quant.QuantizationSpec;
import picocli.CommandLine.Option;

/** Options that choose the fixed-point formats, shared by quantize and export. */
final class QuantizationOptions {
  @Option(names = "--weight-bits", defaultValue = "8", description = "bits per weight and bias, 2-24 (default ${DEFAULT-VALUE})")
  int weightBits;

  @Option(names = "--activation-bits",
      description = "bits per activation, 2-24 (default 8; 16 with --scheme original, standing for its float activations)")
  Integer activationBits;

  @Option(names = "--accumulator-bits", defaultValue = "0", description = "accumulator width (0 = wide enough never to overflow)")
  int accumulatorBits;

  @Option(names = "--scheme", description = "original: the original's weights, sign + 7 fraction bits, truncated")
  String scheme;

  /** The spec these options ask for: --scheme original, else --weight-bits and --activation-bits. */
  QuantizationSpec spec() {
    QuantizationSpec q;
    if (scheme == null) {
      q = QuantizationSpec.of(weightBits, activationBits == null ? 8 : activationBits);
    } else if (scheme.equals("original")) {
      q = QuantizationSpec.original().withActivationBits(activationBits == null ? 16 : activationBits);
    } else {
      throw new IllegalArgumentException("unknown scheme '" + scheme + "': the scheme is original,"
          + " or give --weight-bits and --activation-bits");
    }
    return accumulatorBits > 0 ? q.withAccumulatorBits(accumulatorBits) : q;
  }
}
