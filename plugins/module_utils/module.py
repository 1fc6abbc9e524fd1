# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AnsibleModule side shared by every module: connection options, client, errors, result.

``CloudStackModule(argument_spec, **ansible_module_kwargs)`` adds the connection options
(documented once in the ``cloudstack.cloud.cloudstack`` doc fragment), builds the client from
them, and turns every CloudStack or lookup error into a clean failure. Every result carries
``api_calls`` (requests made) and, at ``-vvv``, ``api_log`` (each call with secrets masked).
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.cloudstack.cloud.plugins.module_utils.api import (
    CS_IMPORT_ERROR, HAS_CS, CloudStackApiError, CloudStackClient)
from ansible_collections.cloudstack.cloud.plugins.module_utils.config import CloudStackConfigError, resolve_config
from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import Lookup, LookupFailed

CONNECTION_ARGSPEC = dict(
    api_key=dict(type="str", no_log=False),
    api_secret=dict(type="str", no_log=True),
    api_url=dict(type="str"),
    api_http_method=dict(type="str", choices=["get", "post"]),
    api_timeout=dict(type="int"),
    api_verify_ssl_cert=dict(type="str"),
    api_region=dict(type="str"),
    api_config=dict(type="path"),
    validate_certs=dict(type="bool", default=True),
)
# Options of the modules that wait for CloudStack (async jobs, state changes): the ``wait`` doc fragment.
WAIT_ARGSPEC = dict(
    wait_timeout=dict(type="int", default=600),
    poll_interval=dict(type="float", default=2.0),
)
# Option of the modules whose create, update and delete commands are CloudStack jobs: the ``jobs`` doc fragment.
JOBS_ARGSPEC = dict(
    wait=dict(type="bool", default=True, aliases=["poll_async"]),
)
LOG_VERBOSITY = 3


class ValidatingModule(AnsibleModule):
    """An AnsibleModule whose argument validation failure says every error that names something: for a dict option
    with suboptions given as a string, Ansible's first error is a bare "dictionary requested, could not parse JSON or
    key=value", the option named only in the next ones."""

    def fail_json(self, msg, **kwargs):  # pylint: disable=arguments-differ
        result = getattr(self, "validation_result", None)
        messages = list(dict.fromkeys(str(message) for message in result.errors.messages)) if result is not None else []
        if len(messages) > 1 and msg == messages[0]:
            msg = "; ".join(m for m in messages if not any(m != other and m in other for other in messages))
        super(ValidatingModule, self).fail_json(msg=msg, **kwargs)


class CloudStackModule:
    """An AnsibleModule with a CloudStack client (``client``) and reference resolver (``lookup``)."""

    def __init__(self, argument_spec, waits=False, jobs=False, **kwargs):
        """``waits``: the module waits for jobs or states, and takes ``wait_timeout`` and ``poll_interval``.
        ``jobs``: its commands are jobs the task may leave running: it also takes ``wait`` (alias ``poll_async``)."""
        spec = dict(CONNECTION_ARGSPEC)
        waits = waits or jobs
        if waits:
            spec.update(WAIT_ARGSPEC)
        if jobs:
            spec.update(JOBS_ARGSPEC)
        spec.update(argument_spec)
        self.module = ValidatingModule(argument_spec=spec, **kwargs)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self.api_log = []
        if not HAS_CS:
            self.module.fail_json(msg=missing_required_lib("cs"), exception=str(CS_IMPORT_ERROR))
        try:
            config = resolve_config(self.params)
        except CloudStackConfigError as exc:
            self.module.fail_json(msg=str(exc))
        waiting = {}
        if waits:
            for option in WAIT_ARGSPEC:
                if self.params[option] <= 0:
                    self.module.fail_json(msg="%s must be greater than 0, got %s" % (option, self.params[option]))
                waiting[option] = self.params[option]
        logger = self.api_log.append if self.module._verbosity >= LOG_VERBOSITY else None
        self.client = CloudStackClient(config, logger=logger, **waiting)
        self.lookup = Lookup(self.client)

    def _common(self, result):
        result["api_calls"] = self.client.calls
        if self.api_log:
            result["api_log"] = self.api_log
        return result

    def exit(self, **result):
        self.module.exit_json(**self._common(result))

    def fail(self, msg, **result):
        self.module.fail_json(msg=msg, **self._common(result))

    @contextlib.contextmanager
    def errors(self, state=dict):
        """Turn API and lookup errors raised inside the block into a module failure.

        ``state()`` gives what the failure result must still report, e.g. ``{"changed": True}``
        when an earlier command of the run already changed something.
        """
        try:
            yield
        except CloudStackApiError as exc:
            self.fail(str(exc), command=exc.command, errorcode=exc.errorcode, **state())
        except LookupFailed as exc:
            self.fail(str(exc), **state())
