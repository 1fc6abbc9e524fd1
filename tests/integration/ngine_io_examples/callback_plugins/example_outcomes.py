# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# Test helper only (tests/integration/test_ngine_io_examples.py): records each task's outcome.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: example_outcomes
type: aggregate
short_description: Test helper, write each task's outcome to a JSON lines file
description:
  - Appends C({"task", "outcome", "msg"}) for every task result to the file named by E(EXAMPLE_OUTCOMES).
"""

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "example_outcomes"
    CALLBACK_NEEDS_ENABLED = True

    def _record(self, result, outcome):
        with open(os.environ["EXAMPLE_OUTCOMES"], "a") as f:
            f.write(json.dumps({"task": result._task.get_name(), "outcome": outcome,
                                "msg": str(result._result.get("msg", ""))[:400],
                                "warnings": result._result.get("warnings", [])}) + "\n")

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")
