"""cloudstack.cloud.management_server on Debian 12 machines, with the stand-in CloudStack packages.

Real software here: MariaDB (set up by the database role on its own machine), the mysql client,
systemd, apt with a signed mirror. Stand-ins (tests/roles/fixtures): cloudstack-setup-databases,
cloudstack-setup-management, cloud-install-sys-tmplt, and the management server itself (the
project's simulator on port 8080, and on 8443 over TLS from server.properties' https.* settings). Not tested: the NFS mount of secondary storage (no NFS in
these machines: the template is seeded into a local directory), firewalld and ufw, EL.
"""
import http.client
import json
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

import playbooks
from fixtures import pki
# cloudstack_repo is a pytest fixture: importing it makes it available here.
from fixtures.cloudstack_repo import boot_machine, cloudstack_repo, release  # noqa: F401 pylint: disable=unused-import

ROOT_PASSWORD = "root-secret"
CLOUD_PASSWORD = "cloud-secret"
KEYS = {"management_server_key": "ms-key-secret", "management_server_database_key": "db-key-secret"}
SECONDARY = "/export/secondary"
DATABASE_PLAY = {"hosts": "databases", "gather_facts": True, "roles": ["cloudstack.cloud.database"]}
MANAGEMENT_PLAY = {"hosts": "management_servers", "gather_facts": True,
                   "pre_tasks": [{"name": "Secondary storage directory", "ansible.builtin.file": {
                       "path": SECONDARY, "state": "directory", "mode": "0755"}}],
                   "roles": ["cloudstack.cloud.management_server"]}


@pytest.fixture(scope="module")
def play():
    return playbooks.runner("test_management_server")


@pytest.fixture(scope="module")
def machines_(lab):
    booted = {name: boot_machine(lab, name) for name in ("db", "ms1", "ms2")}
    yield booted
    for machine in booted.values():
        release(machine)


@pytest.fixture(scope="module")
def group_vars(machines_, cloudstack_repo, lab):  # noqa: F811 (fixture)
    return {
        "databases": {"database_root_password": ROOT_PASSWORD, "database_management_server_count": 2,
                      "database_remote_hosts": [machines_["ms1"].ip, machines_["ms2"].ip],
                      "database_management_networks": [str(lab.network)]},
        "management_servers": {
            **cloudstack_repo["role_vars"],
            **KEYS,
            "management_server_management_networks": [str(lab.network)],
            "management_server_db_host": "db",
            "management_server_db_password": CLOUD_PASSWORD,
            "management_server_db_root_password": ROOT_PASSWORD,
            "management_server_usage_server": True,
            "management_server_systemvm_templates": [{"hypervisor": "kvm", "url": cloudstack_repo["template_url"]}],
            "management_server_secondary_storage_mount": SECONDARY,
            "cloudstack_prerequisites_fqdn": "{{ inventory_hostname }}.lab.example",
        },
    }


@pytest.fixture(scope="module")
def database(play, machines_, group_vars):
    return play([DATABASE_PLAY], {"databases": [machines_["db"]]}, groupvars=group_vars).assert_ok()


def run_on(play, machines_, group_vars, servers):
    return play([MANAGEMENT_PLAY], {"management_servers": [machines_[s] for s in servers]}, groupvars=group_vars)


@pytest.fixture(scope="module")
def first_server(play, machines_, group_vars, database):
    return run_on(play, machines_, group_vars, ["ms1"])


def sql(machine, query):
    return machine.run(f"mysql --batch --skip-column-names -e \"{query}\"").split("\n")[:-1]


def setup_databases_calls(machine):
    log = machine.read_file("/var/log/cloudstack/management/setup-databases.log")
    return [json.loads(line)["argv"] for line in log.splitlines()]


