#!/usr/bin/python3
"""Generates the small committed test datasets (deterministic; numpy default_rng)."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(20261123)
n = 3000
race = rng.choice(["white", "black", "asian", "other"], size=n, p=[0.5, 0.3, 0.17, 0.03]).astype(object)
race[rng.random(n) < 0.02] = ""                      # missing sensitive values -> "(missing)"
sex = rng.choice(["F", "M"], size=n, p=[0.45, 0.55])
shift = pd.Series(race).map({"white": 0.05, "black": -0.05, "asian": 0.0, "other": 0.1, "": 0.0}).to_numpy()
y = (rng.random(n) < 0.4 + shift).astype(int)
p = np.clip(0.3 * y + 0.7 * rng.random(n) + shift, 0, 1)
p = np.round(p, 2)                                   # ties on purpose (AUC counts them 1/2)
p[:5] = [0.0, 1.0, 1.0, 0.0, 0.5]                    # exact 0/1 exercise log-loss clipping
yhat = (p >= 0.5).astype(int)
df = pd.DataFrame({"id": np.arange(n), "race": race, "sex": sex, "y": y, "yhat": yhat, "p": p})
df.to_csv("synthetic.csv", index=False)

# edge cases: group 'a' has no positive labels, group 'c' no predicted positives, cell (b, v) empty,
# group 'd' has a single row.
edge = pd.DataFrame({
    "g":  ["a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c", "d"],
    "h":  ["u", "v", "u", "v", "u", "u", "u", "u", "u", "v", "v", "u"],
    "y":  [0, 0, 0, 0, 1, 1, 0, 1, 1, 0, 1, 1],
    "yhat": [0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1],
    "p":  [0.1, 0.6, 0.2, 0.3, 0.9, 0.4, 0.4, 0.9, 0.45, 0.2, 0.45, 1.0],
})
edge.to_csv("edge.csv", index=False)
