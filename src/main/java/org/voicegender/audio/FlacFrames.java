package org.voicegender.audio;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;

/**
 * Reads a FLAC stream's audio frames through jflac and holds each to the stream's header. jflac
 * reports a frame whose CRC-8 or CRC-16 fails, or which it cannot parse, only to its listeners
 * (then zeroes or drops the frame and carries on); this listener turns the first such report into
 * an {@link AudioFormatException} that names the frame, its first sample and its byte offset. A
 * frame whose channels, rate, sample size or block size differ from STREAMINFO is refused the
 * same way, and so is any exception jflac throws. When the whole stream is decoded and STREAMINFO
 * carries an MD5 signature, the decoded samples are checked against it.
 */
final class FlacFrames implements FrameListener {
  private final FlacHeader header;
  private final Path file;
  private final long metadataBytes;
  private String error;
  private int frameIndex;
  private MessageDigest md5;
  private byte[] md5Buffer = new byte[0];

  FlacFrames(FlacHeader header, Path file) {
    this.header = header;
    this.file = file;
    this.metadataBytes = header.minimalMetadata().length;
  }

  /** Whether to compute the MD5 of the decoded samples (only when all of them are decoded). */
  void checkMd5(boolean check) {
    try {
      md5 = check ? MessageDigest.getInstance("MD5") : null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has MD5", e);
    }
  }

  /**
   * The next frame, checked, or null at the end of the stream.
   *
   * @param decodedSamples samples per channel decoded so far, for error messages
   */
  Frame next(FLACDecoder decoder, long decodedSamples) throws AudioFormatException {
    long at = byteOffset(decoder);
    Frame frame;
    try {
      frame = decoder.readNextFrame();
    } catch (EOFException e) {
      frame = null;
    } catch (IOException | RuntimeException e) {
      throw corrupt(at, decodedSamples, "the decoder failed: " + e);
    } catch (OutOfMemoryError | StackOverflowError e) {
      throw corrupt(at, decodedSamples, "the decoder ran out of memory or stack: " + e);
    }
    if (error != null && error.contains("EOFException")) {
      throw new AudioFormatException(
          file,
          String.format(
              "truncated FLAC: the file ends inside frame %d (which starts near byte %d, after %d"
                  + " samples = %.3f s)",
              frameIndex, at, decodedSamples, (double) decodedSamples / header.sampleRate()));
    }
    if (error != null) {
      throw corrupt(at, decodedSamples, error);
    }
    if (frame == null) {
      return null;
    }
    checkAgainstHeader(frame, at, decodedSamples);
    if (md5 != null) {
      digest(decoder.getChannelData(), frame.header.blockSize);
    }
    frameIndex++;
    return frame;
  }

  /** Compares the decoded samples' MD5 with STREAMINFO's; call after the last frame. */
  void verifyMd5() throws AudioFormatException {
    if (md5 == null) {
      return;
    }
    byte[] got = md5.digest();
    if (!MessageDigest.isEqual(got, header.md5())) {
      throw new AudioFormatException(
          file,
          "corrupt FLAC: the decoded audio's MD5 is "
              + HexFormat.of().formatHex(got)
              + ", STREAMINFO's signature is "
              + header.md5Hex());
    }
  }

  private void checkAgainstHeader(Frame frame, long at, long decodedSamples)
      throws AudioFormatException {
    var h = frame.header;
    String problem = null;
    if (h.channels != header.channels()) {
      problem = h.channels + " channels, STREAMINFO says " + header.channels();
    } else if (h.sampleRate != header.sampleRate()) {
      problem = h.sampleRate + " Hz, STREAMINFO says " + header.sampleRate();
    } else if (h.bitsPerSample != header.bitsPerSample()) {
      problem = h.bitsPerSample + " bits per sample, STREAMINFO says " + header.bitsPerSample();
    } else if (h.blockSize > header.maxBlockSize() || h.blockSize < 1) {
      problem =
          "a block of " + h.blockSize + " samples, STREAMINFO's largest is " + header.maxBlockSize();
    }
    if (problem != null) {
      throw corrupt(at, decodedSamples, "its header says " + problem);
    }
  }

  /** FLAC's MD5 input: samples interleaved, little-endian, in whole bytes (libFLAC's format). */
  private void digest(ChannelData[] data, int block) {
    int channels = header.channels();
    int bytes = (header.bitsPerSample() + 7) / 8;
    int size = block * channels * bytes;
    if (md5Buffer.length < size) {
      md5Buffer = new byte[size];
    }
    int k = 0;
    for (int i = 0; i < block; i++) {
      for (int c = 0; c < channels; c++) {
        int v = data[c].getOutput()[i];
        for (int b = 0; b < bytes; b++) {
          md5Buffer[k++] = (byte) (v >> (8 * b));
        }
      }
    }
    md5.update(md5Buffer, 0, size);
  }

  private long byteOffset(FLACDecoder decoder) {
    return header.audioOffset() + Math.max(0, decoder.getTotalBytesRead() - metadataBytes);
  }

  private AudioFormatException corrupt(long at, long decodedSamples, String problem) {
    return new AudioFormatException(
        file,
        String.format(
            "corrupt FLAC: frame %d (near byte %d, after %d samples = %.3f s): %s",
            frameIndex, at, decodedSamples, (double) decodedSamples / header.sampleRate(), problem));
  }

  @Override
  public void processMetadata(Metadata metadata) {}

  @Override
  public void processFrame(Frame frame) {}

  @Override
  public void processError(String message) {
    if (error == null) {
      error = message.startsWith("CRC Error") ? "CRC-16 mismatch (" + message + ")" : message;
    }
  }
}
