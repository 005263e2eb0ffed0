/**
 * Hostile input on purpose: seeded mutations of real recordings, SPEAKERS.TXT, recipes, cache
 * entries and model files, each of which must be read or refused with the project's own checked
 * exception within a time limit; the table of what was tried and what happened.
 */
package org.voicegender.fuzz;
