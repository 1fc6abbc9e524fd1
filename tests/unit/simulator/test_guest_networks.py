"""Guest networks: the virtual router of the first implement, restartNetwork, what an update may change."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import api_error


@pytest.fixture
def network(api, world):
    return api.createNetwork(zoneid=world.advanced["id"], networkofferingid=world.isolated["id"],
                             name="front")["network"]


def test_first_implement_starts_a_virtual_router(api, network):
    assert api.listRouters(networkid=network["id"]) == {}
    api.associateIpAddress(networkid=network["id"])
    routers = api.listRouters(networkid=network["id"])["router"]
    assert [(r["name"], r["state"], r["guestnetworkid"], r["account"]) for r in routers] == [
        ("r-1-VM", "Running", network["id"], "admin")]
    assert api.deleteNetwork(id=network["id"]) == {"success": True}
    assert api.listRouters(listall=True) == {}


def test_restart_needs_a_network_in_use_and_cleanup_replaces_the_router(api, network):
    error = api_error(api.restartNetwork, id=network["id"])
    assert (error["errorcode"], error["errortext"]) == (
        431, "Network is not in the right state to be restarted. Correct states are: Implemented, Setup")
    api.associateIpAddress(networkid=network["id"])
    assert api.restartNetwork(id=network["id"]) == {"success": True}
    assert [r["name"] for r in api.listRouters(networkid=network["id"])["router"]] == ["r-1-VM"]
    assert api.restartNetwork(id=network["id"], cleanup=True) == {"success": True}
    assert [r["name"] for r in api.listRouters(networkid=network["id"])["router"]] == ["r-2-VM"]


def test_network_domain_needs_the_dns_service(api, world, network):
    l2 = api.listNetworkOfferings(name="DefaultL2NetworkOffering")["networkoffering"][0]
    error = api_error(api.createNetwork, zoneid=world.advanced["id"], networkofferingid=l2["id"], name="l2",
                      networkdomain="l2.example.com")
    assert error["errorcode"] == 431
    assert error["errortext"] == "Domain name change is not supported by network offering id=%s in zone id=%s" % (
        l2["id"], world.advanced["id"])
    plain = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=l2["id"], name="l2")["network"]
    error = api_error(api.updateNetwork, id=plain["id"], networkdomain="l2.example.com")
    assert error["errortext"] == "Domain name change is not supported by the network offering id=%s" % l2["id"]
    updated = api.updateNetwork(id=network["id"], networkdomain="front.example.com")["network"]
    assert updated["networkdomain"] == "front.example.com"


def test_ipv6_cidr_is_kept(api, world):
    shared = api.listNetworkOfferings(name="DefaultSharedNetworkOffering")["networkoffering"][0]
    network = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=shared["id"], name="dual", vlan="310",
                                gateway="10.31.0.1", netmask="255.255.255.0", startip="10.31.0.10",
                                ip6cidr="fd00:31::/64", ip6gateway="fd00:31::1")["network"]
    assert (network["ip6cidr"], network["ip6gateway"], network["internetprotocol"]) == (
        "fd00:31::/64", "fd00:31::1", "DualStack")


def test_exhausted_public_ranges_are_533(api, world, network):
    error = api_error(api.associateIpAddress, networkid=network["id"], ipaddress="203.0.113.9")
    assert (error["errorcode"], error["errortext"]) == (533, "Insufficient address capacity")
    free = api.listPublicIpAddresses(allocatedonly=False, zoneid=world.advanced["id"], state="Free")["publicipaddress"]
    with ThreadPoolExecutor(8) as pool:  # hundreds of addresses: taken side by side, as concurrent callers would
        list(pool.map(lambda _address: api.associateIpAddress(zoneid=world.advanced["id"]), free))
    error = api_error(api.associateIpAddress, zoneid=world.advanced["id"])
    assert (error["errorcode"], error["errortext"]) == (533, "Insufficient address capacity")
    assert api.listNetworks(id=network["id"])["network"][0]["state"] == "Allocated"
