# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lookup.select: many references resolved against one listing, with find's errors."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import Lookup, LookupFailed, NotFound

ZONE_A = "0a4e1ec1-7e49-4b0c-9e34-5a4ac9b2c2a1"
DOMAINS = [{"id": "d1", "name": "ops", "path": "ROOT/ops"}, {"id": "d2", "name": "ops", "path": "ROOT/acme/ops"},
           {"id": "d3", "name": "acme", "path": "ROOT/acme"}]


class Client:
    def __init__(self):
        self.calls = []

    def list(self, command, **params):
        self.calls.append((command, params))
        return {"listZones": [{"id": ZONE_A, "name": "A"}, {"id": "z-b", "name": "B"}], "listDomains": DOMAINS}[command]


def test_select_lists_once_and_matches_ids_and_names():
    client = Client()
    lookup = Lookup(client, where="region eu")
    assert [zone["name"] for zone in lookup.select("zone", ["B", ZONE_A, "B"])] == ["B", "A"]
    assert [domain["id"] for domain in lookup.select("domain", ["ROOT/acme", "ROOT/ops"])] == ["d3", "d1"]
    assert [command for command, _params in client.calls] == ["listZones", "listDomains"]


def test_select_raises_the_errors_of_find():
    lookup = Lookup(Client(), where="region eu")
    with pytest.raises(NotFound) as missing:
        lookup.select("zone", ["C"])
    assert str(missing.value) == "zone 'C' not found in region eu; existing: A, B"
    with pytest.raises(LookupFailed) as ambiguous:
        lookup.select("domain", ["ops"])
    assert str(ambiguous.value) == ("domain 'ops' is ambiguous in region eu: it matches 2 of them: d1 (ROOT/ops), "
                                    "d2 (ROOT/acme/ops); give the id instead")


def test_a_domain_is_its_path_with_or_without_root_or_its_name_in_any_case():
    lookup = Lookup(Client())
    for given in ("ROOT/acme", "root/ACME", "ACME", "acme", "/acme", "acme/"):
        assert lookup.find("domain", given)["id"] == "d3", given
    assert lookup.find("domain", "Acme/Ops")["id"] == "d2"
    with pytest.raises(NotFound):
        lookup.find("domain", "ROOT/acme/other")
