/**
 * Report: the views notebooks and the CLI show (corpus and evaluation tables, charts, the figure
 * formats), notebook settings and the project log; it sits on top of the stages.
 */
package org.voicegender.report;
