"""Roles and their ordered permission rules (CloudStack's org.apache.cloudstack.acl: RoleManagerImpl,
RolePermissionsDaoImpl), and which commands a caller's role lets it use (DynamicRoleBasedAPIAccessChecker)."""
import functools
import re

from .. import exceptions
from ..registry import Listing, access_check, command
from .common import filter_common, new_id, public, success

ROLE_TYPES = ("Admin", "ResourceAdmin", "DomainAdmin", "User")
RULE_PATTERN = re.compile(r"^[a-zA-Z0-9*]+$")


# Builders --------------------------------------------------------------------------------------

def make_role(store, spec, default=True):
    """A role and its permissions (rules in order); the default ones as data/roles.json has them."""
    role = store.put("role", {"id": new_id(), "name": spec["name"], "type": spec["type"],
                              "description": spec.get("description"), "isdefault": default,
                              "ispublic": spec.get("ispublic", True), "state": "ENABLED"})
    for entry in spec.get("permissions", ()):
        add_permission(store, role, entry["rule"], entry["permission"], entry.get("description"))
    return role


def add_permission(store, role, rule, permission, description=None):
    """A rule appended after the role's last one (RolePermissionsDaoImpl.persist)."""
    order = max([p["_order"] for p in rules_of(store, role)] or [-1]) + 1
    return store.put("rolepermission", {"id": new_id(), "roleid": role["id"], "rolename": role["name"], "rule": rule,
                                        "permission": permission, "description": description, "_order": order})


def rules_of(store, role):
    """The role's permissions in the order CloudStack evaluates them."""
    return sorted(store.find("rolepermission", roleid=role["id"]), key=lambda p: p["_order"])


# The access check ------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def rule_pattern(rule):
    """Rule.matches: case-insensitive, `*` matching any run of word characters (CloudStack's pattern without its
    nested repetition, which backtracks for long: command names hold no `*`)."""
    return re.compile(rule.lower().replace("*", r"\w*") + "$")


def first_match(rules, name):
    """allow/deny of the first rule matching the command, or None when none does."""
    lowered = name.lower()
    for rule in rules:
        if rule_pattern(rule["rule"]).match(lowered):
            return rule["permission"] == "allow"
    return None


def allows(store, account, name):
    """Whether the account's role lets it call the command (first matching rule wins)."""
    role = store.get("role", account.get("roleid"))
    if role is None:
        return account["accounttype"] == 1  # an account from before roles: the built-in admin
    if role["isdefault"] and role["type"] == "Admin":
        return True  # the Root Admin role: every API
    allowed = first_match(rules_of(store, role), name)
    # No rule matched: CloudStack falls back to the command's @APICommand(authorized=...) role types, which the
    # simulator's handlers check themselves (root-admin-only commands answer 432 to the others).
    return True if allowed is None else allowed


@access_check
def check_api(sim, user, name):
    account = sim.store.get("account", user["accountid"])
    if not allows(sim.store, account, name):
        raise exceptions.unavailable_command(name, account["name"])


# Roles -----------------------------------------------------------------------------------------

def role_type(value):
    match = [t for t in ROLE_TYPES if t.lower() == (value or "").lower()]
    if not match:
        raise exceptions.invalid("Invalid role type provided")
    return match[0]


def caller_role(ctx):
    """RoleManagerImpl.checkCallerAccess: only callers of an Admin role type manage roles."""
    role = ctx.store.get("role", ctx.account.get("roleid"))
    if role is None or role["type"] != "Admin":
        raise exceptions.permission_denied("Restricted API called by a user account of non-Admin role type")


def found_role(ctx, name="id"):
    """RoleManagerImpl.findRole: Admin-type roles are seen by root admins only."""
    role = ctx.lookup("role", name)
    if role and role["type"] == "Admin" and not ctx.is_root_admin:
        raise exceptions.invalid("Invalid role id provided")
    return role


