"""A local Lambda: the Lambda Runtime API served here, AWS's own runtime client in a child process.

`LocalLambda` runs a function deployed in the sandbox the way Lambda runs it: the deployed zip
(checked against the function's CodeSha256) and configuration read back from the sandbox, one
child process per execution environment, cold then warm, killed at its timeout or memory size,
with Lambda's START/END/REPORT lines and the function's logs written to its log group.
`modules.runtime.local_api` serves a REST API of the sandbox over HTTP like API Gateway does.
"""
