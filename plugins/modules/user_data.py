#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: user_data
short_description: Manage registered user data on CloudStack
description:
  - Register user data (a cloud-init configuration, a script) under a name, for instances to deploy with, or remove it.
    Its content may declare variables (O(params)) whose values each instance gives at deployment.
  - CloudStack cannot update registered user data. When the content or the variables of the user data of that name
    differ from the task's, the module deletes it and registers the task's under the same name (with a new id);
    C(--diff) shows the change. CloudStack refuses to delete user data an instance was deployed with.
  - CloudStack refuses two user data of one account with the same content, whatever their names.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the user data (unique per owner).
    type: str
    required: true
  user_data:
    description:
      - The content, as plain text (the module encodes it in base64 for CloudStack).
      - Required to register it.
    type: str
    aliases: [userdata]
  params:
    description:
      - Names of the variables the content declares, whose values instances give at deployment.
    type: list
    elements: str
  state:
    description:
      - Whether the user data should be registered.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Register a cloud-init configuration
  cloudstack.cloud.user_data:
    name: cloud-init-basic
    user_data: |
      #cloud-config
      package_upgrade: true
      packages:
        - tmux

- name: Register user data with a variable each instance sets
  cloudstack.cloud.user_data:
    name: bootstrap
    user_data: |
      #!/bin/sh
      echo ${hostname} >/etc/hostname
    params:
      - hostname

- name: Register user data for a project
  cloudstack.cloud.user_data:
    name: cloud-init-basic
    user_data: "#cloud-config\n"
    project: shop

- name: Remove user data
  cloudstack.cloud.user_data:
    name: cloud-init-basic
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the user data.
  returned: success
  type: str
  sample: 119aa0be-67bc-41d5-9e3f-3660c44f90f0
name:
  description: Name of the user data.
  returned: success
  type: str
  sample: cloud-init-basic
user_data:
  description: The content, decoded.
  returned: success
  type: str
  sample: "#cloud-config\npackage_upgrade: true\n"
params:
  description: Names of the variables the content declares.
  returned: success
  type: list
  elements: str
  sample: [hostname]
account:
  description: Account owning the user data.
  returned: success
  type: str
  sample: admin
account_id:
  description: UUID of that account.
  returned: success
  type: str
domain:
  description: Domain of the owner.
  returned: success
  type: str
  sample: ROOT
domain_id:
  description: UUID of that domain.
  returned: success
  type: str
project:
  description: Project owning the user data.
  returned: when owned by a project
  type: str
  sample: shop
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.instances import decode, encode
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource, owner_of


def decoded(user_data):
    """Registered user data with its content as text (CloudStack holds it in base64)."""
    if user_data and user_data.get("userdata"):
        user_data = dict(user_data, userdata=decode(user_data["userdata"]))
    return user_data


def find_decoded(engine):
    return decoded(engine.find_listed())


def register(engine, params):
    params["userdata"] = encode(params["userdata"])
    answer = engine.write("registerUserData", **params)
    return {"userdata": decoded(engine.extract(answer))}


def register_again(engine, current, changes):
    """CloudStack has no update: the user data is deleted, then registered anew with the wanted values."""
    params = dict(name=current["name"], userdata=encode(changes.get("userdata", current["userdata"])), **owner_of(current))
    variables = changes.get("params", current.get("params"))
    if variables:
        params["params"] = variables
    engine.write("deleteUserData", id=current["id"])
    engine.write("registerUserData", **params)
    return {}


RESOURCE = Resource(
    "user data",
    list_command="listUserData", delete_command="deleteUserData", response_key="userdata",
    fields=[
        Field("name", "name", required=True, update=None),
        Field("user_data", "userdata", aliases=["userdata"], required=True),
        Field("params", "params", type="list", result_list=True),
        Field("domain", "domainid", update=None, ref="domain"),
        Field("account", "account", update=None),
        Field("project", "projectid", update=None, ref="project"),
    ],
    scope={"domain": "domainid", "account": "account", "project": "projectid"},
    renames={"accountid": "account_id", "domainid": "domain_id", "projectid": "project_id"},
    hooks={"find": find_decoded, "create": register, "prepare_update": register_again},
    module_kwargs=dict(required_by={"account": "domain"}),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
