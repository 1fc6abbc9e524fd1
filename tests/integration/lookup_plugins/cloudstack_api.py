# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# Test helper only (tests/integration): lets a target check what the simulator holds.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: cloudstack_api
short_description: Test helper, list CloudStack resources
description:
  - Runs one list command with the given parameters and returns every item, through the
    collection's own client, configured from the environment (C(CLOUDSTACK_CONFIG)).
options:
  _terms:
    description: The list command, for example V(listServiceOfferings).
    required: true
"""

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase

from ansible_collections.cloudstack.cloud.plugins.module_utils.api import CloudStackApiError, CloudStackClient
from ansible_collections.cloudstack.cloud.plugins.module_utils.config import resolve_config


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        if len(terms) != 1 or not terms[0].startswith("list"):
            raise AnsibleError("cloudstack_api takes one list command, got %r" % (terms,))
        try:
            return CloudStackClient(resolve_config({})).list(terms[0], **kwargs)
        except CloudStackApiError as exc:
            raise AnsibleError(str(exc))
