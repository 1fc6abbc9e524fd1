"""Affinity groups as AffinityGroupServiceImpl keeps them (models/affinitygroups.py)."""
from conftest import api_error, client, raw


def test_types_are_listed_under_cloudstacks_key(simulator):
    status, body = raw(simulator, command="listAffinityGroupTypes")
    assert status == 200
    listed = body["listaffinitygrouptypesresponse"]
    assert [t["type"] for t in listed["affinityGroupType"]] == [
        "host anti-affinity", "host affinity", "non-strict host anti-affinity", "non-strict host affinity"]
    assert listed["count"] == 4


def test_create_validates_the_type_and_the_name(simulator):
    api = client(simulator)
    error = api_error(api.createAffinityGroup, name="web")
    assert error["errorcode"] == 431 and error["errortext"].startswith(
        "Unable to create affinity group, invalid affinity group type: null. Valid values are host anti-affinity,")
    unknown = api_error(api.createAffinityGroup, name="web", type="spread")
    assert "invalid affinity group type: spread" in unknown["errortext"]
    group = api.createAffinityGroup(name="web", type="host affinity", description="together")["affinitygroup"]
    assert (group["type"], group["description"], group["account"]) == ("host affinity", "together", "admin")
    duplicate = api_error(api.createAffinityGroup, name="web", type="host affinity")
    assert duplicate["errortext"] == "Unable to create affinity group, a group with name web already exists."
    missing = api_error(api.deleteAffinityGroup, name="nothing")
    assert missing["errortext"] == "Unable to find affinity group nothing"
    assert api.deleteAffinityGroup(name="web")["success"] in (True, "true")
    assert api.listAffinityGroups() == {}
