"""CloudStackClient against the strict simulator: signing, paging, jobs, errors, retries, logging;
and against an HTTPS server with a self-signed certificate: TLS failures and their fixes."""
import datetime
import ipaddress
import socketserver
import ssl
import threading


import pytest

from ansible_collections.cloudstack.cloud.plugins.module_utils import api
from ansible_collections.cloudstack.cloud.plugins.module_utils.api import (
    CloudStackApiError, CloudStackClient, CloudStackJobTimeout, CloudStackTransportError)
from ansible_collections.cloudstack.cloud.plugins.module_utils.config import resolve_config


def client_for(sim, method="get", **kwargs):
    config = resolve_config({"api_config": sim.credentials, "api_region": "cloudstack", "api_http_method": method})
    kwargs.setdefault("retry_backoff", 0.01)
    return CloudStackClient(config, **kwargs)


def fault(sim, command, kind, count=1, seconds=None):
    spec = {"command": command, "fault": kind, "count": count}
    if seconds is not None:
        spec["seconds"] = seconds
    sim.admin("faults", spec)


@pytest.mark.parametrize("method", ["get", "post"])
def test_signed_requests_are_accepted(simulator, method):
    client = client_for(simulator, method)
    names = sorted(zone["name"] for zone in client.list("listZones"))
    assert names == ["Sandbox-simulator-advanced", "Sandbox-simulator-basic"]
    assert client.calls == 1 and simulator.stats()["calls"]["listZones"] == 1


def test_bad_secret_is_an_api_error_without_the_secret(simulator):
    config = resolve_config({"api_config": simulator.credentials})
    config["secret"] = "wrong-secret-value"
    with pytest.raises(CloudStackApiError) as err:
        CloudStackClient(config).list("listZones")
    assert err.value.errorcode == 401 and "wrong-secret-value" not in str(err.value)


