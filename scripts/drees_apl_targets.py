#!/usr/bin/env python3
"""The APL targets of data/targets.toml from DREES's own APL 2023 file.

For each of the model's density classes (INSEE's 7-level grid of the commune,
COG 2026: 1 dense urban, 2-4 intermediate, 5-6 rural, 7 isolated; as
`geo::density_class`) and for all of France, over the communes DREES gives an
APL 2023 for (its COG 2023 rows, arrondissements of Paris, Lyon and Marseille
included, each mapped to its COG 2026 commune for the class):

- the mean APL weighted by DREES's standardised population (`pop_std_2023`),
  as the file's note prescribes (« l'APL communal doit être pondéré par la
  population standardisée »);
- the share of the population (`pop_tot_2023`, not standardised) living where
  APL < 2.5;
- for comparison, the mean weighted by inhabitants (what the targets were
  read as before the standardisation).

Standard library only. Run from the repository root, with the raw folder of
data/NOTICE.md:

    python3 scripts/drees_apl_targets.py --raw ../shared/data/raw
    python3 -m doctest scripts/drees_apl_targets.py   # the arithmetic, by hand

`tests/apl_targets.rs` checks the same figures on the embedded dataset
(data/communes.csv, the model's weights) against data/targets.toml.
"""

import argparse
import csv
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_data import Cog  # noqa: E402  (same COG mapping as the dataset)

CLASSES = {1: "dense_urban", 2: "intermediate", 3: "intermediate", 4: "intermediate",
           5: "rural", 6: "rural", 7: "isolated"}
ORDER = ["dense_urban", "intermediate", "rural", "isolated", "all"]


def class_figures(rows):
    """rows: (class, apl, pop_std, pop_tot). Returns {group: (communes,
    inhabitants, mean weighted by pop_std, share of pop_tot under 2.5, mean
    weighted by pop_tot)}.

    By hand: rural communes of APL 2 (100 standardised, 80 inhabitants) and 4
    (300, 320): mean (200 + 1,200) / 400 = 3.5, under 2.5 80 / 400 = 0.2, by
    inhabitants (160 + 1,280) / 400 = 3.6; with an isolated one of APL 1 (50,
    40), France: 1,450 / 450 = 3.2222, 120 / 440 = 0.2727, 1,480 / 440 = 3.3636.

    >>> f = class_figures([("rural", 2.0, 100, 80), ("rural", 4.0, 300, 320), ("isolated", 1.0, 50, 40)])
    >>> [round(x, 4) for x in f["rural"]]
    [2, 400.0, 3.5, 0.2, 3.6]
    >>> [round(x, 4) for x in f["all"]]
    [3, 440.0, 3.2222, 0.2727, 3.3636]
    """
    acc = defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0.0, 0.0])
    for cls, apl, std, tot in rows:
        for g in (cls, "all"):
            a = acc[g]
            a[0] += 1
            a[1] += tot
            a[2] += apl * std
            a[3] += std
            a[4] += tot if apl < 2.5 else 0.0
            a[5] += apl * tot
    return {g: (a[0], a[1], a[2] / a[3], a[4] / a[1], a[5] / a[1]) for g, a in acc.items() if a[1] > 0 and a[3] > 0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", default="../shared/data/raw")
    ap.add_argument("--communes", default="data/communes.csv")
    args = ap.parse_args(argv)
    cog = Cog(args.raw)
    with open(args.communes, encoding="utf-8", newline="") as fh:
        density7 = {r["insee"]: int(r["density7"]) for r in csv.DictReader(fh)}
    rows, unmapped = [], []
    path = os.path.join(args.raw, "apl", "drees_apl_medecins_generalistes_2022_2023_communes.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if not r["apl_mg_2023"]:
                continue
            current = cog.to_current(r["code_insee"])
            if current is None or current not in density7:
                unmapped.append(r["code_insee"])
                continue
            rows.append((CLASSES[density7[current]], float(r["apl_mg_2023"]),
                         float(r["pop_std_2023"]), float(r["pop_tot_2023"])))
    figures = class_figures(rows)
    print("| group | communes (COG 2023) | inhabitants | APL, weighted by standardised population | APL < 2.5, share of inhabitants | APL, weighted by inhabitants |")
    print("|---|---|---|---|---|---|")
    for g in ORDER:
        n, inh, mean, under, by_inh = figures[g]
        print(f"| {g} | {n} | {inh:.0f} | {mean:.3f} | {under:.3f} | {by_inh:.3f} |")
    print(f"rows without a COG 2026 commune: {len(unmapped)} {unmapped[:10]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
