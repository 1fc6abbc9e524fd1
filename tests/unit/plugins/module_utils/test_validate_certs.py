"""validate_certs (ngine_io.cloudstack's TLS switch): false skips verification unless api_verify_ssl_cert says otherwise."""
import pytest

from ansible_collections.cloudstack.cloud.plugins.module_utils.config import resolve_config

CONNECTION = {"api_url": "https://cloud.example.com/client/api", "api_key": "k", "api_secret": "s"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("CLOUDSTACK_VERIFY", "CLOUDSTACK_CONFIG", "CLOUDSTACK_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)


def test_validate_certs_false_skips_verification():
    resolved = resolve_config(dict(CONNECTION, validate_certs=False))
    assert resolved["verify"] is False and resolved["dangerous_no_tls_verify"] is True


def test_validate_certs_true_or_unset_verifies():
    for value in (True, None):
        resolved = resolve_config(dict(CONNECTION, validate_certs=value))
        assert "verify" not in resolved and "dangerous_no_tls_verify" not in resolved


def test_a_ca_bundle_given_wins_over_validate_certs_false(tmp_path):
    bundle = str(tmp_path / "ca.pem")
    resolved = resolve_config(dict(CONNECTION, validate_certs=False, api_verify_ssl_cert=bundle))
    assert resolved["verify"] == bundle and "dangerous_no_tls_verify" not in resolved


def test_validate_certs_false_wins_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLOUDSTACK_VERIFY", str(tmp_path / "env-ca.pem"))
    assert resolve_config(dict(CONNECTION, validate_certs=False))["verify"] is False
