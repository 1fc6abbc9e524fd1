"""The resource engine, through the zone module, against an in-memory cloud."""
import pytest
from ansible.module_utils import basic

from ansible_collections.cloudstack.cloud.plugins.module_utils import module as cs_module
from ansible_collections.cloudstack.cloud.plugins.modules import zone, zone_info

from fake_cloud import ROOT, FakeCloud
from module_args import patch_module_args

CONNECTION = {"api_url": "http://cloud.invalid/client/api", "api_key": "key", "api_secret": "secret"}


class Exited(Exception):
    def __init__(self, result, failed):
        super().__init__(result)
        self.result = result
        self.failed = failed


@pytest.fixture
def run(monkeypatch):
    """run(cloud, check_mode=False, diff=False, **args) -> the module result (failed or not)."""
    def exit_json(self, **result):
        raise Exited(result, False)

    def fail_json(self, msg, **result):
        raise Exited(dict(result, msg=msg), True)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)

    def runner(cloud, check_mode=False, diff=False, module=zone, **args):
        monkeypatch.setattr(cs_module, "CloudStackClient", lambda config, logger=None: cloud)
        args = dict(CONNECTION, _ansible_check_mode=check_mode, _ansible_diff=diff, **args)
        with patch_module_args(args), pytest.raises(Exited) as exited:
            module.main()
        return dict(exited.value.result, failed=exited.value.failed)
    return runner


def test_create_then_idempotent(run):
    cloud = FakeCloud()
    result = run(cloud, name="z1", dns1="8.8.8.8", network_type="Advanced")
    assert result["changed"] and not result["failed"]
    assert result["name"] == "z1" and result["network_type"] == "Advanced" and result["internal_dns1"] == "8.8.8.8"
    assert len(cloud.items["listZones"]) == 1
    again = run(cloud, name="z1", dns1="8.8.8.8", network_type="Advanced")
    assert again["changed"] is False and again["id"] == result["id"]
    assert "createZone" not in cloud.commands()[2:] and "updateZone" not in cloud.commands()


def test_check_mode_creates_nothing_and_predicts(run):
    cloud = FakeCloud()
    result = run(cloud, check_mode=True, diff=True, name="z1", dns1="8.8.8.8")
    assert result["changed"] and result["name"] == "z1"
    assert result["diff"] == {"before": {}, "after": {"name": "z1", "dns1": "8.8.8.8"}}
    assert cloud.items["listZones"] == [] and cloud.commands() == ["listZones"]


def test_update_diff_and_check_mode(run):
    cloud = FakeCloud(zones=[{"id": "z1id", "name": "z1", "dns1": "1.1.1.1", "dns2": "", "networktype": "Basic"}])
    checked = run(cloud, check_mode=True, diff=True, name="z1", dns1="8.8.8.8", dns2="8.8.4.4")
    assert checked["changed"] and checked["dns1"] == "8.8.8.8"
    assert checked["diff"] == {"before": {"name": "z1", "dns1": "1.1.1.1", "dns2": None},
                               "after": {"name": "z1", "dns1": "8.8.8.8", "dns2": "8.8.4.4"}}
    assert cloud.items["listZones"][0]["dns1"] == "1.1.1.1"
    updated = run(cloud, name="z1", dns1="8.8.8.8", dns2="8.8.4.4")
    assert updated["changed"] and cloud.items["listZones"][0]["dns1"] == "8.8.8.8"
    assert cloud.requests[-1] == ("updateZone", {"id": "z1id", "dns1": "8.8.8.8", "dns2": "8.8.4.4"})


def test_create_only_field_fails_naming_it(run):
    cloud = FakeCloud(zones=[{"id": "z1id", "name": "z1", "dns1": "1.1.1.1", "networktype": "Basic"}])
    result = run(cloud, name="z1", network_type="Advanced")
    assert result["failed"] and not result["changed"]
    assert "cannot change network_type" in result["msg"] and "'Basic'" in result["msg"] and "'Advanced'" in result["msg"]
    assert "updateZone" not in cloud.commands()


def test_update_only_field_follows_create(run):
    cloud = FakeCloud()
    result = run(cloud, name="z1", dns1="8.8.8.8", dhcp_provider="VirtualRouter", state="enabled")
    assert result["changed"] and result["dhcp_provider"] == "VirtualRouter" and result["allocation_state"] == "Enabled"
    assert cloud.commands()[-2:] == ["createZone", "updateZone"]


def test_reference_resolved_and_missing_reported(run):
    cloud = FakeCloud(domains=[ROOT, {"id": "d2", "name": "customers", "path": "ROOT/customers"}])
    created = run(cloud, name="z1", dns1="8.8.8.8", domain="ROOT/customers")
    assert created["changed"] and cloud.items["listZones"][0]["domainid"] == "d2"
    missing = run(cloud, name="z2", dns1="8.8.8.8", domain="nope")
    assert missing["failed"] and "domain 'nope' not found" in missing["msg"] and "ROOT/customers" in missing["msg"]
    assert len(cloud.items["listZones"]) == 1


