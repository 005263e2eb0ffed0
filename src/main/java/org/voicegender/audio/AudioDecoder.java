package org.voicegender.audio;

import java.io.BufferedInputStream;
import java.io.EOFException;
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
import org.jflac.metadata.StreamInfo;

/**
 * Decodes FLAC (jflac) and WAV (Java Sound) files to mono float PCM, scaled as librosa does
 * (int16 / 32768). Multi-channel files are mixed down by averaging the channels. The format is
 * told by the file's magic bytes, not its name, so a text file named {@code .flac} is refused
 * with a message that says what it is.
 */
public final class AudioDecoder {
  private static final byte[] FLAC_MAGIC = {'f', 'L', 'a', 'C'};
  private static final byte[] RIFF_MAGIC = {'R', 'I', 'F', 'F'};

  private AudioDecoder() {}

  /**
   * Reads the header only (FLAC STREAMINFO, WAV format chunk): rate, channels and length, for
   * corpus scans that must not decode thousands of files.
   */
  public static AudioInfo probe(Path file) throws IOException {
    String kind = sniff(file);
    if (kind.equals("flac")) {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
        StreamInfo info = new FLACDecoder(in).readStreamInfo();
        if (info == null) {
          throw new AudioFormatException(file, "FLAC stream has no STREAMINFO block");
        }
        return new AudioInfo(
            info.getSampleRate(), info.getChannels(), info.getBitsPerSample(),
            info.getTotalSamples());
      } catch (AudioFormatException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new AudioFormatException(file, "unreadable FLAC header: " + e, e);
      }
    }
    try {
      var format = AudioSystem.getAudioFileFormat(file.toFile());
      AudioFormat f = format.getFormat();
      return new AudioInfo(
          Math.round(f.getSampleRate()), f.getChannels(), f.getSampleSizeInBits(),
          format.getFrameLength());
    } catch (UnsupportedAudioFileException e) {
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
   */
  public static PcmAudio decode(Path file, double maxSeconds) throws IOException {
    if (!(maxSeconds > 0)) {
      throw new IllegalArgumentException("maxSeconds must be positive, got " + maxSeconds);
    }
    return sniff(file).equals("flac") ? decodeFlac(file, maxSeconds) : decodeWav(file, maxSeconds);
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

  private static PcmAudio decodeFlac(Path file, double maxSeconds) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      FLACDecoder decoder = new FLACDecoder(in);
      StreamInfo info;
      try {
        decoder.readMetadata();
        info = decoder.getStreamInfo();
      } catch (IOException | RuntimeException e) {
        throw new AudioFormatException(file, "unreadable FLAC metadata: " + e, e);
      }
      if (info == null) {
        throw new AudioFormatException(file, "FLAC stream has no STREAMINFO block");
      }
      int channels = info.getChannels();
      int rate = info.getSampleRate();
      long total = info.getTotalSamples();
      long wanted = Double.isInfinite(maxSeconds) ? Long.MAX_VALUE : (long) Math.ceil(maxSeconds * rate);
      long target = total > 0 ? Math.min(total, wanted) : wanted;
      float scale = 1f / (1L << (info.getBitsPerSample() - 1));
      float[] out = new float[(int) Math.min(Math.max(target, 0), total > 0 ? total : 1 << 20)];
      int n = 0;
      while (n < target) {
        Frame frame;
        try {
          frame = decoder.readNextFrame();
        } catch (EOFException e) {
          frame = null;
        } catch (IOException | RuntimeException e) {
          throw new AudioFormatException(
              file, "corrupt FLAC frame after " + n + " samples: " + e.getMessage(), e);
        }
        if (frame == null) {
          break;
        }
        int block = frame.header.blockSize;
        var data = decoder.getChannelData();
        int take = (int) Math.min(block, target - n);
        if (n + take > out.length) {
          out = Arrays.copyOf(out, Math.max(n + take, out.length * 2));
        }
        mixDown(data, channels, take, scale, out, n);
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
      return new PcmAudio(n == out.length ? out : Arrays.copyOf(out, n), rate, Math.max(total, n));
    }
  }

  private static void mixDown(
      org.jflac.ChannelData[] data, int channels, int count, float scale, float[] out, int at) {
    if (channels == 1) {
      int[] s = data[0].getOutput();
      for (int i = 0; i < count; i++) {
        out[at + i] = s[i] * scale;
      }
      return;
    }
    float mix = scale / channels;
    for (int i = 0; i < count; i++) {
      long sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += data[c].getOutput()[i];
      }
      out[at + i] = sum * mix;
    }
  }

  private static PcmAudio decodeWav(Path file, double maxSeconds) throws IOException {
    try (AudioInputStream raw = AudioSystem.getAudioInputStream(file.toFile())) {
      AudioFormat src = raw.getFormat();
      int channels = src.getChannels();
      int rate = Math.round(src.getSampleRate());
      AudioFormat pcm16 =
          new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, src.getSampleRate(), 16, channels,
              2 * channels, src.getSampleRate(), false);
      try (AudioInputStream in = AudioSystem.getAudioInputStream(pcm16, raw)) {
        long total = raw.getFrameLength();
        long wanted = Double.isInfinite(maxSeconds) ? Long.MAX_VALUE : (long) Math.ceil(maxSeconds * rate);
        long maxFrames = (Integer.MAX_VALUE - 8) / (2L * channels);
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