@command("listRoles")
def list_roles(ctx, params):
    roles = ctx.store.all("role")
    if not ctx.is_root_admin:
        roles = [r for r in roles if r["type"] != "Admin" and r["ispublic"]]
    roles = filter_common(ctx, roles, params, keyword_fields=("name", "description"))
    if params.get("type"):
        roles = [r for r in roles if r["type"].lower() == params["type"].lower()]
    return Listing(roles, public)


@command("createRole")
def create_role(ctx, params):
    caller_role(ctx)
    if params.get("type") and params.get("roleid"):
        raise exceptions.invalid("Both role type and role ID should not be specified")
    if not params.get("type") and not params.get("roleid"):
        raise exceptions.invalid("Neither role type nor role ID is provided")
    spec = {"name": params["name"], "description": params.get("description"), "ispublic": params.get("ispublic", True)}
    base = found_role(ctx, "roleid")
    if base:
        spec.update(type=base["type"], permissions=rules_of(ctx.store, base))
    else:
        spec["type"] = role_type(params["type"])
    return {"role": public(make_role(ctx.store, spec, default=False))}


@command("importRole")
def import_role(ctx, params):
    """A role with its rules given as a map; `forced` replaces the rules of a role of that name and type."""
    caller_role(ctx)
    kind = role_type(params.get("type"))
    rules = [checked_rule(entry) for _index, entry in sorted(params["rules"].items())] if isinstance(
        params["rules"], dict) else [checked_rule(entry) for entry in params["rules"]]
    same_name = [r for r in ctx.store.all("role") if r["name"] == params["name"]]
    if same_name and not params.get("forced"):
        raise exceptions.internal("Role already exists")
    existing = next((r for r in same_name if r["type"] == kind), None)
    if existing and existing["isdefault"]:
        raise exceptions.internal("Failed to import the role: %s, default role cannot be overriden" % params["name"])
    if existing:
        for rule in rules_of(ctx.store, existing):
            ctx.store.delete("rolepermission", rule["id"])
        existing.update(description=params.get("description"), ispublic=params.get("ispublic", existing["ispublic"]))
        role = ctx.store.put("role", existing)
        for entry in rules:
            add_permission(ctx.store, role, entry["rule"], entry["permission"], entry.get("description"))
    else:
        role = make_role(ctx.store, {"name": params["name"], "type": kind, "description": params.get("description"),
                                     "ispublic": params.get("ispublic", True), "permissions": rules}, default=False)
    return {"role": public(role)}


def checked_rule(entry):
    check_rule(entry.get("rule"))
    return dict(entry, permission=checked_permission(entry.get("permission")))


@command("updateRole")
def update_role(ctx, params):
    caller_role(ctx)
    role = found_role(ctx)
    if role["isdefault"]:
        raise exceptions.permission_denied("Default roles cannot be updated")
    if params.get("type"):
        kind = role_type(params["type"])
        if kind != role["type"] and in_use(ctx.store, role):
            raise exceptions.permission_denied("Found accounts that have role in use, won't allow to change role type")
        role["type"] = kind
    if params.get("name"):
        role["name"] = params["name"]
        for rule in rules_of(ctx.store, role):
            rule["rolename"] = role["name"]
            ctx.store.put("rolepermission", rule)
    if params.get("description"):
        role["description"] = params["description"]
    if params.get("ispublic") is not None:
        role["ispublic"] = params["ispublic"]
    ctx.store.put("role", role)
    return {"role": public(role)}


def in_use(store, role):
    return any(a.get("roleid") == role["id"] for a in store.all("account"))


@command("deleteRole")
def delete_role(ctx, params):
    caller_role(ctx)
    role = found_role(ctx)
    if role["isdefault"]:
        raise exceptions.permission_denied("Default roles cannot be deleted")
    if in_use(ctx.store, role):
        raise exceptions.permission_denied("Found accounts that have role in use, won't allow to delete role")
    for rule in rules_of(ctx.store, role):
        ctx.store.delete("rolepermission", rule["id"])
    ctx.store.delete("role", role["id"])
    return success()


