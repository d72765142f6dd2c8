"""Files a district can take away: CSV (UTF-8 with BOM, for Excel and Chinese text), Parquet, PNG."""
from __future__ import annotations

from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from ailit.report.views import competency_records  # noqa: E402
from ailit.staging import staged_folder  # noqa: E402
from ailit.text import t  # noqa: E402
from ailit.track.certification import CertificationRules, certification_status  # noqa: E402


def write_table(table: pd.DataFrame, folder: Path, name: str) -> None:
    table.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8-sig")
    table.to_parquet(folder / f"{name}.parquet", index=False)


def heat_map_png(matrix: pd.DataFrame, path: Path, title: str, threshold: float) -> None:
    """Rows x competency blocks, coloured by mastery; cells under the threshold are easy to spot."""
    rows = max(len(matrix), 1)
    fig, ax = plt.subplots(figsize=(1.0 + 0.7 * max(len(matrix.columns), 1), 1.5 + 0.3 * min(rows, 60)))
    image = ax.imshow(matrix.to_numpy(dtype=float), vmin=0, vmax=1, cmap="RdYlGn", aspect="auto")
    ax.set_xticks(range(len(matrix.columns)), matrix.columns)
    ax.set_yticks(range(len(matrix.index)) if rows <= 60 else [], matrix.index if rows <= 60 else [], fontsize=7)
    ax.set_xlabel(t("report.competency_block"))
    ax.set_title(title, fontsize=10)
    fig.colorbar(image, ax=ax, label=t("report.mastery_threshold", threshold=threshold))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def export_all(connection: duckdb.DuckDBPyConnection, rules: CertificationRules, out_dir: Path) -> Path:
    """Long-format records, certification status and heat maps, written whole or not at all."""
    records = competency_records(connection)
    status = certification_status(connection, rules)
    with staged_folder(Path(out_dir)) as folder:
        write_table(records, folder, "competency_records")
        write_table(status, folder, "certification")
        for cohort, rows in records.groupby("cohort"):
            matrix = rows.pivot_table(index="teacher", columns="code", values="mastery")
            heat_map_png(matrix, folder / f"heat_map_{cohort}.png", t("report.trainer_heat_map", cohort=cohort), rules.mastery_threshold)
        district = records.pivot_table(index="cohort", columns="code", values="mastery", aggfunc="mean")
        heat_map_png(district, folder / "heat_map_district.png", t("report.district_heat_map"), rules.mastery_threshold)
    return Path(out_dir)
