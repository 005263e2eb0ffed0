package org.voicegender.corpus;

/** One reader's line of SPEAKERS.TXT. */
public record Speaker(int id, Gender gender, String subset, double minutes, String name) {}
