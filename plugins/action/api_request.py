# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs the api_request module, whose task may be written in free form: ``api_request: listVPCs keyword=x``.

Ansible gives an action the words of a free form that are not ``key=value`` as ``_raw_params`` (ansible-core 2.19
and later, for an action that says it supports them) and its ``key=value`` pairs as task arguments; both go back
into the module's ``free_form`` option, so that the module reads the command and its parameters in one place.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import shlex

from ansible.plugins.action import ActionBase

# The module's own options (with aliases) and the connection options: every other task argument is a parameter of
# the command, written in free form.
OPTIONS = frozenset((
    "command", "free_form", "params", "query_params", "wait", "poll_async", "wait_timeout", "poll_interval",
    "api_key", "api_secret", "api_url", "api_http_method", "api_timeout", "api_verify_ssl_cert", "api_region",
    "api_config", "validate_certs",
))


class ActionModule(ActionBase):
    supports_raw_params = True
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = dict(self._task.args)
        raw = args.pop("_raw_params", None)
        if raw is not None:
            pairs = ["%s=%s" % (key, shlex.quote(str(args.pop(key)))) for key in sorted(args) if key not in OPTIONS]
            args["free_form"] = " ".join([raw] + pairs)
        result.update(self._execute_module(module_args=args, task_vars=task_vars))
        self._remove_tmp_path(self._connection._shell.tmpdir)
        return result
