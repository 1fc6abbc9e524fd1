#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: user
short_description: Manage CloudStack users
description:
  - Create a user in an account, update its names, email and timezone, set its password, enable,
    disable or lock it, give it API keys, or remove it.
  - A user is found by O(username) in O(domain) (usernames are unique within a domain).
  - With O(keys_registered=true), the user's API key and secret are returned; CloudStack generates them
    once (C(registerUserKeys)) and the module reads them back on later runs (C(getUserKeys)). A result that
    holds the secret is hidden from the output of every callback (as if the task had C(no_log=true)); the
    registered variable still holds it.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  username:
    description:
      - Username of the user.
    type: str
    required: true
  account:
    description:
      - Account of the user; required to create it. A user cannot move to another account.
    type: str
  domain:
    description:
      - Domain of the user's account (name, path such as V(ROOT/customers) or id).
    type: str
    default: ROOT
  first_name:
    description:
      - First name of the user; required to create it.
    type: str
  last_name:
    description:
      - Last name of the user; required to create it.
    type: str
  email:
    description:
      - Email of the user; required to create it.
    type: str
  timezone:
    description:
      - Timezone of the user, for example V(Europe/Zurich).
    type: str
  password:
    description:
      - Password of the user; required to create it. CloudStack never returns it, so it is only compared
        by sending it (see O(update_password)).
    type: str
  update_password:
    description:
      - V(on_create) sets O(password) only when the user is created; V(always) sends it on every run (the
        task then always reports a change).
    type: str
    choices: [on_create, always]
    default: on_create
  api_key_access:
    description:
      - Whether the user may use API keys, V(enabled), V(disabled), or V(inherit) what its account says
        (CloudStack 4.20.1 or later).
      - Set by an update after the user's creation (C(createUser) does not take it).
    type: str
    choices: [enabled, disabled, inherit]
  mandate_2fa:
    description:
      - V(true) makes two-factor authentication mandatory for the user (C(updateUser)'s C(mandate2fa)); CloudStack
        turns the user's 2FA on, and the user sets it up at the next login. Compared with RV(is_2fa_enabled).
      - CloudStack cannot turn it off this way (C(mandate2fa=false) changes nothing), so V(false) for a user whose 2FA
        is on fails; the user, or an administrator with C(setupUserTwoFactorAuthentication), turns it off.
    type: bool
  keys_registered:
    description:
      - Whether the user has API keys. V(true) generates them if it has none, and returns them as
        RV(user_api_key) and RV(user_api_secret). Not given or V(false) leaves the keys as they are.
    type: bool
  state:
    description:
      - V(present) ensures the user exists (enabled when created); V(enabled) (or V(unlocked)),
        V(disabled) and V(locked) also set its state (a disabled user is enabled before it is locked, as
        CloudStack only locks an enabled one; enabling a user enables its account too); V(absent)
        removes it.
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
- name: Ensure a user with API keys
  cloudstack.cloud.user:
    username: deployer
    account: acme
    domain: ROOT/customers
    first_name: Deploy
    last_name: Bot
    email: deploy@acme.example.com
    password: "{{ deployer_password }}"
    keys_registered: true
  register: deployer

- name: Keep its keys
  ansible.builtin.copy:
    content: |
      [acme]
      endpoint = https://cloud.example.com/client/api
      key = {{ deployer.user_api_key }}
      secret = {{ deployer.user_api_secret }}
    dest: ~/.cloudstack.ini
    mode: "0600"
  no_log: true

- name: Lock it
  cloudstack.cloud.user:
    username: deployer
    domain: ROOT/customers
    state: locked

- name: Remove it
  cloudstack.cloud.user:
    username: deployer
    domain: ROOT/customers
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the user.
  returned: success
  type: str
  sample: 87e8c2b0-8a5c-4f6b-9e5d-0c1b2a3d4e5f
username:
  description: Username of the user.
  returned: success
  type: str
  sample: deployer
account:
  description: Account of the user.
  returned: success
  type: str
  sample: acme
account_type:
  description: Type of the user's account.
  returned: success
  type: str
  sample: user
role:
  description: Name of the role of the user's account.
  returned: success
  type: str
  sample: User
domain:
  description: Name of the domain of the user's account.
  returned: success
  type: str
  sample: customers
domain_id:
  description: UUID of that domain.
  returned: success
  type: str
first_name:
  description: First name of the user.
  returned: success
  type: str
  sample: Deploy
last_name:
  description: Last name of the user.
  returned: success
  type: str
  sample: Bot
email:
  description: Email of the user.
  returned: success
  type: str
  sample: deploy@acme.example.com
timezone:
  description: Timezone of the user.
  returned: when set
  type: str
  sample: Europe/Zurich
api_key_access:
  description: Whether the user may use API keys, as CloudStack names it (C(ENABLED), C(DISABLED) or C(INHERIT)).
  returned: on CloudStack 4.20.1 or later
  type: str
  sample: INHERIT
is_2fa_enabled:
  description: Whether two-factor authentication is on for the user (see O(mandate_2fa)).
  returned: success
  type: bool
  sample: false
is_2fa_mandated:
  description: Whether the user's domain makes two-factor authentication mandatory (the settings
    C(enable.user.2fa) and C(mandate.user.2fa)).
  returned: success
  type: bool
  sample: false
