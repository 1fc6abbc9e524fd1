# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs the instance_password_reset module; a result holding a secret is hidden from callbacks (see plugin_utils/secret_result)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudstack.cloud.plugins.plugin_utils.secret_result import SecretResultAction


class ActionModule(SecretResultAction):
    pass
