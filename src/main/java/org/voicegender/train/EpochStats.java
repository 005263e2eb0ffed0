package org.voicegender.train;

/**
 * One training epoch's figures. Validation figures are on the recipe's validation readers (which
 * may select the epoch) and are NaN without them; held-out figures are on readers kept out of
 * training altogether (a test set watched, never used to choose anything) and are NaN when none
 * were given.
 */
public record EpochStats(
    int epoch, double trainLoss, double trainAccuracy, double validationLoss,
    double validationAccuracy, double heldOutLoss, double heldOutAccuracy, double fitSeconds) {

  /** One progress line: the epoch, training loss and accuracy, then validation and held-out ones where there are such readers. */
  public String describe() {
    String line = String.format("epoch %3d  train loss %.4f acc %.1f %%", epoch, trainLoss, 100 * trainAccuracy);
    if (!Double.isNaN(validationLoss)) {
      line += String.format("  validation loss %.4f acc %.1f %%", validationLoss, 100 * validationAccuracy);
    }
    if (!Double.isNaN(heldOutLoss)) {
      line += String.format("  held-out loss %.4f acc %.1f %%", heldOutLoss, 100 * heldOutAccuracy);
    }
    return line + String.format("  %.2f s", fitSeconds);
  }
}
