"""Network ACL lists of VPCs and their rules (items), as NetworkACLServiceImpl and NetworkACLManagerImpl keep them.

A fresh database holds two global lists without VPC, `default_deny` and `default_allow`, of two rules each (all
traffic in and out, denied or allowed); nobody changes them. A VPC's own lists are seen by who sees the VPC; a tier
(a network of the VPC) uses one list (`aclid`), which can then not be deleted. CloudStack lists both lists and
rules by descending internal id: the latest first."""
import ipaddress

from .. import exceptions
from ..registry import Job, Listing, command, finisher
from .common import filter_common, new_id, now, tag_view, visible

DEFAULT_LISTS = (("default_deny", "Default Network ACL Deny All", "Deny"),
                 ("default_allow", "Default Network ACL Allow All", "Allow"))
PROTOCOLS = "tcp,udp,icmp,all"  # CloudStack's supportedProtocolsForAclRules, also matched as a substring
RULE_FIELDS = ("protocol", "startport", "endport", "icmptype", "icmpcode", "cidrlist", "traffictype", "action",
               "reason")


def make_defaults(store):
    """The fresh database's global lists (ids 1 and 2 in CloudStack) and their rules."""
    for name, description, action in DEFAULT_LISTS:
        acl = store.put("networkacl", {"id": new_id(), "name": name, "description": description, "vpcid": None,
                                       "fordisplay": True, "_default": True})
        for number, traffictype in ((1, "Ingress"), (2, "Egress")):
            store.put("networkaclitem", {"id": new_id(), "aclid": acl["id"], "aclname": name, "number": number,
                                         "protocol": "all", "cidrlist": "0.0.0.0/0", "traffictype": traffictype,
                                         "action": action, "state": "Active", "fordisplay": True,
                                         "created": now()})


def latest_first(records):
    return list(reversed(records))


def permitted_vpcs(ctx, params):
    """The ids of the VPCs whose lists the caller may see with these parameters (account, domain, project...)."""
    return {vpc["id"] for vpc in visible(ctx, ctx.store.all("vpc"), params)}


def vpc_of(ctx, acl):
    """The VPC of a list the caller changes: a default list can't be changed, another one only by the VPC's owner."""
    if acl.get("_default"):
        raise exceptions.invalid("Default ACL cannot be modified")
    vpc = ctx.store.get("vpc", acl["vpcid"])
    ctx.check_owner(vpc)
    return vpc


# ACL lists -------------------------------------------------------------------------------------------------


def vpc_list_fields(vpc):
    """A new list of `vpc`: its rules and their tags belong to the VPC's owner."""
    return {"id": new_id(), "vpcid": vpc["id"], "vpcname": vpc["name"], "_default": False,
            "_accountid": vpc["_accountid"]}


def view_list(acl):
    return {k: v for k, v in acl.items() if k[0] != "_" and v is not None}


@command("listNetworkACLLists")
def list_acl_lists(ctx, params):
    store = ctx.store
    if params.get("vpcid"):
        vpcs = {ctx.lookup("vpc", "vpcid")["id"]}
        ctx.check_owner(store.get("vpc", params["vpcid"]))
    else:
        vpcs = permitted_vpcs(ctx, params)
    acls = [a for a in store.all("networkacl") if a.get("_default") or a["vpcid"] in vpcs]
    if params.get("networkid"):
        network = ctx.lookup("network", "networkid")
        acls = [a for a in acls if a["id"] == network.get("aclid")]
    if "fordisplay" in params:
        acls = [a for a in acls if a["fordisplay"] == params["fordisplay"]]
    acls = filter_common(ctx, acls, params, keyword_fields=("name", "description"))
    return Listing(latest_first(acls), view_list)


@command("createNetworkACLList")
def create_acl_list(ctx, params):
    vpc = ctx.lookup("vpc", "vpcid")
    ctx.check_owner(vpc)
    acl = ctx.store.put("networkacl", dict(vpc_list_fields(vpc), name=params["name"],
                                           description=params.get("description"),
                                           fordisplay=params.get("fordisplay", True)))
    return Job("networkacl.answer", {"id": acl["id"]}, "NetworkAcl", acl["id"])


@finisher("networkacl.answer")
def finish_acl_answer(store, args):
    return {"networkacllist": view_list(store.get("networkacl", args["id"]))}


@command("updateNetworkACLList")
def update_acl_list(ctx, params):
    acl = ctx.lookup("networkacl", "id")
    vpc_of(ctx, acl)
    acl.update({k: params[k] for k in ("name", "description", "fordisplay") if params.get(k) is not None})
    ctx.store.put("networkacl", acl)
    for item in ctx.store.find("networkaclitem", aclid=acl["id"]):
        item["aclname"] = acl["name"]
        ctx.store.put("networkaclitem", item)
    return Job("networkacl.answer", {"id": acl["id"]}, "NetworkAcl", acl["id"])


