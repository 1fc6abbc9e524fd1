"""SSH key pairs: created (with a real RSA key) or registered; fingerprints as CloudStack computes them."""
import base64
import binascii
import hashlib
import random
import struct

from .. import exceptions
from ..registry import command
from .common import now, resolve_owner, success
from .resource import Resource

SMALL_PRIMES = [p for p in range(3, 2000) if all(p % d for d in range(2, int(p ** 0.5) + 1))]
RSA_BITS = 2048


def fingerprint(public_key):
    """MD5 of the decoded key blob, as colon-separated hex (CloudStack's SSHKeysHelper)."""
    parts = public_key.strip().split()
    if len(parts) < 2 or not parts[0].startswith(("ssh-", "ecdsa-")):
        return None
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(blob) < 4 or blob[4:4 + struct.unpack(">I", blob[:4])[0]].decode("ascii", "replace") != parts[0]:
        return None
    digest = hashlib.md5(blob).hexdigest()
    return ":".join(digest[i:i + 2] for i in range(0, 32, 2))


# RSA key generation, standard library only ---------------------------------------------------

def _probable_prime(n, rng):
    if any(n % p == 0 for p in SMALL_PRIMES):
        return False
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _witness in range(20):
        x = pow(rng.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _squaring in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits, rng):
    while True:
        candidate = rng.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if _probable_prime(candidate, rng):
            return candidate


def _der_int(value):
    raw = value.to_bytes((value.bit_length() + 8) // 8, "big")
    return b"\x02" + _der_len(len(raw)) + raw


def _der_len(length):
    if length < 0x80:
        return bytes([length])
    raw = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def _ssh_mpint(value):
    raw = value.to_bytes((value.bit_length() + 8) // 8, "big")
    return struct.pack(">I", len(raw)) + raw


def generate_rsa_key(rng=None):
    """(PEM private key, OpenSSH public key) of a fresh RSA key pair."""
    rng = rng or random.SystemRandom()
    e = 65537
    while True:
        p, q = _prime(RSA_BITS // 2, rng), _prime(RSA_BITS // 2, rng)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e:
            break
    n, d = p * q, pow(e, -1, phi)
    fields = [0, n, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p)]
    body = b"".join(_der_int(v) for v in fields)
    der = b"\x30" + _der_len(len(body)) + body
    b64 = base64.b64encode(der).decode()
    pem = "-----BEGIN RSA PRIVATE KEY-----\n%s\n-----END RSA PRIVATE KEY-----\n" % "\n".join(
        b64[i:i + 64] for i in range(0, len(b64), 64))
    blob = struct.pack(">I", 7) + b"ssh-rsa" + _ssh_mpint(e) + _ssh_mpint(n)
    return pem, "ssh-rsa %s" % base64.b64encode(blob).decode()


# Commands --------------------------------------------------------------------------------------

KEYPAIRS = Resource("sshkeypair", "keypair", "listSSHKeyPairs", filters=("fingerprint",))


def make_keypair(store, name, public_key, account, project=None):
    fields = {"name": name, "fingerprint": fingerprint(public_key), "hasannotations": False, "created": now(),
              "_publickey": public_key.strip()}
    return KEYPAIRS.insert(store, fields, account, project)


def check_new(store, account, name, fp=None):
    if KEYPAIRS.named(store, account, name):
        raise exceptions.invalid("A key pair with name '%s' already exists." % name)
    if fp and store.first("sshkeypair", _accountid=account["id"], fingerprint=fp):
        raise exceptions.invalid("A key pair with key '%s' already exists." % fp)


@command("createSSHKeyPair")
def create_ssh_key_pair(ctx, params):
    account, project = resolve_owner(ctx, params)
    check_new(ctx.store, account, params["name"])
    private, public_key = generate_rsa_key()
    keypair = make_keypair(ctx.store, params["name"], public_key, account, project)
    return {"keypair": dict(KEYPAIRS.view(ctx.store, keypair), privatekey=private)}


@command("registerSSHKeyPair")
def register_ssh_key_pair(ctx, params):
    account, project = resolve_owner(ctx, params)
    fp = fingerprint(params["publickey"])
    if fp is None:
        raise exceptions.invalid("Public key is invalid")
    check_new(ctx.store, account, params["name"], fp)
    keypair = make_keypair(ctx.store, params["name"], params["publickey"], account, project)
    return {"keypair": KEYPAIRS.view(ctx.store, keypair)}


@command("deleteSSHKeyPair")
def delete_ssh_key_pair(ctx, params):
    account = resolve_owner(ctx, params)[0]
    keypair = KEYPAIRS.named(ctx.store, account, params["name"])
    if keypair is None:
        raise exceptions.invalid("A key pair with name '%s' does not exist for account %s in specified domain id"
                                 % (params["name"], account["name"]))
    KEYPAIRS.remove(ctx.store, keypair)
    return success()
