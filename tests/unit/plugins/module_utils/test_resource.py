"""The resource engine, through the zone module (and declarations made here), against an in-memory cloud."""
from types import SimpleNamespace

import pytest
from ansible.module_utils import basic

from ansible_collections.cloudstack.cloud.plugins.module_utils import module as cs_module
from ansible_collections.cloudstack.cloud.plugins.module_utils import resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, LostSecret, Resource
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


def test_absent_with_a_missing_reference_changes_nothing(run):
    cloud = FakeCloud(zones=[{"id": "a", "name": "z1", "domainid": ROOT["id"]}])
    result = run(cloud, name="z1", domain="nope", state="absent")
    assert not result["failed"] and result["changed"] is False
    assert len(cloud.items["listZones"]) == 1 and "deleteZone" not in cloud.commands()
    present = run(cloud, name="z1", domain="nope", dns1="8.8.8.8")
    assert present["failed"] and "domain 'nope' not found" in present["msg"]


def test_absent_with_an_ambiguous_reference_fails(run):
    cloud = FakeCloud(zones=[{"id": "a", "name": "z1"}],
                      domains=[ROOT, {"id": "d2", "name": "eu", "path": "ROOT/a/eu"}, {"id": "d3", "name": "eu", "path": "ROOT/b/eu"}])
    result = run(cloud, name="z1", domain="eu", state="absent")
    assert result["failed"] and "ambiguous" in result["msg"]
    assert len(cloud.items["listZones"]) == 1


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


class ListingCloud(FakeCloud):
    """Lists any command's items, filtered on every parameter but listall."""

    def list(self, command, **params):
        self.calls += 1
        self.requests.append((command, params))
        return [dict(i) for i in self.items[command] if all(i.get(k) == v for k, v in params.items() if k != "listall")]


NET = "e2a0d6c4-0000-4000-8000-0000000000%02d"
THINGS = resource.Info(
    "thing", "listThings", "things",
    filters=[Field("zone", "zoneid", ref="zone"), Field("network", "networkid", ref="network", ref_scope={"zoneid": "zone"}),
             Field("even", type="bool")],
    list_params={"listall": True},
    select=lambda module, items: [i for i in items if not module.params["even"] or int(i["id"][-2:]) % 2 == 0],
)


def test_info_scoped_references_and_select(run):
    """A filter's reference is looked up in the other filters' scope first (two networks of one name in two zones);
    ``select`` keeps what no list parameter filters."""
    cloud = ListingCloud(zones=[{"id": NET % 1, "name": "z1"}, {"id": NET % 2, "name": "z2"}])
    cloud.items["listNetworks"] = [{"id": NET % 3, "name": "web", "zoneid": NET % 1}, {"id": NET % 4, "name": "web", "zoneid": NET % 2}]
    cloud.items["listThings"] = [{"id": NET % n, "networkid": NET % 4, "zoneid": NET % 2} for n in (10, 11, 12)]
    scoped = run(cloud, module=SimpleNamespace(main=THINGS.run), network="web", zone="z2")
    assert [t["id"] for t in scoped["things"]] == [NET % n for n in (10, 11, 12)] and scoped["changed"] is False
    assert cloud.requests[-2:] == [("listNetworks", {"listall": True, "zoneid": NET % 2, "name": "web"}),
                                   ("listThings", {"listall": True, "zoneid": NET % 2, "networkid": NET % 4})]
    assert [t["id"] for t in run(cloud, module=SimpleNamespace(main=THINGS.run), zone="z2", even=True)["things"]] == [NET % 10, NET % 12]
    ambiguous = run(cloud, module=SimpleNamespace(main=THINGS.run), network="web")
    assert ambiguous["failed"] and "network 'web' is ambiguous" in ambiguous["msg"]