def test_paging_past_500_items(start_simulator):
    sim = start_simulator("--instances", "1500")
    client = client_for(sim)
    total = client.call("listVirtualMachines", listall=True, page=1, pagesize=1)["count"]
    assert total > 1000
    vms = client.list("listVirtualMachines", listall=True)
    assert len(vms) == total and len(set(vm["id"] for vm in vms)) == total
    pages = -(-total // 500)
    assert client.calls == 1 + pages and sim.stats()["calls"]["listVirtualMachines"] == 1 + pages


@pytest.mark.parametrize("kind", ["http_500", "http_503", "http_429", "drop"])
def test_reads_are_retried_on_transient_faults(simulator, kind):
    fault(simulator, "listZones", kind, count=2)
    client = client_for(simulator)
    assert len(client.list("listZones")) == 2
    assert client.calls == 3 and simulator.stats()["calls"]["listZones"] == 3


def test_read_timeouts_are_retried(simulator):
    fault(simulator, "listZones", "latency", seconds=2.5)
    config = resolve_config({"api_config": simulator.credentials, "api_timeout": 1})
    client = CloudStackClient(config, retry_backoff=0.01)
    assert len(client.list("listZones")) == 2 and client.calls == 2


def test_reads_give_up_after_the_retries(simulator):
    fault(simulator, "listZones", "http_503", count=10)
    client = client_for(simulator, retries=2)
    with pytest.raises(CloudStackTransportError) as err:
        client.list("listZones")
    assert err.value.errorcode == 503 and client.calls == 3


@pytest.mark.parametrize("kind", ["http_503", "drop"])
def test_writes_are_never_resent(simulator, kind):
    fault(simulator, "createZone", kind)
    client = client_for(simulator)
    with pytest.raises(CloudStackTransportError) as err:
        client.call("createZone", name="zone-x", dns1="8.8.8.8", internaldns1="8.8.8.8", networktype="Basic")
    assert "may have been applied" in str(err.value)
    assert client.calls == 1 and simulator.stats()["calls"]["createZone"] == 1
    assert client.list("listZones", name="zone-x") == []


def test_api_error_names_command_code_and_text(simulator):
    client = client_for(simulator)
    with pytest.raises(CloudStackApiError) as err:
        client.call("createZone", name="zone-x", networktype="Basic")
    assert err.value.command == "createZone" and err.value.errorcode == 431
    assert "dns1" in err.value.errortext and str(err.value).startswith("CloudStack API createZone failed: errorcode 431")
    assert client.calls == 1


def create_group(client, name, **kwargs):
    return client.call("createAffinityGroup", name=name, type="host anti-affinity", **kwargs)


def test_async_job_awaited(simulator):
    client = client_for(simulator)
    result = create_group(client, "ag-1")
    assert result["affinitygroup"]["name"] == "ag-1"
    assert [g["name"] for g in client.list("listAffinityGroups", name="ag-1")] == ["ag-1"]
    assert simulator.stats()["calls"]["queryAsyncJobResult"] >= 1


def test_async_job_failure_carries_code_and_text(simulator):
    client = client_for(simulator)
    fault(simulator, "createAffinityGroup", "job_failure")
    with pytest.raises(CloudStackApiError) as err:
        create_group(client, "ag-1")
    assert err.value.command == "createAffinityGroup" and err.value.errorcode and err.value.errortext
    assert str(err.value).startswith("CloudStack API createAffinityGroup failed: errorcode %s" % err.value.errorcode)


def test_job_polls_are_retried(simulator):
    client = client_for(simulator)
    fault(simulator, "queryAsyncJobResult", "http_503", count=2)
    assert create_group(client, "ag-1")["affinitygroup"]["name"] == "ag-1"
    assert simulator.stats()["calls"]["queryAsyncJobResult"] >= 3


def test_job_deadline(start_simulator):
    sim = start_simulator("--job-latency", "5")
    client = client_for(sim)
    with pytest.raises(CloudStackJobTimeout) as err:
        create_group(client, "ag-1", wait_timeout=0.5)
    assert err.value.jobid and "did not finish within 0.5 seconds" in str(err.value)


def test_without_wait_the_job_id_comes_back(simulator):
    client = client_for(simulator)
    started = create_group(client, "ag-1", wait=False)
    assert "jobid" in started and client.calls == 1
    assert client.await_job("createAffinityGroup", started["jobid"])["affinitygroup"]["name"] == "ag-1"


def test_jobs_are_awaited_together(start_simulator):
    """Every job is awaited, each once, a failed one returned (not raised) with the others."""
    sim = start_simulator("--job-latency", "1")
    client = client_for(sim)
    started = [create_group(client, "ag-%d" % n, wait=False)["jobid"] for n in range(3)]
    fault(sim, "createAffinityGroup", "job_failure")
    failing = create_group(client, "ag-bad", wait=False)["jobid"]
    jobs = client.await_jobs(started + [failing, started[0]])
    assert sorted(jobs) == sorted(started + [failing])
    assert [jobs[j]["jobstatus"] for j in started] == [1, 1, 1] and jobs[failing]["jobstatus"] == 2


class FakeClock:
    """time.monotonic and time.sleep for api.py: sleeping moves the clock, and every pause is kept."""

    def __init__(self):
        self.now, self.pauses = 0.0, []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.pauses.append(seconds)
        self.now += seconds


@pytest.mark.parametrize("job_seconds", [0.5, 1.6, 9.0, 60.0])
def test_a_job_is_seen_ended_at_most_half_as_late_again(simulator, monkeypatch, job_seconds):
    """The pause between polls grows with the time waited (half of it, 0.05 s to poll_interval), so a job is noticed
    soon after it ends (pauses that doubled saw a 1.6 s job ended at 3.15 s), with few polls."""
    clock = FakeClock()
    monkeypatch.setattr(api, "time", clock)
    client = client_for(simulator, poll_interval=2.0)
    polls = []

    def query(command, params, fetch_list=False):
        polls.append(clock.now)
        return {"jobid": params["jobid"], "jobstatus": 1 if clock.now >= job_seconds else 0}

    monkeypatch.setattr(client, "_request", query)
    assert client.await_jobs(["job-1"])["job-1"]["jobstatus"] == 1
    assert polls[-1] <= max(job_seconds * 1.5, job_seconds + 0.05) + 1e-9
    assert polls[-2] < job_seconds
    assert min(clock.pauses) == 0.05 and max(clock.pauses) <= 2.0
    assert len(polls) <= 12 + job_seconds / 2


def test_outcomes_are_results_or_errors_by_key(simulator):
    client = client_for(simulator)
    jobs = {"good": ("createAffinityGroup", create_group(client, "ag-ok", wait=False)["jobid"])}
    fault(simulator, "createAffinityGroup", "job_failure")
    jobs["bad"] = ("createAffinityGroup", create_group(client, "ag-bad", wait=False)["jobid"])
    outcomes = client.outcomes(jobs)
    assert outcomes["good"]["affinitygroup"]["name"] == "ag-ok"
    assert isinstance(outcomes["bad"], CloudStackApiError) and outcomes["bad"].command == "createAffinityGroup"
    assert client.outcomes({}) == {}


def test_submit_all_sends_each_command_without_waiting(simulator):
    client = client_for(simulator)
    answers = client.submit_all([("a", "createAffinityGroup", dict(name="ag-a", type="host anti-affinity")),
                                 ("b", "createAffinityGroup", dict(name="ag-b", type="no such type"))])
    assert "jobid" in answers["a"] and isinstance(answers["b"], CloudStackApiError) and client.calls == 2


def test_log_masks_secrets(simulator):
    lines = []
    client = client_for(simulator, logger=lines.append)
    client.list("listZones")
    try:  # succeeding or not, the request is logged
        client.call("createUser", account="admin", username="u1", password="hunter2-secret", email="u1@example.com",
                    firstname="U", lastname="One")
    except CloudStackApiError:
        pass
    text = "\n".join(lines)
    assert "API call 1: listZones" in text and "createUser" in text
    for secret in (client._cs.key, client._cs.secret, "hunter2-secret"):
        assert secret not in text
    assert "'password': '********'" in text and "'apiKey': '********'" in text and "'signature': '********'" in text


def test_log_masks_preshared_keys(simulator):
    lines = []
    client = client_for(simulator, logger=lines.append)
    client.call("createVpnCustomerGateway", name="office", gateway="198.51.100.7", cidrlist="192.168.10.0/24",
                ipsecpsk="psk-hunter2", ikepolicy="aes256-sha1;modp1536", esppolicy="aes256-sha1")
    text = "\n".join(lines)
    assert "createVpnCustomerGateway" in text and "psk-hunter2" not in text and "'ipsecpsk': '********'" in text


ZONES_ANSWER = b'{"listzonesresponse": {"count": 1, "zone": [{"id": "z-1", "name": "Z1"}]}}'


class TLSServer(socketserver.ThreadingTCPServer):
    """HTTPS on 127.0.0.1 with a self-signed certificate: counts connections, answers listZones."""
    daemon_threads = True

    def __init__(self, cert, key):
        self.connections = 0
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(cert, key)
        super().__init__(("127.0.0.1", 0), TLSHandler)

    @property
    def endpoint(self):
        return "https://127.0.0.1:%d/client/api" % self.server_address[1]


class TLSHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.server.connections += 1
        try:
            with self.server.context.wrap_socket(self.request, server_side=True) as tls:
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = tls.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                            b"Content-Length: %d\r\n\r\n%s" % (len(ZONES_ANSWER), ZONES_ANSWER))
        except (ssl.SSLError, OSError):  # the client refused the certificate
            pass