@command("deleteNetworkACLList")
def delete_acl_list(ctx, params):
    acl = ctx.lookup("networkacl", "id")
    if acl.get("_default"):
        raise exceptions.invalid("Default ACL cannot be removed")
    vpc_of(ctx, acl)
    tiers = ctx.store.find("network", aclid=acl["id"])
    if tiers:
        raise exceptions.internal("ACL is still associated with %d tier(s). Cannot delete network ACL: %s"
                                  % (len(tiers), acl["id"]))
    gateways = ctx.store.find("privategateway", aclid=acl["id"])
    if gateways:
        raise exceptions.internal("ACL is still associated with %d private gateway(s). Cannot delete network ACL: %s"
                                  % (len(gateways), acl["id"]))
    return Job("networkacl.delete", {"id": acl["id"]}, "NetworkAcl", acl["id"])


def remove_list(store, acl):
    """A list goes with its rules (and their tags)."""
    for item in store.find("networkaclitem", aclid=acl["id"]):
        remove_item(store, item)
    store.delete("networkacl", acl["id"])


def remove_item(store, item):
    for tag in list(store.tags_of(item["id"])):
        store.delete("tag", tag["id"])
    store.delete("networkaclitem", item["id"])


@finisher("networkacl.delete")
def finish_acl_delete(store, args):
    remove_list(store, store.get("networkacl", args["id"]))
    return {"success": True}


@command("replaceNetworkACLList")
def replace_acl_list(ctx, params):
    acl = ctx.lookup("networkacl", "aclid")
    if params.get("gatewayid") and params.get("networkid"):
        raise exceptions.invalid("Network ID and private gateway can't be passed at the same time")
    if params.get("gatewayid"):
        gateway = ctx.lookup("privategateway", "gatewayid")
        ctx.check_owner(gateway)
        if not acl.get("_default") and acl["vpcid"] != gateway["vpcid"]:
            raise exceptions.invalid("private gateway: %s and ACL: %s do not belong to the same VPC"
                                     % (gateway["id"], acl["id"]))
        return Job("networkacl.replace", {"id": acl["id"], "gatewayid": gateway["id"]}, "PrivateGateway",
                   gateway["id"])
    if not params.get("networkid"):
        raise exceptions.invalid("Network ID is required")
    network = ctx.lookup("network", "networkid")
    ctx.check_owner(network)
    if not network.get("vpcid"):
        raise exceptions.invalid("Network is not part of a VPC: %s" % network["id"])
    if not acl.get("_default") and acl["vpcid"] != network["vpcid"]:
        raise exceptions.invalid("Network: %s and ACL: %s do not belong to the same VPC" % (network["id"], acl["id"]))
    return Job("networkacl.replace", {"id": acl["id"], "networkid": network["id"]}, "Network", network["id"])


@finisher("networkacl.replace")
def finish_replace(store, args):
    kind, target = ("privategateway", args["gatewayid"]) if args.get("gatewayid") else ("network", args["networkid"])
    record = store.get(kind, target)
    record.update(aclid=args["id"], aclname=store.get("networkacl", args["id"])["name"])
    store.put(kind, record)
    return {"success": True}


def tier_acl(ctx, vpc, aclid):
    """The ACL list a new tier of `vpc` is created with (`aclid`: a default list or one of the VPC's), or None."""
    if aclid is None:
        return None
    acl = ctx.lookup("networkacl", "aclid")
    if not acl.get("_default") and acl["vpcid"] != vpc["id"]:
        raise exceptions.invalid("ACL: %s do not belong to the VPC" % acl["id"])
    return acl


# ACL rules (items) -----------------------------------------------------------------------------------------


def view_item(store, item):
    out = {k: v for k, v in item.items() if k[0] != "_" and v is not None}
    out["tags"] = [tag_view(t) for t in store.tags_of(item["id"])]
    return out


