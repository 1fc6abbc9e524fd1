#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: role_permission
short_description: Manage one permission rule of a CloudStack role
description:
  - Add, change, move and remove one rule of a role. CloudStack evaluates a role's rules from the first, the
    first rule that matches a command deciding whether the caller may use it.
  - O(parent) places the rule right after another one (or first, with V(0)); without it a new rule comes last
    and an existing one stays where it is.
  - To manage all the rules of a role as one ordered list, use the O(cloudstack.cloud.role#module:permissions)
    option of M(cloudstack.cloud.role) instead.
  - The rules of CloudStack's default roles cannot be changed; CloudStack refuses it, and so does the module, with
    CloudStack's message.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  role:
    description:
      - Name or id of the role.
    type: str
    required: true
  name:
    description:
      - The rule; an API command name, or a pattern with V(*) wildcards such as V(list*).
    type: str
    required: true
  permission:
    description:
      - Whether the rule allows or denies the commands it matches.
    type: str
    choices: [allow, deny]
    default: deny
  description:
    description:
      - Description of the rule. Set at creation only (CloudStack cannot change it).
    type: str
  parent:
    description:
      - The rule (its name or id) this rule must come right after, or V(0) to make it the first rule.
    type: str
  state:
    description:
      - Whether the rule should exist.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Let the support role list instances
  cloudstack.cloud.role_permission:
    role: support
    name: listVirtualMachines
    permission: allow

- name: Deny every other list command, right after that rule
  cloudstack.cloud.role_permission:
    role: support
    name: list*
    permission: deny
    parent: listVirtualMachines

- name: Make a rule the first one
  cloudstack.cloud.role_permission:
    role: support
    name: listApis
    permission: allow
    parent: "0"

- name: Remove a rule
  cloudstack.cloud.role_permission:
    role: support
    name: list*
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the rule.
  returned: success
  type: str
  sample: 0a7bd8ff-b4d8-4ef3-ae2c-58b8fb1f1ca8
name:
  description: The rule.
  returned: success
  type: str
  sample: listVirtualMachines
permission:
  description: Whether the rule allows or denies.
  returned: success
  type: str
  sample: allow
description:
  description: Description of the rule.
  returned: when it has one
  type: str
role_id:
  description: UUID of the role.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
role_name:
  description: Name of the role.
  returned: success
  type: str
  sample: support
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def rules(engine, roleid):
    """The role's rules, in the order CloudStack evaluates them."""
    return engine.client.list("listRolePermissions", roleid=roleid)


def find_rule(engine):
    roleid = engine.lookup.id("role", engine.params["role"])
    found = [rule for rule in rules(engine, roleid) if rule["rule"] == engine.params["name"]]
    return found[0] if found else None


def change_permission(engine, current, params):
    """updateRolePermission names the rule by ruleid, next to its role."""
    engine.write("updateRolePermission", roleid=current["roleid"], ruleid=current["id"], permission=params["permission"])
    return {}


def place_after_parent(engine, current):
    """Move the rule right after its parent (first for parent 0), with the whole order as CloudStack takes it."""
    parent = engine.params.get("parent")
    if parent is None or not current.get("roleid"):
        return current
    role_rules = [rule for rule in rules(engine, current["roleid"]) if rule["id"] != current.get("id")]
    if parent == "0":
        position = 0
    else:
        match = [index for index, rule in enumerate(role_rules) if parent in (rule["rule"], rule["id"])]
        if not match:
            engine.fail("parent %r is not a rule of the role %s; its rules are: %s" % (
                parent, engine.params["role"], ", ".join(rule["rule"] for rule in role_rules) or "none"))
        position = match[0] + 1
    before = [rule["rule"] for rule in rules(engine, current["roleid"])] if current.get("id") else [
        rule["rule"] for rule in role_rules] + [current["rule"]]
    after = [rule["rule"] for rule in role_rules[:position]] + [current["rule"]] + [
        rule["rule"] for rule in role_rules[position:]]
    if before == after:
        return current
    engine.note("position", before.index(current["rule"]), position)
    if current.get("id"):
        order = [rule["id"] for rule in role_rules[:position]] + [current["id"]] + [rule["id"] for rule in role_rules[position:]]
        engine.write("updateRolePermission", roleid=current["roleid"], ruleorder=",".join(order))
    else:
        engine.changed = True  # check mode: the rule this run would add, then move
    return current


RESOURCE = Resource(
    "role permission",
    list_command="listRolePermissions", create_command="createRolePermission", delete_command="deleteRolePermission",
    update_command="updateRolePermission", response_key="rolepermission",
    fields=[
        Field("role", "roleid", update=None, ref="role", ref_name="rolename", required=True),
        Field("name", "rule", update=None, required=True),
        Field("permission", "permission", choices=["allow", "deny"], default="deny"),
        Field("description", "description", update=None),
        Field("parent", None, create=None, update=None, compare=False),
    ],
    renames={"roleid": "role_id", "rolename": "role_name"},
    required=("role",),
    hooks={"find": find_rule, "prepare_update": change_permission, "converge": place_after_parent},
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
