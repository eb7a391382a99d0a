"""`python -m bench.profile`: where a function's INIT goes, by package, on the runtime's Python.

Each run starts the function's Python as the local runtime does (`-S`, the task root and the
runtime's site-packages on PYTHONPATH, no bytecode written), imports the handler module and
asks it for its handler, as awslambdaric does at INIT. Two views of the same runs:

- `-X importtime`: the time each module's import took by itself, summed per package;
- a sampling profiler: a thread that reads the main thread's stack every 0.2 ms (with a short
  GIL switch interval) and counts each sample for the innermost frame that is not the standard
  library's, so json decoding botocore asks for counts as botocore's.

The numbers are medians of --runs runs; packages are top-level names (auth_sessions,
botocore, urllib3...), "stdlib" and "import system" (finding, reading, unmarshalling or
compiling modules).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from bench import functions
from bench.sandbox import RUNTIME, TABLE_NAME
from modules.runtime.interpreter import LambdaPython, lambda_python
from modules.sandbox.moto_server import SANDBOX_CREDENTIALS

IMPORT_SYSTEM = "import system"
STDLIB = "stdlib"
# Run inside the function's Python: sample the main thread while the handler is imported.
_CHILD = """
import collections, importlib, json, sys, threading, time
handler = sys.argv[1]
counts = collections.Counter()
main = threading.get_ident()
done = threading.Event()
def sample():
    while not done.is_set():
        frame = sys._current_frames().get(main)
        files = []
        while frame is not None:
            files.append(frame.f_code.co_filename)
            frame = frame.f_back
        counts["\\n".join(files)] += 1
        time.sleep(0.0002)
sys.setswitchinterval(0.0002)
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
started = time.perf_counter()
module_name, _, attribute = handler.rpartition(".")
getattr(importlib.import_module(module_name), attribute)
elapsed = (time.perf_counter() - started) * 1000
done.set()
sampler.join()
print(json.dumps({"init_ms": elapsed, "samples": counts}))
"""


def package_of_module(name: str, stdlib: Iterable[str]) -> str:
    """Return the package a module belongs to: its top-level name, or "stdlib"."""
    top = name.strip().split(".")[0]
    return STDLIB if top in set(stdlib) or top.startswith("_") else top


def package_of_file(filename: str, roots: Sequence[str]) -> str:
    """Return the package of a source file: the folder under a root, stdlib or import system."""
    if filename.startswith("<frozen importlib"):
        return IMPORT_SYSTEM
    for root in roots:
        if filename.startswith(root.rstrip("/") + "/"):
            relative = filename[len(root.rstrip("/")) + 1 :]
            return relative.split("/")[0].removesuffix(".py")
    return STDLIB


def package_of_stack(stack: str, roots: Sequence[str]) -> str:
    """Return the package of a sampled stack (files innermost first, one per line)."""
    for filename in stack.split("\n"):
        package = package_of_file(filename, roots)
        if package != STDLIB:
            return package
    return STDLIB


def import_times(stderr: str, stdlib: Iterable[str]) -> dict[str, float]:
    """Sum the self time (ms) of each import in `-X importtime` output, per package."""
    names = set(stdlib)
    totals: dict[str, float] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = line.removeprefix("import time:").split("|")
        package = package_of_module(name, names)
        totals[package] = totals.get(package, 0.0) + int(self_us) / 1000
    return totals


def run_once(
    python: LambdaPython, task_root: Path, handler: str
) -> tuple[dict[str, float], Counter[str], float]:
    """Import handler once in a fresh process; return import times, samples and the INIT ms."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": os.pathsep.join([str(task_root), str(python.site_packages)]),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DYNAMODB_TABLE_NAME": TABLE_NAME,
        "AWS_LAMBDA_LOG_FORMAT": "JSON",
        **SANDBOX_CREDENTIALS,
    }
    answer = subprocess.run(
        [str(python.executable), "-S", "-X", "importtime", "-c", _CHILD, handler],
        cwd=task_root,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(answer.stdout.splitlines()[-1])
    roots = [str(task_root), str(python.site_packages)]
    samples: Counter[str] = Counter()
    for stack, count in result["samples"].items():
        samples[package_of_stack(stack, roots)] += count
    return import_times(answer.stderr, sys.stdlib_module_names), samples, result["init_ms"]


def table(title: str, runs: Sequence[Mapping[str, float]], unit: str) -> list[str]:
    """Return the lines of one view: each package's median over the runs, largest first."""
    packages = sorted({name for run in runs for name in run})
    medians = {name: statistics.median(run.get(name, 0) for run in runs) for name in packages}
    total = sum(medians.values()) or 1
    lines = [title]
    for name, value in sorted(medians.items(), key=lambda item: -item[1])[:8]:
        lines.append(f"  {name:<16}{value:>9.1f} {unit}  {100 * value / total:>5.1f} %")
    return lines


def profile(code: functions.FunctionCode, python: LambdaPython, runs: int) -> list[str]:
    """Return the report of one function: INIT time, import times and samples by package."""
    with tempfile.TemporaryDirectory(prefix="profile-") as scratch:
        task_root = Path(scratch)
        with zipfile.ZipFile(_as_file(code.code, task_root / "code.zip")) as archive:
            archive.extractall(task_root / "task")
        results = [run_once(python, task_root / "task", code.handler) for _ in range(runs)]
    imports, samples, init = zip(*results, strict=True)
    lines = [f"{code.variant}: INIT (import and handler) median {statistics.median(init):.1f} ms"]
    lines += table("  -X importtime, self time by package:", list(imports), "ms")
    lines += table(
        "  sampled stacks by package (innermost non-stdlib frame):", list(samples), "samples"
    )
    return lines


def _as_file(data: bytes, path: Path) -> Path:
    path.write_bytes(data)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="runs per function (default 9)")
    arguments = parser.parse_args(argv)
    python = lambda_python(RUNTIME)
    print(f"{RUNTIME} on Python {python.version}; {arguments.runs} runs each (medians)")
    with tempfile.TemporaryDirectory(prefix="profile-zip-") as scratch:
        codes = [
            functions.ours(Path(scratch) / "lambda.zip"),
            functions.ours_source(Path(scratch) / "source.zip"),
            functions.floor(),
            functions.floor_botocore(),
        ]
        for code in codes:
            print("\n".join(profile(code, python, arguments.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
