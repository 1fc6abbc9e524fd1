# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the zone and zone_info modules share: a zone's result as ngine_io.cloudstack returns it."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type


def with_tag_pairs(zone):
    """The zone's resource tags as key/value pairs (none when the API listed none)."""
    zone["tags"] = [{"key": tag["key"], "value": tag["value"]} for tag in zone.get("tags") or []]
    return zone