@command("listNetworkACLs")
def list_acl_items(ctx, params):
    store = ctx.store
    items = store.all("networkaclitem")
    aclid = params.get("aclid")
    if params.get("networkid"):
        aclid = ctx.lookup("network", "networkid").get("aclid")
        if aclid is None:
            return Listing([])
    if aclid:
        acl = ctx.lookup("networkacl", "aclid", aclid)
        if not acl.get("_default"):
            ctx.check_owner(store.get("vpc", acl["vpcid"]))
        items = [i for i in items if i["aclid"] == aclid]
    else:
        vpcs = permitted_vpcs(ctx, params)
        acls = {a["id"] for a in store.all("networkacl") if a.get("_default") or a["vpcid"] in vpcs}
        items = [i for i in items if i["aclid"] in acls]
    for field in ("traffictype", "protocol", "action"):
        if params.get(field):
            items = [i for i in items if i[field] == params[field]]
    if "fordisplay" in params:
        items = [i for i in items if i["fordisplay"] == params["fordisplay"]]
    items = filter_common(ctx, items, params, keyword_fields=())
    return Listing(latest_first(items), lambda item: view_item(store, item))


def acl_of_new_rule(ctx, params):
    """The list a new rule goes to: `aclid`, else the list of tier `networkid`, created for it when it has none."""
    if params.get("aclid"):
        return ctx.lookup("networkacl", "aclid")
    if not params.get("networkid"):
        raise exceptions.invalid("Cannot create Network ACL Item. ACL Id or network Id is required")
    network = ctx.lookup("network", "networkid")
    if not network.get("vpcid"):
        raise exceptions.invalid("Network: %s does not belong to VPC" % network["id"])
    if network.get("aclid"):
        return ctx.store.get("networkacl", network["aclid"])
    vpc = ctx.store.get("vpc", network["vpcid"])
    name = "VPC_%s_Tier_%s_ACL_%s" % (vpc["name"], network["name"], network["id"])
    acl = ctx.store.put("networkacl", dict(vpc_list_fields(vpc), name=name, description="ACL for %s" % name,
                                           fordisplay=True))
    network.update(aclid=acl["id"], aclname=name)
    ctx.store.put("network", network)
    return acl


def check_number(store, acl, number, item_id=None):
    if number < 1:
        raise exceptions.invalid("Invalid number [%d]. Number cannot be < 1" % number)
    taken = store.first("networkaclitem", aclid=acl["id"], number=number)
    if taken and taken["id"] != item_id:
        raise exceptions.invalid("ACL item with number %d already exists in ACL: %s" % (number, acl["id"]))


def check_action(action):
    if action is not None and action.lower() not in ("allow", "deny"):
        raise exceptions.invalid("Invalid action [%s]. Permitted actions are Allow and Deny" % action)
    return "Deny" if (action or "").lower() == "deny" else "Allow"


def check_rule(item):
    """validateNetworkACLItem: ports, source CIDRs, protocol, ICMP type and code."""
    start, end, protocol = item.get("startport"), item.get("endport"), item.get("protocol") or ""
    if start is not None or end is not None:
        for which, port in (("Start", start), ("End", end)):
            if port is None or not 0 <= port <= 65535:
                raise exceptions.invalid("%s public port is an invalid value: %s" % (which, "null" if port is None else port))
        if start > end:
            raise exceptions.invalid("Start port can't be bigger than end port [startport=%d,endport=%d]" % (start, end))
        if protocol == "all":
            raise exceptions.invalid("start port and end port must be null if protocol = 'all'")
    for cidr in (item.get("cidrlist") or "").split(","):
        try:
            ipaddress.ip_network(cidr, strict=False) if cidr else None
        except ValueError:
            raise exceptions.ApiError(exceptions.PARAM_ERROR, "Source cidrs formatting error %s" % cidr) from None
    check_protocol(item, protocol)


def check_protocol(item, protocol):
    if not protocol:
        return
    if protocol.isdigit():
        if int(protocol) > 255:
            raise exceptions.invalid("Invalid protocol number: %s" % protocol)
    elif protocol not in PROTOCOLS:
        raise exceptions.invalid("Invalid protocol [%s]. Expected one of: [%s]" % (protocol, PROTOCOLS))
    icmp, icmptype, icmpcode = protocol == "icmp", item.get("icmptype"), item.get("icmpcode")
    if not icmp and (icmptype is not None or icmpcode is not None):
        raise exceptions.invalid("Can specify icmpCode and icmpType for ICMP protocol only")
    if icmp and (item.get("startport") is not None or item.get("endport") is not None):
        raise exceptions.invalid("Can't specify start/end port when protocol is ICMP")
    if icmptype is not None and icmptype != -1 and not 0 <= icmptype <= 255:
        raise exceptions.invalid("Invalid icmp type [%d]. It should belong to [0-255] range" % icmptype)
    if icmpcode is not None and icmpcode != -1 and not 0 <= icmpcode <= 16:
        raise exceptions.invalid("Invalid icmp code [%d]. It should belong to [0-16] range and can be defined when "
                                 "icmpType belongs to [0-40] range" % icmpcode)


