# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Rural territory: SAS vs teleconsultation vs a new MSP
#
# Reproduces the library scenario `scenarios/rural-sas-tele-msp.toml` at reduced size
# (a quarter of a year after the warm-up, 3 replications) with the Python API, and plots
# each variant's paired difference against the base, with its 95 % interval.
# The same run from the command line:
#
# ```sh
# parcours run scenarios/rural-sas-tele-msp.toml --years 0.25 --replications 3
# ```
#
# gives byte-identical `summary.csv` and `differences.csv`.
# Open this file in Jupyter with jupytext, or run it as a script:
# `python python/examples/rural_sas_tele_msp.py` (the figure is saved, never shown;
# `PARCOURS_EXAMPLE_OUT` chooses the folder, default the current one).

# %%
"""Example: the rural SAS / teleconsultation / MSP scenario at reduced size, its
paired differences plotted with their 95 % intervals (matplotlib, Agg backend)."""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import parcours  # noqa: E402

try:
    ROOT = pathlib.Path(__file__).resolve().parents[2]
except NameError:  # in Jupyter, run from python/examples/
    ROOT = pathlib.Path.cwd().resolve().parents[1]
OUT = pathlib.Path(os.environ.get("PARCOURS_EXAMPLE_OUT", "."))

# %% [markdown]
# ## The scenario
# One rural territory (40,000 inhabitants over 1,500 km²) and three variants.

# %%
scenario = parcours.Scenario.from_file(ROOT / "scenarios" / "rural-sas-tele-msp.toml")
print(scenario)

# %% [markdown]
# ## Run it (reduced size)
# Every variant shares the base's random streams (common random numbers), which
# narrows the intervals of the differences.

# %%
results = parcours.run(scenario, years=0.25, replications=3)
info = results.run_info
print(f"seed {info['seed']}, scenario sha256 {info['scenario_sha256'][:12]}, parcours {info['parcours_version']}")
print(f"{info['needs_simulated']:,} needs simulated in {info['wall_seconds']:.1f} s")

# %% [markdown]
# ## Paired differences against the base

# %%
INDICATORS = {
    "delay_mean_days": "delay to consultation, mean (days)",
    "ed_visits_per_1000.primary_care_treatable": "ED visits treatable in primary care (/1,000/yr)",
    "forgone_care_rate": "forgone-care rate",
}
d = results.differences
d = d[(d["group"] == "all") & (d["indicator"].isin(list(INDICATORS)))]
print(d[["variant", "indicator", "mean_diff", "ci_low", "ci_high", "n"]].to_string(index=False))

# %%
fig, axes = plt.subplots(1, len(INDICATORS), figsize=(4 * len(INDICATORS), 3.2))
for ax, (indicator, label) in zip(axes, INDICATORS.items()):
    rows = d[d["indicator"] == indicator]
    y = range(len(rows))
    err = [rows["mean_diff"] - rows["ci_low"], rows["ci_high"] - rows["mean_diff"]]
    ax.errorbar(rows["mean_diff"], list(y), xerr=err, fmt="o", capsize=4)
    ax.axvline(0.0, color="grey", linewidth=0.8)
    ax.set_yticks(list(y))
    ax.set_yticklabels(rows["variant"])
    ax.set_title(label, fontsize=9)
    ax.set_xlabel("variant − base (95 % CI)", fontsize=8)
fig.suptitle(f"{scenario.name}: {info['replications']} replications × {info['years']} year", fontsize=10)
fig.tight_layout()
OUT.mkdir(parents=True, exist_ok=True)
figure = OUT / "rural-sas-tele-msp-differences.png"
fig.savefig(figure, dpi=120)
print(f"figure saved to {figure}")