def test_rename_by_id(run):
    cloud = FakeCloud(zones=[{"id": "e2a0d6c4-0000-4000-8000-000000000001", "name": "old", "dns1": "1.1.1.1"}])
    result = run(cloud, diff=True, id="e2a0d6c4-0000-4000-8000-000000000001", name="new")
    assert result["changed"] and result["name"] == "new"
    assert result["diff"] == {"before": {"id": "e2a0d6c4-0000-4000-8000-000000000001", "name": "old"},
                              "after": {"id": "e2a0d6c4-0000-4000-8000-000000000001", "name": "new"}}
    assert cloud.requests[-1] == ("updateZone", {"id": "e2a0d6c4-0000-4000-8000-000000000001", "name": "new"})
    assert [z["name"] for z in cloud.items["listZones"]] == ["new"]


# --- declarations beyond the zone module: unique names, lost secrets, maps, listed results -------------

UNIQUE_ZONE = Resource(
    "zone", list_command="listZones", create_command="createZone", update_command="updateZone", delete_command="deleteZone",
    fields=[Field("name", "name", required=True), Field("dns1", "dns1"), Field("dns2", "dns2", update=None)],
    unique_name=True, lost_secret=LostSecret("zone token", "delete the zone and create it again", unless="dns2"),
)
OUR_CREATED = "2026-01-02T10:00:05+0000"


class RacingCloud(FakeCloud):
    """Another run creates a zone of the same name while this run's create is under way; that run deletes
    its own zone once this run has listed the name ``rival_deletes_after`` times (never when None)."""

    def __init__(self, rival_created, rival_id, rival_deletes_after=None):
        super().__init__()
        self.rival = {"id": rival_id, "created": rival_created}
        self.rival_deletes_after = rival_deletes_after
        self.lists_after_create = 0

    def call(self, command, wait=True, **params):
        response = super().call(command, wait, **params)
        if command == "createZone":
            self.items["listZones"][-1]["created"] = OUR_CREATED
            self.items["listZones"].append(dict(self.rival, name=params["name"]))
        return response

    def list(self, command, **params):
        if "createZone" in self.commands():
            self.lists_after_create += 1
            if self.lists_after_create == self.rival_deletes_after:
                self.items["listZones"] = [z for z in self.items["listZones"] if z["id"] != self.rival["id"]]
        return super().list(command, **params)


@pytest.fixture
def warnings(monkeypatch):
    seen = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, msg: seen.append(msg))
    return seen


@pytest.fixture
def quick_ties(monkeypatch):
    monkeypatch.setattr(resource, "TIE_WAIT", 0.3)
    monkeypatch.setattr(resource, "TIE_POLL", 0.05)


UNIQUE = SimpleNamespace(main=UNIQUE_ZONE.run)


def test_unique_name_the_later_creator_deletes_its_own_and_reports_the_earlier(run, warnings):
    cloud = RacingCloud(rival_created="2026-01-02T10:00:04+0000", rival_id="a0000000-0000-0000-0000-000000000000")
    result = run(cloud, module=UNIQUE, name="z1", dns1="8.8.8.8")
    assert result["changed"] and not result["failed"] and result["id"] == cloud.rival["id"]
    assert [z["id"] for z in cloud.items["listZones"]] == [cloud.rival["id"]]
    assert cloud.commands().count("deleteZone") == 1
    assert "another run created the zone 'z1' at the same time" in warnings[0]


def test_unique_name_the_earlier_creator_keeps_its_own(run, warnings):
    cloud = RacingCloud(rival_created="2026-01-02T10:00:06+0000", rival_id="a0000000-0000-0000-0000-000000000000")
    result = run(cloud, module=UNIQUE, name="z1", dns1="8.8.8.8")
    assert result["id"] != cloud.rival["id"] and "deleteZone" not in cloud.commands() and warnings == []


def test_unique_name_tie_lost_by_id_deletes_its_own(run, warnings):
    cloud = RacingCloud(rival_created=OUR_CREATED, rival_id="a0000000-0000-0000-0000-000000000000")
    result = run(cloud, module=UNIQUE, name="z1", dns1="8.8.8.8")
    assert result["id"] == cloud.rival["id"] and [z["id"] for z in cloud.items["listZones"]] == [cloud.rival["id"]]