def self_signed_certificate(directory):
    """(certificate path, key path) for 127.0.0.1, made with cryptography (a dependency of ansible-core)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cloudstack-test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.fixture
def tls_server(tmp_path):
    server = TLSServer(*self_signed_certificate(tmp_path))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def tls_client(server, **options):
    config = resolve_config(dict({"api_url": server.endpoint, "api_key": "k", "api_secret": "s"}, **options))
    return CloudStackClient(config, retry_backoff=0.01)


def test_an_unverifiable_certificate_is_one_attempt_with_the_fix_in_the_message(tls_server):
    client = tls_client(tls_server)
    with pytest.raises(CloudStackTransportError) as err:
        client.list("listZones")
    message = str(err.value)
    assert "the TLS certificate of %s could not be verified" % tls_server.endpoint in message
    assert "CERTIFICATE_VERIFY_FAILED" in message
    assert "api_verify_ssl_cert" in message and "validate_certs: false" in message
    assert "signature=" not in message and "apiKey=" not in message
    assert client.calls == 1 and tls_server.connections == 1


@pytest.mark.filterwarnings("ignore:Unverified HTTPS request")
@pytest.mark.parametrize("fix", ["ca_bundle", "validate_certs", "verify_false", "no_tls_verify_env"])
def test_the_fixes_the_message_names_work(tls_server, tmp_path, monkeypatch, fix):
    options = {"ca_bundle": {"api_verify_ssl_cert": str(tmp_path / "cert.pem")},
               "validate_certs": {"validate_certs": False}, "verify_false": {"api_verify_ssl_cert": "false"},
               "no_tls_verify_env": {}}[fix]
    if fix == "no_tls_verify_env":
        monkeypatch.setenv("CLOUDSTACK_DANGEROUS_NO_TLS_VERIFY", "1")
    client = tls_client(tls_server, **options)
    assert client.list("listZones") == [{"id": "z-1", "name": "Z1"}]
    assert client.calls == 1 and tls_server.connections == 1
