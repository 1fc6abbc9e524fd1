#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: project
short_description: Manage CloudStack projects
description:
  - Create a project owned by an account (the caller's, or O(account) in O(domain)), change its display
    text and tags, suspend or activate it, or remove it.
  - A project is found by O(name) among the projects the caller sees, within O(domain) and O(account)
    when given.
  - O(members) makes the project's members exactly the accounts listed, with their project roles; the owner
    changes by listing the new owner as V(admin) and leaving the former one out (or listing it as V(regular)).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the project.
    type: str
    required: true
  display_text:
    description:
      - Display text of the project; the name when not given at creation.
    type: str
  domain:
    description:
      - Domain of the project (name, path such as V(ROOT/customers) or id); required with O(account).
    type: str
  account:
    description:
      - Account owning a new project; the caller's account when not given. O(members) changes the owner
        afterwards.
    type: str
  members:
    description:
      - Every account that is to be a member of the project, with its project role. The project's admins are its
        owners; at least one member must be an admin.
      - Accounts not listed are removed from the project; accounts listed join it at once, or, when CloudStack's
        C(project.invite.required) setting is true, are invited (the account joins when it accepts; a Pending
        invitation counts as the membership, see RV(invitations)); a role that differs is changed; a Pending
        invitation of an account not listed is deleted. Not given leaves the membership alone.
      - New members and promotions come before demotions and removals, so that the project always keeps an admin.
    type: list
    elements: dict
    suboptions:
      account:
        description:
          - Name of an account of the project's domain.
        type: str
        required: true
      role:
        description:
          - The account's role in the project; admins own it.
        type: str
        default: regular
        choices: [admin, regular]
  tags:
    description:
      - Tags of the project as a map, or as a list of mappings with C(key) and C(value) (ngine_io's form).
        Tags not listed are removed; not given leaves them alone; an empty list removes every tag.
    type: raw
    aliases: [tag]
  state:
    description:
      - V(present) or V(active) ensure the project exists (V(active) also activates a suspended one);
        V(suspended) suspends it; V(absent) removes it.
    type: str
    default: present
    choices: [present, active, suspended, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure a project for a customer's account
  cloudstack.cloud.project:
    name: web
    display_text: Web shop
    domain: ROOT/customers
    account: acme
    tags:
      cost-center: "42"

- name: Hand it over to another account of the domain, keeping the former owner as a regular member
  cloudstack.cloud.project:
    name: web
    domain: ROOT/customers
    members:
      - account: acme-ops
        role: admin
      - account: acme

- name: Suspend it
  cloudstack.cloud.project:
    name: web
    domain: ROOT/customers
    state: suspended

- name: Remove it
  cloudstack.cloud.project:
    name: web
    domain: ROOT/customers
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the project.
  returned: success
  type: str
  sample: 87e8c2b0-8a5c-4f6b-9e5d-0c1b2a3d4e5f
name:
  description: Name of the project.
  returned: success
  type: str
  sample: web
display_text:
  description: Display text of the project.
  returned: success
  type: str
  sample: Web shop
account:
  description: Account owning the project.
  returned: success
  type: str
  sample: acme
domain:
  description: Name of the project's domain.
  returned: success
  type: str
  sample: customers
domain_id:
  description: UUID of the project's domain.
  returned: success
  type: str
state:
  description: State of the project.
  returned: success
  type: str
  sample: Active
members:
  description: The project's members and their roles, as listProjectAccounts returns them, sorted by account.
  returned: when O(members) is given
  type: list
  elements: dict
  sample: [{"account": "acme", "role": "Regular"}, {"account": "acme-ops", "role": "Admin"}]
invitations:
  description:
    - The accounts with a Pending invitation to the project (when C(project.invite.required) is true), sorted.
    - In check mode, the invitations that stay; new ones cannot be foreseen (only admins may read the setting).
  returned: when O(members) is given
  type: list
  elements: str
  sample: ["acme-dev"]
tags:
  description: Tags of the project, as key/value items sorted by key (ngine_io's form; C(tags | items2dict) makes them a map).
  returned: success
  type: list
  elements: dict
  sample: [{"key": "cost-center", "value": "42"}]
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource, default_display_text
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags, with_tag_list

PROJECT_STATES = {"active": "Active", "suspended": "Suspended"}
PROJECT_ROLES = {"admin": "Admin", "regular": "Regular"}


def converge(engine, project):
    return reach_state(engine, converge_members(engine, converge_tags(engine, project, "Project")))


def wanted_members(engine):
    """{account name: "Admin" or "Regular"} from the members option (Ansible checked each item's keys and role)."""
    wanted = dict((member["account"], PROJECT_ROLES[member["role"]]) for member in engine.params["members"])
    if "Admin" not in wanted.values():
        engine.fail("members: at least one account must have the role admin (a project's admins own it)")
    return wanted


def converge_members(engine, project):
    """Make the project's members the wanted accounts and roles: joins and promotions first, so that the project
    never loses its last admin, then demotions and removals. A Pending invitation (project.invite.required) stands
    for its account's membership until the account answers; one for an account not wanted is deleted."""
    if engine.params.get("members") is None:
        return project
    wanted = wanted_members(engine)
    current, invited = read_members(engine, project)
    settled = dict(current, **dict((a, wanted[a]) for a in invited if a in wanted and a not in current))
    unwanted_invitations = sorted(set(invited) - set(wanted))
    if settled == wanted and not unwanted_invitations:
        return dict(project, members=members_list(current), invitations=sorted(invited))
    if settled != wanted:
        engine.note("members", settled, wanted)
    if unwanted_invitations:
        engine.note("invitations", sorted(invited), sorted(set(invited) & set(wanted)))
    in_project = dict(projectid=project.get("id"))
    for account, role in sorted(wanted.items(), key=lambda item: item[1] != "Admin"):  # admins first
        if account not in settled:
            engine.write("addAccountToProject", account=account, roletype=role, **in_project)
        elif settled[account] != role:
            engine.write("updateProject", id=project.get("id"), account=account, swapowner=False, roletype=role)
    for account in sorted(set(current) - set(wanted)):
        engine.write("deleteAccountFromProject", account=account, **in_project)
    for account in unwanted_invitations:
        engine.write("deleteProjectInvitation", id=invited[account])
    if engine.check_mode:
        return dict(project, members=members_list(wanted), invitations=sorted(set(invited) & set(wanted)))
    # whether an account joined or was invited depends on a setting that only admins may read: read the outcome
    current, invited = read_members(engine, project)
    return dict(project, members=members_list(current), invitations=sorted(invited))


def read_members(engine, project):
    """({account: role} of the members, {account: invitation id} of the Pending invitations)."""
    if not project.get("id"):
        return {}, {}
    members = engine.client.list("listProjectAccounts", projectid=project["id"])
    invitations = engine.client.list("listProjectInvitations", projectid=project["id"], state="Pending")
    return (dict((m["account"], m["role"]) for m in members),
            dict((i["account"], i["id"]) for i in invitations if i.get("account")))


def members_list(roles):
    return [dict(account=a, role=r) for a, r in sorted(roles.items())]


def reach_state(engine, project):
    wanted = PROJECT_STATES.get(engine.params["state"])
    if wanted is None or project.get("state") == wanted:
        return project
    engine.note("state", project.get("state"), wanted)
    if wanted == "Active":
        answer = engine.write("activateProject", id=project.get("id"))
    else:
        answer = engine.write("suspendProject", id=project.get("id"))
    return dict((engine.extract(answer) if answer else None) or project, state=wanted)


def result(engine, project):
    """ngine_io's keys: the owner's account, the tags as key/value items."""
    project = with_tag_list(project)
    owners = project.get("owner") or []
    if owners and not project.get("account"):
        project["account"] = owners[0].get("account")
    return project


RESOURCE = Resource(
    "project",
    list_command="listProjects", create_command="createProject", update_command="updateProject",
    delete_command="deleteProject", list_params={"listall": True},
    fields=[
        Field("name", "name", update=None, required=True),
        Field("display_text", "displaytext"),
        Field("domain", "domainid", ref="domain", update=None, compare=False),
        Field("account", "account", update=None, compare=False),
        Field("tags", create=None, update=None, type="dict", key_value_list=True, aliases=["tag"], compare=False),
        Field("members", create=None, update=None, type="list", elements="dict", compare=False,
              options=dict(account=dict(type="str", required=True),
                           role=dict(type="str", default="regular", choices=list(PROJECT_ROLES)))),
    ],
    scope={"domain": "domainid", "account": "account"},
    states={"present": {}, "active": {}, "suspended": {}},
    renames={"projectaccountname": "project_account_name"},
    hooks={"prepare_create": default_display_text, "converge": converge, "result": result},
    module_kwargs=dict(required_by={"account": "domain"}),
    waits=True,
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
