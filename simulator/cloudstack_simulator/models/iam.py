"""Roles (make_role, listRoles, listRolePermissions); domains, accounts, users and projects have their own
families (domains.py, accounts.py, users.py, projects.py)."""
from ..registry import Listing, command
from .common import filter_common, new_id, public


def make_role(store, spec):
    """A default role and its permissions (rules in order), as data/roles.json has them."""
    role = store.put("role", {"id": new_id(), "name": spec["name"], "type": spec["type"],
                              "description": spec["description"], "isdefault": True, "ispublic": True,
                              "state": "ENABLED"})
    for order, entry in enumerate(spec["permissions"]):
        store.put("rolepermission", {"id": new_id(), "roleid": role["id"], "rolename": role["name"],
                                     "rule": entry["rule"], "permission": entry["permission"], "description": None,
                                     "_order": order})
    return role


@command("listRoles")
def list_roles(ctx, params):
    roles = filter_common(ctx, ctx.store.all("role"), params, keyword_fields=("name", "description"))
    if params.get("type"):
        roles = [r for r in roles if r["type"].lower() == params["type"].lower()]
    return Listing(roles, public)


@command("listRolePermissions")
def list_role_permissions(ctx, params):
    """The rules of a role (or of every role), in the order CloudStack evaluates them."""
    ctx.require_root_admin()
    permissions = ctx.store.all("rolepermission")
    if params.get("roleid"):
        role = ctx.lookup("role", "roleid")
        permissions = [p for p in permissions if p["roleid"] == role["id"]]
    return Listing(sorted(permissions, key=lambda p: (p["roleid"], p["_order"])), public)
