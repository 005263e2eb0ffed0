package org.voicegender.robust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.Degradation;
import org.voicegender.audio.PauseNoise;
import org.voicegender.audio.PcmAudio;
import org.voicegender.corpus.Utterance;
import org.voicegender.evaluate.SpeakerEvaluation;
import org.voicegender.features.FeatureExtractor;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.UtteranceScore;
import org.voicegender.output.FigureTable;
import org.voicegender.output.Figures;

/**
 * A model on degraded copies of readers it has not met: each test recording decoded, put
 * through a channel at a seed fixed by the study's seed and the utterance's id, its MFCC windows
 * extracted with the model's feature config and scored, then evaluated per window, utterance and
 * reader as a clean evaluation is.
 */
public final class RobustnessStudy {
  private RobustnessStudy() {}

  /** The settings: SNRs for generated and recorded noise, reverberation times, and the rest. */
  public record Settings(List<Double> snrDb, List<Double> rt60Seconds, boolean telephone, List<Double> gainDb,
      List<Double> speed, long seed) {
    public Settings {
      snrDb = List.copyOf(snrDb);
      rt60Seconds = List.copyOf(rt60Seconds);
      gainDb = List.copyOf(gainDb);
      speed = List.copyOf(speed);
    }

    /** The conditions: noise at 20, 10 and 5 dB, RT60 0.3 / 0.6 s, telephone, -20 dB, speed 0.95 / 1.05. */
    public static Settings standard(long seed) {
      return new Settings(List.of(20.0, 10.0, 5.0), List.of(0.3, 0.6), true, List.of(-20.0), List.of(0.95, 1.05), seed);
    }
  }

  /**
   * The conditions of {@code settings}, clean first; recorded noise (the quietest 15 % of the
   * frames of each of {@code noiseSources}, joined) when noise sources are given.
   */
  public static List<Degradation> conditions(Settings settings, List<Utterance> noiseSources) throws IOException {
    List<Degradation> out = new ArrayList<>();
    out.add(new Degradation.None());
    for (double snr : settings.snrDb()) {
      out.add(new Degradation.AdditiveNoise(snr, Degradation.NoiseColour.WHITE));
    }
    for (double snr : settings.snrDb()) {
      out.add(new Degradation.AdditiveNoise(snr, Degradation.NoiseColour.PINK));
    }
    if (!noiseSources.isEmpty()) {
      PcmAudio bank = noiseBank(noiseSources);
      for (double snr : settings.snrDb()) {
        out.add(new Degradation.RecordedNoise(bank, snr, noiseSources.size() + " recordings' pauses"));
      }
    }
    for (double rt60 : settings.rt60Seconds()) {
      out.add(new Degradation.Reverberation(rt60, 0));
    }
    if (settings.telephone()) {
      out.add(new Degradation.TelephoneBand());
    }
    for (double g : settings.gainDb()) {
      out.add(new Degradation.Gain(g));
    }
    for (double s : settings.speed()) {
      out.add(new Degradation.Speed(s));
    }
    return out;
  }

  /** The pauses of {@code sources} (readers other than the test readers), joined. */
  public static PcmAudio noiseBank(List<Utterance> sources) throws IOException {
    List<float[]> parts = new ArrayList<>();
    int rate = -1;
    int total = 0;
    for (Utterance u : sources) {
      PcmAudio a = AudioDecoder.decode(u.path());
      if (rate > 0 && a.sampleRate() != rate) {
        throw new IllegalArgumentException(u.path() + " is at " + a.sampleRate() + " Hz, the other noise sources at "
            + rate + " Hz");
      }
      rate = a.sampleRate();
      float[] p = PauseNoise.extract(a, 15).samples();
      parts.add(p);
      total += p.length;
    }
    float[] all = new float[total];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return new PcmAudio(all, rate);
  }

  /** One condition's evaluation. */
  public record Row(String condition, SpeakerEvaluation.Result evaluation) {}

  /** Every condition's evaluation, clean first. */
  public record Result(List<Row> rows, Settings settings) {
    public Row clean() {
      return rows.get(0);
    }

