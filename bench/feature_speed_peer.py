#!/usr/bin/python3
# Copied unchanged (below this line) from /work/shared/peer/feature_speed_peer.py, the lead's peer set (2026-12-02).
"""numpy/scipy peer of the project's bench-features: first 2 s of every FLAC under ROOT, decoded
(soundfile), resampled (scipy resample_poly 441/320), MFCC (librosa 0.7.2 definition, mfcc_ref.py).
Runs on N processes (one file per task) and prints one JSON line with wall ms per file.
usage: feature_speed_peer.py ROOT [--procs 2] [--repeats 3]"""
import argparse, glob, json, os, sys, time
from multiprocessing import Pool
sys.path.insert(0, os.path.dirname(__file__))
import numpy as np
import mfcc_ref as R

def one(path):
    pcm, sr = R.decode(path)
    return R.mfcc(R.fix_2s(R.resample(pcm, sr)), 'reflect').astype(np.float32).shape

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('root'); ap.add_argument('--procs', type=int, default=2)
    ap.add_argument('--repeats', type=int, default=3); a = ap.parse_args()
    files = sorted(glob.glob(os.path.join(a.root, '**', '*.flac'), recursive=True))
    walls = []
    with Pool(a.procs) as pool:
        pool.map(one, files[:8])  # warm the workers
        for _ in range(a.repeats):
            t = time.perf_counter(); pool.map(one, files, chunksize=4); walls.append(time.perf_counter() - t)
    w = min(walls)
    print(json.dumps(dict(engine='numpy ' + np.__version__, procs=a.procs, files=len(files), wall_s_best=w,
                          ms_per_file=1000 * w / len(files))))
