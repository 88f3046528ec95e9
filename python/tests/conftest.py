"""Shared fixtures: the bundled reports and the `zhibiao` CLI they are checked against."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
FORMATS = DATA / "formats"

# The bundled reports as text, and the ones in other formats (web pages, Word, PDF, GBK).
TEXT_REPORTS = sorted(DATA.glob("*.txt")) + sorted((DATA / "provinces-2026").glob("*.txt"))
FORMAT_REPORTS = [
    FORMATS / name
    for name in (
        "hailar-2015.docx",
        "hailar-2015.html",
        "hailar-2015.pdf",
        "jiangmen-2023-2col.pdf",
        "jiangmen-2023-gbk.html",
        "jiangmen-2023.docx",
        "jiangmen-2023.html",
        "jiangmen-2023.pdf",
    )
]
ALL_REPORTS = TEXT_REPORTS + FORMAT_REPORTS


def _cli() -> pathlib.Path:
    """The CLI binary: $ZHIBIAO_BIN, else built with cargo (a debug build, as `cargo test`)."""
    given = os.environ.get("ZHIBIAO_BIN")
    if given:
        return pathlib.Path(given)
    subprocess.run(
        ["cargo", "build", "--quiet", "-p", "zhibiao"], cwd=REPO, check=True
    )
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    if not target.is_absolute():
        target = REPO / target
    return target / "debug" / "zhibiao"


@pytest.fixture(scope="session")
def cli() -> pathlib.Path:
    path = _cli()
    assert path.is_file(), f"no zhibiao binary at {path}"
    return path


def run_cli(cli: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(cli), *args], capture_output=True, text=True, encoding="utf-8"
    )


def jsonl(text: str) -> list:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