def test_unique_name_tie_won_by_id_keeps_its_own_once_the_other_run_deleted_its(run, warnings, quick_ties):
    cloud = RacingCloud(rival_created=OUR_CREATED, rival_id="zz000000-0000-0000-0000-000000000000", rival_deletes_after=3)
    result = run(cloud, module=UNIQUE, name="z1", dns1="8.8.8.8")
    assert result["id"] != cloud.rival["id"] and len(cloud.items["listZones"]) == 1 and "deleteZone" not in cloud.commands()


def test_unique_name_tie_won_by_id_deletes_its_own_when_the_other_run_kept_its(run, warnings, quick_ties):
    cloud = RacingCloud(rival_created=OUR_CREATED, rival_id="zz000000-0000-0000-0000-000000000000")
    result = run(cloud, module=UNIQUE, name="z1", dns1="8.8.8.8")
    assert result["id"] == cloud.rival["id"] and [z["id"] for z in cloud.items["listZones"]] == [cloud.rival["id"]]
    assert warnings and "deleted its own" in warnings[0]


def test_lost_create_answer_warns_about_the_secret_and_how_to_renew_it(run, warnings):
    cloud = FakeCloud()
    cloud.lose_next_answer = True
    result = run(cloud, module=UNIQUE, name="z1", dns1="8.8.8.8")
    assert result["changed"] and not result["failed"] and result["name"] == "z1"
    assert "CloudStack's answer was lost, and with it the zone token" in warnings[0]
    assert "delete the zone and create it again" in warnings[0]


def test_lost_create_answer_without_a_secret_made_does_not_warn(run, warnings):
    cloud = FakeCloud()
    cloud.lose_next_answer = True
    result = run(cloud, module=UNIQUE, name="z1", dns1="8.8.8.8", dns2="8.8.4.4")
    assert result["changed"] and not result["failed"] and warnings == []


def test_map_field_takes_key_value_lists_and_compares_as_a_subset():
    details = Field("details", "details", type="dict", key_value_list=True)
    assert details.argspec()["type"] == "raw"
    assert details.mapping([{"key": "a", "value": 1}, {"b": "2"}]) == {"a": "1", "b": "2"}
    assert details.mapping({"a": 1}) == {"a": "1"}
    assert not details.differs({"a": "1"}, {"a": "1", "added": "by CloudStack"})
    assert details.differs({"a": "2"}, {"a": "1"}) and details.differs({"c": "1"}, None)
    with pytest.raises(ValueError, match="details must be a mapping"):
        details.mapping("a=1")
    with pytest.raises(ValueError):
        Field("plain", "plain", type="dict").mapping([{"key": "a", "value": "1"}])


def labelled_zone(read):
    return Resource("zone", list_command="listZones", create_command="createZone", update_command="updateZone",
                    delete_command="deleteZone", hooks={"read": read},
                    fields=[Field("name", "name", required=True),
                            Field("labels", "labels", type="dict", whole=True, clear="cleanuplabels")])


def test_whole_map_field_compares_every_key_and_is_emptied_by_its_flag(run):
    def read(engine, zone):  # the labels as the field compares them: the flag empties them
        return dict(zone, labels={} if zone.get("cleanuplabels") else zone.get("labels") or {})
    module = SimpleNamespace(main=labelled_zone(read).run)
    cloud = FakeCloud(zones=[{"id": "z1", "name": "z1", "labels": {"a": "1", "b": "2"}}])
    result = run(cloud, module=module, name="z1", labels={"a": "1"})
    assert result["changed"] and cloud.requests[-1] == ("updateZone", {"id": "z1", "labels": {"a": "1"}})
    assert result["labels"] == {"a": "1"}
    assert not run(cloud, module=module, name="z1", labels={"a": "1"})["changed"]
    result = run(cloud, module=module, name="z1", labels={})
    assert result["changed"] and cloud.requests[-1] == ("updateZone", {"id": "z1", "cleanuplabels": True})
    assert result["labels"] == {}
    assert not run(cloud, module=module, name="z1", labels={})["changed"]


