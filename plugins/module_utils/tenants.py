# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the domain, account and user modules share with their info modules: paths, account types, result keys."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

# CloudStack's account types (Account.Type) by the names ngine_io.cloudstack uses.
ACCOUNT_TYPES = {"user": 0, "root_admin": 1, "domain_admin": 2, "resource_admin": 3}
ACCOUNT_TYPE_NAMES = dict((number, name) for name, number in ACCOUNT_TYPES.items())

# Response keys -> result keys (the rest go through snake_case).
DOMAIN_RENAMES = {"parentdomainname": "parent_domain", "parentdomainid": "parent_domain_id", "networkdomain": "network_domain"}
ACCOUNT_RENAMES = {"accounttype": "account_type", "rolename": "role", "roleid": "role_id", "roletype": "role_type",
                   "domainpath": "domain_path", "networkdomain": "network_domain", "isdefault": "is_default",
                   "accountdetails": "account_details", "apikeyaccess": "api_key_access"}
USER_RENAMES = dict(ACCOUNT_RENAMES, firstname="first_name", lastname="last_name", accountid="account_id",
                    apikey="user_api_key", secretkey="user_api_secret", is2faenabled="is_2fa_enabled",
                    usersource="user_source", is2famandated="is_2fa_mandated")


def named_account_type(caller, item):
    """The account type by name (``user``, ``domain_admin``...). A ``result`` hook and an info ``transform``
    (``caller``, engine or module, is unused)."""
    if "account_type" in item:
        item["account_type"] = ACCOUNT_TYPE_NAMES.get(item["account_type"], str(item["account_type"]))
    return item


def full_path(path):
    """ROOT/customers/acme, whatever the case of ROOT and the slashes around (ngine_io's reading of a path)."""
    parts = [part for part in path.strip().split("/") if part]
    if not parts or parts[0].upper() != "ROOT":
        parts.insert(0, "ROOT")
    return "/".join(["ROOT"] + parts[1:])


def domains_at(client, path):
    """The domains whose path is ``path`` (case-insensitive, as CloudStack's domain names are)."""
    path = full_path(path).lower()
    return [d for d in client.list("listDomains", listall=True) if d["path"].lower() == path]
