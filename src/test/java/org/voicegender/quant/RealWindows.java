package org.voicegender.quant;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.voicegender.SharedData;
import org.voicegender.model.Predictor;
import org.voicegender.model.TrainedModel;

/** The windows of two real recordings, prepared by a model as it prepares them for inference. */
final class RealWindows {
  private RealWindows() {}

  static List<float[][]> preparedBy(TrainedModel model) throws IOException {
    List<float[][]> windows = new ArrayList<>();
    for (String id : List.of("1034-121119-0000", "19-198-0000")) {
      for (float[][] w : model.prepare(new Predictor(model).windows(SharedData.recording(id)))) {
        windows.add(w);
      }
    }
    return windows;
  }
}