    /** The table: accuracies per window, utterance and reader, and the change from clean per utterance. */
    public FigureTable table(String title) {
      FigureTable t = new FigureTable(title, "condition", "per window", "per utterance", "per reader",
          "per utterance, each reader once", "utterance vs clean (points)");
      double clean = clean().evaluation().utteranceAccuracy();
      for (Row r : rows) {
        SpeakerEvaluation.Result e = r.evaluation();
        t.row(r.condition(), Figures.percent(e.windowAccuracy()), Figures.percent(e.utteranceAccuracy()),
            Figures.percent(e.readerAccuracy()), Figures.percent(e.readerWeightedUtteranceAccuracy()),
            String.format("%+.1f", 100 * (e.utteranceAccuracy() - clean)));
      }
      SpeakerEvaluation.Result c = clean().evaluation();
      t.note(String.format("%d windows, %d utterances of %d readers the model never met; each condition at seed %d"
          + " (per utterance, from its id). Noise SNR over the whole recording; reverberation: a synthetic"
          + " exponentially decaying impulse response, direct-to-reverberant 0 dB.", c.windows(), c.utterances(),
          c.readers(), settings.seed()));
      return t;
    }
  }

  /** The seed of {@code u}'s copy under condition {@code c}: fixed by the study's seed, the condition and the id. */
  static long seed(long studySeed, int condition, Utterance u) {
    long h = studySeed * 0x9E3779B97F4A7C15L + condition;
    return h * 31 + u.id().hashCode();
  }

  /** Evaluates {@code model} on {@code test} under each of {@code conditions}. */
  public static Result run(TrainedModel model, List<Utterance> test, List<Degradation> conditions, Settings settings,
      Consumer<String> progress) {
    Pool pool = new Pool(conditions, settings);
    pool.add(model, test, progress);
    return pool.result(model.training().utteranceScore());
  }

  /**
   * Window probabilities gathered condition by condition, from one model or several (the folds of
   * a cross-validation, each on its own test readers), evaluated together at the end: every
   * reader of a k-fold cross-validation is then in one table.
   */
  public static final class Pool {
    private final List<Degradation> conditions;
    private final Settings settings;
    private final List<List<Utterance>> owners = new ArrayList<>();
    private final List<List<Double>> probabilities = new ArrayList<>();

    public Pool(List<Degradation> conditions, Settings settings) {
      this.conditions = List.copyOf(conditions);
      this.settings = settings;
      for (int c = 0; c < conditions.size(); c++) {
        owners.add(new ArrayList<>());
        probabilities.add(new ArrayList<>());
      }
    }

    /** Scores {@code test}'s degraded copies with {@code model}. */
    public void add(TrainedModel model, List<Utterance> test, Consumer<String> progress) {
      FeatureExtractor extractor = new FeatureExtractor(model.features());
      for (int c = 0; c < conditions.size(); c++) {
        Degradation d = conditions.get(c);
        int condition = c;
        float[][][][] windows = IntStream.range(0, test.size()).parallel().mapToObj(i -> {
          Utterance u = test.get(i);
          try {
            PcmAudio audio = AudioDecoder.decode(u.path());
            return extractor.extract(u.path(), d.apply(audio, seed(settings.seed(), condition, u)));
          } catch (IOException e) {
            throw new UncheckedIOException(u.path() + " (" + d.describe() + "): " + e.getMessage(), e);
          }
        }).toArray(float[][][][]::new);
        long right = 0;
        long all = 0;
        for (int i = 0; i < test.size(); i++) {
          for (double v : model.maleProbabilities(windows[i])) {
            owners.get(c).add(test.get(i));
            probabilities.get(c).add(v);
            right += (v >= 0.5 ? 1 : 0) == test.get(i).gender().label() ? 1 : 0;
            all++;
          }
        }
        progress.accept(String.format("%-45s window %s (%d readers' recordings)", d.describe(),
            Figures.percent((double) right / all), test.size()));
      }
    }

    /** Every condition's evaluation of what was added. */
    public Result result(UtteranceScore score) {
      List<Row> rows = new ArrayList<>();
      for (int c = 0; c < conditions.size(); c++) {
        SpeakerEvaluation.Result ev = SpeakerEvaluation.evaluate(owners.get(c).toArray(Utterance[]::new),
            probabilities.get(c).stream().mapToDouble(Double::doubleValue).toArray(), score, settings.seed());
        rows.add(new Row(conditions.get(c).describe(), ev));
      }
      return new Result(List.copyOf(rows), settings);
    }
  }
}
