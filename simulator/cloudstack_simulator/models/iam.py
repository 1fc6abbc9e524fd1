"""Domains, accounts, users and projects."""
import secrets

from .. import exceptions, signing
from ..context import ACCOUNT_TYPE_ADMIN, ACCOUNT_TYPE_DOMAIN_ADMIN, ACCOUNT_TYPE_PROJECT, ACCOUNT_TYPE_USER
from ..registry import Job, Listing, command, finisher
from . import limits
from .common import domain_subtree, filter_common, new_id, now, public, resolve_owner, success, with_tags
from .network import make_security_group
from .publicips import release_ip

ROLES = {ACCOUNT_TYPE_ADMIN: "Admin", ACCOUNT_TYPE_DOMAIN_ADMIN: "DomainAdmin", ACCOUNT_TYPE_USER: "User",
         ACCOUNT_TYPE_PROJECT: "User"}
ROLE_NAMES = {"Admin": "Root Admin", "DomainAdmin": "Domain Admin", "User": "User"}


# Builders (used by the sandbox and the commands) ------------------------------------------------

def make_domain(store, name, parent=None, networkdomain=None):
    oid = new_id()
    if parent is None:
        path, public_path, level = "/", "ROOT", 0
    else:
        path, public_path, level = parent["_path"] + name + "/", parent["path"] + "/" + name, parent["level"] + 1
        parent["haschild"] = True
        store.put("domain", parent)
    domain = {"id": oid, "name": name, "level": level, "path": public_path, "haschild": False,
              "state": "Active", "created": now(), "networkdomain": networkdomain, "_path": path}
    if parent:
        domain.update(parentdomainid=parent["id"], parentdomainname=parent["name"])
    return store.put("domain", domain)


