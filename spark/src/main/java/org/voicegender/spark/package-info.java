/**
 * The pipeline beyond one machine: MFCC extraction over a LibriSpeech tree on Apache Spark into
 * Parquet (resumable, one error row per bad file), that Parquet as a feature source, and batch
 * inference over it.
 */
package org.voicegender.spark;
