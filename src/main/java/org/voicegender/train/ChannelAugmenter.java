package org.voicegender.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.Degradation;
import org.voicegender.corpus.Utterance;
import org.voicegender.features.FeatureConfig;
import org.voicegender.features.FeatureExtractor;
import org.voicegender.model.ChannelAugmentation;
import org.voicegender.model.WindowDataset;

/**
 * The degraded copies a recipe's {@link ChannelAugmentation} asks for: each training recording
 * decoded, put through a channel drawn at a seed fixed by the recipe's seed, its id and the
 * copy's number, and its windows extracted with the recipe's feature config, as recordings of
 * the same reader next to the clean one.
 */
public final class ChannelAugmenter {
  /** What a copy's id adds to its recording's. */
  public static final String COPY_MARK = "~channel";

  private ChannelAugmenter() {}

  /** The id of copy {@code k} of {@code u}. */
  public static String copyId(Utterance u, int k) {
    return u.id() + COPY_MARK + k;
  }

  /** The channel of copy {@code k} of {@code u}: reverberation, noise, telephone, gain, speed, each with its probability. */
  public static Degradation channel(ChannelAugmentation a, long recipeSeed, Utterance u, int k) {
    Random r = new Random(seed(recipeSeed, u, k));
    List<Degradation> stages = new ArrayList<>();
    if (r.nextDouble() < a.reverbProbability()) {
      stages.add(new Degradation.Reverberation(0.2 + r.nextDouble() * (a.maxRt60Seconds() - 0.2), 0));
    }
    if (r.nextDouble() < a.noiseProbability()) {
      var colour = r.nextBoolean() ? Degradation.NoiseColour.WHITE : Degradation.NoiseColour.PINK;
      stages.add(new Degradation.AdditiveNoise(a.minSnrDb() + r.nextDouble() * (a.maxSnrDb() - a.minSnrDb()), colour));
    }
    if (r.nextDouble() < a.telephoneProbability()) {
      stages.add(new Degradation.TelephoneBand());
    }
    if (a.maxGainDb() > 0) {
      stages.add(new Degradation.Gain((2 * r.nextDouble() - 1) * a.maxGainDb()));
    }
    if (r.nextDouble() < a.speedProbability() && a.maxSpeedChange() > 0) {
      stages.add(new Degradation.Speed(1 + (2 * r.nextDouble() - 1) * a.maxSpeedChange()));
    }
    return new Degradation.Chain(stages);
  }

  static long seed(long recipeSeed, Utterance u, int k) {
    return (recipeSeed * 0x9E3779B97F4A7C15L + k) * 31 + u.id().hashCode();
  }

  /** The copies of {@code u}'s id (empty if it has none in {@code data}). */
  public static List<Utterance> copiesOf(WindowDataset data, List<Utterance> recordings) {
    Set<String> wanted = new HashSet<>();
    recordings.forEach(u -> wanted.add(u.id()));
    return data.utterances().stream().filter(u -> {
      int at = u.id().indexOf(COPY_MARK);
      return at > 0 && wanted.contains(u.id().substring(0, at));
    }).toList();
  }

  /**
   * {@code data} with the copies of each of {@code recordings} that it does not hold yet (so a
   * cross-validation makes each copy once for all its folds).
   */
  public static WindowDataset withCopies(WindowDataset data, List<Utterance> recordings, ChannelAugmentation a,
      long recipeSeed, FeatureConfig features) {
    Set<String> have = new HashSet<>();
    data.utterances().forEach(u -> have.add(u.id()));
    List<Utterance> copies = new ArrayList<>();
    List<Utterance> sources = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    for (Utterance u : recordings) {
      for (int k = 0; k < a.copies(); k++) {
        if (!have.contains(copyId(u, k))) {
          copies.add(new Utterance(copyId(u, k), u.speaker(), u.chapter(), u.subset(), u.gender(), u.path(),
              u.durationSeconds()));
          sources.add(u);
          numbers.add(k);
        }
      }
    }
    if (copies.isEmpty()) {
      return data;
    }
    FeatureExtractor extractor = new FeatureExtractor(features);
    List<float[][][]> windows = IntStream.range(0, copies.size()).parallel().mapToObj(i -> {
      Utterance u = sources.get(i);
      Degradation d = channel(a, recipeSeed, u, numbers.get(i));
      try {
        return extractor.extract(u.path(), d.apply(AudioDecoder.decode(u.path()), seed(recipeSeed, u, numbers.get(i)) + 1));
      } catch (IOException e) {
        throw new UncheckedIOException(u.path() + " (" + d.describe() + "): " + e.getMessage(), e);
      }
    }).toList();
    return data.withRecordings(copies, windows);
  }
}
