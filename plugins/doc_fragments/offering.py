# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # What every offering module takes: its display text and where it is offered.
    DOCUMENTATION = r"""
options:
  display_text:
    description:
      - Display text of the offering; O(name) when not given at creation.
    type: str
  domains:
    description:
      - Domains (names, paths such as V(ROOT/customers), or ids) the offering is restricted to; V([]) makes it public.
    type: list
    elements: str
    aliases: [domain]
  zones:
    description:
      - Zones (names or ids) the offering is restricted to; V([]) makes it available in all zones.
    type: list
    elements: str
    aliases: [zone]
"""

    # The storage settings compute and disk offerings share.
    STORAGE = r"""
options:
  hypervisor_snapshot_reserve:
    description:
      - Hypervisor snapshot reserve space as a percent of a volume, for managed storage with Xen or VMware.
    type: int
  provisioning_type:
    description:
      - Provisioning type of the volumes.
    type: str
    choices: [thin, sparse, fat]
  storage_tags:
    description:
      - Storage tags of the offering; V([]) removes them.
    type: list
    elements: str
    aliases: [storage_tag]
  storage_type:
    description:
      - Storage type of the offering.
    type: str
    choices: [local, shared]
"""

    # The zone filter of the offering _info modules.
    INFO = r"""
options:
  zone:
    description:
      - Only the offerings available in this zone (name or id).
    type: str
"""
