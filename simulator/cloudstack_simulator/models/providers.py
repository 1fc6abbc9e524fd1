"""Network service providers of physical networks and their elements (virtual router, internal LB)."""
from .. import exceptions
from ..registry import Job, Listing, command, finisher
from .common import filter_common, new_id, public

# Providers CloudStack adds to every new physical network, and the services each offers.
DEFAULT_PROVIDERS = {
    "VirtualRouter": ["Vpn", "Dhcp", "Dns", "Gateway", "Firewall", "Lb", "SourceNat", "StaticNat", "PortForwarding",
                      "UserData"],
    "VpcVirtualRouter": ["Vpn", "Dhcp", "Dns", "Gateway", "Lb", "SourceNat", "StaticNat", "PortForwarding",
                         "NetworkACL", "UserData"],
    "InternalLbVm": ["Lb"],
    "SecurityGroupProvider": ["SecurityGroup"],
    "ConfigDrive": ["UserData"],
}
# Other providers whose elements the simulator knows (Network.Provider with an element in a default build).
OTHER_PROVIDERS = {
    "Netscaler": ["Lb", "StaticNat", "Gateway"], "F5BigIp": ["Lb"],
    "JuniperSRX": ["Firewall", "Gateway", "Lb", "PortForwarding", "SourceNat", "StaticNat", "Vpn"],
    "PaloAlto": ["Firewall", "Gateway", "PortForwarding", "SourceNat", "StaticNat"],
    "Ovs": ["Connectivity", "Lb", "PortForwarding", "SourceNat", "StaticNat"],
}
# Every service name CloudStack knows (Network.Service).
SERVICES = ("Vpn", "Dhcp", "Dns", "Gateway", "Firewall", "Lb", "UserData", "SourceNat", "StaticNat",
            "PortForwarding", "SecurityGroup", "NetworkACL", "Connectivity", "BaremetalPxeService")
ELEMENTS = {"VirtualRouter": "virtualrouterelement", "VpcVirtualRouter": "virtualrouterelement",
            "InternalLbVm": "internalloadbalancerelement"}
STATES = ("Enabled", "Disabled", "Shutdown")


def canonical(name):
    """Network.Provider.getProvider: the provider CloudStack knows by this name, any case; None if unknown."""
    known = list(DEFAULT_PROVIDERS) + list(OTHER_PROVIDERS)
    return next((provider for provider in known if provider.lower() == (name or "").lower()), None)


def capabilities(name):
    return DEFAULT_PROVIDERS.get(canonical(name)) or OTHER_PROVIDERS.get(canonical(name), [])


def element_kind(provider):
    return ELEMENTS.get(canonical(provider["name"]))


def make_provider(store, pnet, name, services=None, state="Disabled"):
    """The provider, stored under the name as given (CloudStack keeps it so), with its element if it has one."""
    kind = ELEMENTS.get(canonical(name))
    provider = {"id": new_id(), "name": name, "physicalnetworkid": pnet["id"], "state": state,
                "servicelist": services if services is not None else capabilities(name),
                "canenableindividualservice": kind is None, "destinationphysicalnetworkid": "0"}
    store.put("networkserviceprovider", provider)
    if kind:
        element = {"id": new_id(), "nspid": provider["id"], "enabled": False}
        if kind == "virtualrouterelement":
            element.update(account="system", domain="ROOT", domainpath="ROOT",
                           domainid=store.first("domain", _path="/")["id"])
        store.put(kind, element)
    return provider


def add_default_providers(store, pnet):
    for name in DEFAULT_PROVIDERS:
        make_provider(store, pnet, name, state="Enabled" if name == "ConfigDrive" else "Disabled")


def enable_provider(store, pnet, name):
    """What the zone wizard (or marvin) does: configure the provider's element, then enable the provider."""
    provider = store.first("networkserviceprovider", physicalnetworkid=pnet["id"], name=name)
    if provider is None:
        provider = make_provider(store, pnet, name)
    if name in ELEMENTS:
        element = store.first(ELEMENTS[name], nspid=provider["id"])
        element["enabled"] = True
        store.put(ELEMENTS[name], element)
    provider["state"] = "Enabled"
    store.put("networkserviceprovider", provider)


@command("listNetworkServiceProviders")
def list_network_service_providers(ctx, params):
    ctx.require_root_admin()
    providers = ctx.store.all("networkserviceprovider")
    for field in ("physicalnetworkid", "state"):
        if params.get(field):
            providers = [p for p in providers if p[field] == params[field]]
    if params.get("name"):  # a database comparison: case-insensitive
        providers = [p for p in providers if p["name"].lower() == params["name"].lower()]
    return Listing(filter_common(ctx, providers, params), public)


@command("addNetworkServiceProvider")
def add_network_service_provider(ctx, params):
    """NetworkServiceImpl.addProviderToPhysicalNetwork's checks and messages."""
    ctx.require_root_admin()
    pnet = ctx.lookup("physicalnetwork", "physicalnetworkid")
    name = params["name"]
    if canonical(name) is None:
        raise exceptions.invalid("Invalid Network Service Provider=%s" % name)
    if any(p["name"].lower() == name.lower() for p in ctx.store.find("networkserviceprovider",
                                                                     physicalnetworkid=pnet["id"])):
        raise exceptions.internal("The '%s' provider already exists on physical network : %s"
                                  % (name, physical_network_label(pnet)))
    services = params.get("servicelist")
    if services is not None:
        services = checked_services(name, services)
    provider = make_provider(ctx.store, pnet, name, services)
    return Job("providers.provider", {"id": provider["id"]}, "PhysicalNetworkServiceProvider", provider["id"])


