"""Users (listUsers, createUser, updateUser, enable/disable/lockUser, deleteUser) and their API keys
(registerUserKeys, getUserKeys): the people of an account; AccountManagerImpl's rules and texts."""
import secrets

from .. import exceptions, signing
from ..context import ACCOUNT_TYPE_PROJECT, ACCOUNT_TYPE_USER
from ..registry import Job, Listing, command, finisher
from .common import domain_subtree, filter_common, new_id, now, public, setting, success

API_KEY_ACCESS = {"ENABLED": True, "DISABLED": False, "INHERIT": None}  # ApiConstants.ApiKeyAccess


def make_user(store, account, username, password, firstname="", lastname="", email=None, keys=False, timezone=None):
    user = {"id": new_id(), "username": username, "firstname": firstname, "lastname": lastname, "email": email,
            "accountid": account["id"], "domainid": account["domainid"], "state": "enabled", "created": now(), "timezone": timezone,
            "isdefault": False, "usersource": "native", "is2faenabled": False,
            "_password": signing.hash_password(password), "apikey": None, "secretkey": None}
    if keys:
        generate_keys(user)
    return store.put("user", user)


def api_key_access(params):
    """An update's apikeyaccess (Enabled, Disabled or Inherit, any case) as CloudStack stores it: True, False or None
    (AccountManagerImpl.validateAndUpdateUserApiKeyAccess, validateAndUpdateAccountApiKeyAccess)."""
    value = str(params["apikeyaccess"]).upper()
    if value not in API_KEY_ACCESS:
        raise exceptions.invalid("ApiKeyAccess value can only be Enabled/Disabled/Inherit")
    return API_KEY_ACCESS[value]


def api_key_access_view(record):
    """The apikeyaccess response field: ApiConstants.ApiKeyAccess's name for the stored value."""
    return dict((stored, name) for name, stored in API_KEY_ACCESS.items())[record.get("_apikeyaccess")]


def generate_keys(user):
    user["apikey"] = secrets.token_urlsafe(64)
    user["secretkey"] = secrets.token_urlsafe(64)


def view_user(store, user):
    """A user as listed: its account's name, type, role and domain, never its secret key."""
    account = store.get("account", user["accountid"])
    out = public(user)
    out.pop("secretkey", None)
    out.update(apikeyaccess=api_key_access_view(user), is2famandated=mandated_2fa(store, account["domainid"]),
               account=account["name"], accounttype=account["accounttype"], roleid=account["roleid"],
               rolename=account["rolename"], roletype=account["roletype"], domainid=account["domainid"],
               domain=store.get("domain", account["domainid"])["name"])
    return public(out)


def mandated_2fa(store, domainid):
    """is2famandated: the domain's enable.user.2fa and mandate.user.2fa both true (UserAccountJoinDaoImpl)."""
    return all(str(setting(store, name, domainid)).lower() == "true" for name in ("enable.user.2fa", "mandate.user.2fa"))


def account_of(store, user):
    return store.get("account", user["accountid"])


def is_system(store, user):
    account = account_of(store, user)
    return account["name"] == "system" and store.get("domain", account["domainid"])["_path"] == "/"


def owned_user(ctx):
    """The user `id` names, once the caller may act on its account (project accounts' users are not found)."""
    user = ctx.lookup("user", "id")
    account = account_of(ctx.store, user)
    if account["accounttype"] == ACCOUNT_TYPE_PROJECT:
        raise exceptions.invalid("Unable to find user by id")
    ctx.check_access(account)
    return user, account


@command("listUsers")
def list_users(ctx, params):
    """A user sees the users of its account; an admin those of its domain subtree (of `domainid`); the system
    user is never listed (QueryManagerImpl.searchForUsersInternal)."""
    store = ctx.store
    users = [u for u in store.all("user") if account_of(store, u)["accounttype"] != ACCOUNT_TYPE_PROJECT and not is_system(store, u)]
    if ctx.account["accounttype"] == ACCOUNT_TYPE_USER:
        users = [u for u in users if u["accountid"] == ctx.account["id"]]
    else:
        domain = ctx.lookup("domain", "domainid") or store.get("domain", ctx.account["domainid"])
        ctx.check_domain(domain["id"])
        recursive = params.get("isrecursive") or params.get("listall") or not params.get("domainid")
        subtree = domain_subtree(store, domain["id"]) if recursive else {domain["id"]}
        users = [u for u in users if u["domainid"] in subtree]
    if params.get("account"):
        users = [u for u in users if account_of(store, u)["name"] == params["account"]]
    if params.get("username"):
        users = [u for u in users if u["username"] == params["username"]]
    if "accounttype" in params:
        users = [u for u in users if account_of(store, u)["accounttype"] == params["accounttype"]]
    keyword_fields = ("username", "firstname", "lastname", "email")
    users = filter_common(ctx, users, params, name_field="username", keyword_fields=keyword_fields)
    return Listing(users, lambda u: view_user(store, u))


