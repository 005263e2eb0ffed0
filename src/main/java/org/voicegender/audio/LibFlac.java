package org.voicegender.audio;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FLAC decoding through the system's libFLAC (the reference decoder, xiph.org), called with JNA:
 * several times faster than jflac. It serves the good recordings only: when libFLAC reports
 * anything irregular (an error callback, a frame that disagrees with STREAMINFO, a short stream,
 * an MD5 mismatch) {@link #decode} answers null and {@link AudioDecoder} decodes the file again
 * with jflac, whose checks ({@link FlacFrames}) say what is wrong in the project's words. Without
 * libFLAC (not installed, or {@code -Dvoicegender.flac.decoder=jflac}) every file goes to jflac;
 * the samples are the same either way (tested).
 */
final class LibFlac {
  private static final Logger LOG = LoggerFactory.getLogger(LibFlac.class);

  /** System property choosing the FLAC decoder: {@code auto} (default), {@code libflac}, {@code jflac}. */
  static final String PROPERTY = "voicegender.flac.decoder";

  /** Names the library goes by: the development symlink, then Debian's runtime sonames. */
  private static final List<String> NAMES = List.of("FLAC", "libFLAC.so.12", "libFLAC.so.8");

  /** libFLAC's FLAC__StreamDecoderState values (stream_decoder.h). */
  private static final int STATE_END_OF_STREAM = 4;

  /** FLAC__STREAM_DECODER_WRITE_STATUS_CONTINUE / _ABORT (stream_decoder.h). */
  private static final int WRITE_CONTINUE = 0;

  private static final int WRITE_ABORT = 1;

  /** What this JVM decodes FLAC with, decided once. */
  private static final String LOADED = load();

  private static final ThreadLocal<Sink> SINK = new ThreadLocal<>();
  // One native trampoline each for the process' lifetime; the thread's Sink carries the state.
  private static final WriteCallback WRITE = LibFlac::write;
  private static final ErrorCallback ERROR = (decoder, status, client) -> {
    Sink sink = SINK.get();
    if (sink != null) {
      sink.irregular = true;
    }
  };

  private LibFlac() {}

  /** Whether libFLAC decodes this JVM's FLAC files. */
  static boolean available() {
    return LOADED != null;
  }

  /** The decoder in use, for logs and benchmark notes: "libFLAC 1.4.2 (JNA)" or "jflac (...)". */
  static String decoderName() {
    return LOADED != null ? LOADED : "jflac";
  }

  private static String load() {
    String choice = System.getProperty(PROPERTY, "auto");
    if (choice.equals("jflac")) {
      LOG.info("FLAC decoder: jflac (-D{}=jflac)", PROPERTY);
      return null;
    }
    Throwable last = null;
    for (String name : NAMES) {
      try {
        NativeLibrary lib = NativeLibrary.getInstance(name);
        Native.register(Api.class, lib);
        String version =
            lib.getGlobalVariableAddress("FLAC__VERSION_STRING").getPointer(0).getString(0);
        String described = "libFLAC " + version + " (" + lib.getFile() + ", JNA)";
        LOG.info("FLAC decoder: {}", described);
        return described;
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        last = e;
      }
    }
    if (choice.equals("libflac")) {
      throw new IllegalStateException(
          "-D" + PROPERTY + "=libflac, but libFLAC is not loadable (apt-get install libflac12): "
              + last);
    }
    LOG.warn("FLAC decoder: jflac (libFLAC not found: {}; apt-get install libflac12 for speed)",
        last == null ? "?" : last.getMessage());
    return null;
  }

  /**
   * The first {@code target} samples of {@code file} (mixed down and scaled as {@link
   * AudioDecoder} does), or null when libFLAC met anything irregular on the way.
   *
   * @param header the file's STREAMINFO, already checked; {@code totalSamples > 0}
   * @param verifyMd5 whether to check the decoded audio against STREAMINFO's MD5 (only when the
   *     whole stream is decoded)
   */
  static PcmAudio decode(Path file, FlacHeader header, int target, boolean verifyMd5) {
    Pointer decoder = Api.FLAC__stream_decoder_new();
    if (decoder == null) {
      return null;
    }
    Sink sink = new Sink(header, target);
    SINK.set(sink);
    try {
      Api.FLAC__stream_decoder_set_md5_checking(decoder, verifyMd5 ? 1 : 0);
      if (Api.FLAC__stream_decoder_init_file(
              decoder, file.toAbsolutePath().toString(), WRITE, null, ERROR, null)
          != 0) {
        return null;
      }
      // Each call decodes one metadata block or one frame; a frame holds at least one sample.
      long guard = (long) target + 4096 + 2;
      while (sink.n < target && !sink.irregular && guard-- > 0) {
        if (Api.FLAC__stream_decoder_process_single(decoder) == 0
            || Api.FLAC__stream_decoder_get_state(decoder) == STATE_END_OF_STREAM) {
          break;
        }
      }
      boolean md5Ok = Api.FLAC__stream_decoder_finish(decoder) != 0;
      if (sink.irregular || sink.n < target || !md5Ok) {
        return null;
      }
      return new PcmAudio(sink.out, header.sampleRate(), header.totalSamples());
    } finally {
      SINK.remove();
      Api.FLAC__stream_decoder_delete(decoder);
    }
  }

  private static int write(Pointer decoder, Pointer frame, Pointer buffer, Pointer client) {
    Sink sink = SINK.get();
    if (sink == null || sink.irregular) {
      return WRITE_ABORT;
    }
    // FLAC__FrameHeader (format.h): blocksize, sample_rate, channels, channel_assignment,
    // bits_per_sample, each a 32-bit unsigned or enum, at the start of FLAC__Frame.
    int blockSize = frame.getInt(0);
    int rate = frame.getInt(4);
    int channels = frame.getInt(8);
    int bits = frame.getInt(16);
    FlacHeader h = sink.header;
    if (channels != h.channels() || rate != h.sampleRate() || bits != h.bitsPerSample()
        || blockSize < 1 || blockSize > h.maxBlockSize()) {
      sink.irregular = true;
      return WRITE_ABORT;
    }
    int take = Math.min(blockSize, sink.out.length - sink.n);
    if (take > 0) {
      sink.take(buffer, take);
    }
    return WRITE_CONTINUE;
  }

  /** One decode's output, held by the decoding thread while libFLAC calls back. */
  private static final class Sink {
    final FlacHeader header;
    final float[] out;
    final float scale;
    final int[][] channelSamples;
    int n;
    boolean irregular;

    Sink(FlacHeader header, int target) {
      this.header = header;
      this.out = new float[target];
      this.scale = 1f / (1L << (header.bitsPerSample() - 1));
      this.channelSamples = new int[header.channels()][];
    }

    /** Copies {@code take} samples, mixed down exactly as {@code AudioDecoder.mixDown}. */
    void take(Pointer buffer, int take) {
      int channels = channelSamples.length;
      for (int c = 0; c < channels; c++) {
        if (channelSamples[c] == null || channelSamples[c].length < take) {
          channelSamples[c] = new int[Math.max(take, header.maxBlockSize())];
        }
        buffer.getPointer((long) c * Native.POINTER_SIZE).read(0, channelSamples[c], 0, take);
      }
      AudioDecoder.mixDown(channelSamples, channels, take, scale, out, n);
      n += take;
    }
  }

  interface WriteCallback extends Callback {
    int invoke(Pointer decoder, Pointer frame, Pointer buffer, Pointer client);
  }

  interface ErrorCallback extends Callback {
    void invoke(Pointer decoder, int status, Pointer client);
  }

  interface MetadataCallback extends Callback {
    void invoke(Pointer decoder, Pointer metadata, Pointer client);
  }

  /** libFLAC's stream decoder API (stream_decoder.h), mapped directly. FLAC__bool is an int. */
  private static final class Api {
    static native Pointer FLAC__stream_decoder_new();

    static native int FLAC__stream_decoder_set_md5_checking(Pointer decoder, int value);

    static native int FLAC__stream_decoder_init_file(
        Pointer decoder, String filename, WriteCallback write, MetadataCallback metadata,
        ErrorCallback error, Pointer client);

    static native int FLAC__stream_decoder_process_single(Pointer decoder);

    static native int FLAC__stream_decoder_get_state(Pointer decoder);

    static native int FLAC__stream_decoder_finish(Pointer decoder);

    static native void FLAC__stream_decoder_delete(Pointer decoder);
  }
}
