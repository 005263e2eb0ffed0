package org.voicegender.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AudioWindowsTest {
  private static List<AudioWindows.Segment> every(long samples, double hop) {
    return AudioWindows.segments(samples, 100, WindowPolicy.EVERY, 2.0, hop, 1.0);
  }

  @Test
  void firstPolicyTakesTheFirstTwoSecondsOrLess() {
    assertThat(AudioWindows.segments(550, 100, WindowPolicy.FIRST, 2.0, 2.0, 1.0))
        .containsExactly(new AudioWindows.Segment(0, 0, 200));
    assertThat(AudioWindows.segments(50, 100, WindowPolicy.FIRST, 2.0, 2.0, 1.0))
        .containsExactly(new AudioWindows.Segment(0, 0, 50));
  }

  @Test
  void everyPolicyKeepsALastPartialWindowOfAtLeastOneSecond() {
    assertThat(every(550, 2.0)).containsExactly(
        new AudioWindows.Segment(0, 0, 200), new AudioWindows.Segment(1, 200, 200),
        new AudioWindows.Segment(2, 400, 150));
    assertThat(every(450, 2.0)).hasSize(2); // the last 0.5 s is dropped
    assertThat(every(99, 2.0)).isEmpty();
  }

  @Test
  void overlappingWindowsStopOnceTheEndIsCovered() {
    assertThat(every(450, 1.0)).containsExactly(
        new AudioWindows.Segment(0, 0, 200), new AudioWindows.Segment(1, 100, 200),
        new AudioWindows.Segment(2, 200, 200), new AudioWindows.Segment(3, 300, 150));
    assertThat(every(400, 1.0)).extracting(AudioWindows.Segment::start).containsExactly(0, 100, 200);
  }
}
