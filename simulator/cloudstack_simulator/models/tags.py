"""Resource tags (createTags, deleteTags, listTags)."""
from .. import exceptions
from ..registry import Job, command, finisher
from .common import new_id, owner_fields
from .resource import Resource

# CloudStack's ResourceObjectType names -> the simulator's tables.
RESOURCE_TYPES = {
    "UserVm": "virtualmachine", "Template": "template", "Network": "network", "SecurityGroup": "securitygroup",
    "PublicIpAddress": "publicipaddress", "Project": "project", "Zone": "zone", "ServiceOffering": "serviceoffering",
    "DiskOffering": "diskoffering", "AffinityGroup": "affinitygroup", "Domain": "domain", "Account": "account",
    "User": "user", "Storage": "storagepool", "Nic": "nic", "NetworkOffering": "networkoffering",
    "SSHKeyPair": "sshkeypair", "PortForwardingRule": "portforwardingrule", "Vpc": "vpc", "ISO": "iso", "Volume": "volume",
    "NetworkACL": "networkaclitem", "LoadBalancer": "loadbalancerrule", "Snapshot": "snapshot",
    "SnapshotPolicy": "snapshotpolicy", "VMSnapshot": "vmsnapshot",
    "FirewallRule": ("firewallrule", "egressfirewallrule"),  # one type for ingress and egress rules, as CloudStack's
}


def resource_type(value):
    for name in RESOURCE_TYPES:
        if name.lower() == value.lower():
            return name
    raise exceptions.invalid("Invalid resource type %s" % value)


def stored(store, kinds, resourceid):
    """The record of a resource type (a kind, or the kinds one type covers), or None."""
    for kind in kinds if isinstance(kinds, tuple) else (kinds,):
        record = store.get(kind, resourceid)
        if record is not None:
            return record
    return None


def resource_of(ctx, kind, resourceid):
    record = stored(ctx.store, kind, resourceid)
    if record is None:
        raise exceptions.invalid("Unable to find resource by id %s and type %s" % (resourceid, kind))
    return record


@command("createTags")
def create_tags(ctx, params):
    typename = resource_type(params["resourcetype"])
    kind = RESOURCE_TYPES[typename]
    pairs = []
    for entry in params["tags"]:
        if not entry.get("key"):
            raise exceptions.invalid("Tag key cannot be empty")
        pairs.append((entry["key"], entry.get("value", "")))
    for resourceid in params["resourceids"]:
        record = resource_of(ctx, kind, resourceid)
        ctx.check_owner(record)
        existing = {t["key"] for t in ctx.store.tags_of(record["id"])}
        for key in dict(pairs):
            if key in existing:
                raise exceptions.invalid("Tag %s already exists for the resource %s of type %s"
                                         % (key, resourceid, typename))
    return Job("tags.create", {"type": typename, "ids": params["resourceids"], "pairs": pairs,
                               "customer": params.get("customer"), "caller": ctx.account["id"]})


@finisher("tags.create")
def finish_create_tags(store, args):
    kind = RESOURCE_TYPES[args["type"]]
    for resourceid in args["ids"]:
        record = stored(store, kind, resourceid)
        if record is None:
            raise exceptions.invalid("Unable to find resource by id %s and type %s" % (resourceid, args["type"]))
        add_tags(store, args["type"], record, args["pairs"], args.get("customer"))
    return {"success": True}


def add_tags(store, typename, record, pairs, customer=None):
    account = store.get("account", record.get("_accountid")) or store.first("account", name="system")
    project = store.first("project", _accountid=account["id"]) if account["accounttype"] == 5 else None
    for key, value in pairs:
        tag = {"id": new_id(), "key": key, "value": value, "resourcetype": typename, "resourceid": record["id"],
               "customer": customer}
        tag.update(owner_fields(store, account, project))
        store.put("tag", tag)


def matches(tag, pairs):
    """Whether deleteTags' pairs name the tag: every tag without pairs; a key with no value, or with the tag's value
    (compared without case, as CloudStack compares it)."""
    return not pairs or any(tag["key"] == k and (v is None or v.lower() == (tag["value"] or "").lower())
                            for k, v in pairs)


@command("deleteTags")
def delete_tags(ctx, params):
    typename = resource_type(params["resourcetype"])
    kind = RESOURCE_TYPES[typename]
    for resourceid in params["resourceids"]:
        ctx.check_owner(resource_of(ctx, kind, resourceid))
    pairs = [(t["key"], t.get("value")) for t in params.get("tags") or []]
    if not any(matches(tag, pairs) for resourceid in params["resourceids"] for tag in ctx.store.tags_of(resourceid)):
        raise exceptions.invalid("Unable to find any tags which conform to specified delete parameters.")
    return Job("tags.delete", {"ids": params["resourceids"], "pairs": pairs})


@finisher("tags.delete")
def finish_delete_tags(store, args):
    for resourceid in args["ids"]:
        for tag in list(store.tags_of(resourceid)):
            if matches(tag, args["pairs"]):
                store.delete("tag", tag["id"])
    return {"success": True}


def of_resource_type(ctx, tags, params):
    if not params.get("resourcetype"):
        return tags
    return [t for t in tags if t["resourcetype"].lower() == params["resourcetype"].lower()]


TAGS = Resource("tag", "tag", "listTags", filters=("key", "value", "resourceid", "customer"),
                keyword_fields=("key", "value"), narrow=of_resource_type)
