#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vpn_user
short_description: Manage CloudStack remote access VPN users
description:
  - Add and remove the VPN users of an account or a project, who log in to its remote access VPNs (L2TP/IPsec).
  - A user is C(Active) where its owner has a remote access VPN, C(Add) until the owner has one.
  - The password is set when the user is added; CloudStack has no command that changes it (remove the user and add
    it again). It is never returned.
  - CloudStack allows 3-64 characters C([a-zA-Z0-9@._-]) for a username and 3-32 C([a-zA-Z0-9@+=._-]) for a
    password, each beginning with a letter or digit, and a number of users per owner (the setting
    C(remote.access.vpn.user.limit), 8 by default).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  username:
    description:
      - Name of the VPN user (unique per owner).
    type: str
    required: true
  password:
    description:
      - Password of the VPN user; required to add it, not considered once it exists.
    type: str
  state:
    description:
      - Whether the VPN user should exist.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure a VPN user of an account
  cloudstack.cloud.vpn_user:
    username: johndoe
    password: "{{ vpn_password }}"
    account: developers
    domain: ROOT

- name: Ensure a VPN user of a project
  cloudstack.cloud.vpn_user:
    username: ci-user
    password: "{{ vpn_password }}"
    project: Production

- name: Remove a VPN user
  cloudstack.cloud.vpn_user:
    username: johndoe
    account: developers
    domain: ROOT
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the VPN user.
  returned: success
  type: str
  sample: 87b1e0ce-4e01-11e4-bb66-0050569e64b8
username:
  description: Name of the VPN user.
  returned: success
  type: str
  sample: johndoe
state:
  description: C(Active) where its owner has a remote access VPN, else C(Add).
  returned: success
  type: str
  sample: Active
account:
  description: Account of the VPN user.
  returned: when owned by an account
  type: str
  sample: developers
domain:
  description: Domain of the owner.
  returned: success
  type: str
  sample: ROOT
project:
  description: Project of the VPN user.
  returned: when owned by a project
  type: str
  sample: Production
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def find_user(engine):
    username = engine.params["username"]
    found = engine.client.list("listVpnUsers", username=username, **engine.scope_params())
    return next((user for user in found if user.get("username") == username), None)


def remove_user(engine, user):
    engine.write("removeVpnUser", username=user["username"], **engine.scope_params())


RESOURCE = Resource(
    "VPN user",
    list_command="listVpnUsers", create_command="addVpnUser", response_key="vpnuser",
    fields=[
        Field("username", "username", update=None),
        Field("password", "password", update=None, compare=False, no_log=True, required=True),
        Field("domain", "domainid", update=None, ref="domain"),
        Field("account", "account", update=None),
        Field("project", "projectid", update=None, ref="project"),
    ],
    identity="username",
    scope={"domain": "domainid", "account": "account", "project": "projectid"},
    renames={"projectid": "project_id"},
    hooks={"find": find_user, "delete": remove_user},
    module_kwargs=dict(required_by={"account": "domain"}),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
