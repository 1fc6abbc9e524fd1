"""cloudstack.cloud.nfs_storage on Debian 12.

NFS-Ganesha really serves the exports to another machine (libnfs, a user-space client, since a
container cannot mount). The kernel NFS server cannot start here (this kernel has no nfsd): its
packages, directories, export table (validated by the real exportfs) and nfs.conf ports are
checked, and so is the role's clear failure when it is asked to start it.
"""
import os

import pytest

import playbooks

EXPORTS = ("/export/primary", "/export/secondary")
# NFS-Ganesha's VFS backend needs file handles: the exports live on a host directory (the overlay
# root of a machine has none) and nspawn must allow open_by_handle_at.
GANESHA_NSPAWN = ("--system-call-filter=open_by_handle_at",)


@pytest.fixture(scope="module")
def ganesha(lab, tmp_path_factory):
    volume = tmp_path_factory.mktemp("nfs-volume")
    machine = lab.boot("nfs", nspawn_args=(*GANESHA_NSPAWN, f"--bind={volume}:/export"))
    machine.volume = volume
    yield machine
    machine.destroy()


@pytest.fixture(scope="module")
def client(lab):
    machine = lab.boot("nfsclient")
    machine.run("DEBIAN_FRONTEND=noninteractive apt-get install -y -q libnfs-utils", timeout=300)
    yield machine
    machine.destroy()


@pytest.fixture(scope="module")
def kernel(lab):
    machine = lab.boot("nfskernel")
    yield machine
    machine.destroy()


@pytest.fixture(scope="module")
def play(lab):
    run = playbooks.runner("test_nfs_storage")

    def apply(machine, role_vars, **kwargs):
        role_vars = {"nfs_storage_networks": [str(lab.network)], **role_vars}
        plays = [{"hosts": "storage", "roles": [{"role": "cloudstack.cloud.nfs_storage", "vars": role_vars}]}]
        return run(plays, {"storage": [machine]}, **kwargs)

    return apply


GANESHA_VARS = {"nfs_storage_server": "ganesha", "nfs_storage_ganesha_grace_period": 0}


@pytest.fixture(scope="module")
def ganesha_fresh_check(play, ganesha):
    run = play(ganesha, GANESHA_VARS, check=True)
    return run, ganesha.exists("/usr/bin/ganesha.nfsd") or any(ganesha.exists(p) for p in EXPORTS)


@pytest.fixture(scope="module")
def ganesha_applied(ganesha_fresh_check, play, ganesha):
    return play(ganesha, GANESHA_VARS)


def nfs(client, command):
    return client.ssh(command, check=False, timeout=60)


def test_ganesha_check_mode_on_a_fresh_machine_fails_nothing_and_changes_nothing(ganesha_fresh_check):
    run, installed = ganesha_fresh_check
    run.assert_ok()
    assert run.changed() > 0
    assert not installed


def test_ganesha_exports_the_storage_directories(ganesha_applied, ganesha):
    ganesha_applied.assert_ok()
    for path in EXPORTS:
        assert ganesha.run(f"stat -c '%U %G %a' {path}").strip() == "root root 755"
    assert ganesha.run("systemctl is-active nfs-ganesha nfs-ganesha-lock rpcbind").split() == ["active"] * 3
    assert ganesha.run("systemctl is-enabled nfs-ganesha rpcbind").split() == ["enabled"] * 2
    listening = ganesha.run("ss -Hltn")
    for port in (2049, 892, 662, 32803, 111):
        assert f":{port} " in listening, f"nothing listens on {port}:\n{listening}"


