"""Accounts (listAccounts, createAccount, updateAccount, enableAccount, disableAccount, deleteAccount): an
account of a role in a domain, with its first user; AccountManagerImpl's rules and texts."""
from .. import exceptions
from ..context import ACCOUNT_TYPE_ADMIN, ACCOUNT_TYPE_DOMAIN_ADMIN, ACCOUNT_TYPE_PROJECT, ACCOUNT_TYPE_USER
from ..registry import Job, Listing, command, finisher
from . import limits
from .common import domain_subtree, filter_common, new_id, now, public
from .securitygroups import make_security_group
from .publicips import release_ip
from .users import api_key_access, api_key_access_view, make_user, view_user

ACCOUNT_TYPE_RESOURCE_ADMIN = 3
ROLES = {ACCOUNT_TYPE_ADMIN: "Admin", ACCOUNT_TYPE_DOMAIN_ADMIN: "DomainAdmin", ACCOUNT_TYPE_USER: "User",
         ACCOUNT_TYPE_PROJECT: "User", ACCOUNT_TYPE_RESOURCE_ADMIN: "ResourceAdmin"}
ROLE_NAMES = {"Admin": "Root Admin", "DomainAdmin": "Domain Admin", "User": "User", "ResourceAdmin": "Resource Admin"}
ACCOUNT_TYPES = dict((role, accounttype) for accounttype, role in ROLES.items() if accounttype != ACCOUNT_TYPE_PROJECT)
ROLE_TYPE_ORDER = ("Admin", "ResourceAdmin", "DomainAdmin", "User")  # RoleType's ordinal: more privileges first
TABLES_OWNED = ("virtualmachine", "network", "securitygroup", "affinitygroup", "sshkeypair", "publicipaddress", "tag")


def make_account(store, name, domain, accounttype=ACCOUNT_TYPE_USER, networkdomain=None, default_security_group=True,
                 role=None):
    role_type = ROLES[accounttype]
    role = role or store.first("role", name=ROLE_NAMES[role_type]) or store.first("role", type=role_type)
    account = {"id": new_id(), "name": name, "accounttype": accounttype, "roletype": role_type,
               "roleid": role["id"] if role else None, "rolename": role["name"] if role else ROLE_NAMES[role_type],
               "domainid": domain["id"], "domain": domain["name"], "domainpath": domain["path"],
               "state": "enabled", "created": now(), "isdefault": False, "networkdomain": networkdomain,
               "vmlimit": "Unlimited", "iplimit": "Unlimited", "volumelimit": "Unlimited",
               "networklimit": "Unlimited", "projectlimit": "Unlimited", "cpulimit": "Unlimited",
               "memorylimit": "Unlimited"}
    account["_accountid"] = account["id"]
    store.put("account", account)
    if default_security_group and accounttype != ACCOUNT_TYPE_PROJECT:
        make_default_security_group(store, account)
    return account


def make_default_security_group(store, account, project=None):
    return make_security_group(store, "default", "Default Security Group", account, project)


def view_account(store, account):
    out = dict(public(account), apikeyaccess=api_key_access_view(account), **limits.account_figures(store, account))
    out["user"] = [view_user(store, u) for u in store.find("user", accountid=account["id"])]
    vms = [v for v in store.all("virtualmachine") if v.get("_accountid") == account["id"] and v["state"] != "Expunging"]
    out.update(vmrunning=sum(v["state"] == "Running" for v in vms), vmstopped=sum(v["state"] == "Stopped" for v in vms))
    return out


def is_system_account(store, account):
    """The admin and system accounts of ROOT, which CloudStack never disables nor deletes."""
    return account["name"] in ("admin", "system") and store.get("domain", account["domainid"])["_path"] == "/"


