"""Our signing code reproduces each provider's own worked example, and the tests' checkers agree with it."""

import hashlib
import json
import time

from twilio.request_validator import RequestValidator

from bot.sms import generic
from bot.sms.aliyun import rpc_signature
from bot.sms.tencent import tc3_signature
from bot.sms.twilio import signature as twilio_signature
from tests.sms_standins import aliyun_signature

# https://help.aliyun.com/document_detail/101343.htm: the SendSms example (testId / testSecret, GET).
ALIYUN_DOC = {"AccessKeyId": "testId", "Action": "SendSms", "Format": "XML", "OutId": "123",
              "PhoneNumbers": "15300000001", "RegionId": "cn-hangzhou", "SignName": "阿里云短信测试专用",
              "SignatureMethod": "HMAC-SHA1", "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
              "SignatureVersion": "1.0", "TemplateCode": "SMS_71390007", "TemplateParam": '{"customer":"test"}',
              "Timestamp": "2017-07-12T02:42:19Z", "Version": "2017-05-25"}
# https://www.tencentcloud.com/document/api/213/33224: the CVM DescribeInstances example of TC3.
TENCENT_DOC_BODY = b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'


def test_aliyun_signature_matches_the_documented_sendsms_example():
    assert rpc_signature(ALIYUN_DOC, "testSecret", "GET") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_aliyun_signature_ignores_a_signature_already_in_the_parameters():
    assert rpc_signature({**ALIYUN_DOC, "Signature": "x"}, "testSecret", "GET") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_the_aliyun_stand_in_checks_with_the_same_algorithm_written_independently():
    assert aliyun_signature(ALIYUN_DOC, "s3cret") == rpc_signature(ALIYUN_DOC, "s3cret")


def test_tencent_signature_matches_the_documented_tc3_example():
    assert hashlib.sha256(TENCENT_DOC_BODY).hexdigest() == "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    signature = tc3_signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm.tencentcloudapi.com", TENCENT_DOC_BODY,
                              1551113065, service="cvm")
    assert signature == "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"


def test_twilio_signature_agrees_with_twilios_own_validator():
    url = "https://gongqian.example.org/webhooks/sms/twilio"
    params = {"Body": "欠俺三万五 & more", "From": "+8615036227481", "MessageSid": "SM1", "NumMedia": "0"}
    expected = RequestValidator("token-1").compute_signature(url, params)
    assert twilio_signature(url, list(params.items()), "token-1") == expected
    assert twilio_signature(url + "?x=1", list(params.items()), "token-1") != expected


def test_generic_signature_round_trips_and_refuses_stale_or_altered_bodies():
    body, now = json.dumps({"type": "message"}).encode(), time.time()
    header = generic.sign("k", int(now), body)
    generic.verify(header, body, "k", now)
    for tampered, at in ((body + b" ", now), (body, now + generic.TOLERANCE + 1)):
        try:
            generic.verify(header, tampered, "k", at)
        except generic.Forged:
            continue
        raise AssertionError("accepted a forged or stale request")
