"""Resource limits and counts (CloudStack's ResourceLimitManagerImpl): limits of accounts (projects through
their project account) and domains, -1 for unlimited, the `max.account.*`/`max.project.*`/`max.domain.*`
settings when none is set; counts computed from what the tables hold. Other families call `charge` before
they create what counts, so that an owner over its limit gets CloudStack's 532."""
from .. import exceptions
from ..context import ACCOUNT_TYPE_ADMIN, ACCOUNT_TYPE_DOMAIN_ADMIN, ACCOUNT_TYPE_PROJECT
from ..registry import Listing, command
from .common import domain_subtree, new_id

UNLIMITED = -1
GB, MB = 1024 ** 3, 1024 ** 2
GONE = ("Destroyed", "Destroy", "Expunging", "Expunged", "Error", "Releasing", "Free")


class Type:
    """One of CloudStack's ResourceType values: its number and name, the prefix of the owner's
    `<prefix>total/available/limit` fields, the suffix of its `max.*` settings, its unit, and whether domains
    and accounts (or only domains, for projects) have limits of it."""

    def __init__(self, number, name, prefix, setting, unit=1, projects=True):
        self.number, self.name, self.prefix, self.setting, self.unit = number, name, prefix, setting, unit
        self.projects = projects  # a project can have a limit of this type


TYPES = [Type(0, "user_vm", "vm", "user.vms"), Type(1, "public_ip", "ip", "public.ips"),
         Type(2, "volume", "volume", "volumes"), Type(3, "snapshot", "snapshot", "snapshots"),
         Type(4, "template", "template", "templates"), Type(5, "project", "project", "projects", projects=False),
         Type(6, "network", "network", "networks"), Type(7, "vpc", "vpc", "vpcs"), Type(8, "cpu", "cpu", "cpus"),
         Type(9, "memory", "memory", "memory"), Type(10, "primary_storage", "primarystorage", "primary.storage", GB),
         Type(11, "secondary_storage", "secondarystorage", "secondary.storage", GB),
         Type(12, "backup", "backup", "backups"), Type(13, "backup_storage", "backupstorage", "backup.storage", GB),
         Type(14, "bucket", "bucket", "buckets"), Type(15, "object_storage", "objectstorage", "object.storage", GB),
         Type(16, "gpu", "gpu", "gpus")]
BY_NAME = {t.name: t for t in TYPES}


# Counts ----------------------------------------------------------------------------------------

def live(store, kind, accountids):
    return [r for r in store.all(kind) if r.get("_accountid") in accountids and r.get("state") not in GONE]


def user_vms(store, accountids):
    return [v for v in live(store, "virtualmachine", accountids) if v.get("vmtype", "User") == "User"]


COUNTERS = {
    "user_vm": lambda store, ids: len(user_vms(store, ids)),
    "cpu": lambda store, ids: sum(int(v.get("cpunumber") or 0) for v in user_vms(store, ids)),
    "memory": lambda store, ids: sum(int(v.get("memory") or 0) for v in user_vms(store, ids)),
    "volume": lambda store, ids: len(live(store, "volume", ids)),
    "primary_storage": lambda store, ids: sum(int(v.get("size") or 0) for v in live(store, "volume", ids)),
    "public_ip": lambda store, ids: len(live(store, "publicipaddress", ids)),
    "snapshot": lambda store, ids: len(live(store, "snapshot", ids)),
    "template": lambda store, ids: len(live(store, "template", ids)),
    "secondary_storage": lambda store, ids: sum(int(r.get("size") or 0) for kind in ("template", "snapshot")
                                                for r in live(store, kind, ids)),
    "network": lambda store, ids: len([n for n in live(store, "network", ids) if n.get("type") != "Shared"]),
    "vpc": lambda store, ids: len(live(store, "vpc", ids)),
    "project": lambda store, ids: len([p for p in store.all("project")
                                       for a in ids if p["_roles"].get(a) == "Admin"]),
}


def count(store, kind, accountids):
    """How much of the type the accounts hold, in the type's unit (GiB for storage, MiB for memory)."""
    counter = COUNTERS.get(kind.name)
    return counter(store, accountids) // kind.unit if counter else 0


def domain_accounts(store, domain):
    subtree = domain_subtree(store, domain["id"])
    return {a["id"] for a in store.all("account") if a["domainid"] in subtree}


# Limits ----------------------------------------------------------------------------------------

def explicit(store, ownerid, kind):
    record = store.first("resourcelimit", _ownerid=ownerid, resourcetype=kind.number)
    return record["max"] if record else None


def setting(store, scope, kind):
    record = store.first("configuration", name="max.%s.%s" % (scope, kind.setting))
    return int(record["value"]) if record and record.get("value") not in (None, "") else UNLIMITED