def test_the_read_hook_presents_found_and_answered_resources(run):
    read_ids = []

    def read(engine, zone):
        read_ids.append(zone["id"])
        return dict(zone, labels=zone.get("labels") or {})
    cloud = FakeCloud()
    result = run(cloud, module=SimpleNamespace(main=labelled_zone(read).run), name="z1")
    assert result["changed"] and result["labels"] == {} and read_ids == [result["id"]]  # the create's answer
    run(cloud, module=SimpleNamespace(main=labelled_zone(read).run), name="z1")
    assert read_ids == [result["id"]] * 2  # found


def test_list_field_with_result_list_is_returned_as_a_list(run):
    tagged = Resource("zone", list_command="listZones", create_command="createZone", delete_command="deleteZone",
                      fields=[Field("name", "name", required=True), Field("dns1", "dns1", type="list", result_list=True)])
    cloud = FakeCloud(zones=[{"id": "z1", "name": "z1", "dns1": "8.8.8.8,1.1.1.1"}])
    result = run(cloud, module=SimpleNamespace(main=tagged.run), name="z1")
    assert result["dns1"] == ["8.8.8.8", "1.1.1.1"]


def test_check_mode_with_a_missing_parent_predicts_the_creation_with_a_warning(run, warnings):
    cloud = FakeCloud(domains=[ROOT])
    result = run(cloud, check_mode=True, diff=True, name="z1", dns1="8.8.8.8", domain="ROOT/not-yet")
    assert not result["failed"] and result["changed"] and result["name"] == "z1"
    assert result["diff"] == {"before": {}, "after": {"name": "z1", "dns1": "8.8.8.8", "domain": "ROOT/not-yet"}}
    assert "domain 'ROOT/not-yet' not found" in warnings[0] and "assumes an earlier task creates it" in warnings[0]
    assert cloud.items["listZones"] == [] and "createZone" not in cloud.commands()
    real = run(cloud, name="z1", dns1="8.8.8.8", domain="ROOT/not-yet")
    assert real["failed"] and "domain 'ROOT/not-yet' not found" in real["msg"]


def test_chosen_id_is_required_and_creates_with_that_id(run):
    numbered = Resource("zone", list_command="listZones", create_command="createZone", delete_command="deleteZone",
                        fields=[Field("id", "id", update=None), Field("name", "name", required=True)], chosen_id=True)
    assert numbered.argument_spec()["id"]["required"] is True
    cloud = FakeCloud()
    result = run(cloud, module=SimpleNamespace(main=numbered.run), id="7", name="z7")
    assert result["changed"] and not result["failed"]
    assert ("createZone", {"id": "7", "name": "z7"}) in cloud.requests


def test_a_find_hook_can_fall_back_on_the_listed_search(run):
    seen = []

    def find(engine):
        found = engine.find_listed()
        seen.append(found["id"])
        return found
    hooked = Resource("zone", list_command="listZones", create_command="createZone", delete_command="deleteZone",
                      fields=[Field("name", "name", required=True)], hooks={"find": find})
    cloud = FakeCloud(zones=[{"id": "z1", "name": "z1"}])
    result = run(cloud, module=SimpleNamespace(main=hooked.run), name="z1")
    assert not result["changed"] and not result["failed"] and seen == ["z1"]


def test_required_options_are_required_in_every_state():
    declared = Resource("rule", list_command="listRolePermissions", required=("role",),
                        fields=[Field("role", "roleid"), Field("name", "rule")])
    spec = declared.argument_spec()
    assert spec["role"]["required"] is True and spec["name"]["required"] is True
    assert "required" not in Resource("rule", list_command="x", fields=[Field("role", "roleid"), Field(
        "id", create=None, update=None, returned="id")]).argument_spec()["role"]


def test_a_dict_option_of_suboptions_given_a_string_is_named(run):
    """Ansible's first error for it is a bare 'dictionary requested'; the failure says the ones naming the option."""
    from ansible_collections.cloudstack.cloud.plugins.modules import lb_rule
    cloud = FakeCloud()
    result = run(cloud, module=lb_rule, name="web", ip_address="203.0.113.10", stickiness_policy="abc")
    assert result["failed"] and not cloud.commands()
    # "of type str" (ansible-core 2.19) or "of type <class 'str'>" (older)
    assert result["msg"].startswith("argument 'stickiness_policy' is of type ") and "unable to convert to dict" in result["msg"]
