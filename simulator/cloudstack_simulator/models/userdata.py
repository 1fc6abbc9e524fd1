"""Registered user data (listUserData, registerUserData, deleteUserData): a named, base64 content with the names of
its variables (`params`), owned by an account or a project; instances deploy with it by `userdataid`. CloudStack
cannot update it; its name and its content are each unique per account (UserDataRegistryServiceImpl)."""
from .. import exceptions
from ..registry import command
from .common import resolve_owner
from .resource import Resource
from .virtualmachines import decode_userdata


def owner_account(store, record):
    return {"accountid": record["_accountid"]}


USERDATA = Resource("userdata", "userdata", "listUserData", computed=owner_account)


@command("registerUserData")
def register_user_data(ctx, params):
    account, project = resolve_owner(ctx, params)
    if USERDATA.named(ctx.store, account, params["name"]):
        raise exceptions.invalid("A userdata with name %s already exists for this account." % params["name"])
    same = ctx.store.first("userdata", _accountid=account["id"], userdata=params["userdata"])
    if same:
        raise exceptions.invalid("Userdata %s with same content already exists for this account." % same["name"])
    fields = {"name": params["name"], "userdata": decode_userdata(params["userdata"]), "params": params.get("params"),
              "hasannotations": False}
    return {"userdata": USERDATA.view(ctx.store, USERDATA.insert(ctx.store, fields, account, project))}


def in_use(ctx, userdata):
    if ctx.store.first("virtualmachine", userdataid=userdata["id"]):
        raise exceptions.internal("Userdata %s cannot be removed as it is being used by some instances"
                                  % userdata["name"])


USERDATA.delete_command("deleteUserData", refuse=in_use)
