/**
 * Audio: decoding FLAC and WAV to mono PCM, resampling to the feature rate with SciPy's
 * polyphase filter, and cutting a recording into the 2 s windows the network sees.
 */
package org.voicegender.audio;
