"""Run one scenario under a real Twisted reactor: ``python -m tests.reactorrun module:function
'{"arg": …}'``. A reactor runs once per process, so tests start this as a child process; the
scenario (an async function of the reactor and its arguments) returns what the test checks, which
is printed as the last line of output, in JSON."""
from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def in_reactor(scenario: str, timeout: float = 180, **args) -> dict:
    """The result of ``scenario`` (``module:function``) run in a child process's reactor."""
    out = subprocess.run([sys.executable, "-m", "tests.reactorrun", scenario, json.dumps(args, default=str)],
                         cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, f"{scenario} failed (status {out.returncode}):\n{out.stdout}\n{out.stderr}"
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    from twisted.internet import defer, task

    module, name = sys.argv[1].split(":")
    scenario = getattr(importlib.import_module(module), name)
    args = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}

    async def run(reactor) -> None:
        result = await scenario(reactor, **args)
        print(json.dumps(result, default=str), flush=True)

    task.react(lambda reactor: defer.ensureDeferred(run(reactor)))


if __name__ == "__main__":
    main()
