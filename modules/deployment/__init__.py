"""Which project is deployed where: the one idea every command of the course stands on.

A *project* is a folder with the course's layout (`code/`, `terraform/`); the reader's own,
made by `course init`, or the course's reference solution. A *deployment* is that project on
a target: the sandbox (a moto server on this machine, described under `.sandbox/`) or the
reader's AWS account. This package owns the project root rule, the resource names, the boto3
sessions and clients of each target, the sandbox's state file and the "is it up?" probe.
It imports nothing else of the course's tooling, so every other layer may use it.
"""
