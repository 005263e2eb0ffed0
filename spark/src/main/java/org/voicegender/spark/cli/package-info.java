/**
 * The Spark jobs' command line ({@code bin/voicegender spark-*}, or {@code spark-submit} with the
 * shaded jar): picocli commands, argument handling only.
 */
package org.voicegender.spark.cli;
