#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: account_info
short_description: Gather information about CloudStack accounts
description:
  - Lists the accounts the caller sees (an admin those of its domain and below, a user its own), those of
    O(domain) and below, or the ones named by O(name).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name or id of the account. Information about every account is returned when not given.
      - No account of that name gives an empty list.
    type: str
  domain:
    description:
      - Domain (name, path such as V(ROOT/customers) or id) whose accounts, and those of its sub-domains, are listed.
      - A domain that does not exist is an error.
    type: str
  state:
    description:
      - Only the accounts in this state.
    type: str
    choices: [enabled, disabled, locked]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.info_attributes
"""

EXAMPLES = r"""
- name: Gather information about every account
  cloudstack.cloud.account_info:
  register: result

- name: Gather information about the locked accounts of the customers
  cloudstack.cloud.account_info:
    domain: ROOT/customers
    state: locked
  register: result
"""

RETURN = r"""
accounts:
  description: The accounts, with the keys of the M(cloudstack.cloud.account) module's result.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the account.
      type: str
      sample: 87e8c2b0-8a5c-4f6b-9e5d-0c1b2a3d4e5f
    name:
      description: Name of the account.
      type: str
      sample: acme
    account_type:
      description: Type of the account.
      type: str
      sample: domain_admin
    role:
      description: Name of the account's role.
      type: str
      sample: Domain Admin
    role_id:
      description: UUID of the account's role.
      type: str
    domain:
      description: Name of the account's domain.
      type: str
      sample: customers
    domain_id:
      description: UUID of the account's domain.
      type: str
    domain_path:
      description: Path of the account's domain.
      type: str
      sample: ROOT/customers
    network_domain:
      description: Network domain of the account, when set.
      type: str
    state:
      description: State of the account.
      type: str
      sample: enabled
    user:
      description: The account's users, as CloudStack lists them.
      type: list
      elements: dict
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info
from ansible_collections.cloudstack.cloud.plugins.module_utils.tenants import ACCOUNT_RENAMES, named_account_type

INFO = Info("account", "listAccounts", "accounts", match=Field("name", "name"),
            filters=[Field("domain", "domainid", ref="domain"), Field("state", "state", choices=["enabled", "disabled", "locked"])],
            list_params={"listall": True}, renames=ACCOUNT_RENAMES, transform=named_account_type)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