def physical_network_label(pnet):
    """PhysicalNetworkVO.toString."""
    return 'PhysicalNetwork {"id": "%s", "name": "%s"}' % (pnet["id"], pnet["name"])


def checked_services(name, services):
    """The services asked of a new provider: all of them unless it can offer them one by one, each known and
    offered; Gateway comes with SourceNat."""
    offered = capabilities(name)
    if ELEMENTS.get(canonical(name)) and len(services) != len(offered):
        raise exceptions.invalid("Cannot enable subset of Services, Please specify the complete list of Services "
                                 "for this Service Provider '%s'" % name)
    chosen = []
    for service in services:
        known = service_named(service)
        if known is None or known == "Gateway":
            raise exceptions.invalid("Invalid Network Service specified=%s" % service)
        if known not in offered:
            raise exceptions.invalid("%s Provider cannot provide this Service specified=%s" % (name, service))
        chosen.append(known)
    return chosen + (["Gateway"] if "SourceNat" in chosen else [])


def service_named(name):
    """Network.Service.getService: case-insensitive."""
    return next((service for service in SERVICES if service.lower() == name.lower()), None)


@finisher("providers.provider")
def finish_provider(store, args):
    return {"networkserviceprovider": public(store.get("networkserviceprovider", args["id"]))}


@command("updateNetworkServiceProvider")
def update_network_service_provider(ctx, params):
    """NetworkServiceImpl.updateNetworkServiceProvider's checks and messages."""
    ctx.require_root_admin()
    provider = ctx.lookup("networkserviceprovider", "id")
    state = params.get("state")
    if state:
        if state not in STATES:
            raise exceptions.invalid("Unable to resolve state '%s' to a supported value {Enabled or Disabled}" % state)
        if state == "Shutdown":
            raise exceptions.invalid("Updating the provider state to 'Shutdown' is not supported")
        kind = element_kind(provider)
        element = ctx.store.first(kind, nspid=provider["id"]) if kind else None
        if state == "Enabled" and element is not None and not element["enabled"]:
            raise exceptions.internal("Provider is not ready, cannot Enable the provider, please configure the "
                                      "provider first")
    services = params.get("servicelist")
    if services is not None:
        if not provider["canenableindividualservice"]:
            raise exceptions.invalid("Cannot update set of Services for this Service Provider '%s'"
                                     % provider["name"])
        unknown = [service for service in services if service_named(service) is None]
        if unknown:
            raise exceptions.invalid("Invalid Network Service specified=%s" % unknown[0])
        services = [service_named(service) for service in services]
    return Job("providers.update", {"id": provider["id"], "state": state, "servicelist": services},
               "PhysicalNetworkServiceProvider", provider["id"])


@finisher("providers.update")
def finish_update_provider(store, args):
    provider = store.get("networkserviceprovider", args["id"])
    if args["state"]:
        provider["state"] = args["state"]
    if args["servicelist"] is not None:
        provider["servicelist"] = args["servicelist"]
    store.put("networkserviceprovider", provider)
    return {"networkserviceprovider": public(provider)}


@command("deleteNetworkServiceProvider")
def delete_network_service_provider(ctx, params):
    ctx.require_root_admin()
    provider = ctx.lookup("networkserviceprovider", "id")
    if any(provider_in_use(ctx.store, network, provider) for network in
           ctx.store.find("network", physicalnetworkid=provider["physicalnetworkid"])):
        raise exceptions.internal("Provider is not deletable because there are active networks using this provider, "
                                  "please upgrade these networks to new network offerings")
    return Job("providers.delete", {"id": provider["id"]}, "PhysicalNetworkServiceProvider", provider["id"])


def provider_in_use(store, network, provider):
    """NetworkDao.listByPhysicalNetworkAndProvider: a network whose offering has a service by this provider."""
    offering = store.get("networkoffering", network.get("networkofferingid") or "") or {}
    return any(p["name"].lower() == provider["name"].lower()
               for service in offering.get("service", []) for p in service.get("provider", []))


@finisher("providers.delete")
def finish_delete_provider(store, args):
    provider = store.get("networkserviceprovider", args["id"])
    kind = element_kind(provider)
    if kind:
        for element in store.find(kind, nspid=provider["id"]):
            store.delete(kind, element["id"])
    store.delete("networkserviceprovider", provider["id"])
    return {"success": True}


def list_elements(ctx, params, kind):
    ctx.require_root_admin()
    elements = ctx.store.all(kind)
    if params.get("nspid"):
        elements = [e for e in elements if e["nspid"] == params["nspid"]]
    if "enabled" in params:
        elements = [e for e in elements if e["enabled"] == params["enabled"]]
    return Listing(filter_common(ctx, elements, params), public)


@command("listVirtualRouterElements")
def list_virtual_router_elements(ctx, params):
    return list_elements(ctx, params, "virtualrouterelement")


@command("listInternalLoadBalancerElements")
def list_internal_load_balancer_elements(ctx, params):
    return list_elements(ctx, params, "internalloadbalancerelement")


@command("configureVirtualRouterElement", "configureInternalLoadBalancerElement")
def configure_element(ctx, params):
    ctx.require_root_admin()
    kind = "virtualrouterelement" if ctx.command == "configureVirtualRouterElement" else "internalloadbalancerelement"
    element = ctx.lookup(kind, "id")
    return Job("providers.element", {"id": element["id"], "kind": kind, "enabled": params["enabled"]}, None,
               None, element["id"])


@finisher("providers.element")
def finish_element(store, args):
    element = store.get(args["kind"], args["id"])
    element["enabled"] = args["enabled"]
    store.put(args["kind"], element)
    return {args["kind"]: public(element)}
