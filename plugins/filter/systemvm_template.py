# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: systemvm_template
short_description: The upstream system VM template of a CloudStack release
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
description:
  - The system VM template that C(cloud-install-sys-tmplt) seeds for a CloudStack release, a hypervisor and an
    architecture, as the installation guide gives it (U(https://download.cloudstack.org/systemvm/)).
  - The template follows the release's C(major.minor.patch) (4.22.0.0 and 4.22.0.1 take 4.22.0, 4.22.1.0 takes
    4.22.1), except for the patch releases that shipped no template of their own and use the last one of their
    series (4.18.2 uses 4.18.1, 4.19.2 and 4.19.3 use 4.19.1). A release given as C(major.minor) takes C(.0).
  - From 4.20 the file names carry the architecture (C(systemvmtemplate-4.20.0-x86_64-kvm.qcow2.bz2),
    C(systemvmtemplate-4.20.0-aarch64-kvm.qcow2.bz2)); before, they do not (C(systemvmtemplate-4.19.1-kvm.qcow2.bz2))
    and there is no aarch64 template. aarch64 templates exist for KVM only.
options:
  _input:
    description: The CloudStack release (C(4.22), C(4.22.1.0); a package version such as C(4.22.0.0-1.el9) is read
      up to its fourth number).
    type: str
    required: true
  hypervisor:
    description: The hypervisor, as C(cloud-install-sys-tmplt -h) takes it (C(kvm), C(lxc), C(xenserver), C(vmware),
      C(hyperv), C(ovm3)).
    type: str
    required: true
  arch:
    description: The architecture of the template, C(x86_64) or C(aarch64).
    type: str
    default: x86_64
  version:
    description: The template's own version (C(4.22.0)) instead of the one chosen for the release.
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: Show the KVM template of 4.22.1.0 for ARM hosts
  ansible.builtin.debug:
    msg: "{{ '4.22.1.0' | cloudstack.cloud.systemvm_template('kvm', arch='aarch64') }}"
"""

RETURN = r"""
_value:
  description: The template.
  type: dict
  contains:
    url:
      description: Where upstream publishes it.
      type: str
    version:
      description: The template's version (C(major.minor.patch)).
      type: str
    suffix:
      description: The template's file suffix, as C(cloud-install-sys-tmplt -e) takes it (C(qcow2), C(vhd), C(ova), C(raw)).
      type: str
"""

import re

from ansible.errors import AnsibleFilterError

UPSTREAM = "https://download.cloudstack.org/systemvm"
# hypervisor: (end of the file name, template suffix as cloud-install-sys-tmplt -e takes it)
FILES = {"kvm": ("kvm.qcow2.bz2", "qcow2"), "lxc": ("kvm.qcow2.bz2", "qcow2"), "xenserver": ("xen.vhd.bz2", "vhd"),
         "vmware": ("vmware.ova", "ova"), "hyperv": ("hyperv.vhd.zip", "vhd"), "ovm3": ("ovm.raw.bz2", "raw")}
# Patch releases without a template of their own: the template they use.
REUSED = {(4, 18, 2): (4, 18, 1), (4, 19, 2): (4, 19, 1), (4, 19, 3): (4, 19, 1)}
# The first release whose file names carry the architecture and that has aarch64 templates.
MULTIARCH = (4, 20)
ARCHES = ("x86_64", "aarch64")


def _numbers(text, what):
    match = re.match(r"^(\d+)\.(\d+)(?:\.(\d+))?(?:\.\d+)?(?:[-~+].*)?$", str(text).strip())
    if not match:
        raise AnsibleFilterError("%s must be a CloudStack release such as 4.22 or 4.22.1.0, got %r" % (what, text))
    return int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)


def systemvm_template(release, hypervisor, arch="x86_64", version=""):
    if hypervisor not in FILES:
        raise AnsibleFilterError("The system VM template hypervisor must be one of %s, got %r"
                                 % (", ".join(sorted(FILES)), hypervisor))
    if arch not in ARCHES:
        raise AnsibleFilterError("The system VM template arch must be one of %s, got %r" % (", ".join(ARCHES), arch))
    if version:
        template = _numbers(version, "The system VM template version")
    else:
        numbers = _numbers(release, "The CloudStack release")
        template = REUSED.get(numbers, numbers)
    name = "%d.%d.%d" % template
    ending, suffix = FILES[hypervisor]
    if template[:2] >= MULTIARCH:
        if arch == "aarch64" and hypervisor != "kvm":
            raise AnsibleFilterError("There is no aarch64 system VM template for %s: aarch64 templates are KVM's only"
                                     % hypervisor)
        filename = "systemvmtemplate-%s-%s-%s" % (name, arch, ending)
    elif arch != "x86_64":
        raise AnsibleFilterError("There is no %s system VM template before CloudStack 4.20 (template %s)" % (arch, name))
    else:
        filename = "systemvmtemplate-%s-%s" % (name, ending)
    return {"url": "%s/%d.%d/%s" % (UPSTREAM, template[0], template[1], filename), "version": name,
            "suffix": suffix}


class FilterModule(object):
    def filters(self):
        return {"systemvm_template": systemvm_template}
