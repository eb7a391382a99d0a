"""Benchmarks of the session service under the local Lambda runtime, and their latest results.

`python -m bench` (or `make bench`) measures cold starts, warm latency, memory, the zip and
the site's build, and writes bench/results.json and bench/results.png; the pages quote the
JSON through the macros of `bench.macros`.
"""
