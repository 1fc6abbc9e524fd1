#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: api_request
short_description: Send any CloudStack API command
description:
  - Send one API command with its parameters and return CloudStack's answer as it is, for what no module of this
    collection does. The module knows nothing of the command's meaning, so it is never idempotent.
  - The command must be one that CloudStack's C(listApis) offers to the caller (the commands of its version, that
    its role allows); another name is refused with the names close to it. Parameters the command does not have are
    refused the same way.
  - Reads (commands named C(list*), C(get*), C(query*)) report no change and run in check mode too; any other
    command reports a change, and in check mode is not sent.
  - An asynchronous command's job is awaited, and its result returned, unless O(wait=false).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  free_form:
    description:
      - The command followed by C(key=value) parameters, e.g. V(listVPCs keyword=my-vpc listall=true).
      - There is no option named C(free_form); write the command and its parameters after the module name
        (ansible-core 2.19 and later; older versions refuse a free form for modules of collections).
      - V(true), V(false), V(null) and numbers are sent as such; quote a value with spaces (V(name='my vpc')).
    type: str
  command:
    description:
      - The API command, e.g. V(listCapabilities); with the free form, its first word.
    type: str
  params:
    description:
      - Parameters of the command; they override free-form ones of the same name.
      - "A map parameter as CloudStack reads it, e.g. V(tags[0].key) and V(tags[0].value), or as a list of dicts
        (V(tags) with V([{key: env, value: prod}])), which the client sends that way."
    type: dict
    aliases: [query_params]
  wait:
    description:
      - Whether to await the job of an asynchronous command and return its result.
      - With V(false) the answer is CloudStack's C({jobid, id}).
    type: bool
    default: true
    aliases: [poll_async]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.wait
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: partial
    details: Reads (C(list*), C(get*), C(query*)) are sent; other commands are not, and report a change.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
notes:
  - ngine_io.cloudstack's C(api_request) reports every request as a change and does not run in check mode.
"""

EXAMPLES = r"""
- name: Send a command with free-form parameters
  cloudstack.cloud.api_request: listVPCs keyword=my-vpc listall=true
  register: vpcs

- name: Send a command with its parameters as a map
  cloudstack.cloud.api_request:
    command: listVirtualMachines
    params:
      keyword: my-vm
      listall: true
  register: vms

- name: Send an asynchronous command; its job is awaited
  cloudstack.cloud.api_request:
    command: rebootVirtualMachine
    params:
      id: "{{ vms.response.virtualmachine[0].id }}"
"""

RETURN = r"""
command:
  description: The command sent.
  returned: success
  type: str
  sample: listCapabilities
params:
  description: The parameters sent.
  returned: success
  type: dict
  sample: {keyword: my-vm, listall: true}
response:
  description:
    - CloudStack's answer as it is (inside C(<command>response)); an asynchronous command's job result when awaited.
    - Not returned in check mode for a command that is not a read.
  returned: success
  type: raw
  sample: {count: 1, vpc: [{id: 5dcb1c7e-8b3d-4f1e-9b16-2b0f1f5a6c11, name: my-vpc}]}
api_calls:
  description: Number of CloudStack API requests the task made (the check of the command included).
  returned: always
  type: int
  sample: 2
"""

import difflib
import re
import shlex

from ansible_collections.cloudstack.cloud.plugins.module_utils.api import CloudStackApiError, is_read
from ansible_collections.cloudstack.cloud.plugins.module_utils.module import CloudStackModule

INT = re.compile(r"^[+-]?\d+$")
FLOAT = re.compile(r"^[+-]?\d+\.\d+$")
NOT_PERMITTED = 432  # listApis itself is not allowed to the caller: the command is sent unchecked
CLOSE_NAMES = 5


def coerced(value):
    """A free-form value as the YAML form would give it: booleans, null and numbers."""
    lower = value.lower()
    if lower in ("true", "false"):
        return lower == "true"
    if lower in ("none", "null"):
        return None
    if INT.match(value):
        return int(value)
    if FLOAT.match(value):
        return float(value)
    return value


def request(module):
    """The command and its parameters, from the free form and the options."""
    free_form = module.params.get("free_form")
    command, params = None, {}
    if free_form:
        try:
            words = shlex.split(free_form)
        except ValueError as exc:
            module.fail("cannot read the free form %r: %s" % (free_form, exc))
        command = words[0] if words else None
        for word in words[1:]:
            key, sep, value = word.partition("=")
            if not sep or not key:
                module.fail("free-form parameter %r is not key=value" % word)
            params[key] = coerced(value)
    if command and module.params.get("command") and command != module.params["command"]:
        module.fail("the free form names the command %s and the command option %s; give one" % (command, module.params["command"]))
    command = command or module.params.get("command")
    if not command:
        module.fail("command is required (the command option, or the first word of the free form)")
    params.update(module.params.get("params") or {})
    return command, params


def close(name, names):
    found = difflib.get_close_matches(name, names, n=CLOSE_NAMES, cutoff=0.6)
    found += [n for n in names if n.lower() == name.lower() and n not in found]
    return ", ".join(found) or "none"


def check(module, command, params):
    """Refuse a command CloudStack does not offer the caller, and parameters the command does not have."""
    try:
        described = module.client.call("listApis", name=command).get("api") or []
    except CloudStackApiError as exc:
        if exc.errorcode == NOT_PERMITTED:
            return
        if "unable to find an api" not in str(exc):  # CloudStack's 530 for a name it does not offer
            raise
        described = []
    if not described:
        names = [api["name"] for api in module.client.list("listApis")]
        module.fail("CloudStack offers no API command %s to this caller; close names: %s" % (command, close(command, names)))
    known = [param["name"] for param in described[0].get("params") or []]
    unknown = sorted(key for key in params if key.split("[", 1)[0] not in known)
    if unknown:
        module.fail("%s has no parameter %s; %s" % (command, ", ".join(unknown), "; ".join(
            "close to %s: %s" % (key, close(key.split("[", 1)[0], known)) for key in unknown)))


def main():
    module = CloudStackModule(
        dict(command=dict(type="str"), free_form=dict(type="str"), params=dict(type="dict", aliases=["query_params"])),
        jobs=True, supports_check_mode=True)
    command, params = request(module)
    read = is_read(command)
    with module.errors():
        check(module, command, params)
        result = dict(changed=not read, command=command, params=params)
        if module.check_mode and not read:
            module.exit(**result)
        result["response"] = module.client.call(command, wait=module.params["wait"], **params)
    module.exit(**result)


if __name__ == "__main__":
    main()
