"""Virtual routers: start, stop, reboot, destroy, and a new system offering (changeServiceForRouter)."""
from conftest import api_error


def router_of_a_network(api, world):
    network = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=world.isolated["id"], name="rtr",
                                displaytext="rtr")["network"]
    api.deployVirtualMachine(zoneid=world.advanced["id"], templateid=world.template["id"],
                             serviceofferingid=world.small["id"], networkids=[network["id"]])
    return api.listRouters(networkid=network["id"])["router"][0]


def test_router_lifecycle_and_offering(api, world):
    router = router_of_a_network(api, world)
    assert (router["state"], router["serviceofferingname"], router["role"]) == (
        "Running", "System Offering For Software Router", "VIRTUAL_ROUTER")
    bigger = api.createServiceOffering(name="router-big", displaytext="router-big", cpunumber=2, cpuspeed=1000,
                                       memory=1024, issystem=True, systemvmtype="domainrouter")["serviceoffering"]
    error = api_error(api.changeServiceForRouter, id=router["id"], serviceofferingid=bigger["id"])
    assert error["errorcode"] == 431 and "make sure the router is stopped" in error["errortext"]
    error = api_error(api.changeServiceForRouter, id=router["id"], serviceofferingid=world.small["id"])
    assert error["errorcode"] == 431 and "non system service offering" in error["errortext"]
    assert api.rebootRouter(id=router["id"])["router"]["state"] == "Running"
    assert api.stopRouter(id=router["id"])["router"]["state"] == "Stopped"
    assert api.stopRouter(id=router["id"])["router"]["state"] == "Stopped"
    error = api_error(api.rebootRouter, id=router["id"])
    assert error["errorcode"] == 534 and error["errortext"] == "Unable to reboot domR, it is not in right state Stopped"
    changed = api.changeServiceForRouter(id=router["id"], serviceofferingid=bigger["id"])["router"]
    assert changed["serviceofferingid"] == bigger["id"] and changed["serviceofferingname"] == "router-big"
    assert api.startRouter(id=router["id"])["router"]["state"] == "Running"
    assert api.listRouters(id=router["id"])["router"][0]["serviceofferingname"] == "router-big"
    assert api.destroyRouter(id=router["id"])["router"]["id"] == router["id"]
    assert api_error(api.listRouters, id=router["id"])["errorcode"] == 431  # the id of a removed object
    assert api.listRouters(name=router["name"]) == {}
