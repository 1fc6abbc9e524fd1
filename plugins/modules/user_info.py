#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: user_info
short_description: Gather information about CloudStack users
description:
  - Lists the users the caller sees (an admin those of its domain and below, a user those of its account),
    those of O(domain) and below or of one O(account), or the ones named by O(username).
  - API secrets are never listed; M(cloudstack.cloud.user) returns them.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  username:
    description:
      - Username or id of the user. Information about every user is returned when not given.
      - No user of that username gives an empty list.
    type: str
    aliases: [name]
  account:
    description:
      - Only the users of this account (in O(domain), else in the caller's domain and below).
    type: str
  domain:
    description:
      - Domain (name, path such as V(ROOT/customers) or id) whose users, and those of its sub-domains, are listed.
      - A domain that does not exist is an error.
    type: str
  state:
    description:
      - Only the users in this state.
    type: str
    choices: [enabled, disabled, locked]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.info_attributes
"""

EXAMPLES = r"""
- name: Gather information about every user
  cloudstack.cloud.user_info:
  register: result

- name: Gather information about the users of one account
  cloudstack.cloud.user_info:
    account: acme
    domain: ROOT/customers
  register: result
"""

RETURN = r"""
users:
  description: The users, with the keys of the M(cloudstack.cloud.user) module's result (never the API secret).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the user.
      type: str
      sample: 87e8c2b0-8a5c-4f6b-9e5d-0c1b2a3d4e5f
    username:
      description: Username of the user.
      type: str
      sample: deployer
    account:
      description: Account of the user.
      type: str
      sample: acme
    account_type:
      description: Type of the user's account.
      type: str
      sample: user
    role:
      description: Name of the role of the user's account.
      type: str
      sample: User
    domain:
      description: Name of the domain of the user's account.
      type: str
      sample: customers
    domain_id:
      description: UUID of that domain.
      type: str
    first_name:
      description: First name of the user.
      type: str
    last_name:
      description: Last name of the user.
      type: str
    email:
      description: Email of the user.
      type: str
    timezone:
      description: Timezone of the user, when set.
      type: str
    state:
      description: State of the user.
      type: str
      sample: enabled
    user_api_key:
      description: API key of the user, when it has keys.
      type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import UUID
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info
from ansible_collections.cloudstack.cloud.plugins.module_utils.tenants import USER_RENAMES, named_account_type


def by_username_or_id(module, params, wanted):
    key = "id" if UUID.match(wanted) else "username"
    return [u for u in module.client.list("listUsers", **dict(params, **{key: wanted})) if u.get(key) == wanted]


INFO = Info("user", "listUsers", "users", match=Field("username", "username", aliases=["name"]),
            filters=[Field("account", "account"), Field("domain", "domainid", ref="domain"),
                     Field("state", "state", choices=["enabled", "disabled", "locked"])],
            list_params={"listall": True}, renames=USER_RENAMES, transform=named_account_type, find=by_username_or_id)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
