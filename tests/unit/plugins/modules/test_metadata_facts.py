"""metadata_facts finds the virtual router as the DHCP server of the newest lease."""
import os

import pytest

from ansible_collections.cloudstack.cloud.plugins.modules import metadata_facts

DHCLIENT = """lease {
  interface "eth0";
  fixed-address 10.1.1.20;
  option dhcp-server-identifier 10.1.1.1;
}
lease {
  interface "eth0";
  fixed-address 10.1.1.20;
  option dhcp-server-identifier 10.1.1.254;
}
"""
NETWORKD = "# This is private data. Do not parse.\nADDRESS=10.2.0.30\nSERVER_ADDRESS=10.2.0.1\nROUTER=10.2.0.1\n"


class Failed(Exception):
    pass


class FakeModule:
    def fail_json(self, msg, **kwargs):
        raise Failed(msg)


def leases(monkeypatch, tmp_path, files):
    paths = []
    for age, (name, text) in enumerate(files):
        path = tmp_path / name
        path.write_text(text)
        os.utime(path, (1000 - age, 1000 - age))  # the first is the newest
        paths.append(str(path))
    monkeypatch.setattr(metadata_facts, "LEASE_FILES", tuple(paths))


def test_the_last_lease_of_the_newest_file(monkeypatch, tmp_path):
    leases(monkeypatch, tmp_path, [("dhclient.eth0.leases", DHCLIENT), ("old.lease", NETWORKD)])
    assert metadata_facts.dhcp_server(FakeModule()) == "10.1.1.254"


def test_a_systemd_networkd_lease(monkeypatch, tmp_path):
    leases(monkeypatch, tmp_path, [("2", NETWORKD)])
    assert metadata_facts.dhcp_server(FakeModule()) == "10.2.0.1"


def test_no_lease_names_a_server(monkeypatch, tmp_path):
    leases(monkeypatch, tmp_path, [("empty.leases", "lease {\n}\n")])
    with pytest.raises(Failed, match="no DHCP lease names a DHCP server .*; give meta_data_host"):
        metadata_facts.dhcp_server(FakeModule())
