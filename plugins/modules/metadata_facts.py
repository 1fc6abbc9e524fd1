#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: metadata_facts
short_description: Gather the facts a CloudStack instance learns from its metadata service
description:
  - Read, from inside an instance, what CloudStack's virtual router serves the instance about itself (its metadata
    service, C(http://<router>/latest/meta-data/) and C(/latest/user-data)) and set them as facts.
  - The module runs on the instance (not on the controller) and needs no API credentials.
  - Without O(meta_data_host), the router is the DHCP server of the instance's lease (CloudStack's virtual router
    is the DHCP server of its guest network), read from the lease files of dhclient, NetworkManager or
    systemd-networkd.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  filter:
    description:
      - Only this fact.
    type: str
    choices:
      - cloudstack_service_offering
      - cloudstack_availability_zone
      - cloudstack_public_hostname
      - cloudstack_public_ipv4
      - cloudstack_local_hostname
      - cloudstack_local_ipv4
      - cloudstack_instance_id
      - cloudstack_vm_id
      - cloudstack_public_keys
      - cloudstack_cloud_identifier
      - cloudstack_user_data
  meta_data_host:
    description:
      - Host (name or address, with C(:port) if not 80) of the metadata service.
      - If not set, the DHCP server of the instance's most recent lease.
    type: str
  timeout:
    description:
      - Seconds to wait for each answer of the metadata service.
    type: int
    default: 10
requirements:
  - PyYAML (on the instance), to read the user data
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
  facts:
    description: Action returns an C(ansible_facts) dictionary that will update existing host facts.
    support: full
"""

EXAMPLES = r"""
- name: Gather the CloudStack facts of the instance
  cloudstack.cloud.metadata_facts:

- name: Gather only its id
  cloudstack.cloud.metadata_facts:
    filter: cloudstack_instance_id

- name: Ask a given metadata service
  cloudstack.cloud.metadata_facts:
    meta_data_host: 10.1.1.1
"""

RETURN = r"""
# Set as facts (ansible_facts), those O(filter) selects; each None when the metadata service does not have it.
cloudstack_service_offering:
  description: Service offering of the instance.
  returned: success
  type: str
  sample: Small Instance
cloudstack_availability_zone:
  description: Zone of the instance.
  returned: success
  type: str
  sample: ch-gva-2
cloudstack_public_hostname:
  description: Public address of the instance's network (its router's), as CloudStack names it.
  returned: success
  type: str
  sample: 185.19.28.35
cloudstack_public_ipv4:
  description: Public IPv4 address of the instance's network (its router's, or its static NAT address).
  returned: success
  type: str
  sample: 185.19.28.35
cloudstack_local_hostname:
  description: Host name of the instance.
  returned: success
  type: str
  sample: web-1
cloudstack_local_ipv4:
  description: Address of the instance in its guest network.
  returned: success
  type: str
  sample: 10.1.1.20
cloudstack_instance_id:
  description: UUID of the instance.
  returned: success
  type: str
  sample: ab4e80b0-3e7e-4936-bdc5-e334ba5b0139
cloudstack_vm_id:
  description: The instance's id as the metadata service gives it.
  returned: success
  type: str
cloudstack_public_keys:
  description: The SSH public keys of the instance's key pairs, one per item.
  returned: success
  type: list
  elements: str
cloudstack_cloud_identifier:
  description: Identifier of the cloud the instance runs in.
  returned: success
  type: str
  sample: CloudStack-{5dcb1c7e-8b3d-4f1e-9b16-2b0f1f5a6c11}
cloudstack_user_data:
  description:
    - The instance's user data read as YAML (a cloud-init configuration) when it is a mapping; else None and
      the text is in C(cloudstack_user_data_raw).
  returned: success
  type: dict
  sample: {packages: [tmux]}
cloudstack_user_data_raw:
  description: The instance's user data as text.
  returned: success
  type: str
  sample: "#cloud-config\npackages: [tmux]\n"
