"""Notebook-style: the panel of the bundled reports, queried with DuckDB.

    python python/examples/duckdb_panel.py

Every cell below is what a researcher would type in a notebook: read 33 reports into Arrow
tables (zero-copy for DuckDB), then ask questions in SQL.
"""

import pathlib

import duckdb

import zhibiao

# %% The reports: three city and district reports and the 30 provincial reports of 2026.
data = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data"
reports = sorted(data.glob("*.txt")) + sorted((data / "provinces-2026").glob("*.txt"))

# %% Facts and panel as Arrow tables: the columns and types of `zhibiao extract/panel -o X.parquet`.
facts = zhibiao.facts_table(reports)
panel = zhibiao.panel_table(reports)
print(f"{len(reports)} reports: {facts.num_rows} facts, {panel.num_rows} panel rows")

con = duckdb.connect()
con.register("facts", facts)
con.register("panel", panel)

# %% GDP growth targets for 2026, province by province (地区生产总值增长5%左右 …).
print("\nGDP growth targets for 2026 (highest first):")
rows = con.sql(
    """
    SELECT region, target_value, target_upper, target_bound
    FROM panel
    WHERE indicator = 'gdp' AND measure = 'growth' AND year = 2026
      AND target_value IS NOT NULL
    ORDER BY target_value DESC, region
    """
).fetchall()
for region, value, upper, bound in rows:
    shown = f"{value:g}–{upper:g}%" if upper is not None else f"{value:g}%"
    print(f"  {region:<12} {shown:>10}  {bound}")

# %% How often targets were met, where a later report states the outcome.
print("\nVerdicts (target of year Y against the outcome stated in Y+1):")
for verdict, n in con.sql(
    "SELECT verdict, count(*) FROM panel WHERE verdict IS NOT NULL GROUP BY 1 ORDER BY 2 DESC"
).fetchall():
    print(f"  {verdict:<14} {n}")

# %% The indicators most reports set targets for.
print("\nIndicators with targets in the most reports:")
for indicator, n_docs in con.sql(
    """
    SELECT indicator, count(DISTINCT doc) AS docs
    FROM facts
    WHERE kind = 'target' AND indicator IS NOT NULL
    GROUP BY indicator
    ORDER BY docs DESC, indicator
    LIMIT 8
    """
).fetchall():
    print(f"  {indicator:<28} {n_docs} reports")
