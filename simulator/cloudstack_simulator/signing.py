"""CloudStack request signatures (ApiServer.verifyRequest): HMAC-SHA1 over the sorted, url-encoded,
lower-cased parameters, base64-encoded; signatureVersion 3 adds an `expires` deadline."""
import base64
import datetime
import hashlib
import hmac
from urllib.parse import quote

EXPIRES_FORMATS = ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z")


def _java_encode(value):
    # java.net.URLEncoder.encode(v, "UTF-8").replaceAll("\\+", "%20"): like quote, but '~' is encoded.
    return quote(value, safe="*-._").replace("~", "%7E")


def _signature(params, secret, encode, sort_key):
    unsigned = "&".join("%s=%s" % (key, encode(params[key])) for key in sorted(params, key=sort_key))
    digest = hmac.new(secret.encode(), unsigned.lower().encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def hash_password(password):
    return hashlib.sha256(password.encode()).hexdigest()


def verify(params, secret):
    """True when params["signature"] signs the other params with `secret`.

    CloudStack sorts the parameter names as given; clients that sort by lower-cased name, and
    encoders that keep '~' unescaped (Python's quote), are accepted too.
    """
    given = params.get("signature")
    if not given:
        return False
    rest = {k: v for k, v in params.items() if k.lower() != "signature"}
    for encode in (_java_encode, lambda v: quote(v, safe="*")):
        for sort_key in (None, str.lower):
            if hmac.compare_digest(_signature(rest, secret, encode, sort_key), given):
                return True
    return False


def expired(params):
    """For signatureVersion=3: True when `expires` is missing, malformed or in the past."""
    value = params.get("expires")
    if not value:
        return True
    for fmt in EXPIRES_FORMATS:
        try:
            deadline = datetime.datetime.strptime(value, fmt)
            return deadline < datetime.datetime.now(datetime.timezone.utc)
        except ValueError:
            continue
    return True
