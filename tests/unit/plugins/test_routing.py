"""meta/runtime.yml: ngine_io.cloudstack 2.x's module names (cs_<name>) redirect to the modules here, deprecated."""
import json
import os

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
NGINE_IO_2X_NAMES = {"ssh_key": ["cs_sshkeypair"], "static_nat": ["cs_staticnat"], "lb_rule": ["cs_loadbalancer_rule"],
                     "lb_rule_member": ["cs_loadbalancer_rule_member"], "ssl_cert": ["cs_sslcertificate"],
                     "metadata_facts": ["cs_facts"]}  # 2.x names that were not cs_<name>


def modules():
    folder = os.path.join(REPO, "plugins", "modules")
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".py") and name != "__init__.py")


def ngine_io_namesakes():
    """The modules here that ngine_io.cloudstack has too: only their old names exist in playbooks."""
    with open(os.path.join(REPO, "tests", "unit", "data", "ngine_io", "interface.json")) as f:
        theirs = json.load(f)["modules"]
    return [module for module in modules() if module in theirs]


def routing():
    with open(os.path.join(REPO, "meta", "runtime.yml")) as f:
        return yaml.safe_load(f).get("plugin_routing", {}).get("modules", {})


@pytest.mark.parametrize("module", ngine_io_namesakes())
def test_old_names_redirect_with_a_deprecation(module):
    for old in ["cs_" + module] + NGINE_IO_2X_NAMES.get(module, []):
        route = routing().get(old)
        assert route, "meta/runtime.yml: plugin_routing.modules.%s must redirect to cloudstack.cloud.%s" % (old, module)
        assert route["redirect"] == "cloudstack.cloud." + module
        assert route["deprecation"]["removal_version"] and module in route["deprecation"]["warning_text"]


def test_redirects_lead_to_existing_modules():
    for old, route in routing().items():
        assert route["redirect"].startswith("cloudstack.cloud."), old
        assert route["redirect"].rsplit(".", 1)[1] in modules(), "%s redirects to a module that does not exist" % old


def action_plugins():
    folder = os.path.join(REPO, "plugins", "action")
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".py") and name != "__init__.py")


@pytest.mark.parametrize("module", action_plugins())
def test_old_names_of_modules_with_an_action_plugin_keep_it(module):
    # Without an action route, the old name runs the bare module: a secret it returns is printed.
    with open(os.path.join(REPO, "meta", "runtime.yml")) as f:
        actions = yaml.safe_load(f)["plugin_routing"].get("action", {})
    for old in ["cs_" + module] + NGINE_IO_2X_NAMES.get(module, []):
        assert actions.get(old, {}).get("redirect") == "cloudstack.cloud." + module, (
            "meta/runtime.yml: plugin_routing.action.%s must redirect to cloudstack.cloud.%s" % (old, module))
