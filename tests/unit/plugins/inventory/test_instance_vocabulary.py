"""One vocabulary for an instance: the instance and instance_info results and the inventory's host variables
use the same keys for the same API fields (docs/inventory.md, Host variables)."""
from ansible_collections.cloudstack.cloud.plugins.inventory.cloudstack import instance_facts
from ansible_collections.cloudstack.cloud.plugins.module_utils import instances
from ansible_collections.cloudstack.cloud.plugins.modules import instance, instance_info

from test_cloudstack_helpers import VM

# Ansible reserves name and tags as variable names: the inventory's names for them (tags there as a map)
RESERVED = {"name": "instance_name", "tags": "instance_tags"}
INVENTORY_ONLY = {"region", "pod", "pod_id", "port_forwarding"}


class Engine:
    params = {"user_data": None}


def instance_result(vm):
    return instance.result(Engine(), instance.RESOURCE.renames(vm))


class Module:
    params = {}
    volumes = {None: {"vm-1": [{"name": "ROOT-7", "type": "ROOT", "size": 8589934592}]}}


def instance_info_result(vm):
    return instance_info.transform(Module(), instance_info.INFO.renames(vm))


def test_the_modules_and_the_inventory_give_the_same_keys_and_values():
    vocabulary = instances.facts(VM)
    inventory = instance_facts(VM, "eu")
    assert set(inventory) - INVENTORY_ONLY == set(RESERVED.get(key, key) for key in vocabulary)
    for result in (instance_result(VM), instance_info_result(VM)):
        assert set(vocabulary) <= set(result)
        for key, value in vocabulary.items():
            assert inventory[RESERVED.get(key, key)] == value
            assert result[key] == (instances.tag_list(value) if key == "tags" else value), key


def test_a_bare_instance_has_every_key():
    vm = {"id": "vm-2", "name": "bare"}
    assert set(instances.facts(vm)) == set(instances.facts(VM))
    assert set(instance_info_result(vm)) >= set(instances.facts(VM))


def test_the_modules_return_ngine_io_keys_besides():
    result = instance_info_result(dict(VM, keypairs="a,b", templatedisplaytext="CentOS 5.6 (64-bit)", passwordenabled=True))
    assert (result["ssh_keys"], result["ssh_key"], result["template_display_text"], result["password_enabled"]) == (
        ["a", "b"], "a,b", "CentOS 5.6 (64-bit)", True)
    assert result["volumes"] == [{"name": "ROOT-7", "type": "ROOT", "size": 8589934592}]
    assert result["nic"] == VM["nic"] and result["tags"] == [{"key": "env", "value": "prod"}, {"key": "role", "value": "web"}]
