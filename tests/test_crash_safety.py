import os
import random
import signal
import subprocess
import sys
import time

from maturity.reviewfile import ReviewFile

from .conftest import REPO


def test_sigkill_loses_no_committed_edit(review_path):
    rng = random.Random(20261122)
    committed: dict[str, int] = {}
    start = 0
    for round_ in range(6):
        with subprocess.Popen([sys.executable, str(REPO / "tests" / "crash_child.py"),
                               str(review_path), str(start)],
                              stdout=subprocess.PIPE, text=True, cwd=REPO,
                              env={**os.environ, "PYTHONPATH": str(REPO)}) as child:
            # let it get going (it has to open the file first), then kill it mid-stream
            first = child.stdout.readline()
            assert first, f"round {round_}: the child reported no edit before it was killed"
            time.sleep(rng.uniform(0.01, 0.25))
            os.kill(child.pid, signal.SIGKILL)
            rest = child.stdout.read()
        lines = [first] + rest.splitlines()
        for line in lines:
            if line.strip():
                n, kloe = line.split()
                committed[kloe] = int(n)
                start = int(n) + 1
        with ReviewFile.open(review_path) as rf:  # the dead child's lock is recovered
            assert not rf.readonly
            assert rf.integrity_ok()
            for kloe, n in committed.items():
                k = rf.review.kloe(kloe)
                # a later edit may have committed but not been reported before the kill
                got = int(k.narrative.split()[1])
                assert got >= n, f"round {round_}: {kloe} lost edit {n} (has {got})"
                if got == n:
                    assert k.rating == n % 5
    # Every round reported at least one commit (checked above); the total depends on speed.
    assert committed, "no edit was reported"