@command("listAccounts")
def list_accounts(ctx, params):
    """As QueryManagerImpl: without listall an admin sees its own account, or the accounts of a given
    domain; with listall its domain subtree. Project accounts and the system account are never listed."""
    store = ctx.store
    caller = ctx.account
    is_admin = caller["accounttype"] in (ACCOUNT_TYPE_ADMIN, ACCOUNT_TYPE_DOMAIN_ADMIN)
    domain = ctx.lookup("domain", "domainid")
    if domain:
        ctx.check_domain(domain["id"])
    accounts = [a for a in store.all("account") if a["accounttype"] != ACCOUNT_TYPE_PROJECT and not (
        a["name"] == "system" and store.get("domain", a["domainid"])["_path"] == "/")]
    if params.get("id"):
        ctx.check_access(ctx.lookup("account", "id"))
    elif params.get("listall") and is_admin:
        subtree = domain_subtree(store, domain["id"] if domain else caller["domainid"])
        accounts = [a for a in accounts if a["domainid"] in subtree]
    elif not is_admin or domain is None:
        accounts = [a for a in accounts if a["id"] == caller["id"]]
    else:
        subtree = domain_subtree(store, domain["id"]) if params.get("isrecursive") else {domain["id"]}
        accounts = [a for a in accounts if a["domainid"] in subtree]
    if "accounttype" in params:
        accounts = [a for a in accounts if a["accounttype"] == params["accounttype"]]
    if params.get("state"):
        accounts = [a for a in accounts if a["state"].lower() == params["state"].lower()]
    accounts = filter_common(ctx, accounts, dict(params, state=None), keyword_fields=("name", "state"))
    return Listing(accounts, lambda a: view_account(store, a))


def account_role(ctx, params):
    """(account type, role) from roleid or accounttype, as CreateAccountCmd reads them."""
    role = ctx.lookup("role", "roleid")
    if role is not None:
        if "accounttype" in params and params["accounttype"] != ACCOUNT_TYPES.get(role["type"]):
            raise exceptions.invalid("Account type %s is not compatible with the role %s of type %s"
                                     % (params["accounttype"], role["name"], role["type"]))
        return ACCOUNT_TYPES.get(role["type"], ACCOUNT_TYPE_USER), role
    accounttype = params.get("accounttype")
    if accounttype is None:
        raise exceptions.invalid("Either account type or role ID must be given")
    if accounttype not in ROLES or accounttype == ACCOUNT_TYPE_PROJECT:
        raise exceptions.invalid("Invalid account type %s given; unable to create user" % accounttype)
    return accounttype, None


@command("createAccount")
def create_account(ctx, params):
    ctx.require_admin()
    store = ctx.store
    domain = ctx.lookup("domain", "domainid") or store.get("domain", ctx.account["domainid"])
    ctx.check_domain(domain["id"])
    if domain["state"] != "Active":
        raise exceptions.internal("The account cannot be created as domain %s is being deleted" % domain["name"])
    name = params.get("account") or params["username"]
    if store.first("account", name=name, domainid=domain["id"]):
        raise exceptions.invalid("The specified account: %s already exists" % name)
    if store.first("user", username=params["username"], domainid=domain["id"]):
        raise exceptions.invalid("The user %s already exists in domain %s" % (params["username"], domain["name"]))
    accounttype, role = account_role(ctx, params)
    if accounttype == ACCOUNT_TYPE_ADMIN and domain["_path"] != "/":
        raise exceptions.invalid("Admin accounts can only be created in the ROOT domain")
    check_privileges(ctx, role["type"] if role else ROLES[accounttype], "create an account of type %s" % ROLES[accounttype])
    account = make_account(store, name, domain, accounttype, params.get("networkdomain"), role=role)
    account["accountdetails"] = account_details(params) or None
    make_user(store, account, params["username"], params["password"], params["firstname"], params["lastname"],
              params["email"], timezone=params.get("timezone"))
    return {"account": view_account(store, account)}


def account_details(params):
    """accountdetails as CreateAccountCmd and UpdateAccountCmd read the map: its first entry only."""
    entries = params.get("accountdetails") or []
    return dict((str(k), str(v)) for k, v in entries[0].items()) if entries else {}


def check_privileges(ctx, role_type, what):
    """A caller never gives more privileges than its own role type has (AccountManagerImpl.checkRoleEscalation)."""
    caller_type = ctx.account["roletype"]
    if caller_type != "Admin" and ROLE_TYPE_ORDER.index(role_type) < ROLE_TYPE_ORDER.index(caller_type):
        domain = ctx.store.get("domain", ctx.account["domainid"])
        raise exceptions.permission_denied("User of Account %s and domain %s can not %s with access to more "
                                           "privileges they have themself." % (ctx.account["name"], domain["name"], what))


