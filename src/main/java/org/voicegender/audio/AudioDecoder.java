package org.voicegender.audio;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;

/**
 * Decodes FLAC (jflac) and WAV (Java Sound) files to mono float PCM, scaled as librosa does
 * (int16 / 32768). Multi-channel files are mixed down by averaging the channels. The format is
 * told by the file's magic bytes, not its name, so a text file named {@code .flac} is refused
 * with a message that says what it is.
 */
public final class AudioDecoder {
  private static final byte[] FLAC_MAGIC = {'f', 'L', 'a', 'C'};
  private static final byte[] RIFF_MAGIC = {'R', 'I', 'F', 'F'};

  /**
   * The most samples one decode holds (2^27 floats, 512 MB: over 2 h at 16 kHz); a header that
   * claims more is refused before anything is allocated.
   */
  public static final long MAX_DECODED_SAMPLES = 1L << 27;

  static {
    LibraryChatter.silence();
  }

  private AudioDecoder() {}

  /**
   * Reads the header only (FLAC STREAMINFO, checked as {@link FlacHeader} says; WAV format chunk):
   * rate, channels and length, for corpus scans that must not decode thousands of files.
   */
  public static AudioInfo probe(Path file) throws IOException {
    String kind = sniff(file);
    if (kind.equals("flac")) {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
        FlacHeader h = FlacHeader.read(in, Files.size(file), file);
        return new AudioInfo(h.sampleRate(), h.channels(), h.bitsPerSample(), h.totalSamples());
      }
    }
    try {
      var format = AudioSystem.getAudioFileFormat(file.toFile());
      AudioFormat f = format.getFormat();
      return new AudioInfo(
          Math.round(f.getSampleRate()), f.getChannels(), f.getSampleSizeInBits(),
          format.getFrameLength());
    } catch (UnsupportedAudioFileException | RuntimeException e) {
      throw new AudioFormatException(file, "unsupported WAV file: " + e.getMessage(), e);
    }
  }

  /** Decodes the whole file. */
  public static PcmAudio decode(Path file) throws IOException {
    return decode(file, Double.POSITIVE_INFINITY);
  }

  /**
   * Decodes at least the first {@code maxSeconds} of the file (FLAC stops at the end of the frame
   * that reaches it, so a long file costs no more than a short one) and returns exactly that
   * prefix; {@link PcmAudio#totalFrames()} still gives the whole recording's length.
   *
   * @throws AudioFormatException for any file that is not sound audio, whatever is wrong with it:
   *     no decoder failure escapes as an unchecked exception
   */
  public static PcmAudio decode(Path file, double maxSeconds) throws IOException {
    return decode(file, maxSeconds, LibFlac.available());
  }

  /** As {@link #decode(Path, double)} with jflac alone, for tests that compare the decoders. */
  static PcmAudio decodeWithJflac(Path file, double maxSeconds) throws IOException {
    return decode(file, maxSeconds, false);
  }

  private static PcmAudio decode(Path file, double maxSeconds, boolean libFlac)
      throws IOException {
    checkSeconds(maxSeconds);
    String kind = sniff(file);
    long length = Files.size(file);
    if (kind.equals("flac") && libFlac) {
      PcmAudio fast = decodeWithLibFlac(file, length, maxSeconds);
      if (fast != null) {
        return fast;
      }
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return kind.equals("flac")
          ? decodeFlac(in, length, file, maxSeconds)
          : decodeWav(in, file, maxSeconds);
    }
  }

  /**
   * As {@link #decode(Path, double)} for a recording held in memory (a Spark task's file bytes);
   * {@code source} names it in errors.
   */
  public static PcmAudio decode(byte[] data, Path source, double maxSeconds)
      throws AudioFormatException {
    checkSeconds(maxSeconds);
    String kind = sniff(data, data.length, source);
    try (InputStream in = new ByteArrayInputStream(data)) {
      return kind.equals("flac")
          ? decodeFlac(in, data.length, source, maxSeconds)
          : decodeWav(in, source, maxSeconds);
    } catch (AudioFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new AudioFormatException(source, "unreadable: " + e.getMessage(), e);
    }
  }

  private static void checkSeconds(double maxSeconds) {
    if (!(maxSeconds > 0)) {
      throw new IllegalArgumentException("maxSeconds must be positive, got " + maxSeconds);
    }
  }

  /** "flac" or "wav" from the magic bytes, or an error naming what the file is not. */
  private static String sniff(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new AudioFormatException(file, "a folder, not an audio file");
    }
    if (!Files.isRegularFile(file)) {
      throw new AudioFormatException(file, Files.exists(file) ? "not a regular file" : "no such file");
    }
    byte[] head = new byte[12];
    int got;
    try (InputStream in = Files.newInputStream(file)) {
      got = in.readNBytes(head, 0, head.length);
    }
    return sniff(head, got, file);
  }

  private static String sniff(byte[] head, int got, Path file) throws AudioFormatException {
    if (got == 0) {
      throw new AudioFormatException(file, "empty file (0 bytes), expected FLAC or WAV audio");
    }
    if (startsWith(head, got, FLAC_MAGIC)) {
      return "flac";
    }
    if (startsWith(head, got, RIFF_MAGIC) && got >= 12 && head[8] == 'W' && head[9] == 'A') {
      return "wav";
    }
    throw new AudioFormatException(
        file, "not a FLAC or WAV file: it starts with " + describeBytes(head, got));
  }

  /** The FLAC decoder this JVM uses first: libFLAC when it is installed, else jflac. */
  public static String flacDecoder() {
    return LibFlac.decoderName();
  }

  /**
   * The first {@code maxSeconds} through libFLAC, or null when the file needs jflac's checks:
   * a stream of unknown length, one too long to hold, or anything libFLAC found irregular. The
   * header is checked here exactly as the jflac path checks it, with the same errors.
   */
  private static PcmAudio decodeWithLibFlac(Path file, long length, double maxSeconds)
      throws IOException {
    FlacHeader header;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 4096)) {
      header = FlacHeader.read(in, length, file);
    }
    long total = header.totalSamples();
    long wanted =
        Double.isInfinite(maxSeconds)
            ? Long.MAX_VALUE
            : (long) Math.ceil(maxSeconds * header.sampleRate());
    long target = Math.min(total, wanted);
    if (total <= 0 || target > MAX_DECODED_SAMPLES) {
      return null;
    }
    return LibFlac.decode(file, header, (int) target, target == total && header.hasMd5());
  }

  private static PcmAudio decodeFlac(InputStream in, long length, Path file, double maxSeconds)
      throws IOException {
    FlacHeader header = FlacHeader.read(in, length, file);
    FlacFrames frames = new FlacFrames(header, file);
    FLACDecoder decoder =
        new FLACDecoder(
            new SequenceInputStream(new ByteArrayInputStream(header.minimalMetadata()), in));
    decoder.addFrameListener(frames);
    try {
      decoder.readMetadata();
    } catch (IOException | RuntimeException e) {
      throw new AudioFormatException(file, "unreadable FLAC STREAMINFO: " + e, e);
    }
    int channels = header.channels();
    int rate = header.sampleRate();
    long total = header.totalSamples();
    long wanted =
        Double.isInfinite(maxSeconds) ? Long.MAX_VALUE : (long) Math.ceil(maxSeconds * rate);
    long target = total > 0 ? Math.min(total, wanted) : wanted;
    if (target > MAX_DECODED_SAMPLES) {
      throw new AudioFormatException(
          file,
          String.format(
              "recording is %.0f s long (%d samples); this decoder holds at most %d samples (%.0f s"
                  + " at %d Hz) in memory",
              (double) total / rate, total, MAX_DECODED_SAMPLES,
              (double) MAX_DECODED_SAMPLES / rate, rate));
    }
    boolean whole = target == total || total == 0;
    frames.checkMd5(whole && header.hasMd5());
    float scale = 1f / (1L << (header.bitsPerSample() - 1));
    float[] out = new float[(int) Math.min(target, total > 0 ? total : 1 << 16)];
    int n = 0;
    while (n < target) {
      Frame frame = frames.next(decoder, n);
      if (frame == null) {
        break;
      }
      int take = (int) Math.min(frame.header.blockSize, target - n);
      if (n + take > out.length) {
        if ((long) n + take > MAX_DECODED_SAMPLES) {
          throw new AudioFormatException(
              file, "stream holds more than " + MAX_DECODED_SAMPLES + " samples, more than this decoder holds");
        }
        out = Arrays.copyOf(out, (int) Math.min(MAX_DECODED_SAMPLES, Math.max(n + take, 2L * out.length)));
      }
      org.jflac.ChannelData[] data = decoder.getChannelData();
      int[][] samples = new int[channels][];
      for (int c = 0; c < channels; c++) {
        samples[c] = data[c].getOutput();
      }
      mixDown(samples, channels, take, scale, out, n);
      n += take;
    }
    if (total > 0 && n < target) {
      throw new AudioFormatException(
          file,
          "truncated FLAC: stream ends after "
              + n
              + " of "
              + total
              + " samples ("
              + String.format("%.3f of %.3f s", (double) n / rate, (double) total / rate)
              + ")");
    }
    if (n == 0) {
      throw new AudioFormatException(file, "FLAC stream holds no audio frames");
    }
    if (whole) {
      frames.verifyMd5();
    }
    return new PcmAudio(n == out.length ? out : Arrays.copyOf(out, n), rate, Math.max(total, n));
  }

  /** Scales to [-1, 1) and averages the channels; the one mix-down both FLAC decoders use. */
  static void mixDown(int[][] data, int channels, int count, float scale, float[] out, int at) {
    if (channels == 1) {
      int[] s = data[0];
      for (int i = 0; i < count; i++) {
        out[at + i] = s[i] * scale;
      }
      return;
    }
    float mix = scale / channels;
    for (int i = 0; i < count; i++) {
      long sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += data[c][i];
      }
      out[at + i] = sum * mix;
    }
  }

  private static PcmAudio decodeWav(InputStream stream, Path file, double maxSeconds)
      throws IOException {
    try (AudioInputStream raw = AudioSystem.getAudioInputStream(stream)) {
      AudioFormat src = raw.getFormat();
      int channels = src.getChannels();
      int rate = Math.round(src.getSampleRate());
      AudioFormat pcm16 =
          new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, src.getSampleRate(), 16, channels,
              2 * channels, src.getSampleRate(), false);
      try (AudioInputStream in = AudioSystem.getAudioInputStream(pcm16, raw)) {
        long total = raw.getFrameLength();
        long wanted = Double.isInfinite(maxSeconds) ? Long.MAX_VALUE : (long) Math.ceil(maxSeconds * rate);
        if (channels < 1 || rate < 1) {
          throw new AudioFormatException(
              file, "WAV header says " + channels + " channels at " + rate + " Hz");
        }
        long maxFrames = Math.min((Integer.MAX_VALUE - 8) / (2L * channels), MAX_DECODED_SAMPLES);
        byte[] bytes = in.readNBytes((int) (Math.min(wanted, maxFrames) * 2 * channels));
        int n = bytes.length / (2 * channels);
        if (n == 0) {
          throw new AudioFormatException(file, "WAV file holds no audio frames");
        }
        float[] out = new float[n];
        float mix = 1f / (32768f * channels);
        for (int i = 0; i < n; i++) {
          int sum = 0;
          for (int c = 0; c < channels; c++) {
            int at = 2 * (i * channels + c);
            sum += (short) ((bytes[at] & 0xff) | (bytes[at + 1] << 8));
          }
          out[i] = sum * mix;
        }
        return new PcmAudio(out, rate, Math.max(total, n));
      }
    } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
      throw new AudioFormatException(file, "unsupported WAV encoding: " + e.getMessage(), e);
    } catch (AudioFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new AudioFormatException(file, "corrupt WAV file: " + e, e);
    }
  }

  private static boolean startsWith(byte[] head, int length, byte[] magic) {
    if (length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (head[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static String describeBytes(byte[] head, int length) {
    StringBuilder text = new StringBuilder("\"");
    for (int i = 0; i < Math.min(length, 8); i++) {
      char c = (char) (head[i] & 0xff);
      text.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return text.append('"').toString();
  }
}
