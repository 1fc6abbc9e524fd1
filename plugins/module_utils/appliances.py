# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the modules of CloudStack's appliances share (virtual routers, internal LB VMs: domain routers CloudStack
deploys itself): finding one by its name (r-40-VM, b-12-VM) or id, how it is returned, and its power state."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import UUID

# The states a task asks for -> CloudStack's.
POWER = {"started": "Running", "stopped": "Stopped"}

# A domain router's response keys -> result keys (ngine_io's; the rest go through snake_case).
RENAMES = {
    "serviceofferingname": "service_offering", "version": "template_version", "requiresupgrade": "requires_upgrade",
    "redundantstate": "redundant_state", "zonename": "zone", "isredundantrouter": "is_redundant_router",
    "guestnetworkname": "network", "guestnetworkid": "network_id", "networkdomain": "network_domain",
    "guestipaddress": "guest_ip_address", "publicip": "public_ip", "hostname": "host", "vpcid": "vpc_id",
    "vpcname": "vpc",
}


def find_appliance(engine, label):
    """The appliance the ``name`` option names, by id or by name without case (CloudStack's r-40-VM), within the
    task's scope; without a name, the one the scope narrows to. Several are an error naming them."""
    name = engine.params.get("name")
    params = engine.scope_params()
    if name and not UUID.match(name):
        params["name"] = name  # an id is matched here: CloudStack answers 431 for the id of a destroyed one
    found = engine.client.list(engine.resource.list_command, **params)
    if name:
        found = [item for item in found if name.lower() in (item["name"].lower(), item["id"])]
    if len(found) > 1:
        engine.fail("%s %s is ambiguous: %d match (%s); give %s" % (
            label, "name %r" % name if name else "of %s" % described_scope(engine), len(found),
            ", ".join("%s %s" % (item["name"], item["id"]) for item in found), "the id" if name else "the name"))
    return found[0] if found else None


def described_scope(engine):
    """The scope options the task gives, as an error names them (network 'web', vpc 'shop')."""
    return ", ".join("%s %r" % (option, engine.params[option]) for option in engine.resource.scope
                     if engine.params.get(option) is not None) or "the cloud"


def switch_power(engine, appliance, wanted, command, **params):
    """Bring the appliance to the ``wanted`` state with its start or stop command (awaited unless ``wait=false``):
    the appliance as it then is (as predicted in check mode)."""
    engine.note("state", appliance["state"], wanted)
    answer = engine.write_own(command, id=appliance["id"], **params)
    if engine.check_mode:
        return dict(appliance, state=wanted)
    return engine.extract(answer) or engine.find() or appliance
