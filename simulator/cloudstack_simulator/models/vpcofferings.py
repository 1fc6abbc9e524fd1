"""VPC offerings, as VpcManagerImpl creates, updates, lists and deletes them: services (SourceNat and NetworkACL
added when missing) by the VPC virtual router unless a provider is named, the redundant, distributed and
region level router capabilities, domains and zones; created Disabled unless `enable`; the commands are async."""
from .. import exceptions
from ..registry import Job, Listing, command, finisher
from .common import by_sort_key, filter_common, new_id, now, public
from .networkofferings import EXTERNAL_PROVIDERS, external_services
from .offerings import (SERVICES, in_use_text, named, offering_scope, routing_settings, service_capabilities,
                        service_entry, service_providers, update_scope)

VPC_SERVICES = ["Dhcp", "Dns", "UserData", "SourceNat", "StaticNat", "PortForwarding", "Lb", "NetworkACL", "Vpn",
                "Gateway"]
NOT_IN_VPC = ("SecurityGroup", "Firewall")
CONNECTIVITY_CAPABILITIES = ("DistributedRouter", "RegionLevelVpc")


def make_vpc_offering(store, spec):
    """A VPC offering as VpcManagerImpl creates the default ones: every supported service by the VPC virtual
    router, or by the offering's `provider` (NSX, Netris) except the `router` ones; `only` narrows the
    services; `lb` names the load balancer providers. A created one gives its `services` ({service: [providers]})
    and `capabilities` ({service: {capability: value}})."""
    services = spec.get("services") or {s: ["VpcVirtualRouter"] for s in VPC_SERVICES}
    if spec.get("provider"):
        services = {s: ["VpcVirtualRouter"] if s in spec["router"] else [spec["provider"]] for s in VPC_SERVICES
                    if s in spec["router"] or s in spec.get("only", VPC_SERVICES)}
    if spec.get("lb"):
        services["Lb"] = spec["lb"]
    offering = {"id": new_id(), "name": spec["name"], "displaytext": spec.get("displaytext", spec["name"]),
                "state": spec.get("state", "Enabled"), "isdefault": spec.get("isdefault", False),
                "distributedvpcrouter": spec.get("distributed", False),
                "supportsregionLevelvpc": spec.get("regionlevel", False), "_redundant": spec.get("redundant", False),
                "fornsx": spec.get("fornsx", False), "networkmode": spec.get("networkmode", "NATTED"),
                "internetprotocol": spec.get("internetprotocol", "IPv4"), "routingmode": spec.get("routingmode"),
                "specifyasnumber": spec.get("specifyasnumber", False), "created": now(),
                "service": [service_entry(s, providers, (spec.get("capabilities") or {}).get(s))
                            for s, providers in services.items()],
                "serviceofferingid": spec.get("serviceofferingid"),
                "domainid": None, "domain": None, "zoneid": None, "zone": None}
    offering.update(spec.get("scope", {}))
    return store.put("vpcoffering", offering)


@command("listVPCOfferings")
def list_vpc_offerings(ctx, params):
    offerings = ctx.store.all("vpcoffering")
    if "isdefault" in params:
        offerings = [o for o in offerings if o["isdefault"] == params["isdefault"]]
    if params.get("displaytext"):
        offerings = [o for o in offerings if o["displaytext"] == params["displaytext"]]
    if params.get("supportedservices"):
        wanted = {s.lower() for s in params["supportedservices"]}
        offerings = [o for o in offerings if wanted <= {s["name"].lower() for s in o["service"]}]
    for key in ("zoneid", "domainid"):
        if params.get(key):
            offerings = [o for o in offerings if not o.get(key) or params[key] in o[key].split(",")]
    offerings = filter_common(ctx, offerings, dict(params, zoneid=None), keyword_fields=("name", "displaytext"))
    return Listing(by_sort_key(ctx.store, offerings), public)


def vpc_services(names):
    """The services asked for, each by the VPC virtual router, SourceNat and NetworkACL added when missing."""
    if not names:
        raise exceptions.invalid("Supported services needs to be provided")
    services = {}
    for name in names:
        service = named(SERVICES, name)
        if service is None or service in NOT_IN_VPC:
            raise exceptions.invalid("Service %s is not supported in VPC" % name)
        services[service] = ["VpcVirtualRouter"]
    services.setdefault("SourceNat", ["VpcVirtualRouter"])
    services.setdefault("NetworkACL", ["VpcVirtualRouter"])
    return services


