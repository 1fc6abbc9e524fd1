"""Physical networks: CloudStack's rules on VLAN ranges and broadcast domain ranges per zone type."""
from conftest import api_error, client


def make_zone(api, name, networktype, **extra):
    return api.createZone(name=name, networktype=networktype, dns1="1.1.1.1", internaldns1="10.0.0.2", **extra)["zone"]


def test_vlan_ranges_only_in_advanced_zones_without_security_groups(start_simulator):
    api = client(start_simulator("--empty"))
    basic = make_zone(api, "basic", "Basic")
    error = api_error(api.createPhysicalNetwork, zoneid=basic["id"], name="p", vlan="100-199")
    assert (error["errorcode"], error["errortext"]) == (
        431, "Can't add vnet range to the physical network in the zone that supports Basic network, "
             "Security Group enabled: true")
    pnet = api.createPhysicalNetwork(zoneid=basic["id"], name="p")["physicalnetwork"]
    assert api_error(api.updatePhysicalNetwork, id=pnet["id"], vlan="100-199")["errorcode"] == 431
    advanced = make_zone(api, "advanced", "Advanced")
    pnet = api.createPhysicalNetwork(zoneid=advanced["id"], name="p", vlan="100-199")["physicalnetwork"]
    assert api.updatePhysicalNetwork(id=pnet["id"], vlan="100-299")["physicalnetwork"]["vlan"] == "100-299"


def test_broadcast_domain_range_follows_the_zone_type(start_simulator):
    api = client(start_simulator("--empty"))
    basic, advanced = make_zone(api, "basic", "Basic"), make_zone(api, "advanced", "Advanced")
    assert api.createPhysicalNetwork(zoneid=basic["id"], name="b")["physicalnetwork"]["broadcastdomainrange"] == "POD"
    created = api.createPhysicalNetwork(zoneid=advanced["id"], name="a", broadcastdomainrange="zone")
    assert created["physicalnetwork"]["broadcastdomainrange"] == "ZONE"
    error = api_error(api.createPhysicalNetwork, zoneid=advanced["id"], name="x", broadcastdomainrange="POD")
    assert (error["errorcode"], error["errortext"]) == (431, "Advance zone can have broadcast domain type of value ZONE only")
    error = api_error(api.createPhysicalNetwork, zoneid=basic["id"], name="x", broadcastdomainrange="ZONE")
    assert error["errortext"] == "Basic zone can have broadcast domain type of value POD only"
    error = api_error(api.createPhysicalNetwork, zoneid=basic["id"], name="x", broadcastdomainrange="rack")
    assert error["errortext"] == "Unable to resolve broadcastDomainRange 'rack' to a supported value {Pod or Zone}"


def test_traffic_type_labels_update_and_clear_and_delete(start_simulator):
    api = client(start_simulator("--empty"))
    zone = make_zone(api, "advanced", "Advanced")
    pnet = api.createPhysicalNetwork(zoneid=zone["id"], name="p")["physicalnetwork"]
    traffic = api.addTrafficType(physicalnetworkid=pnet["id"], traffictype="Guest", kvmnetworklabel="cloudbr0",
                                 xennetworklabel="xenbr0")["traffictype"]
    updated = api.updateTrafficType(id=traffic["id"], kvmnetworklabel="cloudbr1", xennetworklabel="")["traffictype"]
    assert (updated["kvmnetworklabel"], updated.get("xennetworklabel")) == ("cloudbr1", None)
    assert api.deleteTrafficType(id=traffic["id"])["success"] is True
    assert api.listTrafficTypes(physicalnetworkid=pnet["id"]).get("traffictype", []) == []


def test_guest_traffic_with_networks_is_not_deletable(start_simulator):
    api = client(start_simulator())
    network = next(n for n in api.listNetworks(listall=True)["network"] if n.get("physicalnetworkid"))
    guest = next(t for t in api.listTrafficTypes(physicalnetworkid=network["physicalnetworkid"])["traffictype"]
                 if t["traffictype"] == "Guest")
    error = api_error(api.deleteTrafficType, id=guest["id"])
    assert (error["errorcode"], error["errortext"]) == (
        530, "The Traffic Type is not deletable because there are existing networks with this traffic type:Guest")
