/**
 * Jobs: the main job end to end (features, training, evaluation on unseen readers, charts, log),
 * built from the stages below it.
 */
package org.voicegender.jobs;
