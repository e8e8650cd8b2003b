#!/usr/bin/env python3
"""Build the compact processed territorial dataset of `parcours` from raw open data.

Usage (from the repository root):

    python3 scripts/build_data.py --raw ../shared/data/raw --out data

Standard library only (Python >= 3.11). The output is deterministic: rows are
sorted by their key, floats use a fixed number of decimals, files are written
with "\\n" line endings and UTF-8 without BOM. Re-running overwrites the
outputs. See data/NOTICE.md for sources, licences, method and caveats.

Outputs (in --out):
  arrondissements.csv  the 45 arrondissements municipaux of Paris, Lyon and Marseille
                    (same columns; selectable by code, never inside a département)
  communes.csv      one row per commune of the official list (COG 2026, France
                    metropolitaine + DROM), population, coordinates, area,
                    density grid code, APL to GPs 2023, GPs (BPE 2024), median
                    income (Filosofi 2021), secondary homes (RP 2021)
  ed_sites.csv      one row per emergency-department site (SAE 2023)
  departements.csv  one row per departement: population, MSP, centres de sante,
                    health-professional counts (RPPS/ADELI 2020), mean APL
  bassins_vie.csv   CartoSante / INSEE indicators by bassin de vie 2022
  epci.csv          code and name of every EPCI (for `parcours territory find`)

communes.csv also carries, per commune: GPs by place of practice (INSEE BPE
2024, D265; Paris, Lyon and Marseille as whole cities), the Filosofi 2021
median income per consumption unit, and secondary homes (RP 2021);
departements.csv the INSEE 2025 population estimate in the model's age bands.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

# --------------------------------------------------------------------------
# constants
# --------------------------------------------------------------------------

# INSEE "grille communale de densite a 7 niveaux" (2022 onwards): label -> code
DENSITY7_CODES = {
    "Grands centres urbains": 1,
    "Centres urbains intermédiaires": 2,
    "Ceintures urbaines": 3,
    "Petites villes": 4,
    "Bourgs ruraux": 5,
    "Rural à habitat dispersé": 6,
    "Rural à habitat très dispersé": 7,
}

# SAE codes DROM communes as "9" + letter + 3 digits.
# ("9A105" = 97105 Basse-Terre, "9F611" = 97611 Mamoudzou): "9" + letter -> "97".
SAE_DROM_PREFIX = {"9A": "97", "9B": "97", "9C": "97", "9D": "97", "9E": "97", "9F": "97"}
# Saint-Martin: SAE still uses its pre-2007 Guadeloupe code 97127; its COG code
# as a collectivite d'outre-mer is 97801 (not a commune of the official list).
SAE_SPECIAL_CODES = {"97127": "97801"}

COMMUNE_COLUMNS = ["insee", "name", "dep", "region", "epci", "population", "lat", "lon",
                   "area_km2", "density7", "apl_mg_2023", "gp_bpe_2024", "median_income_2021",
                   "secondary_homes_2021"]
ED_COLUMNS = ["finess", "name", "insee", "dep", "lat", "lon", "visits_2023",
              "visits_gen_2023", "visits_ped_2023", "coord_source"]
DEP_COLUMNS = ["dep", "name", "region", "population", "msp", "centres_sante", "gp", "nurses",
               "dentists", "physicians", "apl_mg_2023", "gp_consult_supply_2023",
               "pop2025_0_14", "pop2025_15_44", "pop2025_45_64", "pop2025_65_74", "pop2025_75_84",
               "pop2025_85_plus"]
EPCI_COLUMNS = ["epci", "name"]

# INSEE five-year bands (estim-pop-dep-sexe-aq, 2025) summed into the model's six age bands
AGE_YEAR = "2025"
AGE_BANDS = [("0_14", ["0_4", "5_9", "10_14"]),
             ("15_44", ["15_19", "20_24", "25_29", "30_34", "35_39", "40_44"]),
             ("45_64", ["45_49", "50_54", "55_59", "60_64"]),
             ("65_74", ["65_69", "70_74"]),
             ("75_84", ["75_79", "80_84"]),
             ("85_plus", ["85_89", "90_94", "95_plus"])]

MSP_DATE = "2022-12-31"          # latest semester of the barometre for MSP
RPPS_YEAR = "2020"               # latest year of the RPPS/ADELI files (1 January)


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------

def fmt(x: float | None, nd: int) -> str:
    """Fixed-decimal formatting; empty string for None; no '-0.000'."""
    if x is None:
        return ""
    s = f"{x:.{nd}f}"
    if float(s) == 0.0:
        s = f"{0.0:.{nd}f}"
    return s


def to_float(s: str | None) -> float | None:
    if s is None:
        return None
    s = s.strip()
    if not s or s.upper().startswith("N/A"):
        return None
    try:
        return float(s.replace(",", "."))
    except ValueError:
        return None


def to_int_spaced(s: str) -> int | None:
    """'4 855' / '4\u00a0855' / '' -> int or None."""
    s = re.sub(r"\s+", "", s.replace("\u00a0", " ").replace("\u202f", " "))
    return int(s) if s.isdigit() else None


def norm_text(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().upper()
    return re.sub(r"[^A-Z0-9]+", " ", s).strip()


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def read_semicolon_export(path: str, skip: int = 2) -> list[dict]:
    """CartoSante / INSEE 'Statistiques locales' exports: BOM, metadata lines, ';'."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        lines = fh.read().splitlines()[skip:]
    return list(csv.DictReader(lines, delimiter=";"))


