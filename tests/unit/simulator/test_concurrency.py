"""Many clients at once, as AWX forks are: every call answered, state consistent."""
import threading

from conftest import World, client


def test_parallel_deployments_and_listings(simulator):
    world = World(client(simulator))
    results, errors = [], []

    def worker(index):
        api = client(simulator)
        try:
            for round_ in range(3):
                vm = api.deployVirtualMachine(zoneid=world.advanced["id"], templateid=world.template["id"],
                                              serviceofferingid=world.small["id"],
                                              name="w%d-%d" % (index, round_))["virtualmachine"]
                results.append(vm)
                api.listVirtualMachines(listall=True)
                api.listZones()
        except Exception as error:  # collected and asserted on below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert len(results) == 36
    listed = client(simulator).listVirtualMachines(listall=True)["virtualmachine"]
    assert len(listed) == 36 and all(v["state"] == "Running" for v in listed)
    addresses = [v["nic"][0]["ipaddress"] for v in listed]
    assert len(set(addresses)) == 36  # no address handed out twice
    networks = client(simulator).listNetworks(zoneid=world.advanced["id"])["network"]
    assert [n["name"] for n in networks] == ["admin-network"]  # created once, not once per client
    assert simulator.stats()["calls"]["deployVirtualMachine"] >= 36
