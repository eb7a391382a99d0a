"""`course zip`: build the function's deployment package deterministically."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from modules.cli.exit_codes import ExitCode
from modules.cli.shell import (
    add_command,
    json_option,
    message_of,
    project_of,
    project_options,
    say,
    shown_path,
)
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
    shown = shown_path(source, project.root)
    progress(say(args, f"empaquetando {shown}", f"packaging {shown}"))
    try:
        result = build_zip(source, args.output or project.zip_path)
    except (PackagingError, OSError) as error:
        reason = message_of(error, args.lang)
        print(
            say(
                args,
                f"course zip: no se pudo construir el paquete: {reason}",
                f"course zip: cannot build the package: {reason}",
            ),
            file=sys.stderr,
        )
        print(
            say(
                args,
                "comprueba que code/auth_sessions existe, que puedes escribir en la carpeta de "
                "salida y que `make setup` ha creado .venv-lambda",
                "check that code/auth_sessions exists, the output folder is writable and "
                "`make setup` has built .venv-lambda",
            ),
            file=sys.stderr,
        )
        return ExitCode.FAILED
    files = [name for name in result.entries if not name.endswith("/")]
    if args.json:
        document = {
            "path": shown_path(result.path, project.root),
            "size_bytes": result.size_bytes,
            "sha256": result.sha256,
            "code_sha256": result.code_sha256,
            "bytecode": result.cache_tag,
            "files": files,
        }
        print(json.dumps(document, indent=2))
        return ExitCode.OK
    # stdout is passed at call time: a default argument would keep the stream of import time.
    path = paint(shown_path(result.path, project.root), "bold", sys.stdout)
    size = f"{result.size_bytes:,}"
    print(
        say(
            args,
            f"{path}  {size.replace(',', ' ')} bytes, {len(files)} ficheros",
            f"{path}  {size} bytes, {len(files)} files",
        )
    )
    print(
        say(
            args,
            f"bytecode     {result.cache_tag}  (.pyc unchecked-hash junto a cada módulo)",
            f"bytecode     {result.cache_tag}  (unchecked-hash .pyc beside every module)",
        )
    )
    print(f"sha256       {result.sha256}")
    print(
        say(
            args,
            f"CodeSha256   {result.code_sha256}  (lo que muestran Lambda y filebase64sha256)",
            f"CodeSha256   {result.code_sha256}  (what Lambda and filebase64sha256 show)",
        )
    )
    return ExitCode.OK
