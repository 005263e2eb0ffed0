/** Reports: plain tables (Markdown and CSV) of figures that commands write into artifacts/. */
package org.voicegender.report;
