package org.voicegender.model.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Copies a DL4J layer configuration's fields into an instance of a subclass or superclass. DL4J
 * builds its configurations through builders with private constructors, so a subclass that only
 * changes which layer implementation is instantiated takes every setting from a built
 * configuration (and a test can turn it back into DL4J's own).
 */
final class LayerConfigCopy {
  private LayerConfigCopy() {}

  static <T> T into(Object built, T target) {
    Class<?> common = built.getClass().isInstance(target) ? built.getClass() : target.getClass();
    if (!common.isInstance(built)) {
      throw new IllegalArgumentException(target.getClass() + " and " + built.getClass() + " are unrelated");
    }
    for (Class<?> c = common; c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        try {
          f.setAccessible(true);
          f.set(target, f.get(built));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("cannot copy " + f + " of a layer configuration", e);
        }
      }
    }
    return target;
  }
}
