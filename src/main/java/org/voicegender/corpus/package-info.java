/**
 * Corpus: the LibriSpeech layout and SPEAKERS.TXT, utterance records, speaker-disjoint splits
 * stratified by gender, the corpus summary, and downloading the official archives.
 */
package org.voicegender.corpus;