def test_ambiguous_reference_lists_candidates(run):
    cloud = FakeCloud(domains=[ROOT, {"id": "d2", "name": "eu", "path": "ROOT/a/eu"}, {"id": "d3", "name": "eu", "path": "ROOT/b/eu"}])
    result = run(cloud, name="z1", dns1="8.8.8.8", domain="eu")
    assert result["failed"] and "ambiguous" in result["msg"] and "d2" in result["msg"] and "d3" in result["msg"]
    assert cloud.items["listZones"] == []


def test_ambiguous_resource_name(run):
    cloud = FakeCloud(zones=[{"id": "a", "name": "z1"}, {"id": "b", "name": "z1"}])
    result = run(cloud, name="z1", state="absent")
    assert result["failed"] and "ambiguous" in result["msg"] and "a, b" in result["msg"]
    assert len(cloud.items["listZones"]) == 2


def test_delete_is_idempotent_with_diff(run):
    cloud = FakeCloud(zones=[{"id": "z1id", "name": "z1", "dns1": "1.1.1.1"}])
    deleted = run(cloud, diff=True, name="z1", state="absent")
    assert deleted["changed"] and deleted["diff"]["after"] == {} and deleted["diff"]["before"]["name"] == "z1"
    assert cloud.items["listZones"] == []
    again = run(cloud, name="z1", state="absent")
    assert again["changed"] is False


def test_lost_create_answer_is_reread_not_resent(run):
    cloud = FakeCloud()
    cloud.lose_next_answer = True
    result = run(cloud, name="z1", dns1="8.8.8.8")
    assert result["changed"] and not result["failed"] and result["name"] == "z1"
    assert cloud.commands().count("createZone") == 1 and len(cloud.items["listZones"]) == 1


def test_missing_required_for_create(run):
    cloud = FakeCloud()
    result = run(cloud, name="z1")
    assert result["failed"] and "dns1 is required to create the zone 'z1'" in result["msg"]
    assert cloud.items["listZones"] == []


def test_unknown_id_fails(run):
    cloud = FakeCloud()
    result = run(cloud, id="e2a0d6c4-0000-4000-8000-000000000000", name="z1", dns1="8.8.8.8")
    assert result["failed"] and "no zone with id" in result["msg"]


def test_failure_after_a_change_still_reports_changed(run):
    cloud = FakeCloud()
    cloud.refuse["updateZone"] = "DHCP provider Foo is not supported"
    result = run(cloud, name="z1", dns1="8.8.8.8", dhcp_provider="Foo")
    assert result["failed"] and result["changed"] is True
    assert result["msg"] == "CloudStack API updateZone failed: errorcode 530: DHCP provider Foo is not supported"
    assert result["command"] == "updateZone" and result["errorcode"] == 530
    assert len(cloud.items["listZones"]) == 1


def test_info_lists_all_or_one_with_module_keys(run):
    cloud = FakeCloud(zones=[{"id": "e2a0d6c4-0000-4000-8000-000000000001", "name": "z1", "ip6dns1": "::1", "domain": "a.example"},
                             {"id": "e2a0d6c4-0000-4000-8000-000000000002", "name": "z2"}])
    every = run(cloud, module=zone_info)
    assert [z["name"] for z in every["zones"]] == ["z1", "z2"] and every["changed"] is False
    assert every["zones"][0]["dns1_ipv6"] == "::1" and every["zones"][0]["network_domain"] == "a.example"
    by_id = run(cloud, module=zone_info, zone="e2a0d6c4-0000-4000-8000-000000000002")
    assert [z["name"] for z in by_id["zones"]] == ["z2"]
    assert cloud.requests[-1] == ("listZones", {"id": "e2a0d6c4-0000-4000-8000-000000000002"})
    assert run(cloud, module=zone_info, name="nope")["zones"] == []


def test_rename_by_id(run):
    cloud = FakeCloud(zones=[{"id": "e2a0d6c4-0000-4000-8000-000000000001", "name": "old", "dns1": "1.1.1.1"}])
    result = run(cloud, diff=True, id="e2a0d6c4-0000-4000-8000-000000000001", name="new")
    assert result["changed"] and result["name"] == "new"
    assert result["diff"] == {"before": {"id": "e2a0d6c4-0000-4000-8000-000000000001", "name": "old"},
                              "after": {"id": "e2a0d6c4-0000-4000-8000-000000000001", "name": "new"}}
    assert cloud.requests[-1] == ("updateZone", {"id": "e2a0d6c4-0000-4000-8000-000000000001", "name": "new"})
    assert [z["name"] for z in cloud.items["listZones"]] == ["new"]
