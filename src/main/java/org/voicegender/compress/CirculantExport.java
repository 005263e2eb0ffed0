package org.voicegender.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voicegender.export.ExportedModel;
import org.voicegender.export.HardwareExport;
import org.voicegender.quant.FixedPointFormat;
import org.voicegender.quant.GoldenModel;
import org.voicegender.quant.IntegerMatrix;
import org.voicegender.quant.NetworkWeights;

/**
 * The block-circulant part of a hardware export ({@link HardwareExport.Extension}, manifest entry
 * {@code extensions.block_circulant}): for each circulant matrix its defining vectors' codes in
 * the original text layout ({@code weights/circulant/<name>_vectors.txt}, shape {@code (taps,
 * row blocks, col blocks, k)}), as hex ({@code .hex}, same order), their spectra for FFT hardware
 * ({@code _spectrum.txt}, the DFT of each code vector in JTransforms' packed real layout, in code
 * units) and a C header, {@code weights/circulant_weights.h}. The dense files of the export are
 * the expanded matrices, so a dense datapath reads the same export.
 *
 * <p>{@link #read} reads an export back, checks that the vectors expand to the dense codes, and
 * re-runs every test vector on a golden model whose LSTM and dense layers use circulant
 * arithmetic from the read vectors.
 */
public final class CirculantExport implements HardwareExport.Extension {
  public static final String NAME = "block_circulant";

  /** {@code W[i][j]} of an {@code [in][out]} matrix (a convolution per tap, {@code W[i][o] = w[o][i][tap]}). */
  public static final String RULE = "W[i][j] = v[tap][i / k][j / k][(j - i) mod k], W in [in][out] layout; conv per"
      + " kernel tap with W[i][o] = w[o][i][tap]; rows and columns beyond the matrix are zero padding";

  public static final String SPECTRUM_LAYOUT = "per vector: real DFT in JTransforms' packed layout [Re 0, Re k/2,"
      + " Re 1, Im 1, ..., Re k/2-1, Im k/2-1], in code units (value = spectrum * 2^-frac_bits)";

  private final CirculantSpec spec;
  private final Map<String, List<CirculantMatrix>> vectors;

  /** The extension for a compressed model (its defining vectors as the graph holds them). */
  public CirculantExport(CompressedModel model) {
    this.spec = model.spec();
    this.vectors = CirculantWeights.vectors(model.model().graph(), model.spec(), model.model().network());
  }

  @Override
  public String name() {
    return NAME;
  }

  /** One matrix as the manifest states it. */
  public record Entry(
      String name, String fileName, int k, int taps, int rows, int cols, int rowBlocks, int colBlocks,
      int storedCodes, String format, String vectorsFile, String hexFile, String spectrumFile, String cArray) {}

  /** The manifest entry. */
  public record Manifest(CirculantSpec spec, String rule, String spectrumLayout, String padding, List<Entry> tensors) {}

  @Override
  public Object write(GoldenModel golden, NetworkWeights weights, HardwareExport.ExportFiles files) throws IOException {
    List<Entry> entries = new ArrayList<>();
    StringBuilder h = new StringBuilder("/* Block-circulant weights: defining vectors' integer codes (value = code *"
        + " 2^-FRAC_BITS, formats as golden_weights.h)\n * and their spectra. " + RULE + ".\n * Spectra: "
        + SPECTRUM_LAYOUT + ". Written by voicegender's CirculantExport. */\n"
        + "#ifndef CIRCULANT_WEIGHTS_H\n#define CIRCULANT_WEIGHTS_H\n\n#include <stdint.h>\n\n");
    Map<String, NetworkWeights.Tensor> byName = weights.byName();
    for (Map.Entry<String, List<CirculantMatrix>> e : vectors.entrySet()) {
      String tensor = e.getKey();
      List<CirculantMatrix> taps = e.getValue();
      CirculantMatrix first = taps.get(0);
      FixedPointFormat f = golden.plan().weight(tensor);
      int k = first.k();
      int[] shape = {taps.size(), first.rowBlocks(), first.colBlocks(), k};
      long[] codes = new long[shape[0] * shape[1] * shape[2] * k];
      double[] spectra = new double[codes.length];
      FftCirculant fft = new FftCirculant(first);
      int n = 0;
      for (CirculantMatrix m : taps) {
        for (long[][] row : CirculantIntegerMatrix.quantize(m, f).codes()) {
          for (long[] v : row) {
            double[] s = fft.spectrum(java.util.Arrays.stream(v).asDoubleStream().toArray());
            for (int d = 0; d < k; d++) {
              codes[n] = v[d];
              spectra[n++] = s[d];
            }
          }
        }
      }
      String base = fileName(tensor);
      files.matrix("weights/circulant/" + base + "_vectors.txt", shape, i -> Long.toString(codes[i]));
      files.hex("weights/circulant/" + base + "_vectors.hex", codes, f);
      files.matrix("weights/circulant/" + base + "_spectrum.txt", shape, i -> Double.toString(spectra[i]));
      String macro = base.toUpperCase();
      h.append("/* ").append(tensor).append(" ").append(HardwareExport.pythonShape(shape)).append(", ")
          .append(first.rows()).append(" x ").append(first.cols()).append(" per tap, ").append(f.label()).append(" */\n")
          .append("#define ").append(macro).append("_K ").append(k).append('\n')
          .append("#define ").append(macro).append("_ROWS ").append(first.rows()).append('\n')
          .append("#define ").append(macro).append("_COLS ").append(first.cols()).append('\n')
          .append("#define ").append(macro).append("_VECTORS_FRAC_BITS ").append(f.fractionBits()).append('\n')
          .append("static const ").append(HardwareExport.cType(f)).append(' ').append(base).append("_vectors");
      for (int d : shape) {
        h.append('[').append(d).append(']');
      }
      h.append(" =\n").append(HardwareExport.cInitializer(codes, shape)).append(";\n\n");
      if (!byName.containsKey(tensor)) {
        throw new IllegalArgumentException("the exported weights have no " + tensor);
      }
      entries.add(new Entry(tensor, base, k, taps.size(), first.rows(), first.cols(), first.rowBlocks(),
          first.colBlocks(), codes.length, f.label(), "weights/circulant/" + base + "_vectors.txt",
          "weights/circulant/" + base + "_vectors.hex", "weights/circulant/" + base + "_spectrum.txt",
          base + "_vectors"));
    }
    h.append("#endif /* CIRCULANT_WEIGHTS_H */\n");
    files.text("weights/circulant_weights.h", h.toString());
    return new Manifest(spec, RULE, SPECTRUM_LAYOUT, "zero", List.copyOf(entries));
  }

