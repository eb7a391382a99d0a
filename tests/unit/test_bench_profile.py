"""The INIT profile's bookkeeping: which package a module, a file or a sampled stack is of."""

from __future__ import annotations

from bench.profile import (
    IMPORT_SYSTEM,
    STDLIB,
    import_times,
    package_of_file,
    package_of_module,
    package_of_stack,
)

STDLIB_NAMES = {"json", "re", "email"}
ROOTS = ["/task", "/venv/lib/python3.13/site-packages"]
IMPORTTIME = """import time: self [us] | cumulative | imported package
import time:       120 |        120 |   _io
import time:      1500 |       2000 |     json.decoder
import time:      3000 |       9000 |   botocore.session
import time:       500 |        500 |       botocore.utils
import time:       250 |      12000 | auth_sessions.bootstrap
"""


def test_a_module_belongs_to_its_top_level_package_or_the_standard_library() -> None:
    assert package_of_module("  botocore.session", STDLIB_NAMES) == "botocore"
    assert package_of_module("json.decoder", STDLIB_NAMES) == STDLIB
    assert package_of_module("_io", STDLIB_NAMES) == STDLIB


def test_a_file_belongs_to_the_folder_under_its_root() -> None:
    assert package_of_file("/task/auth_sessions/bootstrap.py", ROOTS) == "auth_sessions"
    assert package_of_file(f"{ROOTS[1]}/botocore/client.py", ROOTS) == "botocore"
    assert package_of_file(f"{ROOTS[1]}/six.py", ROOTS) == "six"
    assert package_of_file("<frozen importlib._bootstrap_external>", ROOTS) == IMPORT_SYSTEM
    assert package_of_file("/usr/lib/python3.13/json/decoder.py", ROOTS) == STDLIB


def test_a_sample_counts_for_its_innermost_frame_outside_the_standard_library() -> None:
    decoding_a_model = "\n".join(
        [
            "/usr/lib/python3.13/json/decoder.py",
            "/usr/lib/python3.13/json/__init__.py",
            f"{ROOTS[1]}/botocore/loaders.py",
            "/task/auth_sessions/bootstrap.py",
        ]
    )
    assert package_of_stack(decoding_a_model, ROOTS) == "botocore"
    assert package_of_stack("/usr/lib/python3.13/re/_compiler.py\n<string>", ROOTS) == STDLIB


def test_import_times_add_up_the_self_times_per_package_in_milliseconds() -> None:
    totals = import_times(IMPORTTIME, STDLIB_NAMES)
    assert totals == {STDLIB: 1.62, "botocore": 3.5, "auth_sessions": 0.25}
