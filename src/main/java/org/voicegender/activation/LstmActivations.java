package org.voicegender.activation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * The LSTM's three activation sites: the gates' sigmoid (f, o, i), the cell input's tanh (g) and
 * the tanh of the cell state before the output gate. Exact functions or approximations.
 *
 * <p>Named sets: {@link #exact()}, {@link #hard()}, {@link #hardOriginal()}, {@link #plan()},
 * {@link #lut(int)} (by {@link #byName}), and {@link #pwl}, fitted to observed pre-activations
 * (restored with {@link #fromJson}). {@link #toJson()} stores any set exactly.
 */
public record LstmActivations(String name, ActivationFunction gate, ActivationFunction input, ActivationFunction cell) {
  /** The range of {@link #lut(int)}'s tables: [−8, 8]. */
  public static final double LUT_RANGE = 8;
  /** The entries of the set named {@code lut}. */
  public static final int LUT_ENTRIES = 64;

  public LstmActivations {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(cell, "cell");
  }

  /** Sigmoid gates, tanh input and cell: what DL4J trains. */
  public static LstmActivations exact() {
    return new LstmActivations("exact", ActivationFunction.SIGMOID, ActivationFunction.TANH, ActivationFunction.TANH);
  }

  /** Hard-sigmoid gates, (correct) hard-tanh input and cell. */
  public static LstmActivations hard() {
    return new LstmActivations("hard", ActivationFunction.HARD_SIGMOID, ActivationFunction.HARD_TANH,
        ActivationFunction.HARD_TANH);
  }

  /** The original's functions: hard-sigmoid gates, its faulty hard-tanh (0 below −1) for input and cell. */
  public static LstmActivations hardOriginal() {
    return new LstmActivations("hard-original", ActivationFunction.HARD_SIGMOID, ActivationFunction.HARD_TANH_ORIGINAL,
        ActivationFunction.HARD_TANH_ORIGINAL);
  }

  /** PLAN sigmoid gates, PLAN tanh ({@code 2σ(2x) − 1}) input and cell. */
  public static LstmActivations plan() {
    return new LstmActivations("plan", ActivationFunction.PLAN_SIGMOID, ActivationFunction.PLAN_TANH,
        ActivationFunction.PLAN_TANH);
  }

  /** {@link #lut(int)} with {@value #LUT_ENTRIES} entries, named {@code lut}. */
  public static LstmActivations lut() {
    return lut(LUT_ENTRIES);
  }

  /** Tables of {@code entries} samples over [−8, 8]; named {@code lut} for 64 entries, else {@code lut-<entries>}. */
  public static LstmActivations lut(int entries) {
    return new LstmActivations(entries == LUT_ENTRIES ? "lut" : "lut-" + entries,
        new Lut(ActivationFunction.SIGMOID, LUT_RANGE, entries), new Lut(ActivationFunction.TANH, LUT_RANGE, entries),
        new Lut(ActivationFunction.TANH, LUT_RANGE, entries));
  }

  /**
   * Piecewise-linear functions fitted ({@link PiecewiseLinear#fit}) to each site's observed
   * pre-activations: the gates' z (f, o, i together), the cell input's z, the cell state.
   * Named {@code pwl-<segments>} or {@code pwl-<segments>-pow2}.
   *
   * @param segments pieces on |x| ≥ 0, the saturating one included (PLAN has 4)
   */
  public static LstmActivations pwl(int segments, boolean powerOfTwo, double[] gateSamples, double[] inputSamples,
      double[] cellSamples) {
    return new LstmActivations("pwl-" + segments + (powerOfTwo ? "-pow2" : ""),
        PiecewiseLinear.fit(ActivationFunction.SIGMOID, segments, gateSamples, powerOfTwo),
        PiecewiseLinear.fit(ActivationFunction.TANH, segments, inputSamples, powerOfTwo),
        PiecewiseLinear.fit(ActivationFunction.TANH, segments, cellSamples, powerOfTwo));
  }

  /** The names {@link #byName} knows ({@code lut-<entries>} for any entries ≥ 2 too). */
  public static List<String> names() {
    return List.of("exact", "hard", "hard-original", "plan", "lut");
  }

  /** The sets {@link #byName} knows, {@code lut} with 64 entries. */
  public static List<LstmActivations> named() {
    return List.of(exact(), hard(), hardOriginal(), plan(), lut());
  }

  /**
   * {@code exact}, {@code hard}, {@code hard-original}, {@code plan}, {@code lut} or {@code
   * lut-<entries>}. Fitted sets ({@code pwl-…}) need samples: build them with {@link #pwl} or
   * restore them with {@link #fromJson}.
   */
  public static LstmActivations byName(String name) {
    Objects.requireNonNull(name, "name");
    switch (name) {
      case "exact":
        return exact();
      case "hard":
        return hard();
      case "hard-original":
        return hardOriginal();
      case "plan":
        return plan();
      case "lut":
        return lut();
      default:
        break;
    }
    if (name.startsWith("lut-")) {
      int entries;
      try {
        entries = Integer.parseInt(name.substring(4));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("LUT set \"" + name + "\": expected lut-<entries>, e.g. lut-32");
      }
      if (entries < 2) {
        throw new IllegalArgumentException("LUT set \"" + name + "\": a table needs at least 2 entries");
      }
      return lut(entries);
    }
    if (name.startsWith("pwl")) {
      throw new IllegalArgumentException("\"" + name + "\" needs samples: it is fitted to observed pre-activations,"
          + " so it cannot be made from its name; build it with LstmActivations.pwl(segments, powerOfTwo,"
          + " gateSamples, inputSamples, cellSamples), or restore a stored one with LstmActivations.fromJson");
    }
    throw new IllegalArgumentException("unknown LSTM activations \"" + name + "\"; known: exact, hard, hard-original,"
        + " plan, lut, lut-<entries>, and pwl-<segments>[-pow2] (fitted, from samples)");
  }

  /** One line of JSON with the name and each site's function (see {@link ActivationJson}), knots included. */
  public String toJson() {
    ObjectNode n = ActivationJson.MAPPER.createObjectNode();
    n.put("name", name);
    n.set("gate", ActivationJson.toNode(gate));
    n.set("input", ActivationJson.toNode(input));
    n.set("cell", ActivationJson.toNode(cell));
    return ActivationJson.write(n);
  }

  /** The set {@link #toJson()} wrote: functions that compute exactly the same values. */
  public static LstmActivations fromJson(String json) {
    JsonNode n = ActivationJson.read(json);
    if (!n.isObject() || !n.hasNonNull("name")) {
      throw new IllegalArgumentException("LSTM activations must be a JSON object with a name, not " + json);
    }
    return new LstmActivations(n.get("name").asText(), ActivationJson.fromNode(n.get("gate")),
        ActivationJson.fromNode(n.get("input")), ActivationJson.fromNode(n.get("cell")));
  }
}
