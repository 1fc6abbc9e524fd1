# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# Test helper only (tests/integration): lets a target check what the simulator holds.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: cloudstack_api
short_description: Test helper, list CloudStack resources
description:
  - Runs one list command with the given parameters and returns every item (for another command, its answer
    with its job awaited), through the C(cs)
    library directly (not the collection's client, so that a client bug cannot hide on both sides),
    configured from the environment (C(CLOUDSTACK_CONFIG), C(CLOUDSTACK_REGION)) as C(cs) reads it.
options:
  _terms:
    description: The list command, for example V(listServiceOfferings).
    required: true
"""

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase

from cs import CloudStack, CloudStackException, read_config


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        if len(terms) != 1:
            raise AnsibleError("cloudstack_api takes one command, got %r" % (terms,))
        try:
            if not terms[0].startswith("list"):  # a fixture the module under test does not make (a VPC's tier)
                return [getattr(CloudStack(fetch_result=True, **read_config()), terms[0])(**kwargs)]
            return getattr(CloudStack(**read_config()), terms[0])(fetch_list=True, **kwargs)
        except CloudStackException as exc:
            raise AnsibleError("%s failed: %s" % (terms[0], exc))
