package org.voicegender.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

/** Static helpers for cells; the evaluator runs {@code import static org.voicegender.kernel.Notebook.*;} at startup. */
public final class Notebook {

  private Notebook() {
  }

  /** Renders a value (chart, table, anything) and sends it to the notebook as a display_data output. */
  public static void display(Object value) {
    JavaKernel kernel = (JavaKernel) BaseKernel.notebookKernel();
    kernel.display(kernel.render(value));
  }
}
