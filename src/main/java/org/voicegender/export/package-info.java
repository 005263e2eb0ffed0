/**
 * Export: the integer golden model for RTL (weights as text, bit strings, hex, C header, test
 * vectors, manifest) and the reader that rebuilds it and re-runs every vector bit for bit.
 */
package org.voicegender.export;
