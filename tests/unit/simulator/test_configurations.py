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
    scoped = shared_api.listConfigurations(name="enable.dynamic.scale.vm", zoneid=zone["id"])["configuration"][0]
    assert (scoped["scope"], scoped["id"]) == ("zone", zone["id"])


def test_a_scope_lists_only_its_settings(shared_api):
    """ManagementServerImpl.searchForConfigurations: with a scope id, the settings of that ConfigKey scope only."""
    zone = shared_api.listZones()["zone"][0]
    cluster = shared_api.listClusters()["cluster"][0]
    in_zone = {c["name"] for c in shared_api.listConfigurations(zoneid=zone["id"], pagesize=500)["configuration"]}
    in_cluster = {c["name"]
                  for c in shared_api.listConfigurations(clusterid=cluster["id"], pagesize=500)["configuration"]}
    assert {"enable.dynamic.scale.vm", "guest.domain.suffix", "network.throttling.rate"} <= in_zone
    assert {"cpu.overprovisioning.factor", "mem.overprovisioning.factor"} <= in_cluster
    assert not in_zone & in_cluster
    assert "expunge.delay" not in in_zone | in_cluster  # a global setting
    assert shared_api.listConfigurations(name="expunge.delay", zoneid=zone["id"]) == {}


def test_a_setting_is_set_only_at_its_scope(shared_api):
    """ConfigurationManagerImpl.validateConfigurationValue refuses a scope the setting does not have."""
    zone = shared_api.listZones()["zone"][0]
    error = api_error(shared_api.updateConfiguration, name="cpu.overprovisioning.factor", value="2", zoneid=zone["id"])
    assert (error["errorcode"], error["errortext"]) == (
        431, "Invalid scope id provided for the parameter cpu.overprovisioning.factor")
    setting = shared_api.listConfigurations(name="cpu.overprovisioning.factor")["configuration"][0]
    assert (setting["value"], setting["type"], setting["category"]) == ("1.0", "Float", "Advanced")
