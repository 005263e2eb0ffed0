package org.voicegender.activation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Activation functions as JSON, exactly: {@code {"kind":"sigmoid"}}, {@code "tanh"}, {@code
 * "hard-sigmoid"}, {@code "hard-tanh"}, {@code "hard-tanh-original"}, {@code "plan-sigmoid"},
 * {@code "plan-tanh"}; {@code {"kind":"lut","of":"sigmoid","range":8.0,"entries":64}}; {@code
 * {"kind":"pwl","name":…,"breakpoints":[…],"values":[…]}}. Doubles are written so that they read
 * back to the same bits, so a restored function computes exactly what the stored one did.
 */
public final class ActivationJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ActivationJson() {}

  public static String toJson(ActivationFunction f) {
    return write(toNode(f));
  }

  public static ActivationFunction fromJson(String json) {
    return fromNode(read(json));
  }

  public static ObjectNode toNode(ActivationFunction f) {
    ObjectNode n = MAPPER.createObjectNode();
    if (f == ActivationFunction.SIGMOID || f == ActivationFunction.TANH || f instanceof HardSigmoid
        || f instanceof HardTanh || f instanceof FaultyHardTanh || f instanceof PlanSigmoid || f instanceof PlanTanh) {
      return n.put("kind", f.name());
    }
    if (f instanceof Lut l) {
      exactByName(l.exact().name()); // only the ones it can restore
      return n.put("kind", "lut").put("of", l.exact().name()).put("range", l.range()).put("entries", l.entries());
    }
    if (f instanceof PiecewiseLinear p) {
      n.put("kind", "pwl").put("name", p.name());
      ArrayNode b = n.putArray("breakpoints");
      for (double v : p.breakpoints()) {
        b.add(v);
      }
      ArrayNode v = n.putArray("values");
      for (double x : p.values()) {
        v.add(x);
      }
      return n;
    }
    throw new IllegalArgumentException("cannot store activation " + f.name() + " (" + f.getClass().getName()
        + ") as JSON: only sigmoid, tanh, the hard and PLAN functions, LUTs and PiecewiseLinear can be");
  }

  public static ActivationFunction fromNode(JsonNode n) {
    if (n == null || !n.isObject() || !n.hasNonNull("kind")) {
      throw new IllegalArgumentException("an activation function must be a JSON object with a \"kind\", not " + n);
    }
    String kind = n.get("kind").asText();
    return switch (kind) {
      case "sigmoid" -> ActivationFunction.SIGMOID;
      case "tanh" -> ActivationFunction.TANH;
      case "hard-sigmoid" -> ActivationFunction.HARD_SIGMOID;
      case "hard-tanh" -> ActivationFunction.HARD_TANH;
      case "hard-tanh-original" -> ActivationFunction.HARD_TANH_ORIGINAL;
      case "plan-sigmoid" -> ActivationFunction.PLAN_SIGMOID;
      case "plan-tanh" -> ActivationFunction.PLAN_TANH;
      case "lut" -> new Lut(exactByName(required(n, "of").asText()), required(n, "range").asDouble(),
          required(n, "entries").asInt());
      case "pwl" -> new PiecewiseLinear(required(n, "name").asText(), doubles(required(n, "breakpoints")),
          doubles(required(n, "values")));
      default -> throw new IllegalArgumentException("unknown activation kind \"" + kind + "\" in " + n);
    };
  }

  static ActivationFunction exactByName(String name) {
    return switch (name) {
      case "sigmoid" -> ActivationFunction.SIGMOID;
      case "tanh" -> ActivationFunction.TANH;
      default -> throw new IllegalArgumentException("only LUTs of sigmoid or tanh can be stored, not of " + name);
    };
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("activation " + n.get("kind") + " lacks \"" + field + "\": " + n);
    }
    return v;
  }

  private static double[] doubles(JsonNode array) {
    if (!array.isArray()) {
      throw new IllegalArgumentException("expected an array of numbers, not " + array);
    }
    double[] d = new double[array.size()];
    for (int i = 0; i < d.length; i++) {
      JsonNode v = array.get(i);
      if (!v.isNumber()) {
        throw new IllegalArgumentException("expected a number, not " + v);
      }
      d[i] = v.doubleValue();
    }
    return d;
  }

  static String write(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
