# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An action that runs its module and hides the result from callbacks when it carries a secret.

A module cannot mark one returned value as secret: ``no_log_values`` would also blank it in the
registered variable. So the action marks the whole result ``no_log`` when, and only when, it
holds a secret (a private key CloudStack just created, an instance's generated password); the
registered variable still holds every value.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase

SECRET_KEYS = ("private_key", "password", "user_api_secret")


class SecretResultAction(ActionBase):
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(SecretResultAction, self).run(tmp, task_vars)
        result.update(self._execute_module(task_vars=task_vars))
        self._remove_tmp_path(self._connection._shell.tmpdir)
        if any(result.get(key) for key in SECRET_KEYS):
            result["_ansible_no_log"] = True
        return result
