#!/usr/bin/python3
"""Evidently 0.7.21's drift stat tests on the same columns Attest tests: for each column, the default test
(registry.get_stattest with no name: the one Attest picks) and PSI, run by Evidently's own code loaded from a
source checkout through the reference harness's loader. Times the stat tests only (the frames are already in
memory), prints JSON with each column's scores and the seconds, so compare.sh can check the values are equal.

  PEERS=/path/to/peers /usr/bin/python3 evidently_drift.py REF.csv CUR.csv --harness /work/shared/fairness
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import pandas as pd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("current")
    ap.add_argument("--harness", default=os.environ.get("HARNESS", "/work/shared/fairness"))
    ap.add_argument("--evidently", default=os.path.join(os.environ.get("PEERS", "peers"), "evidently-v0.7.21/src"))
    a = ap.parse_args()
    sys.path.insert(0, a.harness)
    from evidently_stattests_loader import load_evidently_stattests

    ev = load_evidently_stattests(a.evidently)
    ref_df = pd.read_csv(a.reference)
    cur_df = pd.read_csv(a.current)
    columns = [c for c in cur_df.columns if c in ref_df.columns]
    out = {"columns": {}}
    t0 = time.perf_counter()
    for c in columns:
        ref = ref_df[c].replace([-np.inf, np.inf], np.nan).dropna()
        cur = cur_df[c].replace([-np.inf, np.inf], np.nan).dropna()
        ctype = ev.ColumnType.Numerical if cur_df[c].dtype.name.startswith("float") else ev.ColumnType.Categorical
        default = ev.get_stattest(ref, cur, ctype, None)
        r = default(ref, cur, ctype, None)
        psi = ev.get_stattest(ref, cur, ctype, "psi")(ref, cur, ctype, None)
        out["columns"][c] = {"test": default.name, "drift_score": float(r.drift_score), "psi": float(psi.drift_score)}
    out["stat_tests_s"] = round(time.perf_counter() - t0, 3)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
