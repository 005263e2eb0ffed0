#!/usr/bin/python3
# Copied unchanged (below this line) from /work/shared/peer/train_speed_peer.py, the lead's peer set (2026-12-02).
"""PyTorch peer of the project's bench-training: the seed's 11.8K network, 2,397 random windows
[40, 87], shuffled minibatches, Adam; median and mean s/epoch of 15 epochs after 5 warm-up ones.
usage: train_speed_peer.py [--threads N] [--batch 64] [--windows 2397]  -> one JSON line"""
import argparse, json, time
import numpy as np, torch, torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv1d(40, 16, 4), nn.ReLU(), nn.Conv1d(16, 8, 2), nn.ReLU(), nn.MaxPool1d(16))
        self.lstm = nn.LSTM(8, 16, batch_first=True)
        self.fc = nn.Sequential(nn.Flatten(), nn.Linear(80, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 2))
    def forward(self, x):
        h, _ = self.lstm(self.conv(x).transpose(1, 2)); return self.fc(h)

ap = argparse.ArgumentParser(); ap.add_argument('--threads', type=int, default=2)
ap.add_argument('--batch', type=int, default=64); ap.add_argument('--windows', type=int, default=2397)
ap.add_argument('--epochs', type=int, default=15); ap.add_argument('--warmup', type=int, default=5)
a = ap.parse_args(); torch.set_num_threads(a.threads); torch.manual_seed(0)
rng = np.random.default_rng(0)
X = torch.tensor(rng.standard_normal((a.windows, 40, 87)).astype(np.float32)); y = torch.tensor(rng.integers(0, 2, a.windows))
m = Net(); opt = torch.optim.Adam(m.parameters(), lr=1e-3, weight_decay=1e-4); lf = nn.CrossEntropyLoss()
times = []
for ep in range(a.warmup + a.epochs):
    idx = torch.tensor(rng.permutation(a.windows)); t = time.perf_counter()
    for b in range(0, a.windows, a.batch):
        j = idx[b:b + a.batch]; opt.zero_grad(); l = lf(m(X[j]), y[j]); l.backward(); opt.step()
    if ep >= a.warmup: times.append(time.perf_counter() - t)
m.eval(); xb = X[:256]
with torch.no_grad():
    for _ in range(20): m(xb)
    t = time.perf_counter(); n = 50
    for _ in range(n): m(xb)
    inf256 = n * 256 / (time.perf_counter() - t)
    x1 = X[:1]; t = time.perf_counter(); n = 500
    for _ in range(n): m(x1)
    inf1 = n / (time.perf_counter() - t)
print(json.dumps(dict(engine='pytorch ' + torch.__version__, threads=a.threads, batch=a.batch, windows=a.windows,
                      epoch_s_median=float(np.median(times)), epoch_s_mean=float(np.mean(times)),
                      infer_clips_s_batch256=inf256, infer_clips_s_one=inf1)))
