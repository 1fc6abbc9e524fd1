#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: account
short_description: Manage CloudStack accounts
description:
  - Create an account in a domain (with its first user), change its role and network domain, enable,
    disable or lock it, or remove it with everything it owns.
  - The first user's O(username), O(password), O(first_name), O(last_name), O(email) and O(timezone) are
    only sent when the account is created; M(cloudstack.cloud.user) manages users afterwards.
  - O(new_name) renames the account; a task that renames stays idempotent (once the account has the new name and
    none has the old one, nothing is left to do).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the account.
    type: str
    required: true
  domain:
    description:
      - Domain of the account (name, path such as V(ROOT/customers) or id).
    type: str
    default: ROOT
  account_type:
    description:
      - Type of a new account, when O(role) is not given (a role implies its type).
      - A new account is V(user) when neither this nor O(role) is given.
      - An existing account of another type is an error; give O(role) to change it.
    type: str
    choices: [user, root_admin, domain_admin]
  role:
    description:
      - Role of the account (name or id). Changing it is allowed within what the caller may give.
    type: str
  new_name:
    description:
      - New name of the account O(name) names (C(updateAccount)'s C(newname)).
      - When no account has the name O(name) but one has the new name, that one is the account, already renamed.
        An account of each name fails (CloudStack keeps account names unique in a domain). A new account is
        created with the new name.
    type: str
  network_domain:
    description:
      - Network domain of the account's guest networks.
    type: str
  account_details:
    description:
      - Details of the account, as a mapping of keys to values (account-level settings among them, such as those
        C(updateConfiguration) sets for an account).
      - Compared on the given keys only; CloudStack adds the given ones to the account's details (a key given again
        takes the new value, the others stay), so a detail cannot be removed here.
    type: dict
  api_key_access:
    description:
      - Whether the account's users may use API keys, V(enabled), V(disabled), or V(inherit) the domain's setting
        C(api.key.access) (CloudStack 4.20.1 or later).
      - Set by an update after the account's creation (C(createAccount) does not take it).
    type: str
    choices: [enabled, disabled, inherit]
  username:
    description:
      - Username of the account's first user; required to create the account.
    type: str
  password:
    description:
      - Password of the first user; required to create the account. Never compared afterwards.
    type: str
  first_name:
    description:
      - First name of the first user; required to create the account.
    type: str
  last_name:
    description:
      - Last name of the first user; required to create the account.
    type: str
  email:
    description:
      - Email of the first user; required to create the account.
    type: str
  timezone:
    description:
      - Timezone of the first user, for example V(Europe/Zurich).
    type: str
  ldap_domain:
    description:
      - Not supported; accepted for compatibility with ngine_io.cloudstack, an error when set.
    type: str
  ldap_type:
    description:
      - Not supported; accepted for compatibility with ngine_io.cloudstack, ignored without O(ldap_domain).
    type: str
    choices: [GROUP, OU]
    default: GROUP
  state:
    description:
      - V(present) ensures the account exists (enabled when created); V(enabled) (or V(unlocked)),
        V(disabled) and V(locked) also set its state (a disabled account is enabled before it is
        locked, as CloudStack only locks an enabled one); V(absent) removes it with its users and
        resources.
    type: str
    default: present
    choices: [present, enabled, unlocked, disabled, locked, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure a customer's account
  cloudstack.cloud.account:
    name: acme
    domain: ROOT/customers
    username: acme-admin
    password: "{{ acme_password }}"
    first_name: Ada
    last_name: Lovelace
    email: ada@acme.example.com
    account_type: domain_admin

- name: Give it another role
  cloudstack.cloud.account:
    name: acme
    domain: ROOT/customers
    role: Domain Admin

- name: Lock it
  cloudstack.cloud.account:
    name: acme
    domain: ROOT/customers
    state: locked

- name: Remove it with its users and resources
  cloudstack.cloud.account:
    name: acme
    domain: ROOT/customers
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the account.
  returned: success
  type: str
  sample: 87e8c2b0-8a5c-4f6b-9e5d-0c1b2a3d4e5f
name:
  description: Name of the account.
  returned: success
  type: str
  sample: acme
account_type:
  description: Type of the account.
  returned: success
  type: str
  sample: domain_admin
role:
  description: Name of the account's role.
  returned: success
  type: str
  sample: Domain Admin
role_id:
  description: UUID of the account's role.
  returned: success
  type: str
role_type:
  description: Type of the account's role.
  returned: success
  type: str
  sample: DomainAdmin
domain:
  description: Name of the account's domain.
  returned: success
  type: str
  sample: customers
domain_id:
  description: UUID of the account's domain.
  returned: success
  type: str
domain_path:
  description: Path of the account's domain.
  returned: success
  type: str
  sample: ROOT/customers
network_domain:
  description: Network domain of the account.
  returned: when set
  type: str
  sample: acme.example.com
account_details:
  description: Details of the account.
  returned: when set
  type: dict
  sample: {"vm.password.length": "12"}
api_key_access:
  description: Whether the account's users may use API keys, as CloudStack names it (C(ENABLED), C(DISABLED) or C(INHERIT)).
  returned: on CloudStack 4.20.1 or later
  type: str
  sample: INHERIT
state:
  description: State of the account.
  returned: success
  type: str
  sample: enabled
user:
  description: The account's users, as CloudStack lists them (without secret keys).
  returned: success
  type: list
  elements: dict
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tenants import (
    ACCOUNT_RENAMES, ACCOUNT_TYPE_NAMES, ACCOUNT_TYPES, named_account_type)

# The account state each module state wants, and how to reach it from another one.
WANTED_STATE = {"enabled": "enabled", "unlocked": "enabled", "disabled": "disabled", "locked": "locked"}


def find(engine):
    """The account of the task's name in its domain; else, when the task renames it, the account of the new name."""
    domain_id = engine.lookup.id("domain", engine.params["domain"])

    def named(name):
        return [a for a in engine.client.list("listAccounts", name=name, domainid=domain_id, listall=True) if a["name"] == name]
    found, new_name = named(engine.params["name"]), engine.params.get("new_name")
    if new_name and new_name != engine.params["name"] and engine.params["state"] != "absent":
        renamed = named(new_name)
        if found and renamed:
            engine.fail("new_name: cannot rename the account %s to %s, an account %s already exists in domain %s" % (
                engine.params["name"], new_name, new_name, engine.params["domain"]))
        found = found or renamed
    if not found and engine.params.get("ldap_domain") and engine.params["state"] != "absent":
        # said before the options a new account needs are asked for, which an LDAP account would not need
        engine.fail("ldap_domain: LDAP-linked accounts are not supported by this module; create the account without it")
    return found[0] if found else None


def prepare_create(engine, params):
    """The account type, unless the role sets it; a new account takes the new name at once."""
    if not params.get("roleid"):
        params["accounttype"] = ACCOUNT_TYPES[engine.params["account_type"] or "user"]
    params["account"] = engine.params.get("new_name") or params["account"]
    return params


def converge(engine, account):
    """An existing account of another type is reported, then the wanted state is reached."""
    wanted_type = engine.params["account_type"]
    if wanted_type and engine.params.get("role") is None and account.get("accounttype") not in (None, ACCOUNT_TYPES[wanted_type]):
        engine.fail("account_type: the account %s is %s, wanted %s; give the role to change it" % (
            account["name"], ACCOUNT_TYPE_NAMES.get(account["accounttype"]), engine.params["account_type"]))
    wanted = WANTED_STATE.get(engine.params["state"])
    current = account.get("state")
    if wanted is None or current == wanted:
        return account
    engine.note("state", current, wanted)
    ids = dict(id=account.get("id"))
    if wanted == "enabled" or (wanted == "locked" and current == "disabled"):
        answer = engine.write("enableAccount", **ids)  # CloudStack locks only an enabled account
    if wanted in ("disabled", "locked"):
        answer = engine.write("disableAccount", lock=wanted == "locked", **ids)
    return (engine.extract(answer) if answer else None) or dict(account, state=wanted)


def delete(engine, current):
    engine.write_own("deleteAccount", id=current["id"])


RESOURCE = Resource(
    "account",
    list_command="listAccounts", create_command="createAccount", update_command="updateAccount",
    fields=[
        Field("name", create="account", update=None, returned="name", required=True, compare=False),  # found by it
        Field("new_name", create=None, update="newname", returned="name", read=lambda account: account.get("name"),
              write=lambda account, name: account.update(name=name)),
        Field("domain", "domainid", ref="domain", ref_name="domain", update=None, default="ROOT"),
        Field("account_type", create=None, update=None, choices=["user", "root_admin", "domain_admin"], compare=False),
        Field("role", "roleid", ref="role", ref_name="rolename"),
        Field("network_domain", "networkdomain"),
        Field("account_details", "accountdetails", type="dict"),
        Field("api_key_access", create=None, update="apikeyaccess", choices=["enabled", "disabled", "inherit"]),
        Field("username", "username", update=None, compare=False, required=True),
        Field("password", "password", update=None, compare=False, no_log=True, required=True),
        Field("first_name", "firstname", update=None, compare=False, required=True),
        Field("last_name", "lastname", update=None, compare=False, required=True),
        Field("email", "email", update=None, compare=False, required=True),
        Field("timezone", "timezone", update=None, compare=False),
        Field("ldap_domain", create=None, update=None, compare=False),
        Field("ldap_type", create=None, update=None, choices=["GROUP", "OU"], default="GROUP", compare=False),
    ],
    states={"present": {}, "enabled": {}, "unlocked": {}, "disabled": {}, "locked": {}},
    renames=ACCOUNT_RENAMES,
    hooks={"find": find, "prepare_create": prepare_create, "converge": converge, "result": named_account_type, "delete": delete},
    since={"updateAccount.apikeyaccess": "4.20.1"},
    waits=True,
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
