"""Helpers shared by the resource models: ids, timestamps, views, ownership, visibility, filters."""
import datetime
import uuid

from .. import exceptions


def new_id():
    return str(uuid.uuid4())


def setting(store, name, scope_id=None):
    """A setting's value, or its value for a zone/cluster/account/... set with updateConfiguration (None: unknown)."""
    record = store.first("configuration", name=name)
    if record is None:
        return None
    return record.get("_scoped", {}).get(scope_id, record["value"])


def by_sort_key(store, records):
    """The order of CloudStack's lists of zones and offerings: by sort key (the update's ``sortkey``, 0 by default,
    never returned), ascending unless the setting sortkey.algorithm is false, then as created (by id)."""
    ascending = str(setting(store, "sortkey.algorithm") or "true").lower() == "true"
    return sorted(records, key=lambda record: record.get("_sortkey") or 0, reverse=not ascending)  # stable: ties as created


def now():
    """A timestamp as CloudStack prints it: 2026-11-25T12:00:00+0000."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+0000")


def public(record):
    """The response fields of a record: internal fields start with '_'; like CloudStack's JSON
    serializer, a field without a value is left out rather than sent as null."""
    return {k: v for k, v in record.items() if k[0] != "_" and v is not None}


def tag_view(tag):
    """A tag as CloudStack lists it (tags have no id on the wire)."""
    return {k: v for k, v in tag.items() if k[0] != "_" and k != "id"}


def with_tags(store, record, view=None):
    out = view(record) if view else public(record)
    out["tags"] = [tag_view(t) for t in store.tags_of(record["id"])]
    return out


def success():
    return {"success": "true"}


HYPERVISORS = {"kvm": "KVM", "simulator": "Simulator", "xenserver": "XenServer", "vmware": "VMware",
               "hyperv": "Hyperv", "lxc": "LXC", "ovm3": "Ovm3", "baremetal": "BareMetal", "external": "External"}


def hypervisor_name(value):
    name = HYPERVISORS.get((value or "").lower())
    if name is None:
        raise exceptions.invalid("Unable to resolve %s to a valid supported hypervisor type" % value)
    return name


# Ownership -------------------------------------------------------------------------------------

def owner_fields(store, account, project=None):
    """The owner fields CloudStack puts on a resource: account or project, and the domain."""
    domain = store.get("domain", account["domainid"])
    fields = {"domainid": domain["id"], "domain": domain["name"], "domainpath": domain["path"],
              "_accountid": account["id"]}
    if project:
        fields.update(projectid=project["id"], project=project["name"])
    else:
        fields["account"] = account["name"]
    return fields


def resolve_owner(ctx, params):
    """(account, project) that a new resource belongs to: projectid, account+domainid, or the caller."""
    store = ctx.store
    if params.get("projectid"):
        project = ctx.lookup("project", "projectid")
        if project["state"] != "Active":
            raise exceptions.permission_denied("Can't add resources to the project id=%s in state=%s as it's no "
                                               "longer active" % (project["id"], project["state"]))
        return store.get("account", project["_accountid"]), project
    if params.get("account"):
        domainid = params.get("domainid")
        if not domainid:
            raise exceptions.invalid("Account and domainId are needed for resource creation")
        domain = ctx.lookup("domain", "domainid")
        account = store.first("account", name=params["account"], domainid=domain["id"])
        if account is None:
            raise exceptions.invalid("Unable to find account %s in domain id=%s" % (params["account"], domain["id"]))
        ctx.check_access(account)
        return account, None
    return ctx.account, None


# Visibility and filters ------------------------------------------------------------------------

def domain_subtree(store, domainid):
    root = store.get("domain", domainid)
    return {d["id"] for d in store.all("domain") if d["_path"].startswith(root["_path"])}


def visible(ctx, records, params):
    """The records the caller may see, as CloudStack's listProjectResourcesCriteria decides.

    Without projectid only non-project resources; projectid=-1 all projects' resources the caller
    can see; listall/domainid/account/isrecursive as in CloudStack.
    """
    store, caller = ctx.store, ctx.account
    projectid = params.get("projectid")
    if projectid == "-1":
        allowed = {p["_accountid"] for p in ctx.visible_projects()}
    elif projectid:
        project = ctx.lookup("project", "projectid")
        if project not in ctx.visible_projects():
            raise exceptions.permission_denied("Account %s can't access project id=%s"
                                               % (caller["name"], project["id"]))
        allowed = {project["_accountid"]}
    else:
        allowed = None
    if allowed is not None:
        return [r for r in records if r.get("_accountid") in allowed]
    records = [r for r in records if not r.get("projectid")]
    if params.get("account"):
        domainid = params.get("domainid") or caller["domainid"]
        if params.get("domainid"):
            ctx.lookup("domain", "domainid")
        account = store.first("account", name=params["account"], domainid=domainid)
        if account is None:
            raise exceptions.invalid("Unable to find account %s in domain id=%s" % (params["account"], domainid))
        ctx.check_access(account)
        return [r for r in records if r.get("_accountid") == account["id"]]
    if caller["accounttype"] == 0:
        return [r for r in records if r.get("_accountid") == caller["id"]]
    if params.get("domainid"):
        domain = ctx.lookup("domain", "domainid")
        ctx.check_domain(domain["id"])
        if params.get("isrecursive") or (params.get("listall") and "isrecursive" not in params):
            domains = domain_subtree(store, domain["id"])
        else:
            domains = {domain["id"]}
        return [r for r in records if r.get("domainid") in domains]
    if params.get("listall"):
        domains = domain_subtree(store, caller["domainid"])
        return [r for r in records if r.get("domainid") in domains]
    return [r for r in records if r.get("_accountid") == caller["id"]]


def filter_common(ctx, records, params, name_field="name", keyword_fields=("name",)):
    """id, ids, name, keyword, state, zoneid and tags filters, for the list commands that have them."""
    if params.get("id"):
        records = [r for r in records if r["id"] == params["id"]]
    if params.get("ids"):
        wanted = set(params["ids"])
        records = [r for r in records if r["id"] in wanted]
    if params.get("name"):
        name = params["name"].lower()
        records = [r for r in records if (r.get(name_field) or "").lower() == name]
    if params.get("keyword"):
        word = params["keyword"].lower()
        records = [r for r in records if any(word in (r.get(f) or "").lower() for f in keyword_fields)]
    if params.get("state"):
        state = params["state"].lower()
        records = [r for r in records if (r.get("state") or "").lower() == state]
    if params.get("zoneid"):
        records = [r for r in records if r.get("zoneid") == params["zoneid"]]
    if params.get("tags"):
        records = [r for r in records if ctx.store.has_tags(r["id"], params["tags"])]
    return records


# Group membership ------------------------------------------------------------------------------

def member_ids(store, field, group):
    """The instances that are members of a security or affinity group (their `field` lists it)."""
    return [vm["id"] for vm in store.all("virtualmachine") if group["id"] in vm.get(field, ())]


def members_of(field):
    """The `virtualmachineid` list filter: the groups the instance is a member of."""
    def narrow(ctx, groups, params):
        if not params.get("virtualmachineid"):
            return groups
        vm = ctx.lookup("virtualmachine", "virtualmachineid")
        return [g for g in groups if g["id"] in vm.get(field, ())]
    return narrow
