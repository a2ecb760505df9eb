"""Generates the demo's credit-scoring hold-out prediction log (data/demo/evidence/credit-scoring/holdout-2026-09.csv).

Synthetic and fictional: approval rates differ by age band on purpose, so that the demo's pre-launch gate fails its
impact-ratio threshold (four-fifths rule) for applicants aged 18-24. Deterministic (fixed seed, Python's random).
Regenerate the fairness report with:
  attest evaluate fairness --input holdout-2026-09.csv --label repaid --prediction approved --score score \
      --sensitive age_band,sex --format json --output fairness-holdout-2026-09.json
"""
import csv
import random
import sys

APPROVAL = {"18-24": 0.44, "25-39": 0.62, "40-59": 0.65, "60+": 0.58}
AGE_SHARE = [("18-24", 0.14), ("25-39", 0.38), ("40-59", 0.33), ("60+", 0.15)]
SEX_SHIFT = {"female": -0.02, "male": 0.02}

def main(path):
    rng = random.Random(20260930)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["application_id", "age_band", "sex", "approved", "repaid", "score"])
        for i in range(4000):
            r = rng.random()
            acc = 0.0
            for band, share in AGE_SHARE:
                acc += share
                if r < acc:
                    break
            sex = "female" if rng.random() < 0.47 else "male"
            p_approve = APPROVAL[band] + SEX_SHIFT[sex]
            # The score is the model's probability of repayment; approval is score >= its group's cut-off in effect.
            approved = 1 if rng.random() < p_approve else 0
            score = min(0.99, max(0.01, rng.gauss(0.74 if approved else 0.41, 0.12)))
            repaid = 1 if rng.random() < (0.93 if approved else 0.71) else 0
            w.writerow([f"APP-{260000 + i}", band, sex, approved, repaid, f"{score:.4f}"])

if __name__ == "__main__":
    main(sys.argv[1])
