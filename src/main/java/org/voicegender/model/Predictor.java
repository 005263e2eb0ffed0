package org.voicegender.model;

import java.io.IOException;
import java.nio.file.Path;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.PcmAudio;
import org.voicegender.audio.WindowPolicy;
import org.voicegender.corpus.Gender;
import org.voicegender.features.FeatureExtractor;
import org.voicegender.features.NoSpeechException;

/**
 * Predicts the gender of any recording (FLAC or WAV, any rate and length) with a trained model:
 * every 2 s window of the file (a recording shorter than the minimum window is used whole,
 * zero-padded), the model's feature settings otherwise, and the windows' P(male) combined as the
 * model's recipe says ({@link UtteranceScore}; the mean by default). The recording's mean MFCC
 * vector is removed first when the recipe says so ({@link TrainingConfig#cepstralMean}), over the
 * windows used here.
 */
public final class Predictor {
  private final TrainedModel model;
  private final FeatureExtractor every;
  private final FeatureExtractor first;

  public Predictor(TrainedModel model) {
    this.model = model;
    this.every = new FeatureExtractor(model.features().withWindowPolicy(WindowPolicy.EVERY));
    this.first = new FeatureExtractor(model.features().withWindowPolicy(WindowPolicy.FIRST));
  }

  /**
   * A file's prediction: the gender, P(that gender), and P(male) of each window with speech.
   *
   * @param windowIndex each such window's index among the recording's windows (its start is
   *     {@code index x hop})
   * @param allWindows the recording's windows, with and without speech
   */
  public record Prediction(
      Path file, Gender gender, double probability, double[] windowMale, int[] windowIndex, int allWindows) {
    public int windows() {
      return windowMale.length;
    }
  }

  /**
   * The model's answer for a recording, from its windows that hold speech.
   *
   * @throws NoSpeechException when none of them does (e.g. digital silence)
   * @throws java.io.IOException when the file cannot be decoded, naming it and the problem
   */
  public Prediction predict(Path file) throws IOException {
    float[][][] windows = windows(file);
    // The model prepares the recording from all its windows, as evaluation does; then only the
    // windows with speech vote.
    return vote(model, file, windows, model.maleProbabilities(windows));
  }

  /**
   * The answer for a recording from P(male) of each of its windows (by the trained network, or
   * by an engine that computes the same thing, such as the integer golden model): the windows
   * with speech vote by the recipe's utterance score. {@link #predict(Path)} ends here, and so
   * does batch inference over features extracted elsewhere (Spark), so both give one answer.
   *
   * @param windows the recording's raw MFCC windows, as extracted (the speech gate reads them)
   * @param maleProbabilities P(male) of each of {@code windows}
   * @throws NoSpeechException when no window holds speech
   */
  public static Prediction vote(
      TrainedModel model, Path source, float[][][] windows, double[] maleProbabilities)
      throws NoSpeechException {
    if (maleProbabilities.length != windows.length) {
      throw new IllegalArgumentException(source + ": " + maleProbabilities.length
          + " probabilities for " + windows.length + " windows");
    }
    int[] speech = java.util.stream.IntStream.range(0, windows.length)
        .filter(w -> model.speechGate().holdsSpeech(windows[w][0], model.features().nMels()))
        .toArray();
    if (speech.length == 0) {
      throw new NoSpeechException(source, windows.length, model.speechGate());
    }
    double[] p = java.util.Arrays.stream(speech).mapToDouble(w -> maleProbabilities[w]).toArray();
    double male = model.training().utteranceScore().combine(p);
    Gender g = male >= 0.5 ? Gender.MALE : Gender.FEMALE;
    return new Prediction(source, g, g == Gender.MALE ? male : 1 - male, p, speech, windows.length);
  }

  /**
   * The raw MFCC windows the prediction of {@code file} uses (the model then removes the
   * recording's mean if its recipe says so, and standardises: {@link TrainedModel#inputs(float[][][])}).
   */
  public float[][][] windows(Path file) throws IOException {
    PcmAudio audio = AudioDecoder.decode(file);
    return audio.durationSeconds() >= model.features().minLastWindowSeconds()
        ? every.extract(file, audio)
        : first.extract(file, audio);
  }
}
