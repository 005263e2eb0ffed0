/**
 * The notebook kernel: a Jupyter kernel for Java on JJava's protocol library, evaluating cells
 * with JShell in-process so charts and tables render as images and HTML.
 */
package org.voicegender.kernel;
