"""Offerings keep their disk rates and details under the keys CloudStack returns them."""


def test_disk_offering_rates_are_returned_under_their_response_keys_and_updated(api):
    disk = api.createDiskOffering(name="rated", displaytext="Rated", disksize=10, bytesreadrate=1048576,
                                  iopswriterate=300, miniops=100, maxiops=500)["diskoffering"]
    assert (disk["diskBytesReadRate"], disk["diskIopsWriteRate"], disk["miniops"], disk["maxiops"]) == (1048576, 300, 100, 500)
    assert "bytesreadrate" not in disk and "diskBytesWriteRate" not in disk
    updated = api.updateDiskOffering(id=disk["id"], byteswriterate=2097152)["diskoffering"]
    assert (updated["diskBytesReadRate"], updated["diskBytesWriteRate"]) == (1048576, 2097152)
    listed = api.listDiskOfferings(id=disk["id"])["diskoffering"][0]
    assert listed["diskBytesWriteRate"] == 2097152


def test_service_offering_rates_and_details_in_both_map_forms(api):
    offering = api.createServiceOffering(
        name="rated", displaytext="Rated", cpunumber=1, cpuspeed=500, memory=512, bytesreadrate=1024,
        iopsreadrate=50, serviceofferingdetails=[{"key": "vgpuType", "value": "GRID"}, {"pciDevice": "K1"}],
    )["serviceoffering"]
    assert (offering["diskBytesReadRate"], offering["diskIopsReadRate"]) == (1024, 50)
    assert offering["serviceofferingdetails"] == {"vgpuType": "GRID", "pciDevice": "K1"}
