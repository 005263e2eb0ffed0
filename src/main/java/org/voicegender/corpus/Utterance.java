package org.voicegender.corpus;

import java.nio.file.Path;

/**
 * One recording of the corpus.
 *
 * @param id LibriSpeech utterance id, {@code <speaker>-<chapter>-<nnnn>}
 * @param durationSeconds length of the whole recording, from the file header
 */
public record Utterance(
    String id,
    int speaker,
    int chapter,
    String subset,
    Gender gender,
    Path path,
    double durationSeconds) {}
