package org.voicegender.audio;

/** What a file's header says about its audio, read without decoding it. */
public record AudioInfo(int sampleRate, int channels, int bitsPerSample, long totalFrames) {
  public double durationSeconds() {
    return (double) totalFrames / sampleRate;
  }
}
