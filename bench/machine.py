"""What machine the numbers come from: CPU, cores, memory, Python, platform and versions."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

# The packages whose versions shape the numbers.
PACKAGES = ("boto3", "botocore", "awslambdaric", "moto", "mkdocs")


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """Return the CPU's model name (Linux's /proc/cpuinfo), or what platform knows."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in {"model name", "Model", "Hardware"} and value.strip():
                return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def memory_bytes(meminfo: Path = Path("/proc/meminfo")) -> int | None:
    """Return the machine's total memory in bytes, or None where it cannot be read."""
    try:
        for line in meminfo.read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def versions() -> dict[str, str]:
    """Return the installed version of each package in PACKAGES."""
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def site_versions(
    site_packages: Path, names: tuple[str, ...] = ("boto3", "botocore", "awslambdaric")
) -> dict[str, str]:
    """Return the versions of names installed in site_packages (from their .dist-info folders)."""
    found = dict.fromkeys(names, "not installed")
    for folder in site_packages.glob("*.dist-info"):
        name, _, version = folder.name.removesuffix(".dist-info").partition("-")
        if name.lower() in found:
            found[name.lower()] = version
    return found


def load_average() -> list[float] | None:
    """Return the 1, 5 and 15 minute load averages, or None where the system has none."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


def describe() -> dict[str, object]:
    """Return the machine as the results file records it."""
    total = memory_bytes()
    return {
        "cpu_model": cpu_model(),
        "cores": os.cpu_count() or 1,
        "memory_gib": round(total / 2**30, 1) if total else None,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": platform.system(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "packages": versions(),
    }