state:
  description: State of the user.
  returned: success
  type: str
  sample: enabled
created:
  description: When the user was created.
  returned: success
  type: str
  sample: "2026-11-25T12:00:00+0000"
user_api_key:
  description: API key of the user.
  returned: when O(keys_registered=true), or when the user has keys
  type: str
user_api_secret:
  description: API secret of the user. Secret; its presence hides the task result from callback output.
  returned: when O(keys_registered=true)
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tenants import USER_RENAMES, named_account_type

WANTED_STATE = {"enabled": "enabled", "unlocked": "enabled", "disabled": "disabled", "locked": "locked"}


def find(engine):
    """The user of that username in the domain; one of another account than the wanted one is an error."""
    domain_id = engine.lookup.id("domain", engine.params["domain"])
    found = [u for u in engine.client.list("listUsers", username=engine.params["username"], domainid=domain_id, listall=True)
             if u["username"] == engine.params["username"] and u["domainid"] == domain_id]
    if found and engine.params.get("account") and found[0]["account"] != engine.params["account"]:
        engine.fail("the user %s already exists in domain %s under the account %s, not %s; a user cannot move to another "
                    "account" % (engine.params["username"], engine.params["domain"], found[0]["account"], engine.params["account"]))
    return found[0] if found else None


def refuse_2fa_off(engine, user, params):
    """updateUser's mandate2fa=false changes nothing: asking for it would report a change on every run."""
    if params.get("mandate2fa") is False:
        engine.fail("mandate_2fa: CloudStack cannot turn off the two-factor authentication of the user %s with updateUser "
                    "(mandate2fa=false changes nothing); the user, or an administrator with "
                    "setupUserTwoFactorAuthentication enable=false, turns it off" % user.get("username"))
    return params


def converge(engine, user):
    return register_keys(engine, reach_state(engine, renew_password(engine, user)))


def renew_password(engine, user):
    """update_password=always: CloudStack never returns a password, so it is sent on every run."""
    if engine.params["update_password"] == "always" and engine.params.get("password") and not engine.created:
        engine.write("updateUser", id=user["id"], password=engine.params["password"])
    return user


def reach_state(engine, user):
    wanted = WANTED_STATE.get(engine.params["state"])
    current = user.get("state")
    if wanted is None or current == wanted:
        return user
    engine.note("state", current, wanted)
    if wanted == "enabled" or current == "disabled":  # CloudStack locks only an enabled user
        answer = engine.write("enableUser", id=user.get("id"))
    if wanted == "disabled":
        answer = engine.write("disableUser", id=user.get("id"))
    if wanted == "locked":
        answer = engine.write("lockUser", id=user.get("id"))
    return (engine.extract(answer) if answer else None) or dict(user, state=wanted)


def register_keys(engine, user):
    """Generate the keys once; return them on every run that asks for them."""
    if not engine.params["keys_registered"] or not user.get("id"):
        return user
    if not user.get("apikey"):
        engine.note("keys_registered", False, True)
        keys = engine.write("registerUserKeys", id=user["id"])
    else:
        keys = engine.client.call("getUserKeys", id=user["id"])
    return dict(user, **((keys or {}).get("userkeys") or {}))


RESOURCE = Resource(
    "user",
    list_command="listUsers", create_command="createUser", update_command="updateUser", delete_command="deleteUser",
    fields=[
        Field("username", "username", update=None, required=True),
        Field("account", "account", update=None, required=True, compare=False),
        Field("domain", "domainid", ref="domain", update=None, default="ROOT"),
        Field("first_name", "firstname", required=True),
        Field("last_name", "lastname", required=True),
        Field("email", "email", required=True),
        Field("timezone", "timezone"),
        Field("password", "password", update=None, required=True, compare=False, no_log=True),
        Field("update_password", create=None, update=None, choices=["on_create", "always"], default="on_create",
              compare=False),
        Field("keys_registered", create=None, update=None, type="bool", compare=False),
        Field("api_key_access", create=None, update="apikeyaccess", choices=["enabled", "disabled", "inherit"]),
        Field("mandate_2fa", create=None, update="mandate2fa", returned="is2faenabled", type="bool"),
    ],
    identity="username",
    states={"present": {}, "enabled": {}, "unlocked": {}, "disabled": {}, "locked": {}},
    renames=USER_RENAMES,
    hooks={"find": find, "prepare_update": refuse_2fa_off, "converge": converge, "result": named_account_type},
    since={"updateUser.apikeyaccess": "4.20.1"},
    waits=True,
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
