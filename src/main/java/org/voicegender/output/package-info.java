/**
 * Output: the figure tables (Markdown and CSV), chart files and JSON that every stage writes its
 * measurements with; it knows nothing of the stages, so any of them may use it.
 */
package org.voicegender.output;
