#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: role
short_description: Manage CloudStack roles and their ordered permission rules
description:
  - Create, update and delete roles, optionally as a copy of another role (O(base_role)).
  - With O(permissions), the role's rules become exactly that list, in that order; missing rules are added,
    rules not listed are removed, a different permission is changed in place, and when only the order differs
    the rules are put in order with one C(updateRolePermission) call. CloudStack evaluates the rules from the
    first, the first one that matches a command deciding.
  - CloudStack's default roles (Root Admin, Resource Admin, Domain Admin, User) cannot be changed or deleted;
    CloudStack refuses it, and so does the module, with CloudStack's message.
  - The type of a role that accounts use cannot be changed; neither can a role they use be deleted.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the role; identifies it unless O(id) is given, then it renames it. Required to create it.
    type: str
  id:
    description:
      - UUID of an existing role, to find it by id rather than by name.
    type: str
    aliases: [uuid]
  role_type:
    description:
      - Type of the role. A new role without O(role_type) nor O(base_role) is a V(User) role.
      - Roles that accounts use keep their type (CloudStack refuses the change).
    type: str
    choices: [User, DomainAdmin, ResourceAdmin, Admin]
  base_role:
    description:
      - Name or id of a role to copy at creation (its type and its rules, in order). Not used once the role
        exists. Mutually exclusive with O(role_type).
    type: str
    aliases: [role_id]
  description:
    description:
      - Description of the role.
    type: str
  is_public:
    description:
      - Whether every user can see the role (V(true)) or only root admins (V(false)). CloudStack 4.18.1 and later.
    type: bool
  permissions:
    description:
      - The whole ordered list of the role's rules. Not given, the rules are left as they are.
      - An empty list removes every rule.
      - Each item is a dict with C(rule) (required; an API command name, or a pattern with C(*) wildcards such as
        C(list*)), C(permission) (C(allow), the default, or C(deny)) and C(description) (optional; CloudStack
        cannot change it in place, so a rule whose description differs is removed and added again).
    type: list
    elements: dict
  state:
    description:
      - Whether the role should exist.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: A support role that copies the default User role
  cloudstack.cloud.role:
    name: support
    base_role: User
    description: Customer support

- name: A read-only role whose rules are exactly these, in this order
  cloudstack.cloud.role:
    name: read-only
    role_type: User
    permissions:
      - rule: listApis
      - rule: list*
      - rule: "*"
        permission: deny

- name: Remove a role
  cloudstack.cloud.role:
    name: support
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the role.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
name:
  description: Name of the role.
  returned: success
  type: str
  sample: read-only
role_type:
  description: Type of the role.
  returned: success
  type: str
  sample: User
description:
  description: Description of the role.
  returned: success
  type: str
  sample: Customer support
is_public:
  description: Whether every user can see the role.
  returned: success
  type: bool
  sample: true
is_default:
  description: Whether it is one of CloudStack's default roles.
  returned: success
  type: bool
  sample: false
state:
  description: State of the role (CloudStack 4.20 and later can disable roles).
  returned: success
  type: str
  sample: ENABLED
permissions:
  description: The role's rules, in the order CloudStack evaluates them.
  returned: when O(permissions) is given and the role exists
  type: list
  elements: dict
  sample: [{id: 0a7bd8ff-b4d8-4ef3-ae2c-58b8fb1f1ca8, rule: listApis, permission: allow, description: null}]
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def default_type(engine, params):
    """CloudStack needs a type or a role to copy; without either the role is a User role."""
    if not params.get("roleid"):
        params.setdefault("type", "User")
    return params


def wanted_rules(engine):
    rules = []
    for index, entry in enumerate(engine.params["permissions"]):
        if not entry.get("rule"):
            engine.fail("permissions[%d]: rule is required (an API name or a pattern such as list*)" % index)
        permission = (entry.get("permission") or "allow").lower()
        if permission not in ("allow", "deny"):
            engine.fail("permissions[%d] (%s): permission must be allow or deny, got %r" % (index, entry["rule"],
                                                                                            entry["permission"]))
        rules.append(dict(rule=entry["rule"], permission=permission, description=entry.get("description")))
    seen = set()
    for entry in rules:
        if entry["rule"] in seen:
            engine.fail("permissions: rule %r is listed twice; CloudStack holds one rule per name" % entry["rule"])
        seen.add(entry["rule"])
    return rules


def current_rules(engine, role):
    if engine.check_mode and not role.get("id"):
        return []  # a role this check run would create
    return engine.client.list("listRolePermissions", roleid=role.get("id"))


def shown(rules):
    return [dict(rule=r["rule"], permission=r["permission"], description=r.get("description")) for r in rules]


def converge_rules(engine, role):
    """Make the role's rules the wanted list, in order (see the module's description)."""
    if engine.params.get("permissions") is None:
        return role
    wanted = wanted_rules(engine)
    current = current_rules(engine, role)
    by_rule = dict((w["rule"], w) for w in wanted)
    ids = {}  # rule -> id, of the rules kept or added
    for rule in current:
        entry = by_rule.get(rule["rule"])
        if entry is None or (entry["description"] or None) != (rule.get("description") or None):
            engine.write("deleteRolePermission", id=rule["id"])
            continue
        ids[rule["rule"]] = rule["id"]
        if rule["permission"] != entry["permission"]:
            engine.write("updateRolePermission", roleid=role.get("id"), ruleid=rule["id"], permission=entry["permission"])
    order = [rule["rule"] for rule in current if rule["rule"] in ids]  # new rules come after these, in the list's order
    for entry in wanted:
        if entry["rule"] not in ids:
            params = dict(roleid=role.get("id"), rule=entry["rule"], permission=entry["permission"])
            params.update(dict(description=entry["description"]) if entry["description"] else {})
            created = engine.write("createRolePermission", **params)
            ids[entry["rule"]] = ((created or {}).get("rolepermission") or {}).get("id")
            order.append(entry["rule"])
    if order != [w["rule"] for w in wanted]:
        engine.write("updateRolePermission", roleid=role.get("id"), ruleorder=",".join(ids[w["rule"]] or "" for w in wanted))
    if shown(current) != wanted:
        engine.note("permissions", shown(current), wanted)
    held = current_rules(engine, role) if not engine.check_mode else wanted
    return dict(role, permissions=[dict(shown([rule])[0], id=rule.get("id")) for rule in held])


RESOURCE = Resource(
    "role",
    list_command="listRoles", create_command="createRole", update_command="updateRole", delete_command="deleteRole",
    fields=[
        Field("id", create=None, update=None, returned="id", aliases=["uuid"]),
        Field("name", "name", required=True),
        Field("role_type", "type", choices=["User", "DomainAdmin", "ResourceAdmin", "Admin"]),
        Field("base_role", "roleid", update=None, ref="role", compare=False, aliases=["role_id"]),
        Field("description", "description"),
        Field("is_public", "ispublic", type="bool"),
        Field("permissions", None, create=None, update=None, type="list", elements="dict", compare=False),
    ],
    renames={"isdefault": "is_default"},
    hooks={"prepare_create": default_type, "converge": converge_rules},
    module_kwargs=dict(mutually_exclusive=[("role_type", "base_role")]),
    since={"createRole.ispublic": "4.18.1", "updateRole.ispublic": "4.18.1"},
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
