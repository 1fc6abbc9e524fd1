"""cloudstack.cloud.kvm_host on a Debian 12 machine, with the stand-in cloudstack-agent package.

Real software here: libvirt and QEMU from Debian (libvirtd on TLS only, with a test CA standing
for CloudStack's, checked with virsh over qemu+tls), ufw filtering by source network, ifupdown
bridges, sysctls. Stand-ins: cloudstack-agent (its configuration file and cloudstack-setup-agent,
which writes what the real one writes when CloudStack secures and adds the host). Not tested:
kernel module loading (this kernel has no loadable modules: the role skips loading there, as it
should), AppArmor (not installed in the machine), firewalld, netplan applied, NetworkManager bringing connections
up (their keyfiles are loaded), and EL.
"""
import socket

import pytest

import playbooks
# cloudstack_repo is a pytest fixture: importing it makes it available here.
from fixtures.cloudstack_repo import boot_hypervisor, cloudstack_repo, release  # noqa: F401 pylint: disable=unused-import
from fixtures import pki

PLAY = [{"hosts": "kvm_hosts", "gather_facts": True, "roles": ["cloudstack.cloud.kvm_host"]}]
BRIDGES = [{"name": "cloudbr0", "address": "192.168.42.11/24"}, {"name": "cloudbr1"}]
SECURE_ADD = ("cloudstack-setup-agent -m 10.0.0.5 -z 1 -p 1 -c 1 -g 5e3cde1e-0000-4000-8000-000000000001 -a -s"
              " --pubNic=cloudbr1 --prvNic=cloudbr0 --guestNic=cloudbr1 --hypervisor=kvm")


def host_has_hardware_virtualization():
    with open("/proc/cpuinfo") as cpuinfo:
        return any(flag in ("vmx", "svm") for line in cpuinfo if line.startswith("flags")
                   for flag in line.split(":", 1)[1].split())


