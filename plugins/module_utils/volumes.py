# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What `volume` and `volume_info` share: how a volume reads (a module cannot import another module)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

GIB = 1024 ** 3

# listVolumes' keys -> the result's (ngine_io's names where it has them); the rest go through snake_case.
VOLUME_RENAMES = {
    "zonename": "zone", "vmname": "vm", "virtualmachineid": "vm_id", "deviceid": "device_id",
    "diskofferingname": "disk_offering", "storage": "storage_pool", "storageid": "storage_pool_id",
    "displayvolume": "display_volume", "miniops": "min_iops", "maxiops": "max_iops",
}
