#!/usr/bin/python3
# Copied unchanged (below this line) from /work/shared/peer/mfcc_ref.py, the lead's peer set (2026-12-02).
"""librosa-equivalent MFCC of the seed, in numpy/scipy (librosa is not installable here).

  librosa.load(path, offset=0, duration=2)  ->  read the first 2 s (32,000 samples at 16 kHz), mono float32,
      resample to 22,050 Hz with scipy resample_poly(x, 441, 320) (librosa: resampy 'kaiser_best' in 0.7.2,
      soxr 'soxr_hq' in 0.10), length fixed to ceil(n*441/320), cast to float32 (librosa.load returns float32)
  seed's add_zero_paddings -> zero-pad to 2 s = 44,100 samples
  librosa.feature.mfcc(y, sr=22050, n_mfcc=40):
      |STFT|^2: n_fft 2048, hop 512, periodic Hann, center=True (pad n_fft//2 each side, PAD_MODE below)
      Slaney mel filterbank: 128 bands, fmin 0, fmax sr/2, htk=False, norm='slaney' (area normalisation)
      power_to_db(ref=1.0, amin=1e-10, top_db=80.0)  (top_db relative to the max of the whole 128 x 87 matrix)
      scipy.fftpack.dct(type=2, norm='ortho', axis=0)[:40]           -> 40 x 87
  PAD_MODE: 'constant' (zeros; librosa >= 0.10 default, used here by default) or 'reflect' (librosa 0.7.2, the
  version the seed pinned). Arithmetic is float64 throughout (librosa keeps complex64/float32 arrays: ~1e-5 dB).

usage: python3 mfcc_ref.py FILE.flac OUT.npy [--pad-mode constant|reflect] [--pcm OUT_PCM22050.npy]
       writes the 40 x 87 float32 MFCC matrix of the first 2 s of FILE.flac to OUT.npy
"""
import sys

import numpy as np
import scipy.fftpack
import soundfile as sf
from scipy.signal import get_window, resample_poly

SR, DURATION, N_FFT, HOP, N_MELS, N_MFCC = 22050, 2, 2048, 512, 128, 40
N_SAMPLES = SR * DURATION  # 44,100
N_FRAMES = 1 + N_SAMPLES // HOP  # 87


def decode(path, offset_s=0.0, duration_s=DURATION):
    """soundfile read as librosa.load does: seek int(offset*sr), read int(duration*sr) frames (None: to the end)."""
    with sf.SoundFile(path) as f:
        sr = f.samplerate
        f.seek(int(offset_s * sr))
        frames = -1 if duration_s is None else int(duration_s * sr)
        y = f.read(frames=frames, dtype='float32', always_2d=False)
    if y.ndim > 1:
        y = y.mean(axis=1, dtype=np.float32)
    return y, sr


def resample(y, sr_in, sr_out=SR):
    """16 kHz -> 22.05 kHz polyphase resampling; output length ceil(n * sr_out / sr_in), float32."""
    if sr_in == sr_out:
        return np.asarray(y, dtype=np.float32)
    g = np.gcd(int(sr_out), int(sr_in))
    up, down = sr_out // g, sr_in // g  # 441, 320 for 16 kHz
    z = resample_poly(np.asarray(y, dtype=np.float64), up, down)
    n = int(np.ceil(len(y) * up / down))
    return z[:n].astype(np.float32)


def fix_2s(y):
    """The seed's add_zero_paddings (plus truncation, which librosa.load(duration=2) already implies)."""
    y = np.asarray(y, dtype=np.float64)[:N_SAMPLES]
    return np.pad(y, (0, N_SAMPLES - len(y)))


def hz_to_mel(f):
    f = np.asanyarray(f, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, min_log_hz) / min_log_hz) / logstep, f / f_sp)


def mel_to_hz(m):
    m = np.asanyarray(m, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filters(sr=SR, n_fft=N_FFT, n_mels=N_MELS, fmin=0.0, fmax=None):
    """librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm='slaney'), float64."""
    fmax = sr / 2.0 if fmax is None else fmax
    fftfreqs = np.linspace(0, sr / 2.0, 1 + n_fft // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    w = np.maximum(0.0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])
    return w * enorm[:, None]


MEL = mel_filters()  # librosa rebuilds it on every call; built once here
WINDOW = get_window('hann', N_FFT, fftbins=True)  # periodic Hann


def melspectrogram(y, pad_mode='constant'):
    yp = np.pad(np.asarray(y, dtype=np.float64), (N_FFT // 2, N_FFT // 2), mode=pad_mode)
    frames = np.lib.stride_tricks.sliding_window_view(yp, N_FFT)[::HOP]  # (87, 2048)
    spec = np.fft.rfft(frames * WINDOW, axis=1)  # (87, 1025)
    power = spec.real ** 2 + spec.imag ** 2  # power=2.0
    return MEL @ power.T  # (128, 87)


def power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0):
    log_spec = 10.0 * np.log10(np.maximum(amin, S)) - 10.0 * np.log10(np.maximum(amin, ref))
    return np.maximum(log_spec, log_spec.max() - top_db)


def mfcc(y, pad_mode='constant'):
    """librosa.feature.mfcc(y, sr=22050, n_mfcc=40) of one 2 s signal -> (40, 87) float64."""
    S = power_to_db(melspectrogram(y, pad_mode))
    return scipy.fftpack.dct(S, type=2, norm='ortho', axis=0)[:N_MFCC]


def seed_mfcc(path, offset_s=0.0, pad_mode='constant'):
    """The seed's get_mfcc(filename): librosa.load(duration=2) + zero padding + mfcc -> (40, 87) float32."""
    y, sr = decode(path, offset_s)
    return mfcc(fix_2s(resample(y, sr)), pad_mode).astype(np.float32)


if __name__ == '__main__':
    args = sys.argv[1:]
    opts = {}
    for k in ('--pad-mode', '--pcm'):
        if k in args:
            i = args.index(k)
            opts[k] = args[i + 1]
            del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    src, out = args
    y, sr = decode(src)
    pcm = fix_2s(resample(y, sr))
    m = mfcc(pcm, opts.get('--pad-mode', 'constant')).astype(np.float32)
    np.save(out, m)
    if '--pcm' in opts:
        np.save(opts['--pcm'], pcm.astype(np.float32))
    print(out, m.shape, float(m.min()), float(m.max()))
