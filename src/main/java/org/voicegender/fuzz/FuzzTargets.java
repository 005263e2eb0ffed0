package org.voicegender.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.voicegender.audio.AudioDecoder;
import org.voicegender.audio.AudioFormatException;
import org.voicegender.audio.PcmAudio;
import org.voicegender.corpus.CorpusException;
import org.voicegender.corpus.SpeakersFile;
import org.voicegender.features.FeatureCache;
import org.voicegender.features.FeatureConfig;
import org.voicegender.features.FeatureExtractor;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.TrainingConfig;

/**
 * The readers the project exposes to files from outside, each with real files to damage: FLAC
 * recordings (decoded whole, so every frame and the MD5 are reached, then the first window's
 * MFCC), the corpus' SPEAKERS.TXT, a recipe JSON, a feature-cache entry and a model file.
 */
public final class FuzzTargets {
  private FuzzTargets() {}

  /** Every FLAC file below {@code corpus}, by path. */
  static List<Path> flacs(Path corpus) throws IOException {
    try (Stream<Path> walk = Files.walk(corpus)) {
      return walk.filter(p -> p.toString().endsWith(".flac")).sorted().toList();
    }
  }

  /**
   * @param corpus a LibriSpeech root (SPEAKERS.TXT and FLAC files below it)
   * @param model a model file, or null to leave model files out
   * @param recordings how many of the corpus' recordings to damage (the first, by path)
   * @param scratch a folder for the files the readers take by path
   */
  public static List<FuzzTarget> standard(Path corpus, Path model, int recordings, Path scratch)
      throws IOException {
    List<Path> all = flacs(corpus);
    List<Path> flacs = all.subList(0, Math.min(recordings, all.size()));
    Files.createDirectories(scratch);
    FeatureExtractor extractor = new FeatureExtractor(FeatureConfig.seed());
    FuzzTarget flac = new FuzzTarget("FLAC recording", flacs, (bytes, source) -> {
      PcmAudio audio = AudioDecoder.decode(bytes, source, Double.POSITIVE_INFINITY);
      extractor.extract(source, audio);
    }, AudioFormatException.class, 1.0);

    FuzzTarget speakers = new FuzzTarget("SPEAKERS.TXT", List.of(corpus.resolve(SpeakersFile.FILE_NAME)),
        (bytes, source) -> SpeakersFile.read(Files.write(scratch.resolve(SpeakersFile.FILE_NAME), bytes)),
        CorpusException.class, 0.1);

    Path recipeSeed = Files.writeString(scratch.resolve("recipe-seed.json"), TrainingConfig.defaults().toJson());
    FuzzTarget recipe = new FuzzTarget("recipe JSON", List.of(recipeSeed),
        (bytes, source) -> TrainingConfig.read(Files.write(scratch.resolve("recipe.json"), bytes)),
        IOException.class, 0.1);

    FeatureCache cache = new FeatureCache(scratch.resolve("cache"), FeatureConfig.seed());
    Path recording = flacs.get(0);
    String id = recording.getFileName().toString().replace(".flac", "");
    cache.put(id, recording, extractor.extract(recording));
    Path entry = cache.entry(id, recording);
    Path entrySeed = Files.copy(entry, scratch.resolve("cache-seed.npy"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    FuzzTarget npy = new FuzzTarget("feature cache .npy", List.of(entrySeed), (bytes, source) -> {
      Files.write(entry, bytes);
      FeatureCache.Lookup lookup = cache.get(id, recording);
      if (lookup.status() == FeatureCache.Status.CORRUPT) {
        throw new IOException(source + ": " + lookup.problem());
      }
    }, IOException.class, 0.1);

    if (model == null) {
      return List.of(flac, speakers, recipe, npy);
    }
    FuzzTarget zip = new FuzzTarget("model zip", List.of(model),
        (bytes, source) -> TrainedModel.load(Files.write(scratch.resolve("model.zip"), bytes)),
        IOException.class, 0.03);
    return List.of(flac, speakers, recipe, npy, zip);
  }
}
