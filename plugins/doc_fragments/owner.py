# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Who owns the resource a module manages (CloudStack's domainid, account and projectid).
    DOCUMENTATION = r"""
options:
  domain:
    description:
      - Domain (name, path such as V(ROOT/customers), or id) of O(account); required with O(account).
    type: str
  account:
    description:
      - Account that owns the resource, in O(domain); the caller's account when not given.
    type: str
  project:
    description:
      - Project (name or id) that owns the resource.
    type: str
"""

    # The same three as filters of an _info module.
    INFO = r"""
options:
  domain:
    description:
      - Only what this domain (name, path such as V(ROOT/customers), or id) owns.
    type: str
  account:
    description:
      - Only what this account owns; with O(domain).
    type: str
  project:
    description:
      - Only what this project (name or id) owns.
    type: str
"""