def refused(ip, port):
    try:
        socket.create_connection((ip, port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


def virsh_over_tls(machine, pkipath=None):
    uri = f"qemu+tls://{machine.ip}/system" + (f"?pkipath={pkipath}" if pkipath else "")
    return machine.ssh(f"virsh -c '{uri}' uri", check=False)


@pytest.fixture(scope="module")
def play():
    return playbooks.runner("test_kvm_host")


@pytest.fixture(scope="module")
def role_vars(cloudstack_repo, lab):  # noqa: F811 (fixture)
    return {**cloudstack_repo["role_vars"], "kvm_host_bridges": BRIDGES, "kvm_host_management_networks": [str(lab.network)],
            "cloudstack_prerequisites_fqdn": "{{ inventory_hostname }}.lab.example",
            "cloudstack_prerequisites_idmap_domain": "lab.example"}


@pytest.fixture(scope="module")
def kvm(lab):
    machine = boot_hypervisor(lab, "kvm1")
    yield machine
    release(machine)


# Stand-ins for the modular daemons EL 9 runs by default (Debian 12's libvirt 9.0 has none): a
# vendor unit and its socket, enabled and running before the role.
MODULAR_UNITS = {
    "virtqemud.service": "[Unit]\nDescription=TEST FIXTURE stand-in for virtqemud\n[Service]\nExecStart=/bin/sleep infinity\n"
                         "[Install]\nWantedBy=multi-user.target\n",
    "virtqemud.socket": "[Unit]\nDescription=TEST FIXTURE stand-in for virtqemud.socket\n[Socket]\n"
                        "ListenStream=/run/virtqemud-standin-sock\n[Install]\nWantedBy=sockets.target\n",
}


@pytest.fixture(scope="module")
def first_run(kvm, play, role_vars):
    for name, unit in MODULAR_UNITS.items():
        kvm.write_file(f"/usr/lib/systemd/system/{name}", unit)
    kvm.run("systemctl daemon-reload && systemctl enable --now virtqemud.socket virtqemud.service")
    return play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": role_vars})


@pytest.fixture(scope="module")
def certificates(tmp_path_factory, kvm):
    """A CA standing for CloudStack's with the host's certificate, and a rogue CA with a client certificate."""
    directory = str(tmp_path_factory.mktemp("pki"))
    cloud_ca = pki.certificate_authority(directory, "cloud")
    rogue_ca = pki.certificate_authority(directory, "rogue")
    return {"ca": cloud_ca, "host": pki.host_certificate(cloud_ca, "kvm1", kvm.ip),
            "rogue_ca": rogue_ca, "rogue": pki.host_certificate(rogue_ca, "rogue", kvm.ip)}


@pytest.fixture(scope="module")
def tls_run(first_run, kvm, certificates, play, role_vars):
    """The role run again once the host has the certificate CloudStack issued."""
    first_run.assert_ok()
    pki.install_host_certificate(kvm, certificates["ca"], certificates["host"])
    return play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": role_vars})


def libvirtd_settings(machine):
    """The active settings of libvirtd.conf, as libvirt reads them (the last one wins)."""
    settings = {}
    for line in machine.read_file("/etc/libvirt/libvirtd.conf").splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            settings[key.strip()] = value.strip()
    return settings


def test_first_run_prepares_the_host_without_network_access_to_libvirt(kvm, first_run):
    first_run.assert_ok()
    assert first_run.changed("kvm1") > 0
    assert "cloudstack-agent" in kvm.run("dpkg-query -W -f='${Package} ${Version}\\n' cloudstack-agent")
    # Debian 12's suite as the 4.22 guide names it, from the stand-in mirror that publishes it.
    assert {"Suites: bookworm", "Components: 4.22"} <= set(kvm.read_file("/etc/apt/sources.list.d/cloudstack.sources").splitlines())
    # Before CloudStack issues the host's certificate libvirt listens on no network port.
    assert refused(kvm.ip, 16509) and refused(kvm.ip, 16514)
    assert "QEMU" in kvm.run("virsh -c qemu:///system version")
    settings = libvirtd_settings(kvm)
    assert {key: settings.get(key) for key in ("listen_tcp", "listen_tls", "tcp_port", "tls_port", "mdns_adv")} == {
        "listen_tcp": "0", "listen_tls": "0", "tcp_port": '"16509"', "tls_port": '"16514"', "mdns_adv": "0"}
    assert 'LIBVIRTD_ARGS="--listen"' in kvm.read_file("/etc/default/libvirtd").splitlines()
    assert kvm.run("systemctl is-enabled libvirtd-tcp.socket libvirtd-tls.socket libvirtd.socket",
                   check=False).split() == ["masked"] * 3
    assert 'vnc_listen = "0.0.0.0"' in kvm.read_file("/etc/libvirt/qemu.conf").splitlines()


def test_clients_use_libvirtd_and_the_modular_daemons_are_masked(kvm, first_run):
    first_run.assert_ok()
    assert 'remote_mode = "legacy"' in kvm.read_file("/etc/libvirt/libvirt.conf").splitlines()
    assert kvm.run("systemctl is-enabled virtqemud.service virtqemud.socket", check=False).split() == ["masked"] * 2
    assert kvm.run("systemctl is-active virtqemud.service virtqemud.socket", check=False).split() == ["inactive"] * 2
    assert kvm.run("systemctl is-active libvirtd.service").strip() == "active"
    assert "QEMU" in kvm.run("virsh version")  # the default URI, through libvirtd


def test_the_guide_s_prerequisites(kvm, first_run):
    """cloudstack_prerequisites, which the role depends on: the FQDN resolves, chrony is enabled (a container does
    not start it: the host keeps the time), the NFS client has the cloud's ID mapping domain."""
    first_run.assert_ok()
    assert (kvm.run("hostname").strip(), kvm.run("hostname --fqdn").strip()) == ("kvm1", "kvm1.lab.example")
    assert f"{kvm.ip} kvm1.lab.example kvm1" in kvm.read_file("/etc/hosts").splitlines()
    assert kvm.run("systemctl is-enabled chrony").strip() == "enabled"
    assert "Domain = lab.example" in kvm.read_file("/etc/idmapd.conf").splitlines()


def test_bridges_are_up_and_persistent(kvm, first_run):
    first_run.assert_ok()
    bridges = {line.split()[0]: line for line in kvm.run("ip -br addr show type bridge").splitlines()}
    assert set(bridges) == {"cloudbr0", "cloudbr1"}
    assert "192.168.42.11/24" in bridges["cloudbr0"]
    assert "bridge_ports none" in kvm.read_file("/etc/network/interfaces.d/cloudbr0")
    assert "source /etc/network/interfaces.d/*" in kvm.read_file("/etc/network/interfaces")


def test_sysctls_and_agent_configuration(kvm, first_run):
    first_run.assert_ok()
    for key in ("iptables", "ip6tables", "arptables"):
        assert kvm.run(f"sysctl -n net.bridge.bridge-nf-call-{key}").strip() == "1"
        assert f"net.bridge.bridge-nf-call-{key} = 1" in kvm.read_file("/etc/sysctl.d/60-cloudstack.conf")
    assert kvm.read_file("/etc/modules-load.d/cloudstack.conf").split()[-3:] == ["bridge", "br_netfilter", "8021q"]
    properties = kvm.read_file("/etc/cloudstack/agent/agent.properties").splitlines()
    for line in ("private.network.device=cloudbr0", "public.network.device=cloudbr1", "guest.network.device=cloudbr1"):
        assert line in properties


def test_the_cloudstack_account_runs_only_the_host_set_up_as_root(kvm, first_run):
    first_run.assert_ok()
    for command in ("/usr/bin/cloudstack-setup-agent", "/usr/share/cloudstack-common/scripts/util/keystore-setup",
                    "/usr/share/cloudstack-common/scripts/util/keystore-cert-import"):
        assert kvm.run(f"sudo -n -u cloudstack sudo -n -l {command}").strip() == command
    assert kvm.ssh("sudo -n -u cloudstack sudo -n /bin/true", check=False).returncode != 0
    assert kvm.run("passwd -S cloudstack").split()[1] == "L"  # no password given: password login locked


def test_missing_hardware_virtualization_is_reported(kvm, first_run, play, role_vars):
    first_run.assert_ok()
    if host_has_hardware_virtualization():
        assert "WARNING: this CPU has no hardware virtualization" not in first_run.output
        pytest.skip("this CPU has hardware virtualization: the warning and the failure cannot be shown here")
    assert "WARNING: this CPU has no hardware virtualization" in first_run.output
    strict = play(PLAY, {"kvm_hosts": [kvm]},
                  groupvars={"kvm_hosts": {**role_vars, "kvm_host_require_hardware_virtualization": True}})
    assert strict.rc != 0 and strict.failed("kvm1") == 1
    assert "This CPU has no hardware virtualization" in strict.output


def test_second_run_changes_nothing(kvm, first_run, play, role_vars):
    first_run.assert_ok()
    play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": role_vars}).assert_unchanged()
    # Check mode agrees: nothing to change.
    play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": role_vars}, check=True).assert_unchanged()


def test_uefi_firmware_and_properties_as_the_guide_sets_them(kvm, first_run, play, role_vars):
    first_run.assert_ok()
    wrong = {**role_vars, "kvm_host_uefi": True, "kvm_host_uefi_properties": {"guest.loader.legacy": "/nonexistent.fd"}}
    run = play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": wrong})
    assert run.rc != 0 and "guest.loader.legacy=/nonexistent.fd does not exist after installing ovmf" in run.output
    assert not kvm.exists("/etc/cloudstack/agent/uefi.properties")
    uefi = {**role_vars, "kvm_host_uefi": True}
    play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": uefi}).assert_ok()
    properties = dict(line.split("=", 1) for line in kvm.read_file("/etc/cloudstack/agent/uefi.properties").splitlines()
                      if not line.startswith("#"))
    assert properties == {"guest.nvram.template.secure": "/usr/share/OVMF/OVMF_VARS_4M.ms.fd",
                          "guest.nvram.template.legacy": "/usr/share/OVMF/OVMF_VARS_4M.fd",
                          "guest.loader.secure": "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd",
                          "guest.loader.legacy": "/usr/share/OVMF/OVMF_CODE_4M.fd",
                          "guest.nvram.path": "/var/lib/libvirt/qemu/nvram/"}
    assert all(kvm.exists(path) for key, path in properties.items() if key != "guest.nvram.path")
    play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": uefi}).assert_unchanged()


def test_libvirt_listens_on_tls_once_the_host_has_its_certificate(kvm, certificates, tls_run):
    tls_run.assert_ok()
    assert tls_run.changed("kvm1") > 0
    settings = libvirtd_settings(kvm)
    assert {key: settings.get(key) for key in ("listen_tcp", "listen_tls", "auth_tls", "ca_file", "cert_file", "key_file")} == {
        "listen_tcp": "0", "listen_tls": "1", "auth_tls": '"none"', "ca_file": '"/etc/pki/CA/cacert.pem"',
        "cert_file": '"/etc/pki/libvirt/servercert.pem"', "key_file": '"/etc/pki/libvirt/private/serverkey.pem"'}
    # A client with a certificate of the cloud's CA gets in over TLS; plain TCP is refused.
    assert virsh_over_tls(kvm).stdout.strip() == f"qemu+tls://{kvm.ip}/system"
    assert refused(kvm.ip, 16509)
    # A client whose certificate another CA signed is refused by libvirtd.
    pki.install_client_pki(kvm, "/root/rogue-pki", certificates["ca"], certificates["rogue"])
    rogue = virsh_over_tls(kvm, "/root/rogue-pki")
    assert rogue.returncode != 0, rogue.stdout


def test_a_rerun_after_cloudstack_secured_the_host_keeps_its_settings(kvm, tls_run, play, role_vars):
    tls_run.assert_ok()
    kvm.run(SECURE_ADD)  # what the management server runs when it adds the host
    libvirtd = kvm.ssh("systemctl is-active libvirtd", check=False)
    assert libvirtd.stdout.strip() == "active", kvm.run("journalctl -b -u libvirtd --no-pager | tail -20")
    written = kvm.read_file("/etc/libvirt/libvirtd.conf").splitlines()
    assert "listen_tls=1" in written and "libvirtd_opts='-l'" in kvm.read_file("/etc/default/libvirtd")
    assert kvm.run("systemctl is-active cloudstack-agent").strip() == "active"
    play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": role_vars}).assert_unchanged()
    assert kvm.read_file("/etc/libvirt/libvirtd.conf").splitlines() == written
    assert virsh_over_tls(kvm).stdout.strip() == f"qemu+tls://{kvm.ip}/system"
    assert refused(kvm.ip, 16509)


def test_socket_activation_variant_listens_on_tls_only(kvm, tls_run, play, role_vars):
    tls_run.assert_ok()
    socket_vars = {**role_vars, "kvm_host_libvirt_listen_mode": "socket"}
    switched = play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": socket_vars}).assert_ok()
    assert switched.changed("kvm1") > 0
    assert kvm.run("systemctl is-active libvirtd-tls.socket").strip() == "active"
    assert kvm.run("systemctl is-enabled libvirtd-tcp.socket", check=False).strip() == "masked"
    assert "systemd" in kvm.run("ss -ltnp 'sport = :16514'")  # systemd holds the listening socket
    assert virsh_over_tls(kvm).stdout.strip() == f"qemu+tls://{kvm.ip}/system"
    assert refused(kvm.ip, 16509)
    play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": socket_vars}).assert_unchanged()


def test_firewall_lets_only_the_management_networks_in(lab, kvm, tls_run, play, role_vars):
    tls_run.assert_ok()
    manager = lab.boot("kvm-manager")
    try:
        kvm.run("DEBIAN_FRONTEND=noninteractive apt-get install -y -q ufw", timeout=300)
        # SSH (the port Ansible comes through) and, as earlier versions of the role did, libvirt for everyone.
        kvm.run("ufw allow 22/tcp && ufw allow 16514/tcp && ufw --force enable")
        firewall_vars = {**role_vars, "kvm_host_management_networks": [f"{manager.ip}/32"]}
        run = play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": firewall_vars}).assert_ok()
        assert run.changed("kvm1") > 0
        assert manager.ssh(f"timeout 5 bash -c '</dev/tcp/{kvm.ip}/16514'", check=False).returncode == 0
        with pytest.raises(OSError):  # the test host is outside the management network
            socket.create_connection((kvm.ip, 16514), timeout=5).close()
        added = kvm.run("ufw show added").splitlines()
        assert f"ufw allow from {manager.ip} to any port 16514 proto tcp" in added
        assert "ufw allow 16514/tcp" not in added and "ufw allow 22/tcp" in added
        assert 'DEFAULT_FORWARD_POLICY="ACCEPT"' in kvm.read_file("/etc/default/ufw").splitlines()
        assert "-P FORWARD ACCEPT" in kvm.run("iptables -S FORWARD").splitlines()  # bridged traffic passes
        play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": firewall_vars}).assert_unchanged()
        play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": firewall_vars}, check=True).assert_unchanged()
    finally:
        manager.destroy()


def test_bad_management_networks_fail_first(kvm, first_run, play, role_vars):
    first_run.assert_ok()
    run = play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": {**role_vars, "kvm_host_management_networks": ["10.0.0.0/24", "mgmt"]}})
    assert run.rc != 0 and "kvm_host_management_networks must list the networks" in run.output and '["mgmt"]' in run.output
    assert "Install the agent" not in run.output


def nm_values(machine, connection, *properties):
    """The connection's properties as NetworkManager loaded them from its keyfile."""
    return [machine.run(f"nmcli --get-values {name} connection show {connection}").strip() for name in properties]


def test_vlan_and_bond_ports_as_ifupdown_netplan_and_networkmanager_read_them(kvm, first_run, play, role_vars):
    """This kernel has neither 8021q nor bonding, so the ports are written, not brought up (kvm_host_network_apply:
    false), and read back by ifupdown's own parser (ifquery), netplan's (netplan generate) and NetworkManager
    (the keyfiles loaded by a running NetworkManager, which manages no device here)."""
    first_run.assert_ok()
    ports = {**role_vars, "kvm_host_network_apply": False,
             "kvm_host_bonds": [{"name": "bond0", "interfaces": ["eth1", "eth2"], "mode": "802.3ad"},
                                {"name": "bond1", "interfaces": ["eth4"]}],
             "kvm_host_bridges": BRIDGES + [{"name": "cloudbr2", "interface": "bond0.300"},
                                            {"name": "cloudbr3", "interface": "eth3.400", "mtu": 9000},
                                            {"name": "cloudbr4", "interface": "bond1"}]}
    play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": ports}).assert_ok()
    assert kvm.run("dpkg-query -W -f='${Package} ${Status}\\n' vlan ifenslave").count("install ok installed") == 2
    listed = kvm.run("ifquery --list").split()
    assert {"bond0", "bond1", "bond0.300", "eth3.400", "cloudbr2", "cloudbr3", "cloudbr4"} <= set(listed)
    assert {"bond-slaves: eth1 eth2", "bond-mode: 802.3ad", "bond-miimon: 100"} <= set(kvm.run("ifquery bond0").splitlines())
    assert "vlan-raw-device: bond0" in kvm.run("ifquery bond0.300").splitlines()
    assert {"vlan-raw-device: eth3", "mtu: 9000"} <= set(kvm.run("ifquery eth3.400").splitlines())
    assert "bridge_ports: bond0.300" in kvm.run("ifquery cloudbr2").splitlines()
    assert "bridge_ports: bond1" in kvm.run("ifquery cloudbr4").splitlines()
    assert kvm.ssh("ls /sys/class/net/cloudbr2 /sys/class/net/cloudbr3 /sys/class/net/bond0", check=False).returncode != 0
    play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": ports}).assert_unchanged()

    kvm.run("DEBIAN_FRONTEND=noninteractive apt-get install -y -q netplan.io")
    play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": {**ports, "kvm_host_network": "netplan"}}).assert_ok()
    kvm.run("netplan generate")
    networkd = "/run/systemd/network"
    assert "Mode=802.3ad" in kvm.run(f"cat {networkd}/10-netplan-bond0.netdev")
    vlan = kvm.run(f"cat {networkd}/10-netplan-bond0.300.netdev")
    assert "Kind=vlan" in vlan and "Id=300" in vlan
    assert "Bridge=cloudbr2" in kvm.run(f"cat {networkd}/10-netplan-bond0.300.network")
    assert "Bond=bond0" in kvm.run(f"cat {networkd}/10-netplan-eth1.network")
    assert "Bridge=cloudbr4" in kvm.run(f"cat {networkd}/10-netplan-bond1.network")

    # NetworkManager keeps its hands off the devices (the one the tests reach the machine through included).
    kvm.write_file("/etc/NetworkManager/conf.d/99-test-unmanaged.conf", "[keyfile]\nunmanaged-devices=*\n")
    kvm.run("DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends network-manager"
            " && systemctl start NetworkManager")
    play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": {**ports, "kvm_host_network": "networkmanager"}}).assert_ok()
    loaded = dict(line.rsplit(":", 1) for line in kvm.run("nmcli -t -f NAME,TYPE connection show").splitlines())
    expected = {"bond0": "bond", "bond1": "bond", "bond0-eth1": "802-3-ethernet", "bond0-eth2": "802-3-ethernet",
                "bond1-eth4": "802-3-ethernet", "cloudbr2-port": "vlan", "cloudbr3-port": "vlan",
                **{f"cloudbr{n}": "bridge" for n in range(5)}}
    assert {name: loaded.get(name) for name in expected} == expected
    options = nm_values(kvm, "bond0", "bond.options")[0].split(",")
    assert {"mode=802.3ad", "miimon=100"} <= set(options)
    assert nm_values(kvm, "bond0-eth1", "connection.master", "connection.slave-type") == ["bond0", "bond"]
    assert nm_values(kvm, "bond1", "connection.master", "connection.slave-type") == ["cloudbr4", "bridge"]
    assert nm_values(kvm, "cloudbr2-port", "vlan.parent", "vlan.id", "connection.master") == ["bond0", "300", "cloudbr2"]
    assert nm_values(kvm, "cloudbr3-port", "vlan.parent", "vlan.id") == ["eth3", "400"]
    assert nm_values(kvm, "cloudbr3", "802-3-ethernet.mtu") == ["9000"]
    assert nm_values(kvm, "cloudbr0", "ipv4.method", "ipv4.addresses") == ["manual", "192.168.42.11/24"]


def test_check_mode_on_a_fresh_machine_fails_nothing(lab, play, role_vars):
    fresh = boot_hypervisor(lab, "kvm-check")
    try:
        play(PLAY, {"kvm_hosts": [fresh]}, groupvars={"kvm_hosts": role_vars}, check=True, diff=True).assert_ok()
        assert fresh.ssh("dpkg-query -W cloudstack-agent", check=False).returncode != 0
        assert not fresh.exists("/etc/apt/sources.list.d/cloudstack.sources")
        assert "cloudbr0" not in fresh.run("ip -br link")
    finally:
        release(fresh)