def flag(capabilities, service, name):
    return str((capabilities.get(service) or {}).get(name, "false")).lower() == "true"


def check_capabilities(capabilities):
    """validateConnectivtyServiceCapabilities: true or false values."""
    for service in capabilities.values():
        for value in service.values():
            if str(value).lower() not in ("true", "false"):
                raise exceptions.invalid("Invalid Capability value:%s specified." % value)


@command("createVPCOffering")
def create_vpc_offering(ctx, params):
    ctx.require_root_admin()
    scope = offering_scope(ctx, params)
    # 4.21: `provider` NSX or Netris makes the offering theirs (CreateVPCOfferingCmd); `fornsx` is read no more.
    provider = named(EXTERNAL_PROVIDERS, params["provider"]) if params.get("provider") else None
    names, entries = (external_services(params, provider, vpc_services=True) if provider else
                      (params.get("supportedservices"), params.get("serviceproviderlist")))
    services = vpc_services(names)
    services.update(service_providers(entries, services))
    services["Gateway"] = services["SourceNat"]
    capabilities = service_capabilities(params.get("servicecapabilitylist"))
    check_capabilities(capabilities)
    if params.get("serviceofferingid"):
        ctx.lookup("serviceoffering", "serviceofferingid")
    if ctx.store.first("vpcoffering", name=params["name"]):
        raise exceptions.internal("DB Exception on: Duplicate entry '%s' for key 'vpc_offerings.unique_name'"
                                  % params["name"])
    redundant, distributed, regionlevel = (flag(capabilities, service, name) for service, name in (
        ("SourceNat", "RedundantRouter"), ("Connectivity", "DistributedRouter"), ("Connectivity", "RegionLevelVpc")))
    offering = make_vpc_offering(ctx.store, {
        "name": params["name"], "displaytext": params["displaytext"], "services": services,
        "state": "Enabled" if params.get("enable") else "Disabled", "redundant": redundant, "distributed": distributed,
        "regionlevel": regionlevel, "serviceofferingid": params.get("serviceofferingid"), "scope": scope,
        "fornsx": provider == "Nsx",
        "capabilities": {"SourceNat": {"RedundantRouter": str(redundant).lower()},
                         "Connectivity": {"DistributedRouter": str(distributed).lower(),
                                          "RegionLevelVpc": str(regionlevel).lower()}},
        **routing_settings(params, networkmode="NATTED")})
    return Job("vpcoffering.answer", {"id": offering["id"]}, None, offering["id"])


@finisher("vpcoffering.answer")
def finish_answer(store, args):
    return {"vpcoffering": public(store.get("vpcoffering", args["id"]))}


@command("updateVPCOffering")
def update_vpc_offering(ctx, params):
    ctx.require_root_admin()
    offering = ctx.lookup("vpcoffering", "id")
    for field in ("name", "displaytext"):
        if params.get(field):
            offering[field] = params[field]
    if params.get("sortkey") is not None:
        offering["_sortkey"] = params["sortkey"]
    if params.get("state"):
        state = named(("Enabled", "Disabled"), params["state"])
        if state is None:
            raise exceptions.invalid("Incorrect state value: %s" % params["state"])
        offering["state"] = state
    update_scope(ctx, offering, params)
    ctx.store.put("vpcoffering", offering)
    return Job("vpcoffering.answer", {"id": offering["id"]}, None, offering["id"])


@command("deleteVPCOffering")
def delete_vpc_offering(ctx, params):
    ctx.require_root_admin()
    offering = ctx.lookup("vpcoffering", "id")
    if offering["isdefault"]:
        raise exceptions.invalid("Default network offering can't be deleted")
    vpcs = ctx.store.find("vpc", vpcofferingid=offering["id"])
    if vpcs:
        raise exceptions.invalid(in_use_text("vpc", offering, len(vpcs), "vpcs"))
    return Job("vpcoffering.delete", {"id": offering["id"]}, None, offering["id"])


@finisher("vpcoffering.delete")
def finish_delete(store, args):
    store.delete("vpcoffering", args["id"])
    return {"success": True}
