package org.voicegender.corpus;

import java.util.Arrays;
import java.util.Locale;

/**
 * The official LibriSpeech archives at openslr.org/12 with their sizes and SHA-256 sums (as listed
 * by torchaudio's datasets/librispeech.py and tensorflow_datasets' url_checksums/librispeech.txt,
 * which agree).
 */
public enum LibriSpeechArchive {
  DEV_CLEAN("dev-clean", 337_926_286L,
      "76f87d090650617fca0cac8f88b9416e0ebf80350acb97b343a85fa903728ab3"),
  DEV_OTHER("dev-other", 314_305_928L,
      "12661c48e8c3fe1de2c1caa4c3e135193bfb1811584f11f569dd12645aa84365"),
  TEST_CLEAN("test-clean", 346_663_984L,
      "39fde525e59672dc6d1551919b1478f724438a95aa55f874b576be21967e6c23"),
  TEST_OTHER("test-other", 328_757_843L,
      "d09c181bba5cf717b3dee7d4d592af11a3ee3a09e08ae025c5506f6ebe961c29"),
  TRAIN_CLEAN_100("train-clean-100", 6_387_309_499L,
      "d4ddd1d5a6ab303066f14971d768ee43278a5f2a0aa43dc716b0e64ecbbbf6e2"),
  TRAIN_CLEAN_360("train-clean-360", 23_049_477_885L,
      "146a56496217e96c14334a160df97fffedd6e0a04e66b9c5af0d40be3c792ecf"),
  TRAIN_OTHER_500("train-other-500", 30_593_501_606L,
      "ddb22f27f96ec163645d53215559df6aa36515f26e01dd70798188350adcb6d2");

  /** Where openslr serves the archives. */
  public static final String OFFICIAL_BASE_URL = "https://www.openslr.org/resources/12/";

  private final String subset;
  private final long bytes;
  private final String sha256;

  LibriSpeechArchive(String subset, long bytes, String sha256) {
    this.subset = subset;
    this.bytes = bytes;
    this.sha256 = sha256;
  }

  public String subset() {
    return subset;
  }

  public long bytes() {
    return bytes;
  }

  public String sha256() {
    return sha256;
  }

  public String fileName() {
    return subset + ".tar.gz";
  }

  public static LibriSpeechArchive of(String subset) {
    String s = subset.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(a -> a.subset.equals(s))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown LibriSpeech subset '" + subset + "'; one of "
                        + Arrays.stream(values()).map(LibriSpeechArchive::subset).toList()));
  }
}
