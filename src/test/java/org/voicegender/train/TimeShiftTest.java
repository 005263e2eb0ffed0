package org.voicegender.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.voicegender.model.TrainingConfig;

class TimeShiftTest {
  static final int FRAMES = 87;
  static final int HOP = 43;
  static final int EDGE = 2;
  static final float PADDED = -1f;

  /**
   * Windows of a synthetic recording whose frame at time t holds t in channel 0 and 1000 + t in
   * channel 1: window k starts at frame k·HOP; its EDGE first and last frames are marked PADDED
   * (computed over padding), except where the recording itself starts or ends.
   */
  static float[] recording(int windows) {
    float[] flat = new float[windows * 2 * FRAMES];
    for (int k = 0; k < windows; k++) {
      for (int f = 0; f < FRAMES; f++) {
        boolean padded = (f < EDGE && k > 0) || (f >= FRAMES - EDGE && k < windows - 1);
        flat[(k * 2) * FRAMES + f] = padded ? PADDED : k * HOP + f;
        flat[(k * 2 + 1) * FRAMES + f] = padded ? PADDED : 1000 + k * HOP + f;
      }
    }
    return flat;
  }

  /** One recording of {@code windows} windows, neighbours linked. */
  static TimeShift shifts(int windows, int maxShift) {
    int[] previous = new int[windows];
    int[] next = new int[windows];
    for (int k = 0; k < windows; k++) {
      previous[k] = k - 1;
      next[k] = k + 1 < windows ? k + 1 : -1;
    }
    return new TimeShift(previous, next, HOP, EDGE, maxShift);
  }

  @Test
  void shiftedWindowsAreTheRecordingFromAnyFrameWithoutPaddedFrames() {
    int windows = 5;
    float[] flat = recording(windows);
    TimeShift shift = shifts(windows, HOP - EDGE);
    Random random = new Random(3);
    TreeSet<Integer> seen = new TreeSet<>();
    for (int draw = 0; draw < 2000; draw++) {
      int k = 1 + draw % 3; // windows with both neighbours
      float[] x = shift.gather(flat, 2, FRAMES, new int[] {k}, random);
      int start = (int) x[EDGE] - EDGE; // the shifted window's first frame on the recording's time axis
      int s = start - k * HOP;
      seen.add(s);
      for (int f = 0; f < FRAMES; f++) {
        assertThat(x[f]).as("window %d shifted %d, frame %d", k, s, f).isEqualTo(start + f);
        assertThat(x[FRAMES + f]).isEqualTo(1000 + start + f);
      }
    }
    assertThat(seen.first()).isEqualTo(-(HOP - EDGE));
    assertThat(seen.last()).isEqualTo(HOP - EDGE);
    assertThat(seen).hasSize(2 * (HOP - EDGE) + 1);
  }

  @Test
  void aRecordingsFirstWindowNeverStartsEarlierNorItsLastLaterAndALoneWindowStays() {
    int windows = 3;
    float[] flat = recording(windows);
    TimeShift shift = shifts(windows, HOP);
    Random random = new Random(8);
    for (int draw = 0; draw < 500; draw++) {
      float[] x = shift.gather(flat, 2, FRAMES, new int[] {0, 2}, random);
      assertThat(x[0]).isGreaterThanOrEqualTo(0f).isLessThanOrEqualTo(HOP);
      assertThat(x[2 * FRAMES + FRAMES - 1]).isLessThanOrEqualTo(2 * HOP + FRAMES - 1)
          .isGreaterThanOrEqualTo(HOP + FRAMES - 1);
    }
    float[] lone = recording(1);
    float[] x = new TimeShift(new int[] {-1}, new int[] {-1}, HOP, EDGE, HOP)
        .gather(lone, 2, FRAMES, new int[] {0}, new Random(1));
    assertThat(x).containsExactly(lone);
  }

  @Test
  void refusesShiftsLongerThanTheHop() {
    assertThatThrownBy(() -> new TimeShift(new int[] {-1}, new int[] {-1}, HOP, EDGE, HOP + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("43 frames apart");
  }

  @Test
  void minibatchesOfARecipeWithATimeShiftAreShiftedAndRepeatableForASeed() {
    int windows = 4;
    float[] flat = recording(windows);
    var x = Nd4j.create(flat, new long[] {windows, 2, FRAMES}, 'c');
    var y = Nd4j.create(new float[] {1, 0, 1, 0, 1, 0, 1, 0}, new long[] {windows, 2}, 'c');
    TrainingConfig cfg = TrainingConfig.previousDefault().withTimeShift(20);
    assertThat(cfg.augments()).isTrue();
    Minibatches shifted = new Minibatches(x, y, null, cfg, shifts(windows, 20), null);
    DataSet a = shifted.batch(new int[] {1, 2}, new Random(6));
    DataSet b = shifted.batch(new int[] {1, 2}, new Random(6));
    DataSet plain = new Minibatches(x, y, null, TrainingConfig.previousDefault()).batch(new int[] {1, 2}, new Random(6));
    assertThat(a.getFeatures().data().asFloat()).containsExactly(b.getFeatures().data().asFloat());
    assertThat(a.getFeatures().data().asFloat()).isNotEqualTo(plain.getFeatures().data().asFloat());
    assertThat(a.getLabels().data().asFloat()).containsExactly(plain.getLabels().data().asFloat());
  }
}
