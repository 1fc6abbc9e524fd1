"""GPU cards, vGPU profiles and GPU devices (4.21's GPU framework), and service offerings with a vGPU profile
or external details."""
from conftest import api_error, client, user_client


def response_fields(api, command):
    return {field["name"] for field in api.listApis(name=command)["api"][0]["response"]}


def make_card(api, **params):
    values = dict(name="NVIDIA A10", devicename="GA102GL [A10]", deviceid="2236", vendorname="NVIDIA Corporation",
                  vendorid="10de")
    values.update(params)
    return api.createGpuCard(**values)["gpucard"]


def test_a_fresh_database_has_no_gpu(simulator):
    api = client(simulator)
    assert api.listGpuCards() == {}
    assert api.listVgpuProfiles() == {}
    assert api.listGpuDevices() == {}


def test_gpu_card_lifecycle_and_its_passthrough_profile(simulator):
    api = client(simulator)
    card = make_card(api, videoram=24576)
    assert set(card) <= response_fields(api, "createGpuCard")
    assert card["vendorid"] == "10de" and card["name"] == "NVIDIA A10"
    [passthrough] = api.listVgpuProfiles(gpucardid=card["id"])["vgpuprofile"]
    assert {k: passthrough[k] for k in ("name", "description", "gpucardname", "maxvgpuperphysicalgpu", "videoram",
                                        "vendorid", "deviceid")} == {
        "name": "passthrough", "description": "passthrough", "gpucardname": "NVIDIA A10", "maxvgpuperphysicalgpu": 1,
        "videoram": 24576, "vendorid": "10de", "deviceid": "2236"}
    error = api_error(make_card, api, name="again")
    assert error["errorcode"] == 431
    assert error["errortext"] == "GPU card with vendor ID 10de and device ID 2236 already exists"
    assert api_error(make_card, api, deviceid="22-36")["errortext"] == (
        "Device ID must be alphanumeric and in hexadecimal format")
    renamed = api.updateGpuCard(id=card["id"], name="A10")["gpucard"]
    assert renamed["name"] == "A10"
    assert api.listVgpuProfiles(id=passthrough["id"])["vgpuprofile"][0]["gpucardname"] == "A10"
    assert [c["id"] for c in api.listGpuCards(keyword="a1")["gpucard"]] == [card["id"]]
    assert api.listGpuCards(activeonly=True) == {}  # no host has one
    assert api.deleteGpuCard(id=card["id"]) == {"success": "true"}
    assert api.listGpuCards() == {} and api.listVgpuProfiles() == {}  # its profiles go with it


def test_vgpu_profiles_are_unique_per_card(simulator):
    api = client(simulator)
    a10 = make_card(api)
    l4 = make_card(api, name="NVIDIA L4", devicename="AD104GL [L4]", deviceid="27b8")
    profile = api.createVgpuProfile(gpucardid=a10["id"], name="A10-4Q", description="4 GB", videoram=4096,
                                    maxheads=4, maxresolutionx=7680, maxresolutiony=4320,
                                    maxvgpuperphysicalgpu=6)["vgpuprofile"]
    assert set(profile) <= response_fields(api, "createVgpuProfile")
    assert profile["gpucardid"] == a10["id"] and profile["maxheads"] == 4
    error = api_error(api.createVgpuProfile, gpucardid=a10["id"], name="A10-4Q")
    assert (error["errorcode"], error["errortext"]) == (431, "vGPU profile with name A10-4Q already exists")
    api.createVgpuProfile(gpucardid=l4["id"], name="A10-4Q")  # another card may have the name
    assert len(api.listVgpuProfiles(name="A10-4Q")["vgpuprofile"]) == 2
    assert len(api.listVgpuProfiles(name="passthrough")["vgpuprofile"]) == 2
    updated = api.updateVgpuProfile(id=profile["id"], description="4 GB frame buffer", videoram=4000)["vgpuprofile"]
    assert (updated["description"], updated["videoram"], updated["maxheads"]) == ("4 GB frame buffer", 4000, 4)
    passthrough = api.listVgpuProfiles(name="passthrough", gpucardid=a10["id"])["vgpuprofile"][0]
    error = api_error(api.updateVgpuProfile, id=profile["id"], name="passthrough")
    assert error["errortext"] == "vGPU profile with name passthrough already exists"
    assert api.deleteVgpuProfile(id=passthrough["id"]) == {"success": "true"}
    assert api_error(api.deleteVgpuProfile, id=passthrough["id"])["errorcode"] == 431


def test_gpu_administration_is_the_root_admins(simulator):
    admin = client(simulator)
    ann = user_client(simulator, admin, "ann")
    card = make_card(admin)
    assert api_error(ann.deleteGpuCard, id=card["id"])["errorcode"] in (431, 432)
    assert admin.listGpuCards()["gpucard"][0]["id"] == card["id"]


def test_service_offering_with_a_vgpu_profile(simulator):
    api = client(simulator)
    card = make_card(api)
    profile = api.createVgpuProfile(gpucardid=card["id"], name="A10-8Q", videoram=8192, maxheads=2)["vgpuprofile"]
    offering = api.createServiceOffering(name="gpu", displaytext="gpu", cpunumber=4, cpuspeed=2000, memory=16384,
                                         vgpuprofileid=profile["id"])["serviceoffering"]
    assert {k: offering[k] for k in ("vgpuprofileid", "vgpuprofilename", "gpucardid", "gpucardname", "gpucount",
                                     "videoram", "maxheads")} == {
        "vgpuprofileid": profile["id"], "vgpuprofilename": "A10-8Q", "gpucardid": card["id"],
        "gpucardname": "NVIDIA A10", "gpucount": 1, "videoram": 8192, "maxheads": 2}
    assert set(offering) <= response_fields(api, "createServiceOffering")
    assert [o["id"] for o in api.listServiceOfferings(vgpuprofileid=profile["id"])["serviceoffering"]] == [
        offering["id"]]
    assert [o["id"] for o in api.listServiceOfferings(gpuenabled=True)["serviceoffering"]] == [offering["id"]]
    error = api_error(api.createServiceOffering, name="gpu0", displaytext="gpu0", vgpuprofileid=profile["id"],
                      gpucount=0)
    assert (error["errorcode"], error["errortext"]) == (431, "GPU count must be greater than 0.")
    error = api_error(api.createServiceOffering, name="bad", displaytext="bad", vgpuprofileid=card["id"])
    assert error["errortext"] == "Please specify a valid vgpu profile."
    assert api_error(api.deleteVgpuProfile, id=profile["id"])["errorcode"] == 530  # an offering refers to it


def test_service_offering_external_details(simulator):
    api = client(simulator)
    offering = api.createServiceOffering(name="ext", displaytext="ext", cpunumber=1, cpuspeed=1000, memory=512,
                                         externaldetails={"endpoint.url": "https://a.example"},
                                         serviceofferingdetails={"key": "planner", "value": "x"})["serviceoffering"]
    assert offering["serviceofferingdetails"] == {"External:endpoint.url": "https://a.example", "planner": "x"}
    updated = api.updateServiceOffering(id=offering["id"], externaldetails={"region": "eu"})["serviceoffering"]
    assert updated["serviceofferingdetails"] == {"External:region": "eu", "planner": "x"}  # replaced, not merged
    cleaned = api.updateServiceOffering(id=offering["id"], cleanupexternaldetails=True)["serviceoffering"]
    assert cleaned["serviceofferingdetails"] == {"planner": "x"}