@command("updateAccount")
def update_account(ctx, params):
    ctx.require_admin()
    store = ctx.store
    account = find_account(ctx, params)
    if params.get("newname") and params["newname"] != account["name"]:
        if store.first("account", name=params["newname"], domainid=account["domainid"]):
            raise exceptions.invalid("The specified account: %s already exists" % params["newname"])
        account["name"] = params["newname"]
    if "networkdomain" in params:
        account["networkdomain"] = params["networkdomain"] or None
    if account_details(params):  # AccountDetailsDaoImpl.update: the given ones added or replaced, the others kept
        account["accountdetails"] = dict(account.get("accountdetails") or {}, **account_details(params))
    if params.get("apikeyaccess") is not None:
        account["_apikeyaccess"] = api_key_access(params)
    role = ctx.lookup("role", "roleid")
    if role is not None and role["id"] != account["roleid"]:
        change_role(ctx, account, role)
    store.put("account", account)
    return {"account": view_account(store, account)}


def change_role(ctx, account, role):
    """AccountManagerImpl.validateRoleChange, then the account (and its users) take the role and its type."""
    problem = "Unable to update account role to %s, " % role["name"]
    caller_type = ctx.account["roletype"]
    if caller_type != "Admin" and (ROLE_TYPE_ORDER.index(role["type"]) < ROLE_TYPE_ORDER.index(caller_type) or
                                   ROLE_TYPE_ORDER.index(account["roletype"]) < ROLE_TYPE_ORDER.index(caller_type)):
        raise exceptions.permission_denied(problem + "as either current or new role has higher privileges than the caller")
    if role["type"] == "Admin" and ctx.store.get("domain", account["domainid"])["_path"] != "/":
        raise exceptions.permission_denied(problem + "as the user does not belong to the ROOT domain")
    account.update(roleid=role["id"], rolename=role["name"], roletype=role["type"],
                   accounttype=ACCOUNT_TYPES.get(role["type"], ACCOUNT_TYPE_USER))


def find_account(ctx, params):
    """The account `id` names, or `account` in `domainid`, once the caller may act on it."""
    if params.get("id"):
        account = ctx.lookup("account", "id")
    else:
        if not params.get("account") or not params.get("domainid"):
            raise exceptions.invalid("Either id or account name and domain id are required")
        domain = ctx.lookup("domain", "domainid")
        account = ctx.store.first("account", name=params["account"], domainid=domain["id"])
        if account is None or account["accounttype"] == ACCOUNT_TYPE_PROJECT:
            raise exceptions.invalid("Unable to find account by name %s in domain %s"
                                     % (params["account"], domain["id"]))
    ctx.check_access(account)
    return account


def remove_account(store, account):
    for kind in TABLES_OWNED:
        for record in store.all(kind):
            if record.get("_accountid") == account["id"]:
                if kind == "publicipaddress":
                    release_ip(store, record)
                else:
                    store.delete(kind, record["id"])
    for user in store.find("user", accountid=account["id"]):
        store.delete("user", user["id"])
    store.delete("account", account["id"])


@command("deleteAccount")
def delete_account(ctx, params):
    ctx.require_admin()
    account = ctx.lookup("account", "id")
    ctx.check_access(account)
    if is_system_account(ctx.store, account):
        raise exceptions.permission_denied("Account id : %s is a system account, delete is not allowed"
                                           % account["id"])
    if account["id"] == ctx.account["id"]:
        raise exceptions.invalid("Deletion of account %s is not allowed: it is the caller's account" % account["name"])
    return Job("accounts.delete", {"id": account["id"]}, "Account", account["id"])


@finisher("accounts.delete")
def finish_delete_account(store, args):
    account = store.get("account", args["id"])
    if account:
        remove_account(store, account)
    return {"success": True}


@command("disableAccount")
def disable_account(ctx, params):
    """lock=true locks an enabled account (a locked one stays; DisableAccountCmd fails for any other state)."""
    ctx.require_admin()
    account = find_account(ctx, params)
    if is_system_account(ctx.store, account):
        raise exceptions.permission_denied("Account id : %s is a system account, disable is not allowed"
                                           % account["id"])
    if params.get("lock"):
        if account["state"] not in ("enabled", "locked"):
            raise exceptions.internal("Failed to lock account")
        account["state"] = "locked"
    else:
        account["state"] = "disabled"
    ctx.store.put("account", account)
    return Job("accounts.answer", {"id": account["id"]}, "Account", account["id"])


@command("enableAccount")
def enable_account(ctx, params):
    ctx.require_admin()
    account = find_account(ctx, params)
    account["state"] = "enabled"
    ctx.store.put("account", account)
    return {"account": view_account(ctx.store, account)}


@finisher("accounts.answer")
def finish_account(store, args):
    return {"account": view_account(store, store.get("account", args["id"]))}