def login(ms, timeout=60, url=None, context=None):
    """Log in to the management server's API as admin (the stand-in serves the simulator)."""
    body = urllib.parse.urlencode({"command": "login", "username": "admin", "password": "password",
                                   "domain": "/", "response": "json"}).encode()
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url or f"http://{ms.ip}:8080/client/api", data=body, timeout=5, context=context) as response:
                return json.load(response)["loginresponse"]
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def test_first_server_deploys_the_database(machines_, first_server):
    first_server.assert_ok()
    db, ms1 = machines_["db"], machines_["ms1"]
    assert {"cloud", "cloud_usage"} <= set(sql(db, "SHOW DATABASES"))
    assert sorted(sql(db, "SELECT host FROM mysql.user WHERE user = 'cloud'")) == ["%", "localhost"]
    assert sql(db, "SELECT version FROM cloud.version") == ["4.22.0.0"]
    calls = setup_databases_calls(ms1)
    assert len(calls) == 1 and "--deploy-as=********" in calls[0] and calls[0][0] == "cloud:********@db"
    assert ["-i", ms1.ip] == calls[0][-2:]
    properties = ms1.read_file("/etc/cloudstack/management/db.properties").splitlines()
    assert "db.cloud.host=db" in properties and f"cluster.node.IP={ms1.ip}" in properties
    assert CLOUD_PASSWORD not in first_server.output and ROOT_PASSWORD not in first_server.output


def test_first_server_runs_the_management_and_usage_servers(machines_, first_server):
    first_server.assert_ok()
    ms1 = machines_["ms1"]
    assert ms1.run("systemctl is-active cloudstack-management cloudstack-usage").split() == ["active", "active"]
    assert ms1.run("systemctl is-enabled cloudstack-management cloudstack-usage").split() == ["enabled", "enabled"]
    assert login(ms1)["username"] == "admin"


def test_java_17_is_the_default_and_the_name_is_qualified(machines_, first_server):
    first_server.assert_ok()
    ms1 = machines_["ms1"]
    assert "java-17-openjdk" in ms1.run("update-alternatives --query java | grep '^Value:'")
    assert 'version "17' in ms1.run("java -version 2>&1")
    assert ms1.run("hostname --fqdn").strip() == "ms1.lab.example"


def test_system_vm_template_is_seeded_once(machines_, first_server):
    first_server.assert_ok()
    ms1 = machines_["ms1"]
    template_id = sql(machines_["db"], "SELECT id FROM cloud.vm_template WHERE hypervisor_type = 'KVM'")[0]
    properties = ms1.read_file(f"{SECONDARY}/template/tmpl/1/{template_id}/template.properties").splitlines()
    assert "qcow2=true" in properties and f"uniquename=routing-{template_id}" in properties
    assert len(ms1.read_file("/var/log/cloudstack/management/install-sys-tmplt.log").splitlines()) == 1


def test_second_run_changes_nothing(play, machines_, group_vars, first_server):
    first_server.assert_ok()
    run_on(play, machines_, group_vars, ["ms1"]).assert_unchanged()
    assert len(setup_databases_calls(machines_["ms1"])) == 1
    assert len(machines_["ms1"].read_file("/var/log/cloudstack/management/install-sys-tmplt.log").splitlines()) == 1


def test_next_server_joins_without_touching_the_data(play, machines_, group_vars, first_server):
    first_server.assert_ok()
    db, ms2 = machines_["db"], machines_["ms2"]
    sql(db, "INSERT INTO cloud.version (version, updated, step) VALUES ('kept-by-the-join', NOW(), 'test')")
    run_on(play, machines_, group_vars, ["ms1", "ms2"]).assert_ok()
    calls = setup_databases_calls(ms2)
    assert len(calls) == 1
    assert not any(arg.startswith(("--deploy-as", "--schema-only", "-d", "-s", "--force")) for arg in calls[0])
    assert "kept-by-the-join" in sql(db, "SELECT version FROM cloud.version")
    assert len(setup_databases_calls(machines_["ms1"])) == 1
    assert login(ms2)["username"] == "admin"


