"""cloudstack.cloud.kvm_host on a Debian 12 machine, with the stand-in cloudstack-agent package.

Real software here: libvirt and QEMU from Debian (libvirtd accepting TCP on 16509, checked with
virsh over qemu+tcp), ifupdown bridges, sysctls. Stand-in: cloudstack-agent (its configuration
file only). Not tested: kernel module loading (this kernel has no loadable modules: the role
skips loading there, as it should), AppArmor (not installed in the machine), netplan,
NetworkManager and EL.
"""
import socket

import pytest

import playbooks
# cloudstack_repo is a pytest fixture: importing it makes it available here.
from fixtures.cloudstack_repo import boot_hypervisor, cloudstack_repo, release  # noqa: F401 pylint: disable=unused-import

PLAY = [{"hosts": "kvm_hosts", "gather_facts": True, "roles": ["cloudstack.cloud.kvm_host"]}]
BRIDGES = [{"name": "cloudbr0", "address": "192.168.42.11/24"}, {"name": "cloudbr1"}]


def host_has_hardware_virtualization():
    with open("/proc/cpuinfo") as cpuinfo:
        return any(flag in ("vmx", "svm") for line in cpuinfo if line.startswith("flags")
                   for flag in line.split(":", 1)[1].split())


@pytest.fixture(scope="module")
def play():
    return playbooks.runner("test_kvm_host")


@pytest.fixture(scope="module")
def role_vars(cloudstack_repo):  # noqa: F811 (fixture)
    return {**cloudstack_repo["role_vars"], "kvm_host_bridges": BRIDGES}


@pytest.fixture(scope="module")
def kvm(lab):
    machine = boot_hypervisor(lab, "kvm1")
    yield machine
    release(machine)


@pytest.fixture(scope="module")
def first_run(kvm, play, role_vars):
    return play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": role_vars})


def test_first_run_prepares_the_host(kvm, first_run):
    first_run.assert_ok()
    assert first_run.changed("kvm1") > 0
    assert "cloudstack-agent" in kvm.run("dpkg-query -W -f='${Package} ${Version}\\n' cloudstack-agent")
    # libvirt accepts unauthenticated TCP connections, from the host and through virsh.
    socket.create_connection((kvm.ip, 16509), timeout=5).close()
    assert kvm.run(f"virsh -c qemu+tcp://{kvm.ip}/system uri").strip() == f"qemu+tcp://{kvm.ip}/system"
    assert "QEMU" in kvm.run(f"virsh -c qemu+tcp://{kvm.ip}/system version")
    libvirtd_conf = kvm.read_file("/etc/libvirt/libvirtd.conf").splitlines()
    for line in ("listen_tls = 0", "listen_tcp = 1", 'tcp_port = "16509"', 'auth_tcp = "none"', "mdns_adv = 0"):
        assert line in libvirtd_conf
    assert 'LIBVIRTD_ARGS="--listen"' in kvm.read_file("/etc/default/libvirtd").splitlines()
    assert kvm.run("systemctl is-enabled libvirtd-tcp.socket libvirtd.socket", check=False).split() == ["masked"] * 2
    assert 'vnc_listen = "0.0.0.0"' in kvm.read_file("/etc/libvirt/qemu.conf").splitlines()


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


def test_socket_activation_variant(kvm, first_run, play, role_vars):
    first_run.assert_ok()
    socket_vars = {**role_vars, "kvm_host_libvirt_listen_mode": "socket"}
    switched = play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": socket_vars}).assert_ok()
    assert switched.changed("kvm1") > 0
    assert kvm.run("systemctl is-active libvirtd-tcp.socket").strip() == "active"
    assert "systemd" in kvm.run("ss -ltnp 'sport = :16509'")  # systemd holds the listening socket
    assert kvm.run(f"virsh -c qemu+tcp://{kvm.ip}/system uri").strip() == f"qemu+tcp://{kvm.ip}/system"
    play(PLAY, {"kvm_hosts": [kvm]}, groupvars={"kvm_hosts": socket_vars}).assert_unchanged()


def test_check_mode_on_a_fresh_machine_fails_nothing(lab, play, role_vars):
    fresh = boot_hypervisor(lab, "kvm-check")
    try:
        play(PLAY, {"kvm_hosts": [fresh]}, groupvars={"kvm_hosts": role_vars}, check=True, diff=True).assert_ok()
        assert fresh.ssh("dpkg-query -W cloudstack-agent", check=False).returncode != 0
        assert not fresh.exists("/etc/apt/sources.list.d/cloudstack.sources")
        assert "cloudbr0" not in fresh.run("ip -br link")
    finally:
        release(fresh)
