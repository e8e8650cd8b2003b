#!/usr/bin/env python3
"""The isolated communes' road speed relative to the rural ones, read off real road times.

`travel.speed_kmh` gives a speed by density class; a trip runs at the slower of its two ends'
speeds over the straight line between commune centroids times `travel.detour_factor` (1.3).
This script measures, on every pair of Isère's 512 communes, the speed that formula needs to
give the pair's road time, and compares the pairs with an isolated end (density grid level 7)
with the rural-rural pairs (levels 5-6). The ratio of the two sets' medians, over trips of at
most 20 minutes (the APL's reach), sets the isolated speed from the rural one (docs/validation.md
§ "Stop 42: the isolated speed from road times"; docs/parameters.md `travel.speed_kmh`).

Road times: car, free flow, OSRM car profile on the OpenStreetMap extract for France, between the
town halls of IGN Admin Express 2021, 512 x 512 matrix in seconds (N. Lambert, repository
`neocarto/rspatial`, commit 890cfda92b23b0bc10d05f9167d4050554c72c7a, `osrm/data/TimeDistCarIsere.csv`,
MIT licence; data (c) OpenStreetMap contributors, ODbL). The file is not in this repository:
fetch it and pass its path.

Usage: python3 scripts/road_speed_ratio.py TimeDistCarIsere.csv [data/communes.csv]
Prints, for each trip bound (15, 20, 25, 30 minutes), the pairs' effective speeds by class pair
and the ratio (median and least squares); the default is the median at 20 minutes.
"""
import csv
import math
import os
import statistics
import sys


def project(lat, lon):
    """Lambert conformal conic as `geo::project` (parallels 44 and 49, origin 46.5 N 3 E), km."""
    phi1, phi2, phi0, lam0 = map(math.radians, (44.0, 49.0, 46.5, 3.0))
    t = lambda p: math.tan(math.pi / 4 + p / 2)
    n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(t(phi2) / t(phi1))
    f = math.cos(phi1) * t(phi1) ** n / n
    rho = lambda p: 6371.0 * f / t(p) ** n
    theta = n * (math.radians(lon) - lam0)
    r = rho(math.radians(lat))
    return r * math.sin(theta), rho(phi0) - r * math.cos(theta)


def density_class(level):
    """`geo::density_class`: D dense urban (1), I intermediate (2-4), R rural (5-6), X isolated (7)."""
    return "D" if level == 1 else "I" if level <= 4 else "R" if level <= 6 else "X"


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__)
    matrix_path = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    communes_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "data", "communes.csv")
    for path in (matrix_path, communes_path):
        if not os.path.isfile(path):
            sys.exit(f"error: {path}: no such file (usage: python3 scripts/road_speed_ratio.py TimeDistCarIsere.csv [data/communes.csv])")
    communes = {}
    for row in csv.DictReader(open(communes_path, encoding="utf-8")):
        if row["dep"] == "38":
            communes[row["insee"]] = (project(float(row["lat"]), float(row["lon"])), density_class(int(row["density7"])))
    rows = list(csv.reader(open(matrix_path, encoding="utf-8")))
    codes = rows[0][1:]
    missing = [c for c in codes if c not in communes]
    print(f"{len(codes)} communes in the matrix, {len(missing)} not in {communes_path}")
    if len(codes) - len(missing) < 100:
        sys.exit(f"error: {matrix_path}: fewer than 100 of its columns are Isère communes of {communes_path}; expected the 512 x 512 matrix of times in seconds")
    pairs = []  # (class pair, straight-line km, road minutes)
    for row in rows[1:]:
        a = row[0]
        for b, seconds in zip(codes, row[1:]):
            if a == b or a not in communes or b not in communes:
                continue
            (xa, ya), ca = communes[a]
            (xb, yb), cb = communes[b]
            pairs.append(("".join(sorted(ca + cb)), math.hypot(xa - xb, ya - yb), float(seconds) / 60.0))
    median_speed = statistics.median(60.0 * 1.3 * d / t for _, d, t in pairs if t > 0)
    if not 10.0 <= median_speed <= 150.0:
        sys.exit(f"error: {matrix_path}: the median speed would be {median_speed:.0f} km/h; are the times in seconds?")
    detour = 1.3
    speed = lambda d, t: 60.0 * detour * d / t

    def fit(sel):
        v = [speed(d, t) for d, t in sel if t > 0]
        ls = sum((60 * detour * d) ** 2 for d, t in sel) / sum(60 * detour * d * t for d, t in sel)
        return len(sel), statistics.median(v), ls

    for bound in (15.0, 20.0, 25.0, 30.0):
        near = [p for p in pairs if p[2] <= bound]
        print(f"\ntrips of at most {bound:.0f} min: pairs, median and least-squares speed (km/h, detour {detour})")
        for key in sorted({k for k, _, _ in near}):
            n, med, ls = fit([(d, t) for k, d, t in near if k == key])
            print(f"  {key}: {n:6d}  {med:5.1f}  {ls:5.1f}")
        iso = fit([(d, t) for k, d, t in near if "X" in k])
        rural = fit([(d, t) for k, d, t in near if k == "RR"])
        print(f"  with an isolated end: {iso[0]} pairs, median {iso[1]:.1f}, least squares {iso[2]:.1f}")
        print(f"  rural-rural: {rural[0]} pairs, median {rural[1]:.1f}, least squares {rural[2]:.1f}")
        print(f"  ratio: median {iso[1] / rural[1]:.3f}, least squares {iso[2] / rural[2]:.3f}")


if __name__ == "__main__":
    main()