def account_limit(store, account, kind):
    """findCorrectResourceLimitForAccount: unlimited for root admins, else set, else the setting."""
    if account["accounttype"] == ACCOUNT_TYPE_ADMIN:
        return UNLIMITED
    held = explicit(store, account["id"], kind)
    if held is not None:
        return held
    return setting(store, "project" if account["accounttype"] == ACCOUNT_TYPE_PROJECT else "account", kind)


def domain_limit(store, domain, kind):
    """findCorrectResourceLimitForDomain: unlimited for ROOT, else set here or on a parent, else the setting."""
    if domain["_path"] == "/":
        return UNLIMITED
    current = domain
    while current and current["_path"] != "/":
        held = explicit(store, current["id"], kind)
        if held is not None:
            return held
        current = store.get("domain", current.get("parentdomainid"))
    return setting(store, "domain", kind)


def charge(store, account, kind, amount=1):
    """Before creating `amount` of a type (`kind` by name: user_vm, cpu, memory, volume, ...) for an account:
    CloudStack's 532 when the account (or project) or one of its domains would exceed its limit."""
    kind = BY_NAME[kind]
    if not amount:
        return
    amount = -(-amount // kind.unit)  # bytes -> GiB, rounded up
    limit = account_limit(store, account, kind)
    if limit != UNLIMITED and count(store, kind, {account["id"]}) + amount > limit:
        project = store.first("project", _accountid=account["id"])
        owner = "project name=%s" % project["name"] if project else "account name=%s" % account["name"]
        raise exceptions.resource_limit("Maximum number of resources of type '%s' for %s in domain id=%s has been "
                                        "exceeded." % (kind.name, owner, account["domainid"]))
    domain = store.get("domain", account["domainid"])
    while domain and domain["_path"] != "/":
        limit = domain_limit(store, domain, kind)
        if limit != UNLIMITED and count(store, kind, domain_accounts(store, domain)) + amount > limit:
            raise exceptions.resource_limit("Maximum number of resources of type '%s' for domain id=%s has been "
                                            "exceeded." % (kind.name, domain["id"]))
        domain = store.get("domain", domain.get("parentdomainid"))


def figures(store, limit_of, accountids, project=False):
    """The `<type>total`, `<type>available` and `<type>limit` fields of an account, domain or project."""
    out = {}
    for kind in TYPES:
        if project and not kind.projects:
            continue
        limit, total = limit_of(kind), count(store, kind, accountids)
        out[kind.prefix + "total"] = total
        out[kind.prefix + "limit"] = "Unlimited" if limit == UNLIMITED else str(limit)
        out[kind.prefix + "available"] = "Unlimited" if limit == UNLIMITED else str(max(limit - total, 0))
    return out


def account_figures(store, account):
    return figures(store, lambda kind: account_limit(store, account, kind), {account["id"]})


def domain_figures(store, domain):
    return figures(store, lambda kind: domain_limit(store, domain, kind), domain_accounts(store, domain))


def project_figures(store, project):
    account = store.get("account", project["_accountid"])
    return figures(store, lambda kind: account_limit(store, account, kind), {account["id"]}, project=True)


# Commands --------------------------------------------------------------------------------------

def resource_type(number, required=True):
    match = [t for t in TYPES if t.number == number]
    if not match and (required or number is not None):
        raise exceptions.invalid("Please specify valid resource type")
    return match[0] if match else None


def owner(ctx, params):
    """(account, domain) the parameters name: a project's account, an account of a domain, or a domain."""
    store = ctx.store
    if params.get("projectid"):
        project = ctx.lookup("project", "projectid")
        return store.get("account", project["_accountid"]), None
    domain = ctx.lookup("domain", "domainid")
    if params.get("account"):
        domain = domain or store.get("domain", ctx.account["domainid"])
        account = store.first("account", name=params["account"], domainid=domain["id"])
        if account is None:
            raise exceptions.invalid("Unable to find account by name %s in domain with specified id"
                                     % params["account"])
        return account, None
    return None, domain


def view(store, kind, limit, account=None, domain=None):
    out = {"resourcetype": str(kind.number), "resourcetypename": kind.name, "max": limit}
    if account is not None:
        domain = store.get("domain", account["domainid"])
        project = store.first("project", _accountid=account["id"])
        if project:
            out.update(projectid=project["id"], project=project["name"])
        else:
            out["account"] = account["name"]
    out.update(domainid=domain["id"], domain=domain["name"], domainpath=domain["path"])
    return out


@command("listResourceLimits")
def list_resource_limits(ctx, params):
    """The limits of an account (the caller's by default), a project or a domain, one per resource type."""
    account, domain = owner(ctx, params)
    if not ctx.is_root_admin and ctx.account["accounttype"] != ACCOUNT_TYPE_DOMAIN_ADMIN:
        account, domain = ctx.account, None  # a user sees its own account's limits
    if account is None and domain is None:
        account = ctx.account
    if account is not None:
        ctx.check_owner({"_accountid": account["id"]})
    else:
        ctx.check_domain(domain["id"])
    wanted = resource_type(params.get("resourcetype"), required=False)
    if params.get("resourcetypename"):
        wanted = BY_NAME.get(params["resourcetypename"]) or resource_type(-1)
    kinds = [wanted] if wanted else [t for t in TYPES if account is None or account["accounttype"] !=
                                     ACCOUNT_TYPE_PROJECT or t.projects]
    store = ctx.store
    if account is not None:
        rows = [view(store, kind, account_limit(store, account, kind), account=account) for kind in kinds]
    else:
        rows = [view(store, kind, domain_limit(store, domain, kind), domain=domain) for kind in kinds]
    return Listing(rows)


@command("updateResourceLimit")
def update_resource_limit(ctx, params):
    store = ctx.store
    kind = resource_type(params["resourcetype"])
    limit = params.get("max", UNLIMITED)
    if limit < UNLIMITED:
        raise exceptions.invalid("Please specify either '-1' for an infinite limit, or a limit that is at least '0'.")
    account, domain = owner(ctx, params)
    if account is not None:
        check_account(ctx, account, limit)
        ownerid = account["id"]
    elif domain is not None:
        check_domain(ctx, domain, kind, limit)
        ownerid = domain["id"]
    else:
        raise exceptions.invalid("AccountId or domainId have to be specified in order to update resource limit")
    record = store.first("resourcelimit", _ownerid=ownerid, resourcetype=kind.number) or {
        "id": new_id(), "_ownerid": ownerid, "resourcetype": kind.number}
    record["max"] = limit
    store.put("resourcelimit", record)
    return {"resourcelimit": view(store, kind, limit, account=account, domain=domain)}


def check_account(ctx, account, limit):
    if account["name"] == "system" and ctx.store.get("domain", account["domainid"])["_path"] == "/":
        raise exceptions.invalid("Can't update system account")
    if account["accounttype"] == ACCOUNT_TYPE_ADMIN and limit != UNLIMITED:
        raise exceptions.invalid("Only %d limit is supported for Root Admin accounts" % UNLIMITED)
    if account["id"] == ctx.account["id"] and ctx.account["accounttype"] == ACCOUNT_TYPE_DOMAIN_ADMIN:
        raise exceptions.permission_denied("Unable to update resource limit for his own account %s, permission denied"
                                           % account["id"])
    ctx.check_owner({"_accountid": account["id"]})


def check_domain(ctx, domain, kind, limit):
    ctx.check_domain(domain["id"])
    if domain["_path"] == "/":
        raise exceptions.permission_denied("Cannot update resource limit for ROOT domain %s, permission denied"
                                           % domain["id"])
    if domain["id"] == ctx.account["domainid"] and ctx.account["accounttype"] == ACCOUNT_TYPE_DOMAIN_ADMIN:
        raise exceptions.permission_denied("Unable to update resource limit for domain %s, permission denied"
                                           % domain["id"])
    parent = ctx.store.get("domain", domain.get("parentdomainid"))
    parent_limit = domain_limit(ctx.store, parent, kind) if parent else UNLIMITED
    if parent_limit >= 0 and limit > parent_limit:
        raise exceptions.invalid("Domain %s(id: %s) has maximum allowed resource limit %d for %s, please specify a "
                                 "value less that or equal to %d" % (domain["name"], parent["id"], parent_limit,
                                                                     kind.name, parent_limit))


@command("updateResourceCount")
def update_resource_count(ctx, params):
    """Recount what an account, project or domain holds (the simulator's counts are always current)."""
    store = ctx.store
    domain = ctx.lookup("domain", "domainid")
    ctx.check_domain(domain["id"])
    account, named_domain = owner(ctx, params)
    kind = resource_type(params.get("resourcetype"), required=False)
    kinds = [kind] if kind else TYPES
    rows = []
    for each in kinds:
        if account is not None:
            total = count(store, each, {account["id"]})
            row = view(store, each, None, account=account)
        else:
            total = count(store, each, domain_accounts(store, domain))
            row = view(store, each, None, domain=domain)
        row.pop("max")
        row["resourcecount"] = total
        rows.append(row)
    return {"count": len(rows), "resourcecount": rows}  # a list answer, though the command is not a list* one


def charge_instance(store, account, cpunumber, memory):
    """deployVirtualMachine: one user VM, its CPUs and memory, and its root volume."""
    for kind, amount in (("user_vm", 1), ("cpu", int(cpunumber or 0)), ("memory", int(memory or 0)), ("volume", 1)):
        charge(store, account, kind, amount)