def test_unreadable_database_stops_before_any_set_up(play, machines_, group_vars, first_server):
    first_server.assert_ok()
    wrong = {**group_vars, "management_servers": {**group_vars["management_servers"],
                                                  "management_server_db_root_password": "wrong-password"}}
    run = run_on(play, machines_, wrong, ["ms2"])
    assert run.rc != 0 and run.failed("ms2") == 1
    assert "Cannot tell whether the CloudStack schema exists on db:3306 as root" in run.output
    assert "Access denied" in run.output
    assert len(setup_databases_calls(machines_["ms2"])) == 1


def test_a_changed_database_key_is_refused(play, machines_, group_vars, first_server):
    first_server.assert_ok()
    properties = machines_["ms1"].read_file("/etc/cloudstack/management/db.properties")
    changed = {**group_vars, "management_servers": {**group_vars["management_servers"],
                                                    "management_server_database_key": "another-db-key"}}
    run = run_on(play, machines_, changed, ["ms1"])
    assert run.rc != 0 and run.failed("ms1") == 1
    assert "management_server_database_key differs from the key this server's database was set up with" in run.output
    assert "could no longer decrypt them" in run.output and "another-db-key" not in run.output
    assert len(setup_databases_calls(machines_["ms1"])) == 1
    assert machines_["ms1"].read_file("/etc/cloudstack/management/db.properties") == properties


def install_sys_tmplt_calls(machine):
    path = "/var/log/cloudstack/management/install-sys-tmplt.log"
    return [json.loads(line)["argv"] for line in machine.read_file(path).splitlines()] if machine.exists(path) else []


def test_seeding_with_encryption_type_web_gives_the_key(play, machines_, group_vars, cloudstack_repo):  # noqa: F811
    """Encryption type web: cloud-install-sys-tmplt cannot read the key from a file and needs -s (the stand-in fails
    without it, as the real script). The role gives it, hidden; and -t/-e for the template's row and format."""
    ms2 = machines_["ms2"]
    seeded = len(install_sys_tmplt_calls(ms2))
    web = {**group_vars, "management_servers": {
        **group_vars["management_servers"], "management_server_encryption_type": "web",
        "management_server_systemvm_templates": [{"hypervisor": "kvm", "url": cloudstack_repo["template_url"]},
                                                 {"hypervisor": "lxc", "url": cloudstack_repo["template_url"]}]}}
    run = run_on(play, machines_, web, ["ms2"])
    run.assert_ok()
    assert "db.cloud.encryption.type=web" in ms2.read_file("/etc/cloudstack/management/db.properties").splitlines()
    calls = install_sys_tmplt_calls(ms2)
    assert len(calls) == seeded + 1 + (seeded == 0)  # kvm once (unless seeded already), then lxc
    template_id = sql(machines_["db"], "SELECT id FROM cloud.vm_template WHERE hypervisor_type = 'LXC'")[0]
    assert ["-h", "lxc", "-t", template_id, "-e", "qcow2", "-F", "-s", "********"] == calls[-1][4:]
    assert KEYS["management_server_key"] not in run.output
    properties = ms2.read_file(f"{SECONDARY}/template/tmpl/1/{template_id}/template.properties").splitlines()
    assert "qcow2=true" in properties and f"uniquename=routing-{template_id}" in properties


def read(path):
    with open(path) as handle:
        return handle.read()


def served_certificate(ms, port, context):
    with socket.create_connection((ms.ip, port), timeout=10) as raw, context.wrap_socket(raw, server_hostname=ms.ip) as tls:
        return tls.getpeercert(binary_form=True)