@command("createUser")
def create_user(ctx, params):
    ctx.require_admin()
    store = ctx.store
    domain = ctx.lookup("domain", "domainid") or store.first("domain", _path="/")
    ctx.check_domain(domain["id"])
    account = store.first("account", name=params["account"], domainid=domain["id"])
    if account is None or account["accounttype"] == ACCOUNT_TYPE_PROJECT:
        raise exceptions.invalid("Unable to find account %s in domain %s to create user"
                                 % (params["account"], domain["name"]))
    ctx.check_access(account)
    if store.first("user", username=params["username"], domainid=domain["id"]):
        raise exceptions.internal("The user %s already exists in domain %s" % (params["username"], domain["id"]))
    user = make_user(store, account, params["username"], params["password"], params["firstname"],
                     params["lastname"], params["email"], timezone=params.get("timezone"))
    return {"user": view_user(store, user)}


@command("updateUser")
def update_user(ctx, params):
    user, account = owned_user(ctx)
    if params.get("username") and params["username"] != user["username"]:
        if ctx.store.first("user", username=params["username"], domainid=account["domainid"]):
            raise exceptions.invalid("The user %s already exists in domain %s" % (params["username"], account["domainid"]))
    for field in ("firstname", "lastname", "email", "timezone", "username"):
        if params.get(field):
            user[field] = params[field]
    if "password" in params:
        if not params["password"].strip():
            raise exceptions.invalid("Password cannot be empty or blank.")
        user["_password"] = signing.hash_password(params["password"])
    if bool(params.get("userapikey")) != bool(params.get("usersecretkey")):
        raise exceptions.invalid("Please provide a userApiKey/userSecretKey pair")
    if params.get("userapikey"):
        user["apikey"], user["secretkey"] = params["userapikey"], params["usersecretkey"]
    if params.get("apikeyaccess") is not None:
        user["_apikeyaccess"] = api_key_access(params)
    if params.get("mandate2fa"):  # false changes nothing: only the user turns its 2FA off
        user["is2faenabled"] = True
    ctx.store.put("user", user)
    return {"user": view_user(ctx.store, user)}


@command("deleteUser")
def delete_user(ctx, params):
    ctx.require_admin()
    user, account = owned_user(ctx)
    if user["id"] == ctx.user["id"]:
        raise exceptions.invalid("Deletion of user %s is not allowed: it is the caller" % user["username"])
    ctx.store.delete("user", user["id"])
    return success()


@command("disableUser", "enableUser", "lockUser")
def set_user_state(ctx, params):
    """enableUser enables the user's account too; lockUser locks only an enabled user; disableUser answers by a job."""
    ctx.require_admin()
    user, account = owned_user(ctx)
    if is_system(ctx.store, user):
        raise exceptions.permission_denied("user id : %s is a system user, this operation is not allowed" % user["id"])
    if ctx.command == "lockUser" and user["state"] not in ("enabled", "locked"):
        raise exceptions.internal("Unable to lock user %s" % user["id"])  # only an enabled user is locked
    user["state"] = {"disableUser": "disabled", "enableUser": "enabled", "lockUser": "locked"}[ctx.command]
    ctx.store.put("user", user)
    if ctx.command == "enableUser" and account["state"] != "enabled":
        account["state"] = "enabled"
        ctx.store.put("account", account)
    if ctx.command == "disableUser":
        return Job("users.answer", {"id": user["id"]}, "User", user["id"])
    return {"user": view_user(ctx.store, user)}


@finisher("users.answer")
def finish_user(store, args):
    return {"user": view_user(store, store.get("user", args["id"]))}


@command("registerUserKeys")
def register_user_keys(ctx, params):
    user = owned_user(ctx)[0]
    generate_keys(user)
    ctx.store.put("user", user)
    return {"userkeys": {"apikey": user["apikey"], "secretkey": user["secretkey"]}}


@command("getUserKeys")
def get_user_keys(ctx, params):
    user = owned_user(ctx)[0]
    return {"userkeys": public({"apikey": user["apikey"], "secretkey": user["secretkey"]})}