def make_account(store, name, domain, accounttype=ACCOUNT_TYPE_USER, networkdomain=None, default_security_group=True):
    role = ROLES[accounttype]
    role_record = store.first("role", type=role)
    account = {"id": new_id(), "name": name, "accounttype": accounttype, "roletype": role,
               "roleid": role_record["id"] if role_record else None, "rolename": ROLE_NAMES[role],
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


def make_user(store, account, username, password, firstname="", lastname="", email=None, keys=False):
    domain = store.get("domain", account["domainid"])
    user = {"id": new_id(), "username": username, "firstname": firstname, "lastname": lastname, "email": email,
            "accountid": account["id"], "account": account["name"], "accounttype": account["accounttype"],
            "roleid": account["roleid"], "rolename": account["rolename"], "roletype": account["roletype"],
            "domainid": domain["id"], "domain": domain["name"], "state": "enabled", "created": now(),
            "timezone": None, "isdefault": False, "usersource": "native", "is2faenabled": False,
            "_password": signing.hash_password(password), "apikey": None, "secretkey": None}
    if keys:
        generate_keys(user)
    return store.put("user", user)


def generate_keys(user):
    user["apikey"] = secrets.token_urlsafe(64)
    user["secretkey"] = secrets.token_urlsafe(64)


# Views -----------------------------------------------------------------------------------------

def view_domain(store, domain):
    out = dict(public(domain), **limits.domain_figures(store, domain))
    out["haschild"] = any(d.get("parentdomainid") == domain["id"] for d in store.all("domain"))
    return out


def view_account(store, account):
    out = dict(public(account), **limits.account_figures(store, account))
    users = store.find("user", accountid=account["id"])
    out["user"] = [view_user(u) for u in users]
    vms = [v for v in store.all("virtualmachine") if v.get("_accountid") == account["id"] and v["state"] != "Expunging"]
    out.update(vmtotal=len(vms), vmrunning=sum(v["state"] == "Running" for v in vms),
               vmstopped=sum(v["state"] == "Stopped" for v in vms))
    return out


def view_user(user):
    out = public(user)
    out.pop("secretkey", None)
    return out


def view_project(store, project):
    out = dict(with_tags(store, project), **limits.project_figures(store, project))
    out["owner"] = [{"account": store.get("account", a)["name"]} for a in project["_members"][:1]]
    return out


# Domains ---------------------------------------------------------------------------------------

@command("listDomains")
def list_domains(ctx, params):
    """Like QueryManagerImpl: the given (or the caller's) domain, its subtree with listall/isrecursive."""
    store = ctx.store
    base = ctx.lookup("domain", "id") or store.get("domain", ctx.account["domainid"])
    ctx.check_domain(base["id"])
    if params.get("listall") or params.get("isrecursive"):
        domains = [d for d in store.all("domain") if d["_path"].startswith(base["_path"])]
    else:
        domains = [base]
    if "level" in params:
        domains = [d for d in domains if d["level"] == params["level"]]
    domains = filter_common(ctx, domains, dict(params, id=None))
    return Listing(domains, lambda d: view_domain(store, d))


@command("createDomain")
def create_domain(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    parent = ctx.lookup("domain", "parentdomainid") or store.first("domain", _path="/")
    for sibling in store.find("domain", parentdomainid=parent["id"]):
        if sibling["name"].lower() == params["name"].lower():
            raise exceptions.invalid("Domain with name %s already exists for the parent id=%s"
                                     % (params["name"], parent["id"]))
    domain = make_domain(store, params["name"], parent, params.get("networkdomain"))
    return {"domain": view_domain(store, domain)}


@command("updateDomain")
def update_domain(ctx, params):
    ctx.require_root_admin()
    domain = ctx.lookup("domain", "id")
    if params.get("name"):
        domain["name"] = params["name"]
    if "networkdomain" in params:
        domain["networkdomain"] = params["networkdomain"] or None
    ctx.store.put("domain", domain)
    return {"domain": view_domain(ctx.store, domain)}


@command("deleteDomain")
def delete_domain(ctx, params):
    ctx.require_root_admin()
    domain = ctx.lookup("domain", "id")
    if domain["_path"] == "/":
        raise exceptions.permission_denied("Can't delete ROOT domain")
    cleanup = params.get("cleanup", False)
    subtree = domain_subtree(ctx.store, domain["id"])
    accounts = [a for a in ctx.store.all("account") if a["domainid"] in subtree]
    if accounts and not cleanup:
        raise exceptions.in_use("Can't delete the domain yet because it has %d accounts that need to be cleaned up"
                                % len(accounts))
    return Job("iam.delete_domain", {"id": domain["id"]}, "Domain", domain["id"])


@finisher("iam.delete_domain")
def finish_delete_domain(store, args):
    for domainid in domain_subtree(store, args["id"]):
        for account in store.find("account", domainid=domainid):
            remove_account(store, account)
        store.delete("domain", domainid)
    return {"success": True}


# Accounts and users ----------------------------------------------------------------------------

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
    if not is_admin:
        accounts = [a for a in accounts if a["accounttype"] != ACCOUNT_TYPE_DOMAIN_ADMIN]
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


@command("createAccount")
def create_account(ctx, params):
    store = ctx.store
    domain = ctx.lookup("domain", "domainid") or store.get("domain", ctx.account["domainid"])
    ctx.check_domain(domain["id"])
    name = params.get("account") or params["username"]
    if store.first("account", name=name, domainid=domain["id"]):
        raise exceptions.invalid("The specified account: %s already exists" % name)
    if store.first("user", username=params["username"], domainid=domain["id"]):
        raise exceptions.invalid("The user %s already exists in domain %s" % (params["username"], domain["name"]))
    accounttype = params.get("accounttype")
    role = ctx.lookup("role", "roleid")
    if role is not None:
        accounttype = {"Admin": 1, "DomainAdmin": 2, "User": 0}.get(role["type"], 0)
    if accounttype is None:
        raise exceptions.invalid("Either account type or role ID must be given")
    if accounttype not in (0, 1, 2):
        raise exceptions.invalid("Invalid account type %s given; unable to create user" % accounttype)
    if accounttype == ACCOUNT_TYPE_ADMIN and not ctx.is_root_admin:
        raise exceptions.permission_denied("Only root admin can create root admin accounts")
    account = make_account(store, name, domain, accounttype, params.get("networkdomain"))
    if role is not None:  # the given role, not the default one of its type
        account.update(roleid=role["id"], rolename=role["name"], roletype=role["type"])
        store.put("account", account)
    make_user(store, account, params["username"], params["password"], params.get("firstname", ""),
              params.get("lastname", ""), params.get("email"))
    return {"account": view_account(store, account)}


@command("updateAccount")
def update_account(ctx, params):
    account = find_account(ctx, params)
    if params.get("newname"):
        if ctx.store.first("account", name=params["newname"], domainid=account["domainid"]):
            raise exceptions.invalid("The specified account: %s already exists" % params["newname"])
        account["name"] = params["newname"]
        for user in ctx.store.find("user", accountid=account["id"]):
            user["account"] = account["name"]
            ctx.store.put("user", user)
    if "networkdomain" in params:
        account["networkdomain"] = params["networkdomain"] or None
    ctx.store.put("account", account)
    return {"account": view_account(ctx.store, account)}


def find_account(ctx, params):
    if params.get("id"):
        account = ctx.lookup("account", "id")
    else:
        if not params.get("account") or not params.get("domainid"):
            raise exceptions.invalid("Either id or account name and domain id are required")
        domain = ctx.lookup("domain", "domainid")
        account = ctx.store.first("account", name=params["account"], domainid=domain["id"])
        if account is None:
            raise exceptions.invalid("Unable to find account by name %s in domain %s"
                                     % (params["account"], domain["id"]))
    ctx.check_access(account)
    return account


def remove_account(store, account):
    for kind in ("virtualmachine", "network", "securitygroup", "affinitygroup", "sshkeypair", "publicipaddress",
                 "tag"):
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
    account = ctx.lookup("account", "id")
    ctx.check_access(account)
    if account["name"] in ("admin", "system") and store_is_root(ctx, account):
        raise exceptions.permission_denied("Account id : %s is a system account, delete is not allowed"
                                           % account["id"])
    if account["id"] == ctx.account["id"]:
        raise exceptions.invalid("Deletion of account %s is not allowed: it is the caller's account" % account["name"])
    return Job("iam.delete_account", {"id": account["id"]}, "Account", account["id"])


def store_is_root(ctx, account):
    return ctx.store.get("domain", account["domainid"])["_path"] == "/"


@finisher("iam.delete_account")
def finish_delete_account(store, args):
    account = store.get("account", args["id"])
    if account:
        remove_account(store, account)
    return {"success": True}


def set_account_state(ctx, params, state):
    account = find_account(ctx, params)
    if account["name"] in ("admin", "system") and store_is_root(ctx, account):
        raise exceptions.permission_denied("Account id : %s is a system account, disable is not allowed"
                                           % account["id"])
    account["state"] = state
    ctx.store.put("account", account)
    return account


@command("disableAccount")
def disable_account(ctx, params):
    account = set_account_state(ctx, params, "locked" if params.get("lock") else "disabled")
    return Job("iam.account", {"id": account["id"]}, "Account", account["id"])


@command("enableAccount")
def enable_account(ctx, params):
    return {"account": view_account(ctx.store, set_account_state(ctx, params, "enabled"))}


@finisher("iam.account")
def finish_account(store, args):
    return {"account": view_account(store, store.get("account", args["id"]))}


@command("listUsers")
def list_users(ctx, params):
    store = ctx.store
    users = store.all("user")
    if ctx.account["accounttype"] == ACCOUNT_TYPE_USER:
        users = [u for u in users if u["accountid"] == ctx.account["id"]]
    else:
        domain = ctx.lookup("domain", "domainid") or store.get("domain", ctx.account["domainid"])
        ctx.check_domain(domain["id"])
        recursive = params.get("isrecursive") or params.get("listall") or not params.get("domainid")
        subtree = domain_subtree(store, domain["id"]) if recursive else {domain["id"]}
        users = [u for u in users if u["domainid"] in subtree]
    if params.get("account"):
        users = [u for u in users if u["account"] == params["account"]]
    if params.get("username"):
        users = [u for u in users if u["username"] == params["username"]]
    if "accounttype" in params:
        users = [u for u in users if u["accounttype"] == params["accounttype"]]
    keyword_fields = ("username", "firstname", "lastname", "email")
    users = filter_common(ctx, users, params, name_field="username", keyword_fields=keyword_fields)
    return Listing(users, view_user)


@command("createUser")
def create_user(ctx, params):
    store = ctx.store
    domain = ctx.lookup("domain", "domainid") or store.get("domain", ctx.account["domainid"])
    account = store.first("account", name=params["account"], domainid=domain["id"])
    if account is None:
        raise exceptions.invalid("Unable to find account %s in domain id=%s" % (params["account"], domain["id"]))
    ctx.check_access(account)
    if store.first("user", username=params["username"], domainid=domain["id"]):
        raise exceptions.invalid("The user %s already exists in domain %s" % (params["username"], domain["name"]))
    user = make_user(store, account, params["username"], params["password"], params.get("firstname", ""),
                     params.get("lastname", ""), params.get("email"))
    return {"user": view_user(user)}


@command("updateUser")
def update_user(ctx, params):
    user = ctx.lookup("user", "id")
    ctx.check_access(ctx.store.get("account", user["accountid"]))
    for field in ("firstname", "lastname", "email", "timezone", "username"):
        if params.get(field) is not None:
            user[field] = params[field]
    if params.get("password"):
        user["_password"] = signing.hash_password(params["password"])
    if params.get("userapikey") and params.get("usersecretkey"):
        user["apikey"], user["secretkey"] = params["userapikey"], params["usersecretkey"]
    ctx.store.put("user", user)
    return {"user": view_user(user)}


@command("deleteUser")
def delete_user(ctx, params):
    user = ctx.lookup("user", "id")
    if user["id"] == ctx.user["id"]:
        raise exceptions.invalid("Deletion of user %s is not allowed: it is the caller" % user["username"])
    ctx.check_access(ctx.store.get("account", user["accountid"]))
    ctx.store.delete("user", user["id"])
    return success()


@command("disableUser", "enableUser", "lockUser")
def set_user_state(ctx, params):
    user = ctx.lookup("user", "id")
    ctx.check_access(ctx.store.get("account", user["accountid"]))
    user["state"] = {"disableUser": "disabled", "enableUser": "enabled", "lockUser": "locked"}[ctx.command]
    ctx.store.put("user", user)
    if ctx.command == "disableUser":
        return Job("iam.user", {"id": user["id"]}, "User", user["id"])
    return {"user": view_user(user)}


@finisher("iam.user")
def finish_user(store, args):
    return {"user": view_user(store.get("user", args["id"]))}


@command("registerUserKeys")
def register_user_keys(ctx, params):
    user = ctx.lookup("user", "id")
    ctx.check_access(ctx.store.get("account", user["accountid"]))
    generate_keys(user)
    ctx.store.put("user", user)
    return {"userkeys": {"apikey": user["apikey"], "secretkey": user["secretkey"]}}


@command("getUserKeys")
def get_user_keys(ctx, params):
    user = ctx.lookup("user", "id")
    ctx.check_access(ctx.store.get("account", user["accountid"]))
    return {"userkeys": {"apikey": user["apikey"], "secretkey": user["secretkey"]}}


# Projects --------------------------------------------------------------------------------------

def make_project(store, name, displaytext, owner):
    domain = store.get("domain", owner["domainid"])
    project = {"id": new_id(), "name": name, "displaytext": displaytext, "domainid": domain["id"],
               "domain": domain["name"], "state": "Active", "created": now(), "_members": [owner["id"]]}
    project_account = make_account(store, "PrjAcct-%s-%s" % (name, project["id"][:8]), domain, ACCOUNT_TYPE_PROJECT)
    project["_accountid"] = project_account["id"]
    project["projectaccountname"] = project_account["name"]
    store.put("project", project)
    make_default_security_group(store, project_account, project)
    return project


@command("listProjects")
def list_projects(ctx, params):
    store = ctx.store
    projects = ctx.visible_projects()
    if params.get("account"):
        account = store.first("account", name=params["account"],
                              domainid=params.get("domainid") or ctx.account["domainid"])
        projects = [p for p in projects if account and account["id"] in p["_members"]]
    if params.get("domainid"):
        domain = ctx.lookup("domain", "domainid")
        subtree = domain_subtree(store, domain["id"]) if params.get("isrecursive") else {domain["id"]}
        projects = [p for p in projects if p["domainid"] in subtree]
    if params.get("displaytext"):
        projects = [p for p in projects if p["displaytext"] == params["displaytext"]]
    projects = filter_common(ctx, projects, params, keyword_fields=("name", "displaytext"))
    return Listing(projects, lambda p: view_project(store, p))


@command("createProject")
def create_project(ctx, params):
    store = ctx.store
    owner = resolve_owner(ctx, dict(params, projectid=None))[0]
    limits.charge(store, owner, "project")
    for project in store.all("project"):
        if project["name"].lower() == params["name"].lower() and project["domainid"] == owner["domainid"]:
            raise exceptions.invalid("Project with name %s already exists in domain id=%s"
                                     % (params["name"], owner["domainid"]))
    project = make_project(store, params["name"], params.get("displaytext") or params["name"], owner)
    return Job("iam.project", {"id": project["id"]}, "Project", project["id"])


@finisher("iam.project")
def finish_project(store, args):
    return {"project": view_project(store, store.get("project", args["id"]))}


@command("updateProject")
def update_project(ctx, params):
    project = ctx.lookup("project", "id")
    ctx.check_access(ctx.store.get("account", project["_members"][0]))
    if params.get("displaytext") is not None:
        project["displaytext"] = params["displaytext"]
    if params.get("name"):
        project["name"] = params["name"]
    ctx.store.put("project", project)
    return Job("iam.project", {"id": project["id"]}, "Project", project["id"])


@command("suspendProject", "activateProject")
def change_project_state(ctx, params):
    project = ctx.lookup("project", "id")
    ctx.check_access(ctx.store.get("account", project["_members"][0]))
    project["state"] = "Suspended" if ctx.command == "suspendProject" else "Active"
    ctx.store.put("project", project)
    return Job("iam.project", {"id": project["id"]}, "Project", project["id"])


@command("deleteProject")
def delete_project(ctx, params):
    project = ctx.lookup("project", "id")
    ctx.check_access(ctx.store.get("account", project["_members"][0]))
    if not params.get("cleanup"):
        owned = [v for v in ctx.store.all("virtualmachine") if v.get("_accountid") == project["_accountid"]]
        owned += [n for n in ctx.store.all("network") if n.get("_accountid") == project["_accountid"]]
        if owned:
            raise exceptions.invalid("Please clean up all the resources of the project id=%s before deleting it, "
                                     "or set cleanup to true" % project["id"])
    return Job("iam.delete_project", {"id": project["id"]}, "Project", project["id"])


@finisher("iam.delete_project")
def finish_delete_project(store, args):
    project = store.get("project", args["id"])
    if project:
        remove_account(store, store.get("account", project["_accountid"]))
        for tag in list(store.tags_of(project["id"])):
            store.delete("tag", tag["id"])
        store.delete("project", project["id"])
    return {"success": True}
