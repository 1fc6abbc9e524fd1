"""Network service providers: CloudStack's rules on adding, enabling and removing them."""
from conftest import api_error, client


def new_physical_network(api):
    zone = api.createZone(name="advanced", networktype="Advanced", dns1="1.1.1.1", internaldns1="10.0.0.2")["zone"]
    return api.createPhysicalNetwork(zoneid=zone["id"], name="p")["physicalnetwork"]


def provider(api, pnet, name):
    return api.listNetworkServiceProviders(physicalnetworkid=pnet["id"], name=name)["networkserviceprovider"][0]


def test_a_router_is_enabled_only_once_its_element_is(start_simulator):
    api = client(start_simulator("--empty"))
    pnet = new_physical_network(api)
    router = provider(api, pnet, "virtualrouter")  # names compare case-insensitively
    error = api_error(api.updateNetworkServiceProvider, id=router["id"], state="Enabled")
    assert (error["errorcode"], error["errortext"]) == (
        530, "Provider is not ready, cannot Enable the provider, please configure the provider first")
    element = api.listVirtualRouterElements(nspid=router["id"])["virtualrouterelement"][0]
    api.configureVirtualRouterElement(id=element["id"], enabled=True)
    assert api.updateNetworkServiceProvider(id=router["id"], state="Enabled")["networkserviceprovider"]["state"] == "Enabled"
    error = api_error(api.updateNetworkServiceProvider, id=router["id"], state="Shutdown")
    assert (error["errorcode"], error["errortext"]) == (431, "Updating the provider state to 'Shutdown' is not supported")
    error = api_error(api.updateNetworkServiceProvider, id=router["id"], servicelist=["Dhcp"])
    assert error["errortext"] == "Cannot update set of Services for this Service Provider 'VirtualRouter'"


def test_add_refuses_unknown_and_duplicate_providers_and_checks_services(start_simulator):
    api = client(start_simulator("--empty"))
    pnet = new_physical_network(api)
    error = api_error(api.addNetworkServiceProvider, physicalnetworkid=pnet["id"], name="Nope")
    assert (error["errorcode"], error["errortext"]) == (431, "Invalid Network Service Provider=Nope")
    error = api_error(api.addNetworkServiceProvider, physicalnetworkid=pnet["id"], name="ConfigDrive")
    assert error["errorcode"] == 530
    assert error["errortext"].startswith("The 'ConfigDrive' provider already exists on physical network : ")
    error = api_error(api.addNetworkServiceProvider, physicalnetworkid=pnet["id"], name="Netscaler", servicelist=["Dhcp"])
    assert error["errortext"] == "Netscaler Provider cannot provide this Service specified=Dhcp"
    error = api_error(api.addNetworkServiceProvider, physicalnetworkid=pnet["id"], name="Ovs", servicelist=["Gateway"])
    assert error["errortext"] == "Invalid Network Service specified=Gateway"
    added = api.addNetworkServiceProvider(physicalnetworkid=pnet["id"], name="JuniperSRX", servicelist=["sourcenat"])
    assert added["networkserviceprovider"]["servicelist"] == ["SourceNat", "Gateway"]


def test_a_provider_networks_use_is_not_removed(start_simulator):
    api = client(start_simulator())
    network = next(n for n in api.listNetworks(listall=True)["network"] if n.get("physicalnetworkid"))
    pnet = {"id": network["physicalnetworkid"]}
    error = api_error(api.deleteNetworkServiceProvider, id=provider(api, pnet, "VirtualRouter")["id"])
    assert (error["errorcode"], error["errortext"]) == (
        530, "Provider is not deletable because there are active networks using this provider, please upgrade these "
             "networks to new network offerings")
    assert api.deleteNetworkServiceProvider(id=provider(api, pnet, "ConfigDrive")["id"])["success"] is True
