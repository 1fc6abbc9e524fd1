"""The reliability suite's figures (tests/integration/reliability/counts.py): cleared when a session starts, summed
and printed when it ends, on the controller (the xdist workers only record theirs)."""
from reliability import counts


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):
        counts.reset()


def pytest_terminal_summary(terminalreporter, config):
    total = counts.summary()
    if total:
        terminalreporter.write_line("reliability: " + counts.closing_note(total))
