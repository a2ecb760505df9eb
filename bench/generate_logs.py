#!/usr/bin/python3
"""Writes the synthetic prediction logs of bench_metricframe.py / bench_numpy_baseline.py (same generator,
same seed, same rows) to CSV so `attest evaluate fairness` can read them.

  /usr/bin/python3 generate_logs.py --n 1000000 --out /tmp/logs_1m.csv
"""
import argparse

import numpy as np
import pandas as pd


def gen(n, seed):
    rng = np.random.default_rng(seed)
    sf1 = rng.choice(np.array(["A", "B", "C", "D"]), size=n, p=[0.4, 0.3, 0.2, 0.1])
    sex = rng.choice(np.array(["F", "M"]), size=n, p=[0.45, 0.55])
    age = rng.choice(np.array(["<25", "25-45", ">45"]), size=n, p=[0.25, 0.5, 0.25])
    shift = pd.Series(sf1).map({"A": 0.0, "B": 0.05, "C": 0.1, "D": -0.05}).to_numpy()
    y = (rng.random(n) < 0.35 + shift).astype(np.int64)
    score = np.clip(0.35 * y + 0.65 * rng.random(n) + shift, 0.0, 1.0)
    pred = (score >= 0.5).astype(np.int64)
    return sf1, sex, age, y, score, pred


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    sf1, sex, age, y, score, pred = gen(a.n, a.seed)
    chunk = 1_000_000
    with open(a.out, "w") as fh:
        fh.write("group,sex,age_band,y,pred,score\n")
        for s in range(0, a.n, chunk):
            e = min(a.n, s + chunk)
            pd.DataFrame({"group": sf1[s:e], "sex": sex[s:e], "age_band": age[s:e], "y": y[s:e], "pred": pred[s:e],
                          "score": score[s:e]}).to_csv(fh, header=False, index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