  /** The original's file names, as HardwareExport's: conv_0_weight, lstm_weight_ih, lstm_weight_hh, fc_1_weight. */
  static String fileName(String tensor) {
    return switch (tensor) {
      case "lstm.w" -> "lstm_weight_ih";
      case "lstm.rw" -> "lstm_weight_hh";
      default -> tensor.substring(0, tensor.indexOf('.')) + "_weight";
    };
  }

  /** An export read back: the dense reader's model, the vectors' codes and the circulant golden model. */
  public record ReadBack(ExportedModel export, Map<String, long[][][][]> codes, GoldenModel golden) {
    /** Every clip re-run on the circulant golden model: the differences from the export, empty when all agree. */
    public List<String> verify() throws IOException {
      List<String> d = new ArrayList<>(export.verify());
      for (String id : export.clipIds()) {
        d.addAll(HardwareExport.differences(id, export.expected(id), golden.trace(export.input(id))));
      }
      return d;
    }
  }

  public static ReadBack read(Path dir) throws IOException {
    ExportedModel export = ExportedModel.read(dir);
    JsonNode entry = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile()).path("extensions").path(NAME);
    if (entry.isMissingNode()) {
      throw new IOException(dir + ": the export has no " + NAME + " extension in manifest.json");
    }
    Map<String, long[][][][]> codes = new LinkedHashMap<>();
    Map<String, NetworkWeights.Tensor> dense = export.weights().byName();
    for (JsonNode t : entry.path("tensors")) {
      String name = t.path("name").asText();
      int k = t.path("k").asInt();
      int taps = t.path("taps").asInt();
      int rb = t.path("row_blocks").asInt();
      int cb = t.path("col_blocks").asInt();
      FixedPointFormat f = export.plan().weight(name);
      List<String> lines = Files.readAllLines(dir.resolve(t.path("hex_file").asText()));
      if (lines.size() != taps * rb * cb * k) {
        throw new IOException(t.path("hex_file").asText() + " has " + lines.size() + " codes; the manifest says "
            + taps + " x " + rb + " x " + cb + " x " + k);
      }
      long[][][][] c = new long[taps][rb][cb][k];
      int n = 0;
      for (int a = 0; a < taps; a++) {
        for (int b = 0; b < rb; b++) {
          for (int j = 0; j < cb; j++) {
            for (int d = 0; d < k; d++) {
              c[a][b][j][d] = f.decode(Long.parseUnsignedLong(lines.get(n++).trim(), 16));
            }
          }
        }
      }
      checkExpansion(name, c, k, t.path("rows").asInt(), t.path("cols").asInt(), dense.get(name), f);
      codes.put(name, c);
    }
    IntegerMatrix.Matrices matrices = (tensor, w, format) -> {
      long[][][][] c = codes.get(tensor);
      return c == null ? IntegerMatrix.Matrices.DENSE.of(tensor, w, format)
          : new CirculantIntegerMatrix(w.length, w[0].length, c[0][0][0].length, c[0]);
    };
    GoldenModel golden = new GoldenModel(export.weights(), export.plan(), export.golden().functions(), matrices);
    return new ReadBack(export, codes, golden);
  }

  /** The vectors' expansion must be the dense export's codes, element by element. */
  private static void checkExpansion(
      String name, long[][][][] c, int k, int rows, int cols, NetworkWeights.Tensor dense, FixedPointFormat f)
      throws IOException {
    boolean conv = name.startsWith("conv");
    int[] shape = dense.shape(); // conv [out][in][taps], else [in][out]
    for (int tap = 0; tap < c.length; tap++) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          int index = conv ? (j * shape[1] + i) * shape[2] + tap : i * shape[1] + j;
          long expected = f.quantize(dense.values()[index]);
          long got = c[tap][i / k][j / k][Math.floorMod(j - i, k)];
          if (got != expected) {
            throw new IOException(name + " element (" + tap + ", " + i + ", " + j + "): the defining vectors give "
                + got + ", the dense export " + expected);
          }
        }
      }
    }
  }
}
