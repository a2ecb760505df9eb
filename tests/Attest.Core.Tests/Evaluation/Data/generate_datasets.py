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


def drift_frame(rng, n, shifted):
    """Columns that exercise every default test (see Data/README.md)."""
    d = pd.DataFrame()
    d["income"] = rng.normal(50 + (4 if shifted else 0), 10, n).round(3)            # numerical, many values
    d["age"] = rng.integers(18, 70 + (10 if shifted else 0), n)                      # int, >10 values -> numerical
    d["rating"] = rng.choice([1.0, 2.0, 3.0, 4.5], n, p=[0.1, 0.2, 0.3, 0.4] if not shifted else [0.2, 0.2, 0.3, 0.3])
    d["score"] = np.round(rng.beta(2, 5 if not shifted else 4, n), 2)                # float, <=100 values
    d["region"] = rng.choice(["north", "south", "east", "west"] + (["central"] if shifted else []), n)
    d["children"] = rng.integers(0, 4 if not shifted else 5, n)                       # int, <=10 values -> categorical
    d["flag"] = rng.choice(["yes", "no"], n, p=[0.3, 0.7] if not shifted else [0.4, 0.6])
    d["constant"] = 1.0 if not shifted else rng.choice([1.0, 2.0], n, p=[0.98, 0.02])
    inc = d["income"].astype(object)
    inc[rng.random(n) < 0.03] = np.nan                                               # missing values are dropped
    d["income_gappy"] = inc
    d["stable_num"] = rng.normal(0, 1, n).round(4)                                   # no drift: moderate p-values
    d["stable_cat"] = rng.choice(["a", "b", "c"], n, p=[0.5, 0.3, 0.2])
    d["stable_flag"] = rng.choice([0, 1], n, p=[0.6, 0.4])
    d["y"] = rng.integers(0, 2, n)
    d["yhat"] = rng.integers(0, 2, n)
    d["g"] = rng.choice(["a", "b"], n)
    return d


rng = np.random.default_rng(7)
drift_frame(rng, 800, False).to_csv("drift_small_reference.csv", index=False)
drift_frame(rng, 600, True).to_csv("drift_small_current.csv", index=False)
drift_frame(rng, 5000, False).to_csv("drift_large_reference.csv", index=False)
drift_frame(rng, 4000, True).to_csv("drift_large_current.csv", index=False)


def typed_frame(rng, n, shift):
    """Dtype edge cases for drift: booleans, integers with gaps (-> float), free text, floats with 2 values."""
    d = pd.DataFrame()
    d["is_member"] = rng.choice([True, False], n, p=[0.3 + shift, 0.7 - shift])
    kids = rng.integers(0, 4, n).astype(object)
    kids[rng.random(n) < 0.05] = np.nan
    d["kids_gappy"] = kids
    d["zip"] = [f"Z{v:05d}" for v in rng.integers(0, n * 3, n)]
    d["grade"] = rng.choice(["A", "B", "C", "D", "E", "F"], n)
    d["amount"] = np.round(rng.lognormal(3 + shift, 1, n), 2)
    d["tiny"] = rng.choice([0.5, 1.5], n)
    d["y"] = rng.integers(0, 2, n)
    d["yhat"] = rng.integers(0, 2, n)
    d["g"] = rng.choice(["a", "b"], n)
    return d


rng = np.random.default_rng(99)
typed_frame(rng, 700, 0.0).to_csv("drift_typed_small_reference.csv", index=False)
typed_frame(rng, 650, 0.1).to_csv("drift_typed_small_current.csv", index=False)
typed_frame(rng, 3000, 0.0).to_csv("drift_typed_large_reference.csv", index=False)
typed_frame(rng, 2500, 0.02).to_csv("drift_typed_large_current.csv", index=False)


# Adult-like: string labels and predictions (">50K"/"<=50K", so --positive-label is needed), three sensitive
# features of which one is numeric.
rng = np.random.default_rng(314)
n = 2500
race = rng.choice(["White", "Black", "Asian-Pac-Islander", "Amer-Indian-Eskimo", "Other"], n, p=[0.8, 0.1, 0.05, 0.03, 0.02])
sex = rng.choice(["Male", "Female"], n, p=[0.6, 0.4])
edu = rng.integers(1, 5, n)
base = 0.2 + 0.1 * (sex == "Male") + 0.03 * edu
income = np.where(rng.random(n) < base, ">50K", "<=50K")
score = np.clip(base + rng.normal(0, 0.2, n), 0, 1).round(3)
pred = np.where(score >= 0.45, ">50K", "<=50K")
pd.DataFrame({"race": race, "sex": sex, "edu": edu, "income": income, "pred": pred, "p": score}).to_csv("adult_like.csv", index=False)
