# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: cloudstack_package_source
short_description: The CloudStack package repository of a release for a machine's OS
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
description:
  - Chooses the package repository the installation guide gives for a CloudStack release and an operating system,
    as the C(cloudstack.cloud.cloudstack_repository) role writes it.
  - apt (Ubuntu, Debian), C(deb https://download.cloudstack.org/ubuntu <suite> <release>), the suite being the
    machine's codename (C(jammy), C(noble), C(bookworm), the name the 4.22 guide gives Debian 12's). Debian 12
    packages are published from 4.20 on, the release that brought Debian 12 support; before it Debian 12 takes
    the Ubuntu suite of its generation (C(jammy)).
  - dnf (EL), C(https://download.cloudstack.org/el/<major>/<release>/) with the release key. Package signatures are
    checked on EL 8; EL 9's default crypto policy rejects the SHA-1 signatures of the upstream packages
    (U(https://github.com/apache/cloudstack/issues/10133)), so there they are not checked unless asked.
options:
  _input:
    description: The machine's facts (C(ansible_facts)); C(os_family), C(distribution), C(distribution_release) and
      C(distribution_major_version) are read.
    type: dict
    required: true
  release:
    description: The CloudStack release, C(major.minor) (for example C(4.22)).
    type: str
    required: true
  url:
    description: A mirror; empty for the upstream repository (apt, the URL holding C(dists/); dnf, the full baseurl).
    type: str
    default: ""
  suite:
    description: apt suite to use instead of the chosen one.
    type: str
    default: ""
  gpgcheck:
    description: dnf package signature checking, C(auto) (on except on EL 9 and later), C(true) or C(false).
    type: raw
    default: auto
"""

EXAMPLES = r"""
- name: Show the repository of 4.22 for this machine
  ansible.builtin.debug:
    msg: "{{ ansible_facts | cloudstack.cloud.cloudstack_package_source('4.22') }}"
"""

RETURN = r"""
_value:
  description: The repository.
  type: dict
  contains:
    type:
      description: C(apt) or C(dnf).
      type: str
    url:
      description: apt, the repository base; dnf, the baseurl.
      type: str
    suite:
      description: apt suite (apt only).
      type: str
    component:
      description: apt component, the release (apt only).
      type: str
    gpgcheck:
      description: Whether dnf checks the packages' signatures (dnf only).
      type: bool
"""

import re

from ansible.errors import AnsibleFilterError
from ansible.module_utils.parsing.convert_bool import boolean

UPSTREAM = "https://download.cloudstack.org"
# Debian releases and the Ubuntu suite of their generation, for releases without Debian packages.
DEBIAN_FALLBACK = {"bookworm": "jammy"}
FIRST_DEBIAN_RELEASE = (4, 20)
FIRST_EL_WITHOUT_SHA1 = 9


def parse_release(release, option="cloudstack_repository_version"):
    match = re.match(r"^(\d+)\.(\d+)$", str(release).strip())
    if not match:
        raise AnsibleFilterError("%s must be a CloudStack release as major.minor (for example 4.22), got %r"
                                 % (option, release))
    return int(match.group(1)), int(match.group(2))


def cloudstack_package_source(facts, release, url="", suite="", gpgcheck="auto"):
    series = parse_release(release)
    family = facts.get("os_family")
    if family == "Debian":
        codename = facts.get("distribution_release")
        chosen = suite or codename
        if not suite and facts.get("distribution") == "Debian" and series < FIRST_DEBIAN_RELEASE:
            chosen = DEBIAN_FALLBACK.get(codename, codename)
        return {"type": "apt", "url": (url or UPSTREAM + "/ubuntu").rstrip("/"), "suite": chosen,
                "component": str(release).strip()}
    if family == "RedHat":
        major = int(facts.get("distribution_major_version"))
        if str(gpgcheck) == "auto":
            check = major < FIRST_EL_WITHOUT_SHA1
        else:
            try:
                check = boolean(gpgcheck, strict=True)
            except TypeError:
                raise AnsibleFilterError("cloudstack_repository_gpgcheck must be auto, true or false, got %r" % gpgcheck)
        return {"type": "dnf", "url": url or "%s/el/%d/%s/" % (UPSTREAM, major, str(release).strip()), "gpgcheck": check}
    raise AnsibleFilterError("The CloudStack repository is published for Ubuntu, Debian and EL; this machine is %s (%s)"
                             % (facts.get("distribution"), family))


class FilterModule(object):
    def filters(self):
        return {"cloudstack_package_source": cloudstack_package_source}
