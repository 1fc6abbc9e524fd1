"""meta/runtime.yml: the cloudstack action group lists every module, sorted, and nothing else."""
import os

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def modules():
    folder = os.path.join(REPO, "plugins", "modules")
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".py") and name != "__init__.py")


def group():
    with open(os.path.join(REPO, "meta", "runtime.yml")) as f:
        return yaml.safe_load(f)["action_groups"]["cloudstack"]


def test_every_module_is_in_the_action_group():
    missing = sorted(set(modules()) - set(group()))
    assert not missing, "add to action_groups.cloudstack in meta/runtime.yml: %s" % ", ".join(missing)


def test_action_group_names_only_existing_modules_sorted():
    assert sorted(set(group()) - set(modules())) == []
    assert group() == sorted(group())