# Permissions -----------------------------------------------------------------------------------

def check_rule(rule):
    if not rule or not RULE_PATTERN.match(rule):
        raise exceptions.invalid("Only API names and wildcards are allowed, invalid rule provided: %s" % rule)


def checked_permission(value):
    if (value or "").lower() not in ("allow", "deny"):
        raise exceptions.ApiError(exceptions.PARAM_ERROR, "Values for permission parameter should be: allow or deny")
    return value.lower()


@command("listRolePermissions")
def list_role_permissions(ctx, params):
    """The rules of a role (or of every role), in the order CloudStack evaluates them."""
    ctx.require_root_admin()
    if params.get("roleid"):
        permissions = rules_of(ctx.store, found_role(ctx, "roleid"))
    else:
        permissions = sorted(ctx.store.all("rolepermission"), key=lambda p: (p["roleid"], p["_order"]))
    return Listing(permissions, public)


@command("createRolePermission")
def create_role_permission(ctx, params):
    caller_role(ctx)
    role = found_role(ctx, "roleid")
    check_rule(params["rule"])
    permission = checked_permission(params["permission"])
    if role["isdefault"]:
        raise exceptions.permission_denied("Role permission cannot be added for Default roles")
    if ctx.store.first("rolepermission", roleid=role["id"], rule=params["rule"]):
        raise exceptions.permission_denied("Rule already exists for the role: %s" % role["name"])
    rule = add_permission(ctx.store, role, params["rule"], permission, params.get("description"))
    return {"rolepermission": public(rule)}


@command("updateRolePermission")
def update_role_permission(ctx, params):
    """Either a new order of all the role's rules (`ruleorder`), or one rule's permission."""
    caller_role(ctx)
    role = found_role(ctx, "roleid")
    if params.get("ruleorder") is not None:
        if params.get("ruleid") or params.get("permission"):
            raise exceptions.ApiError(exceptions.PARAM_ERROR,
                                      "Parameters permission and ruleid must be mutually exclusive with ruleorder")
        reorder(ctx, role, params["ruleorder"])
    elif params.get("ruleid") and params.get("permission"):
        permission = checked_permission(params["permission"])
        rule = ctx.store.get("rolepermission", params["ruleid"])
        if rule is None:
            raise exceptions.ApiError(exceptions.PARAM_ERROR, "Invalid rule id provided")
        refuse_default(role)
        if rule["roleid"] != role["id"]:
            return {"success": "false"}
        rule["permission"] = permission
        ctx.store.put("rolepermission", rule)
    else:
        return {"success": "false"}
    return success()


def refuse_default(role):
    if role["isdefault"]:
        raise exceptions.permission_denied("Role permission cannot be updated for Default roles")


def reorder(ctx, role, ids):
    rules = []
    for oid in ids:
        rule = ctx.store.get("rolepermission", oid)
        if rule is None:
            raise exceptions.ApiError(exceptions.PARAM_ERROR, "Provided role permission(s) do not exist")
        rules.append(rule)
    refuse_default(role)
    current = rules_of(ctx.store, role)
    if len(rules) != len(current) or set(r["id"] for r in rules) != set(r["id"] for r in current):
        raise exceptions.internal("The role's rule permissions list has changed while you were making updates, "
                                  "aborted re-ordering of rules. Please try again.")
    for order, rule in enumerate(rules):
        rule["_order"] = order
        ctx.store.put("rolepermission", rule)


@command("deleteRolePermission")
def delete_role_permission(ctx, params):
    caller_role(ctx)
    rule = ctx.lookup("rolepermission", "id")
    if ctx.store.get("role", rule["roleid"])["isdefault"]:
        raise exceptions.permission_denied("Role permission cannot be deleted for Default roles")
    ctx.store.delete("rolepermission", rule["id"])
    return success()
