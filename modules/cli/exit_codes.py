"""Exit codes of the `course` command."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # the command ran and found something wrong
    USAGE = 2  # argparse's own code for bad arguments
    UNAVAILABLE = 3  # a service the command needs is not running (start it first)
    INTERRUPTED = 130
