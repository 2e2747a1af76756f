"""The documented signature formula, checked independently of intake.signing."""

import hashlib
import hmac

from intake.signing import sign, verify

BODY = b'{"reference":"GQ-20261122-7K3M9P"}'


def test_signature_is_hmac_sha256_of_timestamp_dot_body():
    header = sign("s3cret", BODY, timestamp=1_800_000_000)
    expected = hmac.new(b"s3cret", b"1800000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1800000000,v1={expected}"


def test_verify_accepts_fresh_and_rejects_forged_stale_or_malformed():
    header = sign("s3cret", BODY, timestamp=1_800_000_000)
    assert verify("s3cret", BODY, header, now=1_800_000_100)
    assert not verify("other", BODY, header, now=1_800_000_100)
    assert not verify("s3cret", BODY + b" ", header, now=1_800_000_100)
    assert not verify("s3cret", BODY, header, now=1_800_001_000)
    for bad in (None, "", "t=abc,v1=00", "v1=00", "t=1800000000"):
        assert not verify("s3cret", BODY, bad, now=1_800_000_000)