def protocol_of(value):
    """CreateNetworkACLCmd.getProtocol: trimmed, a name in lower case."""
    value = (value or "").strip()
    return value if value.isdigit() else value.lower()


def rule_fields(params):
    """A new rule's fields from createNetworkACL's parameters, with the command's defaults."""
    protocol = protocol_of(params["protocol"])
    start = params.get("startport")
    icmp = protocol == "icmp"
    return {"protocol": protocol, "startport": start,
            "endport": params.get("endport") if params.get("endport") is not None else start,
            "icmptype": params.get("icmptype", -1 if icmp else None),
            "icmpcode": params.get("icmpcode", -1 if icmp else None),
            "cidrlist": ",".join(params.get("cidrlist") or ["0.0.0.0/0"]),
            "traffictype": (params.get("traffictype") or "Ingress").capitalize(),
            "reason": params.get("reason")}


@command("createNetworkACL")
def create_acl_item(ctx, params):
    store = ctx.store
    acl = acl_of_new_rule(ctx, params)
    vpc_of(ctx, acl)
    item = dict(rule_fields(params), id=new_id(), aclid=acl["id"], aclname=acl["name"], state="Add",
                fordisplay=params.get("fordisplay", True), created=now(), _accountid=acl["_accountid"])
    if params.get("number") is not None:
        check_number(store, acl, params["number"])
    item["number"] = params.get("number") or max([i["number"] for i in store.find("networkaclitem", aclid=acl["id"])]
                                                 or [0]) + 1
    item["action"] = check_action(params.get("action"))
    if params.get("traffictype") and params["traffictype"].lower() not in ("ingress", "egress"):
        raise exceptions.invalid("Invalid traffic type %s: it should be Ingress or Egress" % params["traffictype"])
    check_rule(item)
    store.put("networkaclitem", item)
    return Job("networkaclitem.create", {"id": item["id"]}, "NetworkAclItem", item["id"])


def rollback_item(store, args):
    store.delete("networkaclitem", args["id"])


@finisher("networkaclitem.create", rollback=rollback_item)
def finish_item_create(store, args):
    item = store.get("networkaclitem", args["id"])
    item["state"] = "Active"
    store.put("networkaclitem", item)
    return {"networkacl": view_item(store, item)}


@finisher("networkaclitem.answer")
def finish_item_answer(store, args):
    return {"networkacl": view_item(store, store.get("networkaclitem", args["id"]))}


@command("updateNetworkACLItem")
def update_acl_item(ctx, params):
    """Without `partialupgrade`, the parameters not given are cleared (CloudStack's transferDataToNetworkAclRulePojo):
    the caller sends the whole rule."""
    item = ctx.lookup("networkaclitem", "id")
    acl = ctx.store.get("networkacl", item["aclid"])
    vpc_of(ctx, acl)
    if params.get("number") is not None:
        check_number(ctx.store, acl, params["number"], item["id"])
        item["number"] = params["number"]
    partial = params.get("partialupgrade", False)
    given = dict(params)
    if "protocol" in given:
        given["protocol"] = protocol_of(given["protocol"])
    if "cidrlist" in given:
        given["cidrlist"] = ",".join(given["cidrlist"])
    if "traffictype" in given:
        given["traffictype"] = given["traffictype"].capitalize()
    for field in RULE_FIELDS:
        if field == "action":
            if not partial or given.get("action"):
                item["action"] = check_action(given.get("action"))
        elif not partial or given.get(field) not in (None, ""):
            item[field] = given.get(field)
    if "fordisplay" in params or not partial:
        item["fordisplay"] = params.get("fordisplay", True)
    check_rule(item)
    ctx.store.put("networkaclitem", item)
    return Job("networkaclitem.answer", {"id": item["id"]}, "NetworkAclItem", item["id"])


@command("deleteNetworkACL")
def delete_acl_item(ctx, params):
    item = ctx.lookup("networkaclitem", "id")
    acl = ctx.store.get("networkacl", item["aclid"])
    if acl.get("_default"):
        raise exceptions.invalid("ACL Items in default ACL cannot be deleted")
    vpc_of(ctx, acl)
    item["state"] = "Revoke"
    ctx.store.put("networkaclitem", item)
    return Job("networkaclitem.delete", {"id": item["id"]}, "NetworkAclItem", item["id"])


@finisher("networkaclitem.delete")
def finish_item_delete(store, args):
    remove_item(store, store.get("networkaclitem", args["id"]))
    return {"success": True}


def remove_vpc_lists(store, vpc):
    """A deleted VPC's lists go with it."""
    for acl in store.find("networkacl", vpcid=vpc["id"]):
        remove_list(store, acl)
