"""Callback for the benchmarks: counts and the most API calls any task item made, as JSON in $BENCH_SUMMARY.

The same file works under both collections' venvs (plain ansible-core callbacks; no collection needed).
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: bench_summary
type: aggregate
short_description: benchmark figures per playbook run
description: Writes ok, changed and failed counts, each task item's api_calls and the highest to $BENCH_SUMMARY.
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_summary"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.summary = {"ok": 0, "changed": 0, "failed": 0, "max_task_calls": None, "failures": [], "task_calls": []}

    def record(self, result, failed=False):
        data = result._result
        for item in data.get("results", [data]):
            calls = item.get("api_calls") if isinstance(item, dict) else None
            if isinstance(calls, int):
                self.summary["max_task_calls"] = max(self.summary["max_task_calls"] or 0, calls)
                self.summary["task_calls"].append([result._task.get_name(), calls])
        if failed:
            self.summary["failures"].append("%s: %s" % (result._task.get_name(), data.get("msg", "")))

    def v2_runner_on_ok(self, result):
        self.record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self.record(result, failed=not ignore_errors)

    def v2_playbook_on_stats(self, stats):
        for host in stats.processed:
            counts = stats.summarize(host)
            for key in ("ok", "changed", "failed"):
                self.summary[key] += counts["failures" if key == "failed" else key]
        with open(os.environ["BENCH_SUMMARY"], "w") as f:
            json.dump(self.summary, f)