def test_ganesha_serves_the_exports_to_another_machine(ganesha_applied, ganesha, client):
    for path in EXPORTS:
        out = nfs(client, f"echo stored-by-{client.name} > /tmp/probe && nfs-cp /tmp/probe nfs://{ganesha.ip}{path}/probe")
        assert out.returncode == 0, out.stdout + out.stderr
        # Written through NFS, found on the server's disk, as root (no_root_squash).
        assert ganesha.run(f"cat {path}/probe").strip() == f"stored-by-{client.name}"
        assert ganesha.run(f"stat -c %U {path}/probe").strip() == "root"
        assert "probe" in nfs(client, f"nfs-ls nfs://{ganesha.ip}{path}").stdout
    # NFSv4 as well.
    out = nfs(client, f"nfs-ls 'nfs://{ganesha.ip}/export/secondary?version=4'")
    assert out.returncode == 0 and "probe" in out.stdout, out.stderr


def test_ganesha_second_run_changes_nothing(ganesha_applied, play, ganesha):
    play(ganesha, GANESHA_VARS).assert_unchanged()


def test_ganesha_serves_only_the_allowed_clients(ganesha_applied, play, ganesha, client):
    other = str(ganesha.lab.network[200])
    play(ganesha, {**GANESHA_VARS, "nfs_storage_clients": other}).assert_ok()
    assert f"Clients = {other};" in ganesha.read_file("/etc/ganesha/ganesha.conf")
    denied = nfs(client, f"nfs-ls nfs://{ganesha.ip}/export/secondary")
    assert denied.returncode != 0
    play(ganesha, {**GANESHA_VARS, "nfs_storage_clients": client.ip}).assert_ok()
    allowed = nfs(client, f"nfs-ls nfs://{ganesha.ip}/export/secondary")
    assert allowed.returncode == 0 and "probe" in allowed.stdout, allowed.stderr


KERNEL_VARS = {"nfs_storage_start_service": False, "nfs_storage_idmap_domain": "cloud.example"}


def test_kernel_server_check_mode_on_a_fresh_machine_fails_nothing(play, kernel):
    run = play(kernel, KERNEL_VARS, check=True).assert_ok()
    assert run.changed() > 0
    assert not kernel.exists("/etc/exports.d/cloudstack.exports")
    assert not kernel.exists("/usr/sbin/exportfs")


def test_kernel_server_configuration(lab, play, kernel):
    play(kernel, KERNEL_VARS).assert_ok()
    # Exported to the storage networks only, by default.
    assert kernel.read_file("/etc/exports.d/cloudstack.exports").splitlines()[-2:] == [
        f"/export/primary {lab.network}(rw,async,no_root_squash,no_subtree_check)",
        f"/export/secondary {lab.network}(rw,async,no_root_squash,no_subtree_check)",
    ]
    # The real exportfs read the table (it needs no nfsd for that) and took the options.
    exported = kernel.run("exportfs -v")
    for path in EXPORTS:
        assert kernel.run(f"stat -c '%U %a' {path}").strip() == "root 755"
        assert path in exported
    assert "rw" in exported and "no_root_squash" in exported and "async" in exported
    ports = {key: kernel.run(f"nfsconf --get {key}").strip() for key in
             ("mountd port", "statd port", "statd outgoing-port", "lockd port", "lockd udp-port")}
    assert ports == {"mountd port": "892", "statd port": "662", "statd outgoing-port": "2020",
                     "lockd port": "32803", "lockd udp-port": "32769"}
    assert "Domain = cloud.example" in kernel.read_file("/etc/idmapd.conf").splitlines()
    play(kernel, KERNEL_VARS).assert_unchanged()


def test_kernel_server_without_nfsd_fails_clearly(play, kernel):
    run = play(kernel, {**KERNEL_VARS, "nfs_storage_start_service": True})
    assert run.rc != 0
    assert "has no NFS server support (nfsd)" in run.output and "nfs_storage_server=ganesha" in run.output


def test_bad_export_path_is_refused(play, kernel):
    run = play(kernel, {**KERNEL_VARS, "nfs_storage_exports": [{"path": "export/relative"}]})
    assert run.rc != 0 and "absolute path" in run.output
    assert not os.path.exists(kernel.path("/root/export/relative"))
