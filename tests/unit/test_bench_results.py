"""The bench's results file, its ratios, the round-robin order and the functions it packages."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from bench import functions, machine, recording, results
from bench.measure import (
    BenchFailed,
    ColdSample,
    WarmSeries,
    check_answer,
    rotated,
)
from modules.runtime.environment import InvocationResult
from modules.runtime.report import Report

CODES = [
    functions.FunctionCode("ours", "h", b"ours-zip"),
    functions.FunctionCode("ours_source", "h", b"ours-source-zip"),
    functions.FunctionCode("floor", "h", b"floor"),
    functions.FunctionCode("floor_botocore", "h", b"floor-botocore"),
    functions.FunctionCode("naive", "h", b"naive-zip-bytes"),
]


def warm(values: dict[str, list[float]], memory: int | None = None) -> WarmSeries:
    return WarmSeries(metrics=values, max_memory_used_mb=memory)


def make_results(**overrides: Any) -> dict[str, Any]:
    """A results file from hand-made samples: ours 300+20 ms cold, floor 240+1, naive 200+200."""
    cold = {
        "ours": [ColdSample(300.0, 20.0, 330.0, 50)] * 3,
        "ours_source": [ColdSample(340.0, 20.0, 370.0, 50)] * 3,
        "floor": [ColdSample(240.0, 1.0, 245.0, 49)] * 3,
        "floor_botocore": [ColdSample(210.0, 1.0, 215.0, 46)] * 3,
        "naive": [ColdSample(200.0, 200.0, 405.0, 49)] * 3,
    }
    series = {
        "ours": warm({"duration": [6.0, 5.0, 7.0], "wall": [8.0, 7.0, 9.0]}, 51),
        "naive": warm({"duration": [15.0, 12.0, 18.0], "wall": [17.0, 14.0, 20.0]}, 52),
        "dynamodb": warm({"duration": [4.0] * 3, "get": [3.0] * 3, "put_get": [7.0] * 3}),
    }
    arguments: dict[str, Any] = {
        "date": "2026-03-05T10:00:00Z",
        "run_seconds": 123.45,
        "machine": {
            "cpu_model": "Test CPU",
            "cores": 2,
            "python": "3.11.2",
            "lambda_python": "3.13.0",
            "system": "Linux",
        },
        "parameters": {"rounds": 3, "warm_calls": 3, "quick": False},
        "cold": cold,
        "warm": series,
        "codes": CODES,
        "site": {"build": [2.0, 3.0, 4.0], "doctest": [1.5, 1.5, 1.5]},
    }
    arguments.update(overrides)
    return recording.build(**arguments)


def test_the_results_file_has_every_section_the_pages_and_the_chart_read() -> None:
    data = make_results()
    results.check(data)
    assert data["schema_version"] == results.SCHEMA_VERSION
    assert data["cold"]["ours"]["total"]["median"] == 320.0
    assert data["cold"]["ours"]["samples"]["init"] == [300.0, 300.0, 300.0]
    assert data["warm"]["ours"]["duration"]["median"] == 6.0
    assert data["warm"]["naive"]["max_memory_used_mb"] == 52
    assert data["zip"]["naive"]["bytes"] == len(b"naive-zip-bytes")
    assert data["site"]["build"]["median"] == 3.0
    assert data["run_seconds"] == 123.5


def test_the_ratios_divide_cold_medians_and_warm_p50s() -> None:
    data = make_results()
    assert data["ratios"]["cold"]["ours/floor"] == pytest.approx(320 / 241, abs=1e-4)
    assert data["ratios"]["cold"]["ours/naive"] == pytest.approx(320 / 400, abs=1e-4)
    assert data["ratios"]["warm"]["ours/naive"] == pytest.approx(6 / 15, abs=1e-4)
    assert data["ratios"]["warm"]["ours/dynamodb"] == pytest.approx(6 / 4, abs=1e-4)
    assert results.compute_ratio(data, "warm", "naive", "ours") == pytest.approx(15 / 6)


def test_the_init_saved_by_the_bytecode_is_the_difference_of_the_init_medians() -> None:
    data = make_results()
    assert data["pyc"]["init_saved_ms"] == pytest.approx(340 - 300)
    assert data["ratios"]["cold"]["floor_botocore/floor"] == pytest.approx(211 / 241, abs=1e-4)


def test_a_ratio_of_an_unknown_kind_is_a_missing_result() -> None:
    with pytest.raises(results.MissingResult, match="cold or warm"):
        results.compute_ratio(make_results(), "lukewarm", "ours", "floor")


def test_a_run_without_site_timing_writes_null_and_still_checks() -> None:
    data = make_results(site=None)
    results.check(data)
    assert data["site"] is None
    with pytest.raises(results.MissingResult, match="no site"):
        results.lookup(data, "site", "build")


def test_a_missing_number_names_its_path_what_is_there_and_the_fix() -> None:
    with pytest.raises(results.MissingResult) as caught:
        results.lookup(make_results(), "warm", "floor", "duration")
    message = str(caught.value)
    assert "no warm.floor" in message
    assert "dynamodb, naive, ours" in message
    assert "make bench" in message


def test_check_fails_on_a_file_missing_a_variant() -> None:
    data = make_results()
    del data["cold"]["floor"]
    with pytest.raises(results.MissingResult, match=r"cold\.floor"):
        results.check(data)


def test_check_fails_on_an_older_schema() -> None:
    data = {**make_results(), "schema_version": 0}
    with pytest.raises(results.MissingResult, match="schema 0"):
        results.check(data)


def test_a_written_file_loads_back_the_same(tmp_path: Path) -> None:
    data = make_results()
    path = recording.write(data, tmp_path / "nested" / "results.json")
    assert path.read_text(encoding="utf-8").endswith("}\n")
    assert results.load(path) == json.loads(json.dumps(data))


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "does not exist"), ("{not json", "not valid JSON")],
    ids=["missing", "broken"],
)
def test_loading_a_missing_or_broken_file_says_to_run_the_bench(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "results.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(results.MissingResult, match=message):
        results.load(path)


def test_each_round_rotates_the_order_so_every_variant_takes_every_place() -> None:
    variants = ["ours", "floor", "naive"]
    orders = [rotated(variants, index) for index in range(3)]
    assert orders == [
        ["ours", "floor", "naive"],
        ["floor", "naive", "ours"],
        ["naive", "ours", "floor"],
    ]
    for place in range(3):
        assert sorted(order[place] for order in orders) == sorted(variants)
    assert rotated(variants, 3) == variants
    assert rotated([], 5) == []


def result_with(payload: object, function_error: str | None = None) -> InvocationResult:
    report = Report(request_id="r", duration_ms=1.0, memory_size_mb=128, max_memory_used_mb=50)
    return InvocationResult("r", json.dumps(payload).encode(), function_error, report, ())


def test_an_answer_with_the_expected_status_passes() -> None:
    check_answer("ours", result_with({"statusCode": 201}))
    check_answer("floor", result_with({"statusCode": 200}))


@pytest.mark.parametrize(
    ("payload", "function_error", "message"),
    [
        ({"statusCode": 500}, None, "answered 500, not 201"),
        ({"errorType": "Boom"}, "Unhandled", "ours failed"),
        (["not", "a", "response"], None, "answered None"),
    ],
    ids=["wrong-status", "function-error", "not-a-response"],
)
def test_a_wrong_answer_stops_the_bench(
    payload: object, function_error: str | None, message: str
) -> None:
    with pytest.raises(BenchFailed, match=message):
        check_answer("ours", result_with(payload, function_error))


def test_a_cold_starts_total_is_init_plus_duration() -> None:
    assert ColdSample(300.0, 20.5, 330.0, 50).total_ms == 320.5


def names(code: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(code)) as archive:
        return archive.namelist()


def test_the_floor_zip_holds_only_its_handler() -> None:
    floor = functions.floor()
    assert names(floor.code) == ["floor_app.py"]
    assert floor.handler == "floor_app.handler"


def test_the_naive_zip_holds_its_handler_beside_the_service_package() -> None:
    naive = functions.naive()
    listed = names(naive.code)
    assert "naive_app.py" in listed
    assert "auth_sessions/domain/model.py" in listed
    assert "auth_sessions/adapters/dynamodb_session_repository.py" in listed
    assert not any("__pycache__" in name for name in listed)


def test_the_bench_zips_are_the_same_bytes_every_time() -> None:
    assert functions.naive().code == functions.naive().code
    assert functions.floor().code == functions.floor().code
    assert functions.floor_botocore().code == functions.floor_botocore().code


def test_the_botocore_floor_differs_from_the_floor_only_in_how_it_builds_the_client() -> None:
    floor = functions.floor()
    botocore_floor = functions.floor_botocore()
    assert names(botocore_floor.code) == ["floor_botocore_app.py"]
    with zipfile.ZipFile(io.BytesIO(botocore_floor.code)) as archive:
        source = archive.read("floor_botocore_app.py").decode()
    assert "botocore.session.get_session().create_client(" in source
    assert "import boto3" not in source
    with zipfile.ZipFile(io.BytesIO(floor.code)) as archive:
        assert "boto3.client(" in archive.read("floor_app.py").decode()


def test_ours_is_the_package_the_course_builds(tmp_path: Path) -> None:
    ours = functions.ours(tmp_path / "lambda.zip")
    assert ours.handler == "auth_sessions.entrypoints.lambda_handler.handler"
    assert (tmp_path / "lambda.zip").read_bytes() == ours.code
    assert all(name.startswith("auth_sessions/") for name in names(ours.code))
    assert any(name.endswith(".pyc") for name in names(ours.code))


def test_ours_source_is_the_same_package_without_its_bytecode(tmp_path: Path) -> None:
    ours = names(functions.ours(tmp_path / "lambda.zip").code)
    source = names(functions.ours_source(tmp_path / "source.zip").code)
    assert source == [name for name in ours if "__pycache__" not in name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("processor\t: 0\nmodel name\t: AMD EPYC 7B13\n", "AMD EPYC 7B13"),
        ("processor\t: 0\nModel\t\t: Raspberry Pi 4 Model B\n", "Raspberry Pi 4 Model B"),
    ],
    ids=["x86", "arm"],
)
def test_the_cpu_model_comes_from_cpuinfo(tmp_path: Path, text: str, expected: str) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(text, encoding="utf-8")
    assert machine.cpu_model(cpuinfo) == expected


def test_the_memory_comes_from_meminfo(tmp_path: Path) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       24576000 kB\nMemFree: 1 kB\n", encoding="ascii")
    assert machine.memory_bytes(meminfo) == 24576000 * 1024


def test_the_functions_packages_are_read_from_the_runtimes_site_packages(tmp_path: Path) -> None:
    (tmp_path / "botocore-1.44.18.dist-info").mkdir()
    (tmp_path / "awslambdaric-4.2.2.dist-info").mkdir()
    (tmp_path / "six-1.17.0.dist-info").mkdir()
    assert machine.site_versions(tmp_path) == {
        "boto3": "not installed",
        "botocore": "1.44.18",
        "awslambdaric": "4.2.2",
    }


def test_the_machine_description_names_what_the_numbers_depend_on() -> None:
    described = machine.describe()
    assert isinstance(described["cores"], int) and described["cores"] >= 1
    assert described["python"].count(".") == 2
    assert set(described["packages"]) == set(machine.PACKAGES)