def test_https_with_a_given_certificate(play, machines_, group_vars, first_server, tmp_path):
    """The keystore made of the PEM certificate, chain and key, as Java reads it (keytool, JKS type as Jetty's
    default), named in server.properties; the restarted management server serves the API over TLS on 8443 with that
    certificate (the stand-in opens the same keystore with the same password), not plain HTTP; secrets out of the
    output; a second run changes nothing."""
    first_server.assert_ok()
    ms1 = machines_["ms1"]
    ca = pki.certificate_authority(str(tmp_path), "web")
    cert = pki.host_certificate(ca, "ms1-https", ms1.ip)
    https = {**group_vars["management_servers"], "management_server_https": True,
             "management_server_https_certificate": read(cert["crt"]), "management_server_https_chain": read(ca["crt"]),
             "management_server_https_private_key": read(cert["key"]),
             "management_server_https_keystore_password": "keystore-secret"}
    missing = run_on(play, machines_, {**group_vars, "management_servers": {**https, "management_server_https_private_key": ""}},
                     ["ms1"])
    assert missing.rc != 0 and "management_server_https is true: management_server_https_private_key is required" in missing.output
    run = run_on(play, machines_, {**group_vars, "management_servers": https}, ["ms1"])
    run.assert_ok()
    assert "keystore-secret" not in run.output and "PRIVATE KEY" not in run.output
    keystore = "/etc/cloudstack/management/https/cloudstack.p12"
    properties = ms1.read_file("/etc/cloudstack/management/server.properties").splitlines()
    assert {"https.enable=true", "https.port=8443", f"https.keystore={keystore}",
            "https.keystore.password=keystore-secret"} <= set(properties)
    listing = ms1.run(f"keytool -list -v -storetype JKS -keystore {keystore} -storepass keystore-secret")
    assert "Entry type: PrivateKeyEntry" in listing and "Certificate chain length: 2" in listing
    assert f"CN={ms1.ip}" in listing and "CN=web test CA" in listing
    assert ms1.run(f"stat -c '%U:%G %a' {keystore}").strip() == "root:cloud 640"
    assert ms1.run("stat -c '%a' /etc/cloudstack/management/https/key.pem").strip() == "600"
    trusting_the_test_ca = ssl.create_default_context(cafile=ca["crt"])  # verifies the chain and the address
    assert login(ms1, url=f"https://{ms1.ip}:8443/client/api", context=trusting_the_test_ca)["username"] == "admin"
    assert served_certificate(ms1, 8443, trusting_the_test_ca) == ssl.PEM_cert_to_DER_cert(read(cert["crt"]))
    with pytest.raises((http.client.HTTPException, OSError)) as plain:
        urllib.request.urlopen(f"http://{ms1.ip}:8443/client/api?command=listCapabilities", timeout=10)
    assert not isinstance(plain.value, urllib.error.HTTPError), "plain HTTP on 8443 got an HTTP answer"
    assert login(ms1)["username"] == "admin"  # HTTP stays on 8080
    run_on(play, machines_, {**group_vars, "management_servers": https}, ["ms1"]).assert_unchanged()


def test_check_mode_on_fresh_machines_fails_nothing(lab, play, cloudstack_repo):  # noqa: F811 (fixture)
    fresh = {name: boot_machine(lab, name) for name in ("db-check", "ms-check")}
    try:
        group_vars = {
            "databases": {"database_root_password": ROOT_PASSWORD, "database_remote_hosts": [fresh["ms-check"].ip],
                          "database_management_networks": [str(lab.network)]},
            "management_servers": {**cloudstack_repo["role_vars"], **KEYS, "management_server_db_host": "db-check",
                                   "management_server_management_networks": [str(lab.network)],
                                   "management_server_db_password": CLOUD_PASSWORD,
                                   "management_server_db_root_password": ROOT_PASSWORD,
                                   "management_server_usage_server": True},
        }
        play([DATABASE_PLAY, MANAGEMENT_PLAY], {"databases": [fresh["db-check"]], "management_servers": [fresh["ms-check"]]},
             groupvars=group_vars, check=True, diff=True).assert_ok()
        assert fresh["ms-check"].ssh("dpkg-query -W cloudstack-management", check=False).returncode != 0
        assert not fresh["ms-check"].exists("/etc/cloudstack/management/db.properties")
    finally:
        for machine in fresh.values():
            release(machine)
