from conftest import api_error

MULTIPLE_IDS = "cannot handle multiple IDs, provide only one ID corresponding to the scope"


def test_one_scope_id_at_a_time(shared_api):
    """CloudStack's ConfigurationManagerImpl refuses a setting read or written at two scopes at once."""
    zone = shared_api.listZones()["zone"][0]
    account = shared_api.listAccounts(name="admin")["account"][0]
    scopes = dict(zoneid=zone["id"], accountid=account["id"])
    for call, params in ((shared_api.listConfigurations, dict(name="expunge.delay", **scopes)),
                         (shared_api.updateConfiguration, dict(name="expunge.delay", value="30", **scopes))):
        error = api_error(call, **params)
        assert (error["errorcode"], error["errortext"]) == (431, MULTIPLE_IDS)
    assert shared_api.listConfigurations(name="expunge.delay")["configuration"][0]["value"] == "20"
    scoped = shared_api.listConfigurations(name="expunge.delay", zoneid=zone["id"])["configuration"][0]
    assert (scoped["scope"], scoped["id"]) == ("zone", zone["id"])