def write_csv(path: str, columns: list[str], rows: list[list]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow(r)


# --------------------------------------------------------------------------
# communes
# --------------------------------------------------------------------------

class Cog:
    """The official commune list (decoupage-administratif 6.0.0 = COG 2026)."""

    def __init__(self, raw: str):
        d = os.path.join(raw, "communes")
        with open(os.path.join(d, "decoupage-administratif-6.0.0_communes.json"), encoding="utf-8") as fh:
            allc = json.load(fh)
        self.type_counts = Counter((c["type"], c["zone"]) for c in allc)
        # current communes of metropolitan France + DROM (the 94 communes of the
        # collectivites d'outre-mer, zone "com", are not part of the COG commune list)
        self.current = {c["code"]: c for c in allc
                        if c["type"] == "commune-actuelle" and c["zone"] in ("metro", "drom")}
        self.com_codes = {c["code"]: c for c in allc
                          if c["type"] == "commune-actuelle" and c["zone"] == "com"}
        self.arm = {c["code"]: c for c in allc if c["type"] == "arrondissement-municipal"}
        # former / delegated / associated codes -> current commune
        self.old_to_current: dict[str, str] = {}
        conflicts = []
        for c in self.current.values():
            for old in c.get("anciensCodes", []):
                if old in self.current:
                    continue
                if old in self.old_to_current and self.old_to_current[old] != c["code"]:
                    conflicts.append(old)
                self.old_to_current[old] = c["code"]
        for c in allc:
            if c["type"] in ("commune-deleguee", "commune-associee"):
                if c["code"] not in self.current and c["code"] not in self.old_to_current:
                    self.old_to_current[c["code"]] = c["chefLieu"]
        self.old_conflicts = conflicts
        with open(os.path.join(d, "decoupage-administratif-6.0.0_departements.json"), encoding="utf-8") as fh:
            self.departements = {x["code"]: x for x in json.load(fh)}
        with open(os.path.join(d, "decoupage-administratif-6.0.0_epci.json"), encoding="utf-8") as fh:
            epcis = json.load(fh)
        self.epci_of: dict[str, str] = {}
        self.epci_names = {e["code"]: e["nom"] for e in epcis}
        for e in epcis:
            for m in e["membres"]:
                self.epci_of[m["code"]] = e["code"]
        self.n_epci = len(epcis)

    def to_current(self, code: str) -> str | None:
        """Map a commune code of an older COG (or an arrondissement) to COG 2026."""
        if code in self.current:
            return code
        if code in self.arm:
            return self.arm[code]["commune"]
        c = self.old_to_current.get(code)
        if c is not None and c in self.current:
            return c
        return None


def load_rcarlier(raw: str):
    """rcarlier datas.fun communes (COG 2024): one row per (code, postal code)."""
    path = os.path.join(raw, "communes", "rcarlier-datasfun_communes.csv")
    com, arm = {}, {}
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            t = r["commune_type"]
            target = com if t == "COM" else arm if t == "ARM" else None
            if target is None:           # COMD rows repeat the parent's values
                continue
            target.setdefault(r["insee_com"], r)   # duplicates are identical
    return com, arm


def geo_of(row) -> tuple[float | None, float | None, float | None]:
    return to_float(row["lat"]), to_float(row["lng"]), to_float(row["superficie_km2"])


def aggregate_geo(members: list[tuple]) -> tuple[float | None, float | None, float | None]:
    """Union of parts: area = sum; centroid = area-weighted mean of centroids."""
    placed = [(la, lo, ar) for la, lo, ar in members if la is not None and lo is not None]
    areas = [ar for _, _, ar in members]
    area = sum(areas) if members and all(a is not None for a in areas) else None
    if not placed:
        return None, None, area
    if all(ar is not None and ar > 0 for _, _, ar in placed):
        w = sum(ar for _, _, ar in placed)
        lat = sum(la * ar for la, _, ar in placed) / w
        lon = sum(lo * ar for _, lo, ar in placed) / w
    else:
        lat = sum(la for la, _, _ in placed) / len(placed)
        lon = sum(lo for _, lo, _ in placed) / len(placed)
    return lat, lon, area


def build_geography(cog: Cog, rc_com: dict, rc_arm: dict):
    """lat, lon, area and method for every current commune."""
    absorbed = set(rc_com) - set(cog.current)      # COG-2024 communes merged since
    geo, method = {}, {}
    for code, c in cog.current.items():
        if code in ("75056", "69123", "13055"):           # Paris, Lyon, Marseille
            parts = [geo_of(r) for k, r in sorted(rc_arm.items()) if cog.arm.get(k, {}).get("commune") == code]
            geo[code] = aggregate_geo(parts)
            method[code] = "plm_arrondissements"
            continue
        members = []
        if code in rc_com:
            members.append(code)
        members += sorted(o for o in c.get("anciensCodes", []) if o in absorbed)
        if not members:
            geo[code] = (None, None, None)
            method[code] = "missing"
            continue
        parts = [geo_of(rc_com[m]) for m in members]
        geo[code] = aggregate_geo(parts)
        if members == [code]:
            method[code] = "rcarlier"
        elif code not in rc_com and len(members) == 1:
            method[code] = "rcarlier_former_code"
        else:
            method[code] = "rcarlier_merged_since_2024"
        if geo[code][0] is None:
            method[code] = "missing"
    # Fallback for the few communes still without coordinates (re-established
    # since 2024, or no position in rcarlier): mean centre of the placed
    # communes of the same departement sharing one of their postal codes.
    by_cp = defaultdict(list)
    for code, c in cog.current.items():
        if geo[code][0] is not None:
            for cp in c.get("codesPostaux", []):
                by_cp[cp].append(code)
    postal_fallback = []
    for code in sorted(cog.current):
        if geo[code][0] is not None:
            continue
        c = cog.current[code]
        neigh = sorted({n for cp in c.get("codesPostaux", []) for n in by_cp.get(cp, [])
                        if cog.current[n]["departement"] == c["departement"]})
        if neigh:
            lat = sum(geo[n][0] for n in neigh) / len(neigh)
            lon = sum(geo[n][1] for n in neigh) / len(neigh)
            geo[code] = (lat, lon, geo[code][2])
            method[code] = "postal_code_neighbours"
            postal_fallback.append((code, c["nom"], neigh))
    return geo, method, postal_fallback, absorbed


def load_density7(raw: str) -> tuple[dict, Counter]:
    path = os.path.join(raw, "communes", "anct_grille_densite_7_niveaux.csv")
    out, unknown = {}, Counter()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            lab = r["niveau_densite"].strip()
            if lab in DENSITY7_CODES:
                out[r["insee_com"]] = DENSITY7_CODES[lab]
            else:
                unknown[lab] += 1
    return out, unknown


def load_apl(raw: str, cog: Cog):
    """APL MG 2023 per current commune: mean weighted by standardised population
    (DREES' own aggregation rule) of the COG-2023 rows mapped to the commune."""
    path = os.path.join(raw, "apl", "drees_apl_medecins_generalistes_2022_2023_communes.csv")
    acc = defaultdict(lambda: [0.0, 0.0, []])   # sum(apl*w), sum(w), unweighted values
    unmapped = []
    n_rows = 0
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            apl = to_float(r["apl_mg_2023"])
            if apl is None:
                continue
            n_rows += 1
            tgt = cog.to_current(r["code_insee"])
            if tgt is None:
                unmapped.append(r["code_insee"])
                continue
            w = to_float(r["pop_std_2023"]) or 0.0
            a = acc[tgt]
            a[0] += apl * w
            a[1] += w
            a[2].append(apl)
    apl_of, supply_of = {}, {}
    for code, (sw, w, vals) in acc.items():
        apl_of[code] = sw / w if w > 0 else sum(vals) / len(vals)
        supply_of[code] = (sw, w)
    return apl_of, supply_of, unmapped, n_rows


# --------------------------------------------------------------------------
# emergency departments
# --------------------------------------------------------------------------

STREET_ABBREV = {"AV": "AVENUE", "BD": "BOULEVARD", "R": "RUE", "RTE": "ROUTE", "PL": "PLACE",
                 "CHE": "CHEMIN", "QU": "QUAI", "ALL": "ALLEE", "IMP": "IMPASSE", "SQ": "SQUARE",
                 "CRS": "COURS", "FG": "FAUBOURG", "ST": "SAINT", "STE": "SAINTE"}
STREET_STOP = {"DE", "DU", "DES", "LA", "LE", "LES", "L", "D"}


def street_key(s: str) -> tuple:
    toks = [STREET_ABBREV.get(t, t) for t in norm_text(s).split()]
    return tuple(t for t in toks if t not in STREET_STOP)


def sae_commune(code: str) -> str:
    code = code.strip()
    if code[:2] in SAE_DROM_PREFIX:
        code = SAE_DROM_PREFIX[code[:2]] + code[2:]
    return SAE_SPECIAL_CODES.get(code, code)


def read_sae(path: str) -> list[dict]:
    with open(path, encoding="latin-1", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def build_ed_sites(raw: str, cog: Cog, geo: dict, rc_arm: dict):
    d = os.path.join(raw, "etablissements")
    u2 = read_sae(os.path.join(d, "drees_sae_2023_URGENCES2_2023r.csv"))
    ident = {r["fi"]: r for r in read_sae(os.path.join(d, "drees_sae_2023_ID_2023r.csv"))}
    with open(os.path.join(d, "eurostat_gisco_healthcare_FR_2020.csv"), encoding="utf-8", newline="") as fh:
        gisco_rows = list(csv.DictReader(fh))
    gisco = {r["id"]: r for r in gisco_rows}
    gisco_by_cp = defaultdict(list)
    for r in gisco_rows:
        gisco_by_cp[r["postcode"]].append(r)

    sites = {}
    for r in u2:
        fi = r["FI"].strip()
        s = sites.setdefault(fi, {"GEN": 0, "PED": 0, "rs": r["RS"].strip()})
        v = to_int_spaced(r["PASSU"]) or 0
        s[r["URG"].strip()] += v

    rows, problems, far, rejected = [], [], [], []
    src_count = Counter()
    for fi in sorted(sites):
        s = sites[fi]
        idr = ident.get(fi)
        name = (idr["rs"] if idr else s["rs"]).strip()
        raw_code = sae_commune(idr["COMINSEE"]) if idr else ""
        insee = cog.to_current(raw_code) if raw_code else None
        if insee is None and raw_code in cog.com_codes:
            insee = raw_code
            dep = cog.com_codes[raw_code]["departement"]
        elif insee is not None:
            dep = cog.current[insee]["departement"]
        else:
            dep = ""
            problems.append(f"{fi} {name}: commune {raw_code!r} not found")
        lat = lon = None
        src = ""

        def plausible(gr) -> bool:
            # GISCO geo_qual 2 points are sometimes geocoded to a homonymous
            # street far away: reject them when farther from the commune's
            # centre than max(10 km, 2 x the radius of a disc of the commune's area)
            if gr["geo_qual"].strip() == "1" or insee not in geo or geo[insee][0] is None:
                return True
            area = geo[insee][2] or 0.0
            limit = max(10.0, 2.0 * math.sqrt(area / math.pi))
            dist = haversine_km(float(gr["lat"]), float(gr["lon"]), geo[insee][0], geo[insee][1])
            if dist > limit:
                rejected.append((fi, name, insee, gr["id"], round(dist, 1)))
                return False
            return True

        g = gisco.get(fi.lstrip("0"))
        if g is not None:
            if to_float(g["lat"]) is not None and plausible(g):
                lat, lon, src = float(g["lat"]), float(g["lon"]), "gisco_finess_2020"
        elif idr is not None:
            # same address in GISCO (another FINESS number at the same building)
            key = street_key(f"{idr['TYPVOI']} {idr['NOMVOI']}")
            num = norm_text(idr["NUMVOI"]).replace(" ", "")
            cands = [c for c in gisco_by_cp.get(idr["CPO"].strip(), [])
                     if key and street_key(c["street"]) == key
                     and (not num or not c["house_number"]
                          or norm_text(c["house_number"]).replace(" ", "") == num)]
            cands = [c for c in sorted(cands, key=lambda c: c["id"]) if plausible(c)]
            if cands:
                lat, lon, src = float(cands[0]["lat"]), float(cands[0]["lon"]), "gisco_same_address"
        if lat is None:
            armt = (idr or {}).get("ARMT", "").strip()
            if armt and armt in rc_arm and to_float(rc_arm[armt]["lat"]) is not None:
                lat, lon = float(rc_arm[armt]["lat"]), float(rc_arm[armt]["lng"])
                src = "arrondissement_centroid"
            elif insee in geo and geo[insee][0] is not None:
                lat, lon = geo[insee][0], geo[insee][1]
                src = "commune_centroid"
            else:
                src = "missing"
                problems.append(f"{fi} {name}: no coordinates")
        src_count[src] += 1
        if lat is not None and insee in geo and geo[insee][0] is not None:
            dist = haversine_km(lat, lon, geo[insee][0], geo[insee][1])
            if dist > 15:
                far.append((fi, name, insee, round(dist, 1)))
        total = s["GEN"] + s["PED"]
        rows.append([fi, name, insee or "", dep, fmt(lat, 5), fmt(lon, 5), total, s["GEN"], s["PED"], src])
    return rows, problems, far, rejected, src_count, len(u2)


# --------------------------------------------------------------------------
# departements
# --------------------------------------------------------------------------

def rpps_code(label: str) -> str | None:
    m = re.match(r"^\s*([0-9]{2}[0-9AB])\s*-", label)
    if not m:
        return None
    c = m.group(1)
    if c == "000":
        return None
    return c[1:] if c.startswith("0") else c


def load_rpps(raw: str, prof: str) -> tuple[dict, int, str]:
    path = os.path.join(raw, "offre_soins", f"drees_rpps_{prof}_departement_2012_2020.csv")
    with open(path, encoding="latin-1", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    col = header.index(RPPS_YEAR)
    out, total = {}, None
    for r in rows[1:]:
        if len(r) <= col:
            continue
        if r[0].strip() == "Ensemble":
            total = to_int_spaced(r[col])
            continue
        code = rpps_code(r[0])
        if code is not None:
            out[code] = to_int_spaced(r[col])
    return out, total, header[0]


def load_barometre(raw: str) -> tuple[dict, dict, str]:
    path = os.path.join(raw, "offre_soins", "etalab_barometre_msp_centres_sante_departements.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    msp = {r["code_departement"]: int(float(r["valeur"])) for r in rows
           if r["id_indicateur"] == "nb-maisons-sante" and r["date"] == MSP_DATE}
    cds_dates = sorted({r["date"] for r in rows if r["id_indicateur"] == "nb-centres-sante"})
    cds_date = cds_dates[-1]
    cds = {r["code_departement"]: int(float(r["valeur"])) for r in rows
           if r["id_indicateur"] == "nb-centres-sante" and r["date"] == cds_date}
    return msp, cds, cds_date


def dep_sort_key(code: str):
    return (len(code), code)


# --------------------------------------------------------------------------
# bassins de vie
# --------------------------------------------------------------------------

BV_HEALTH = [("APL Médecins généralistes 2023", "apl_mg_2023", 1),
             ("Densité de généralistes lib. 2024", "gp_lib_per10k_2024", 1),
             ("Densité d'infirmiers lib. 2024", "nurse_lib_per10k_2024", 1),
             ("Densité des pharmacies pour 10 000 hab. 2024", "pharmacies_per10k_2024", 1),
             ("Part des bénéf. en ALD dans la pop 2024", "ald_share_pct_2024", 1)]
BV_SOCIAL = [("Nombre de décès domiciliés 2024", "deaths_2024", 0),
             ("Part des pers. âgées de 75 ans ou + 2022", "age75plus_pct_2022", 1),
             ("Part des pers. âgées de - 15 ans 2022", "under15_pct_2022", 1),
             ("Taux de pauvreté 2021", "poverty_rate_pct_2021", 1),
             ("Médiane du niveau de vie 2021", "median_living_std_eur_2021", 0),
             ("Densité de population (historique depuis 1876) 2022", "density_per_km2_2022", 1)]


def build_bassins_vie(raw: str, keep: set):
    h = {r["Code"]: r for r in read_semicolon_export(
        os.path.join(raw, "offre_soins", "cartosante_indicateurs_sante_bassin_vie_2024.csv"))}
    s = {r["Code"]: r for r in read_semicolon_export(
        os.path.join(raw, "offre_soins", "insee_determinants_sociaux_bassin_vie.csv"))}
    cols = ["bv", "name"] + [c for _, c, _ in BV_HEALTH] + [c for _, c, _ in BV_SOCIAL]
    rows = []
    dropped = sorted(c for c in set(h) | set(s) if c not in keep)
    for code in sorted((set(h) | set(s)) - set(dropped)):
        hr, sr = h.get(code), s.get(code)
        name = (hr or sr)["Libellé"].strip()
        row = [code, name]
        for src, _, nd in BV_HEALTH:
            row.append(fmt(to_float(hr[src]) if hr else None, nd))
        for src, _, nd in BV_SOCIAL:
            row.append(fmt(to_float(sr[src]) if sr else None, nd))
        rows.append(row)
    return cols, rows, len(h), len(s), len(set(h) ^ set(s)), dropped



# --------------------------------------------------------------------------
# age structure, GPs where they practise, income, secondary homes
# --------------------------------------------------------------------------

def load_age_structure(raw: str) -> dict:
    """INSEE population estimate on 1 January 2025 by departement, in the model's six bands."""
    path = os.path.join(raw, "population", "estim-pop-dep-sexe-aq-1975-2025_2000-2025.csv")
    out = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["year"] != AGE_YEAR or not r["dep_name"]:
                continue            # other years; aggregate rows have no name
            bands = [sum(int(r[f"ensemble_{b}"]) for b in parts) for _, parts in AGE_BANDS]
            assert sum(bands) == int(r["ensemble_total"]), r["dep_code"]
            out[r["dep_code"]] = bands
    return out


def load_commune_counts(raw: str, cog: Cog, rel: str, column: str, cast=int):
    """A per-commune count summed onto COG-2026 communes (merged communes add
    up); rows of arrondissements municipaux are kept apart (the city has its own row)."""
    com, arm, unmapped = defaultdict(int), {}, []
    with open(os.path.join(raw, rel), encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            code, v = r["code_insee"], cast(r[column])
            if code in cog.arm:
                arm[code] = v
                continue
            tgt = cog.to_current(code)
            if tgt is None:
                unmapped.append(code)
            else:
                com[tgt] += v
    return dict(com), arm, unmapped


def load_filosofi(raw: str, cog: Cog):
    """Filosofi 2021 median disposable income per consumption unit (EUR/year) of
    communes of the list and of arrondissements (a median cannot be summed: codes
    no longer in the list are not carried over)."""
    out, dropped = {}, []
    with open(os.path.join(raw, "revenus", "filosofi_communes.csv"), encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            code = r["code_insee"]
            if code in cog.current or code in cog.arm:
                out[code] = int(r["median_eur"])
            else:
                dropped.append(code)
    return out, dropped

# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--raw", required=True, help="raw data folder (holds SOURCES.md)")
    ap.add_argument("--out", required=True, help="output folder (data/)")
    ap.add_argument("--no-bassins", action="store_true", help="skip bassins_vie.csv")
    args = ap.parse_args(argv)
    raw, out = args.raw, args.out
    if not os.path.exists(os.path.join(raw, "SOURCES.md")):
        print(f"error: {raw}/SOURCES.md not found: is --raw the raw data folder?", file=sys.stderr)
        return 2
    os.makedirs(out, exist_ok=True)

    # ---------------- communes
    cog = Cog(raw)
    rc_com, rc_arm = load_rcarlier(raw)
    geo, method, postal_fallback, absorbed = build_geography(cog, rc_com, rc_arm)
    dens, dens_unknown = load_density7(raw)
    apl_of, supply_of, apl_unmapped, apl_rows = load_apl(raw, cog)
    bpe, _, bpe_unmapped = load_commune_counts(raw, cog, "offre_soins/bpe_communes.csv", "medecin_generaliste")
    rsec, rsec_arm, rsec_unmapped = load_commune_counts(raw, cog, "logement/vacance_communes.csv", "rsecocc")
    median, filo_dropped = load_filosofi(raw, cog)

    def extra(code: str, arm: bool) -> list:
        # GPs: BPE has Paris, Lyon and Marseille only as whole cities (none by arrondissement)
        gp = "" if arm else bpe.get(code, 0)
        homes = rsec_arm.get(code, "") if arm else rsec.get(code, "")
        return [gp, median.get(code, ""), homes]

    rows = []
    for code in sorted(cog.current):
        c = cog.current[code]
        lat, lon, area = geo[code]
        rows.append([code, c["nom"], c["departement"], c["region"], cog.epci_of.get(code, ""),
                     c.get("population", 0), fmt(lat, 5), fmt(lon, 5), fmt(area, 2),
                     dens.get(code, ""), fmt(apl_of.get(code), 3)] + extra(code, False))
    write_csv(os.path.join(out, "communes.csv"), COMMUNE_COLUMNS, rows)
    epcis = sorted(cog.epci_names.items())
    write_csv(os.path.join(out, "epci.csv"), EPCI_COLUMNS, [list(e) for e in epcis])

    # ---------------- arrondissements municipaux (Paris, Lyon, Marseille):
    # same columns; EPCI and density are the parent commune's; APL 2023 as DREES
    # publishes it for each arrondissement. Kept apart from communes.csv so that
    # no territory counts a city twice.
    apl_path = os.path.join(raw, "apl", "drees_apl_medecins_generalistes_2022_2023_communes.csv")
    apl_arm = {}
    with open(apl_path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["code_insee"] in cog.arm:
                apl_arm[r["code_insee"]] = to_float(r["apl_mg_2023"])
    arm_rows = []
    for code in sorted(cog.arm):
        a = cog.arm[code]
        parent = a["commune"]
        lat, lon, area = geo_of(rc_arm[code]) if code in rc_arm else (None, None, None)
        arm_rows.append([code, a["nom"], a["departement"], a["region"], cog.epci_of.get(parent, ""),
                         a.get("population", 0), fmt(lat, 5), fmt(lon, 5), fmt(area, 2),
                         dens.get(parent, ""), fmt(apl_arm.get(code), 3)] + extra(code, True))
    write_csv(os.path.join(out, "arrondissements.csv"), COMMUNE_COLUMNS, arm_rows)
    print(f"arrondissements.csv: {len(arm_rows)} rows, population {sum(int(r[5]) for r in arm_rows)}, "
          f"{sum(1 for r in arm_rows if r[6] == '')} without coordinates, {sum(1 for r in arm_rows if r[10] == '')} without APL")

    n_com = len(rows)
    pop_total = sum(r[5] for r in rows)
    unplaced = [r[0] for r in rows if r[6] == ""]
    no_area = [r[0] for r in rows if r[8] == ""]
    no_dens = [r[0] for r in rows if r[9] == ""]
    no_apl = [r[0] for r in rows if r[10] == ""]
    no_epci = [r[0] for r in rows if r[4] == ""]
    meth = Counter(method.values())

    # communes whose COG-2024 territory was larger (re-established communes were
    # carved out of them): area/centroid from rcarlier are then approximate
    shrunk = []
    for code in sorted(cog.current):
        if method[code] == "rcarlier":
            p24 = to_int_spaced(rc_com[code]["population_2021"] or "")
            p = cog.current[code].get("population", 0)
            if p24 and p < 0.6 * p24 and p24 - p > 200:
                shrunk.append((code, cog.current[code]["nom"], p24, p))

    # ---------------- ED sites
    ed_rows, ed_problems, ed_far, ed_rejected, ed_src, n_u2 = build_ed_sites(raw, cog, geo, rc_arm)
    # sites outside the official commune list (Saint-Martin, a collectivite
    # d'outre-mer) are reported but not written: they are outside the 101 departements
    ed_outside = [r for r in ed_rows if r[2] not in cog.current]
    ed_rows = [r for r in ed_rows if r[2] in cog.current]
    write_csv(os.path.join(out, "ed_sites.csv"), ED_COLUMNS, ed_rows)
    ed_all_total = sum(r[6] for r in ed_rows + ed_outside)
    ed_total = sum(r[6] for r in ed_rows)
    ed_gen = sum(r[7] for r in ed_rows)
    ed_ped = sum(r[8] for r in ed_rows)

    # ---------------- departements
    msp, cds, cds_date = load_barometre(raw)
    ages = load_age_structure(raw)
    rpps = {p: load_rpps(raw, p) for p in ("medecin", "infirmier", "dentiste")}
    dep_pop = Counter()
    dep_apl = defaultdict(lambda: [0.0, 0.0])
    for code, c in cog.current.items():
        dep_pop[c["departement"]] += c.get("population", 0)
        if code in supply_of:
            sw, w = supply_of[code]
            dep_apl[c["departement"]][0] += sw
            dep_apl[c["departement"]][1] += w
    deps = sorted(dep_pop, key=dep_sort_key)
    dep_rows, dep_missing = [], []
    for dcode in deps:
        dd = cog.departements[dcode]
        sw, w = dep_apl.get(dcode, (0.0, 0.0))
        vals = {"msp": msp.get(dcode), "centres_sante": cds.get(dcode),
                "physicians": rpps["medecin"][0].get(dcode), "nurses": rpps["infirmier"][0].get(dcode),
                "dentists": rpps["dentiste"][0].get(dcode)}
        for k, v in vals.items():
            if v is None:
                dep_missing.append(f"{dcode}:{k}")
        dep_rows.append([dcode, dd["nom"], dd["region"], dep_pop[dcode],
                         "" if vals["msp"] is None else vals["msp"],
                         "" if vals["centres_sante"] is None else vals["centres_sante"],
                         "",  # gp: no GP-specific count in the raw data (see NOTICE.md)
                         "" if vals["nurses"] is None else vals["nurses"],
                         "" if vals["dentists"] is None else vals["dentists"],
                         "" if vals["physicians"] is None else vals["physicians"],
                         fmt(sw / w, 3) if w > 0 else "",
                         round(sw) if w > 0 else ""] + ages.get(dcode, [""] * len(AGE_BANDS)))
        if dcode not in ages:
            dep_missing.append(f"{dcode}:ages")
    write_csv(os.path.join(out, "departements.csv"), DEP_COLUMNS, dep_rows)
    msp_total = sum(r[4] for r in dep_rows if r[4] != "")
    nat_sw = sum(v[0] for v in dep_apl.values())
    nat_w = sum(v[1] for v in dep_apl.values())
    cds_total = sum(r[5] for r in dep_rows if r[5] != "")

    # ---------------- bassins de vie
    if not args.no_bassins:
        # bassins whose code is not a commune of the list (977ZZ Saint-Barthelemy,
        # 978ZZ Saint-Martin: collectivites d'outre-mer) are dropped
        bv_cols, bv_rows, n_h, n_s, n_diff, bv_dropped = build_bassins_vie(raw, set(cog.current))
        write_csv(os.path.join(out, "bassins_vie.csv"), bv_cols, bv_rows)

    # ---------------- summary
    p = print
    p("== communes.csv")
    p(f"  decoupage-administratif 6.0.0 entries by (type, zone): "
      + ", ".join(f"{t}/{z}={n}" for (t, z), n in sorted(cog.type_counts.items())))
    p(f"  communes (commune-actuelle, metro+DROM): {n_com}   (COM communes excluded: {len(cog.com_codes)})")
    p(f"  population total (populations municipales): {pop_total}")
    p(f"  coordinates by method: " + ", ".join(f"{k}={v}" for k, v in sorted(meth.items())))
    p(f"  COG-2024 communes merged since 2024 (absorbed): {len(absorbed)}")
    for code, nom, neigh in postal_fallback:
        p(f"  approximate (postal-code neighbours) {code} {nom}: mean of {len(neigh)} communes")
    p(f"  communes unplaced (no lat/lon): {len(unplaced)} {unplaced[:20]}")
    p(f"  communes without area: {len(no_area)} {no_area[:25]}")
    p(f"  communes without density7: {len(no_dens)} {no_dens[:20]}  unknown labels: {dict(dens_unknown)}")
    p(f"  communes without apl_mg_2023: {len(no_apl)} {no_apl[:25]}")
    p(f"  APL 2023 rows: {apl_rows}, unmapped to COG 2026: {len(apl_unmapped)} {apl_unmapped[:10]}")
    p(f"  communes without EPCI: {len(no_epci)} {no_epci[:10]}  (EPCI in file: {cog.n_epci})")
    p(f"  communes that lost >40% of their 2021 population (re-established communes carved out): "
      + "; ".join(f"{c} {n} {a}->{b}" for c, n, a, b in shrunk))
    p(f"  BPE 2024 GPs (D265) on the list: {sum(bpe.values())}, unmapped codes: {len(bpe_unmapped)} {bpe_unmapped[:10]}")
    p(f"  secondary homes 2021 on the list: {sum(rsec.values())}, unmapped codes: {len(rsec_unmapped)} {rsec_unmapped[:10]}")
    p(f"  Filosofi 2021 medians: {sum(1 for r in rows if r[12] != '')} communes, "
      f"{sum(1 for r in arm_rows if r[12] != '')} arrondissements; codes not on the list: {len(filo_dropped)} {filo_dropped[:10]}")
    p(f"  epci.csv: {len(epcis)} EPCI")
    if cog.old_conflicts:
        p(f"  WARNING former codes mapped to several communes: {cog.old_conflicts}")
    p("== ed_sites.csv")
    p(f"  URGENCES2 rows: {n_u2}; ED sites (FINESS) in SAE: {len(ed_rows) + len(ed_outside)}, written: {len(ed_rows)}")
    p(f"  visits 2023, all SAE sites (France entiere incl. Saint-Martin): {ed_all_total}")
    p(f"  visits 2023 total in ed_sites.csv: {ed_total} (general {ed_gen}, paediatric {ed_ped})")
    p(f"  coordinates by source: " + ", ".join(f"{k}={v}" for k, v in sorted(ed_src.items())))
    p(f"  GISCO points rejected (geo_qual 2, too far from the commune): {len(ed_rejected)} {ed_rejected}")
    p(f"  sites > 15 km from their commune's centre: {len(ed_far)} {ed_far[:10]}")
    p(f"  sites outside the commune list, not written: "
      + "; ".join(f"{r[0]} {r[1]} insee={r[2]} visits={r[6]} ({r[9]} {r[4]},{r[5]})" for r in ed_outside))
    for pr in ed_problems:
        p(f"  PROBLEM {pr}")
    p("== departements.csv")
    p(f"  departements: {len(dep_rows)}; population total {sum(r[3] for r in dep_rows)}")
    p(f"  MSP at {MSP_DATE}: {msp_total}; centres de sante at {cds_date}: {cds_total}")
    p(f"  national APL MG 2023 (weighted by standardised population): {nat_sw / nat_w:.3f}; "
      f"gp_consult_supply_2023 total: {round(nat_sw)}")
    for prof, (vals, total, hdr) in rpps.items():
        s = sum(v for k, v in vals.items() if k in dep_pop and v is not None)
        p(f"  RPPS {prof} 1 Jan {RPPS_YEAR} ({hdr}): sum over departements {s}, 'Ensemble' {total}")
    p(f"  population {AGE_YEAR} by age (INSEE estimate): {sum(sum(r[-6:]) for r in dep_rows if r[-1] != '')}")
    p(f"  missing values: {dep_missing}")
    if not args.no_bassins:
        p("== bassins_vie.csv")
        p(f"  rows {len(bv_rows)} (CartoSante {n_h}, INSEE {n_s}, codes in only one of them {n_diff})")
        p(f"  dropped (code not a commune of the list): {bv_dropped}")
        p(f"  bassins without APL: {sum(1 for r in bv_rows if r[2] == '')}, "
          f"without poverty rate: {sum(1 for r in bv_rows if r[bv_cols.index('poverty_rate_pct_2021')] == '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
