/** The command line: one picocli command per job; argument handling and printing only. */
package org.voicegender.cli;
