"""`python -m bench --quick`: the whole bench end to end, tiny, and the pages that quote it."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

from bench import recording, results
from bench.macros import RESULTS_VARIABLE, format_significant
from tests.sitebuild import scratch_copy

pytestmark = pytest.mark.sandbox

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory, project_root: Path) -> Path:
    """The output folder of one quick run (2 rounds, 20 warm calls, no site timing)."""
    out = tmp_path_factory.mktemp("bench")
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--quick",
            "--out-dir",
            str(out),
            "--zip",
            str(out / "z.zip"),
        ],
        cwd=project_root,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert "ratios: cold ours/floor = " in finished.stdout
    return out


@pytest.fixture(scope="module")
def data(quick_run: Path) -> dict[str, Any]:
    return json.loads((quick_run / "results.json").read_text(encoding="utf-8"))


def test_the_quick_run_writes_a_complete_results_file(data: dict[str, Any]) -> None:
    results.check(data)
    assert data["parameters"]["quick"] is True
    assert (data["parameters"]["rounds"], data["parameters"]["warm_calls"]) == (2, 20)
    assert data["site"] is None
    assert data["machine"]["cores"] >= 1 and data["machine"]["cpu_model"]


@pytest.mark.parametrize("variant", results.COLD_VARIANTS)
def test_every_variant_has_its_cold_starts_from_the_report_lines(
    data: dict[str, Any], variant: str
) -> None:
    cold = data["cold"][variant]
    assert cold["total"]["n"] == 2
    assert len(cold["samples"]["init"]) == 2
    for init, duration, total in zip(
        cold["samples"]["init"], cold["samples"]["duration"], cold["samples"]["total"], strict=True
    ):
        assert init > 0 and duration > 0
        assert total == pytest.approx(init + duration, abs=0.002)
    # The wall clock around the first invocation covers the environment's start and more.
    assert cold["wall"]["median"] >= cold["total"]["median"] * 0.95
    assert 10 < cold["max_memory_used_mb"]["median"] < 128


def test_the_warm_calls_are_counted_and_ordered(data: dict[str, Any]) -> None:
    for variant in ("ours", "naive", "dynamodb"):
        duration = data["warm"][variant]["duration"]
        assert duration["n"] == 20
        assert 0 < duration["min"] <= duration["median"] <= duration["p99"] <= duration["max"]
    assert data["warm"]["ours"]["wall"]["median"] >= data["warm"]["ours"]["duration"]["median"]


def test_the_ratios_are_the_quotients_of_the_medians(data: dict[str, Any]) -> None:
    cold = data["cold"]
    expected = cold["ours"]["total"]["median"] / cold["floor"]["total"]["median"]
    assert data["ratios"]["cold"]["ours/floor"] == pytest.approx(expected, rel=1e-3)
    warm = data["warm"]
    expected = warm["ours"]["duration"]["median"] / warm["naive"]["duration"]["median"]
    assert data["ratios"]["warm"]["ours/naive"] == pytest.approx(expected, rel=1e-3)


def test_the_zip_measured_is_the_package_the_run_built(
    data: dict[str, Any], quick_run: Path
) -> None:
    assert data["zip"]["ours"]["bytes"] == (quick_run / "z.zip").stat().st_size


def test_the_chart_is_a_valid_png(quick_run: Path) -> None:
    png = (quick_run / "results.png").read_bytes()
    assert png.startswith(PNG_SIGNATURE)
    length, kind = struct.unpack(">I4s", png[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", png[16:24])
    assert width > 600 and height > 300
    assert zlib.crc32(png[12:29]) == struct.unpack(">I", png[29:33])[0]
    assert png.endswith(b"IEND\xaeB`\x82")


def test_a_page_shows_bench_numbers_and_a_missing_one_fails_the_strict_build(
    data: dict[str, Any], quick_run: Path, tmp_path: Path
) -> None:
    published = {**data, "parameters": {**data["parameters"], "quick": False}}
    path = recording.write(published, tmp_path / "results.json")
    shutil.copyfile(quick_run / "results.png", tmp_path / "results.png")
    project = scratch_copy(tmp_path / "project")
    page = project / "docs" / "en" / "modules" / "3-lambda.md"
    original = page.read_text(encoding="utf-8")

    quoted = '\n\nCold: {{ bench.cold_ms("ours") }} ms.\n\n{{ bench.chart("Cold and warm") }}\n'
    page.write_text(original + quoted, encoding="utf-8")
    built = build_site(project, tmp_path / "site-ok", path)
    assert built.returncode == 0, built.stderr[-3000:]
    shown = format_significant(published["cold"]["ours"]["total"]["median"], "en")
    html = (tmp_path / "site-ok" / "en" / "modules" / "3-lambda" / "index.html").read_text()
    assert f"Cold: {shown} ms." in html
    assert '<img alt="Cold and warm" src="data:image/png;base64,iVBORw0KGgo' in html

    page.write_text(original + '\n\n{{ bench.warm_ms("floor") }}\n', encoding="utf-8")
    broken = build_site(project, tmp_path / "site-broken", path)
    assert broken.returncode != 0
    assert "no warm.floor" in broken.stderr
    assert "make bench" in broken.stderr


def build_site(project: Path, dest: Path, results_path: Path) -> subprocess.CompletedProcess[str]:
    """Build project strictly into dest with the pages reading results_path."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=project,
        env={**os.environ, RESULTS_VARIABLE: str(results_path)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