"""

import glob
import os
import re

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.urls import fetch_url

try:
    import yaml
    YAML_ERROR = None
except ImportError as exc:  # pragma: no cover - depends on the instance
    yaml = None
    YAML_ERROR = exc

# Fact -> path under /latest/meta-data/ (CloudStack's virtual router serves these for each instance).
META_DATA = {
    "cloudstack_service_offering": "service-offering",
    "cloudstack_availability_zone": "availability-zone",
    "cloudstack_public_hostname": "public-hostname",
    "cloudstack_public_ipv4": "public-ipv4",
    "cloudstack_local_hostname": "local-hostname",
    "cloudstack_local_ipv4": "local-ipv4",
    "cloudstack_instance_id": "instance-id",
    "cloudstack_vm_id": "vm-id",
    "cloudstack_public_keys": "public-keys",
    "cloudstack_cloud_identifier": "cloud-identifier",
}
USER_DATA = ("cloudstack_user_data", "cloudstack_user_data_raw")
# Where DHCP clients keep their leases (dhclient on Debian/Ubuntu, on RHEL/CentOS, on BSD; NetworkManager;
# systemd-networkd), and how each names the DHCP server.
LEASE_FILES = ("/var/lib/dhcp/dhclient*.leases", "/var/lib/dhclient/dhclient*.lease*", "/var/db/dhclient.leases.*",
               "/var/lib/NetworkManager/*.lease", "/run/systemd/netif/leases/*")
SERVER = re.compile(r"(?:option\s+dhcp-server-identifier\s+|^SERVER_ADDRESS=)([0-9a-fA-F.:]+)", re.MULTILINE)


def dhcp_server(module):
    """The DHCP server of the most recent lease (the last one of the newest lease file)."""
    paths = sorted(set(path for pattern in LEASE_FILES for path in glob.glob(pattern)), key=os.path.getmtime, reverse=True)
    for path in paths:
        try:
            with open(path) as leases:
                servers = SERVER.findall(leases.read())
        except (IOError, OSError):
            continue
        if servers:
            return servers[-1]
    module.fail_json(msg="no DHCP lease names a DHCP server (looked in %s); give meta_data_host" % ", ".join(LEASE_FILES))


def fetch(module, host, path):
    """The text at a path of the metadata service; None when it has nothing there (404)."""
    url = "http://%s/latest/%s" % (host, path)
    response, info = fetch_url(module, url, force=True, timeout=module.params["timeout"])
    if info["status"] == 404:
        return None
    if response is None or info["status"] != 200:
        module.fail_json(msg="the metadata service at %s did not answer %s: %s" % (host, url, info.get("msg")), status=info["status"])
    return to_text(response.read())


def user_data(module, host):
    text = fetch(module, host, "user-data")
    try:
        parsed = yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        parsed = None  # a script, not YAML
    return {"cloudstack_user_data": parsed if isinstance(parsed, dict) else None, "cloudstack_user_data_raw": text}


def meta_data(module, host, fact):
    value = fetch(module, host, "meta-data/" + META_DATA[fact])
    if value is not None and fact == "cloudstack_public_keys":
        return [line for line in value.splitlines() if line.strip()]
    return value.strip() if value is not None else None


def main():
    module = AnsibleModule(
        argument_spec=dict(
            filter=dict(type="str", choices=list(META_DATA) + ["cloudstack_user_data"]),
            meta_data_host=dict(type="str"),
            timeout=dict(type="int", default=10),
        ),
        supports_check_mode=True,
    )
    wanted = module.params["filter"]
    if yaml is None and wanted in (None, "cloudstack_user_data"):
        module.fail_json(msg=missing_required_lib("PyYAML"), exception=str(YAML_ERROR))
    host = module.params["meta_data_host"] or dhcp_server(module)
    facts = {}
    for fact in META_DATA:
        if wanted in (None, fact):
            facts[fact] = meta_data(module, host, fact)
    if wanted in (None, "cloudstack_user_data"):
        facts.update(user_data(module, host))
    module.exit_json(changed=False, ansible_facts=facts)


if __name__ == "__main__":
    main()
