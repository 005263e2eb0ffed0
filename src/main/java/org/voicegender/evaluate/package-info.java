/**
 * Evaluation: speaker-independent accuracy per window, utterance and reader with bootstrap
 * intervals over readers, and the files an evaluation writes.
 */
package org.voicegender.evaluate;
