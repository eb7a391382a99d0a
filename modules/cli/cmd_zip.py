"""`course zip`: build the function's deployment package deterministically."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from modules.cli.exit_codes import ExitCode
from modules.cli.shell import add_command, json_option, project_of, project_options
from modules.packaging import PackagingError, build_zip
from modules.terminal import paint, progress


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "zip",
        parents=[project_options(), json_option()],
        help="build build/lambda.zip deterministically",
        description=(
            "Zip the package code/auth_sessions (its .py files and their bytecode, compiled "
            "by the Python of the function's runtime as unchecked-hash .pyc; boto3 comes from "
            "the Lambda runtime) with sorted entries, fixed timestamps and fixed modes, so the "
            "same source always gives the same sha256. Prints the size and the digests."
        ),
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="where to write the zip (default: the project's build/lambda.zip)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    project = project_of(args)
    source = project.code_dir / "auth_sessions"

    def _shown(path: Path) -> str:
        path = path.resolve()
        return (
            str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)
        )

    progress(f"packaging {_shown(source)}")
    try:
        result = build_zip(source, args.output or project.zip_path)
    except (PackagingError, OSError) as error:
        print(f"course zip: cannot build the package: {error}", file=sys.stderr)
        print(
            "check that code/auth_sessions exists, the output folder is writable and "
            "`make setup` has built .venv-lambda",
            file=sys.stderr,
        )
        return ExitCode.FAILED
    files = [name for name in result.entries if not name.endswith("/")]
    if args.json:
        document = {
            "path": _shown(result.path),
            "size_bytes": result.size_bytes,
            "sha256": result.sha256,
            "code_sha256": result.code_sha256,
            "bytecode": result.cache_tag,
            "files": files,
        }
        print(json.dumps(document, indent=2))
        return ExitCode.OK
    # stdout is passed at call time: a default argument would keep the stream of import time.
    path = paint(_shown(result.path), "bold", sys.stdout)
    print(f"{path}  {result.size_bytes:,} bytes, {len(files)} files")
    print(f"bytecode     {result.cache_tag}  (unchecked-hash .pyc beside every module)")
    print(f"sha256       {result.sha256}")
    print(f"CodeSha256   {result.code_sha256}  (what Lambda and filebase64sha256 show)")
    return ExitCode.OK
