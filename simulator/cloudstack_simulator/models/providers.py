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
ELEMENTS = {"VirtualRouter": "virtualrouterelement", "VpcVirtualRouter": "virtualrouterelement",
            "InternalLbVm": "internalloadbalancerelement"}
STATES = ("Enabled", "Disabled", "Shutdown")


def make_provider(store, pnet, name, services=None, state="Disabled"):
    provider = {"id": new_id(), "name": name, "physicalnetworkid": pnet["id"], "state": state,
                "servicelist": services if services is not None else DEFAULT_PROVIDERS.get(name, []),
                "canenableindividualservice": name not in ELEMENTS, "destinationphysicalnetworkid": "0"}
    store.put("networkserviceprovider", provider)
    if name in ELEMENTS:
        element = {"id": new_id(), "nspid": provider["id"], "enabled": False}
        if ELEMENTS[name] == "virtualrouterelement":
            element.update(account="system", domain="ROOT", domainpath="ROOT",
                           domainid=store.first("domain", _path="/")["id"])
        store.put(ELEMENTS[name], element)
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
    if params.get("physicalnetworkid"):
        providers = [p for p in providers if p["physicalnetworkid"] == params["physicalnetworkid"]]
    return Listing(filter_common(ctx, providers, params), public)


@command("addNetworkServiceProvider")
def add_network_service_provider(ctx, params):
    ctx.require_root_admin()
    pnet = ctx.lookup("physicalnetwork", "physicalnetworkid")
    if ctx.store.first("networkserviceprovider", physicalnetworkid=pnet["id"], name=params["name"]):
        raise exceptions.invalid("The '%s' provider already exists on physical network %s"
                                 % (params["name"], pnet["id"]))
    provider = make_provider(ctx.store, pnet, params["name"], params.get("servicelist"))
    return Job("providers.provider", {"id": provider["id"]}, "PhysicalNetworkServiceProvider", provider["id"])


@finisher("providers.provider")
def finish_provider(store, args):
    return {"networkserviceprovider": public(store.get("networkserviceprovider", args["id"]))}


@command("updateNetworkServiceProvider")
def update_network_service_provider(ctx, params):
    ctx.require_root_admin()
    provider = ctx.lookup("networkserviceprovider", "id")
    state = params.get("state")
    if state:
        if state not in STATES:
            raise exceptions.invalid("Unable to resolve state '%s' to a supported value {Enabled or Disabled}" % state)
        element_kind = ELEMENTS.get(provider["name"])
        element = ctx.store.first(element_kind, nspid=provider["id"]) if element_kind else None
        if state == "Enabled" and element is not None and not element["enabled"]:
            raise exceptions.invalid("Provider is not ready, cannot Enable the provider, please configure the "
                                     "provider first")
    if params.get("servicelist") is not None and not provider["canenableindividualservice"]:
        raise exceptions.invalid("Updating the list of services is not allowed for the provider %s"
                                 % provider["name"])
    return Job("providers.update", {"id": provider["id"], "state": state, "servicelist": params.get("servicelist")},
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
    return Job("providers.delete", {"id": provider["id"]}, "PhysicalNetworkServiceProvider", provider["id"])


@finisher("providers.delete")
def finish_delete_provider(store, args):
    provider = store.get("networkserviceprovider", args["id"])
    kind = ELEMENTS.get(provider["name"])
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
