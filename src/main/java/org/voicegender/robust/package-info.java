/**
 * Voices and channels the model has not met: the per-reader stress test with each voice's F0,
 * and evaluation on degraded copies of the unseen readers (noise, reverberation, telephone band).
 */
package org.voicegender.robust;
