#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/seed-* from tests/data/vectors (and a few hand-made
inputs). Re-run after a vector changes; crash reproducers (crash-*) and fuzzer finds kept on purpose are not touched.
Needs python3-cryptography only for the sealed WeChat envelope."""
import io
import json
import os
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VEC = os.path.join(ROOT, "tests", "data", "vectors")
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
APIV3_KEY = b"a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"  # as in wechat_notify.cpp

TRANSACTION = ('{"mchid":"1900007291","appid":"wxd678efh567hg6787","out_trade_no":"ORDER_0001",'
               '"transaction_id":"4200002035202311151234567890","trade_type":"NATIVE","trade_state":"SUCCESS",'
               '"trade_state_desc":"支付成功","bank_type":"OTHERS","attach":"","success_time":"2023-11-15T06:13:20+08:00",'
               '"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},"amount":{"total":100,"payer_total":100,'
               '"currency":"CNY","payer_currency":"CNY"}}')
REFUND = ('{"mchid":"1900007291","out_trade_no":"ORDER_0001","transaction_id":"4200002035202311151234567890",'
          '"out_refund_no":"R1","refund_id":"50000000382019052709732678859","refund_status":"SUCCESS",'
          '"success_time":"2023-11-15T06:20:00+08:00","user_received_account":"支付用户零钱",'
          '"amount":{"total":100,"refund":30,"payer_total":100,"payer_refund":30}}')


def vec(*path):
    with open(os.path.join(VEC, *path), "rb") as f:
        return f.read()


def jvec(*path):
    return json.loads(vec(*path))


def write(target, name, data):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(OUT, target, "seed-" + name), "wb") as f:
        f.write(data)


def sealed_envelope(event_type, plaintext, aad=b"transaction", nonce=b"fdasflkja484"):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    import base64
    ct = base64.b64encode(AESGCM(APIV3_KEY).encrypt(nonce, plaintext.encode(), aad)).decode()
    return json.dumps({"id": "EV-2018022511223320873", "create_time": "2015-05-20T13:29:35+08:00",
                       "resource_type": "encrypt-resource", "event_type": event_type, "summary": "支付成功",
                       "resource": {"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
                                    "ciphertext": ct, "associated_data": aad.decode(), "nonce": nonce.decode()}},
                      ensure_ascii=False, separators=(",", ":"))


class GbkZipInfo(zipfile.ZipInfo):
    """An entry whose name is stored as GBK bytes without the UTF-8 flag, as Alipay writes them."""
    __slots__ = ()

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def alipay_forms():
    notify = jvec("alipay", "notify-verification.json")["vectors"][0]
    real = notify["example_form_body_generated_here"]
    refund = ("notify_id=ntf-1&notify_type=trade_status_sync&notify_time=2024-03-15+10%3A00%3A05&charset=utf-8"
              "&app_id=2019073166072302&out_trade_no=ORDER_0001&trade_no=2024031522001&trade_status=TRADE_CLOSED"
              "&total_amount=1.00&out_biz_no=R1&refund_fee=1.00&gmt_refund=2024-03-15+10%3A00%3A04.123"
              "&gmt_close=2024-03-15+10%3A00%3A04&sign_type=RSA2&sign=AAAA")
    gbk = ("notify_id=ntf-2&charset=gbk&app_id=2019073166072302&out_trade_no=ORDER_0002&trade_status=WAIT_BUYER_PAY"
           "&subject=%D3%EF%C8%B8&total_amount=0.01&sign_type=RSA2")
    return {"real-trade-success": real, "refund-closed": refund, "gbk": gbk}


def main():
    # json: the vector files are JSON objects, plus the decrypted notification payloads.
    for name in ("aead-aes-gcm.json", "request-signing.json"):
        write("json", "wechat-" + name, vec("wechatpay", name))
    write("json", "alipay-notify-verification.json", vec("alipay", "notify-verification.json"))
    write("json", "transaction", TRANSACTION)
    write("json", "refund", REFUND)
    write("json", "escapes", '{"a":"\\u00e9\\ud83d\\ude00\\n\\"","b":[1,-2.5e3,true,false,null],"c":{"d":{}}}')
    resp = jvec("alipay", "response-verification.json")["vectors"][0]["raw_response"]
    write("json", "alipay-response", resp)

    # base64: signatures and ciphertexts of the vectors, and texts on both sides of the canonical rule.
    aead = jvec("wechatpay", "aead-aes-gcm.json")["vectors"]
    write("base64", "ciphertext", aead[0]["ciphertext"])
    write("base64", "certificate", aead[1]["ciphertext"][:400])
    write("base64", "signature", jvec("alipay", "notify-verification.json")["vectors"][0]["params"]["sign"])
    for i, t in enumerate(["QQ==", "QUI=", "QUJD", "QR==", "QQ", "QUJD\n", "Q===", "////"]):
        write("base64", "edge-%d" % i, t)

    # Alipay forms and notifications.
    for name, body in alipay_forms().items():
        write("alipay_form", name, body)
        write("alipay_notify", name, body)
    write("alipay_form", "edge", "a=1&b=%e4%B8%AD+x&c=")

    # WeChat notifications: sealed envelopes as received, and EVENT\nPLAINTEXT for the harness to seal.
    write("wechat_notify", "envelope-transaction", sealed_envelope("TRANSACTION.SUCCESS", TRANSACTION))
    write("wechat_notify", "envelope-refund", sealed_envelope("REFUND.SUCCESS", REFUND, aad=b"refund"))
    write("wechat_notify", "plain-transaction", "TRANSACTION.SUCCESS\n" + TRANSACTION)
    write("wechat_notify", "plain-refund", "REFUND.SUCCESS\n" + REFUND)
    write("wechat_notify", "plain-closed", "REFUND.CLOSED\n" + REFUND.replace('"SUCCESS"', '"CLOSED"'))

    # Amounts and times.
    for i, t in enumerate(["0.01", "88.00", "12.3", "7", "-0.04", "0.01000", "-1.23456", "92233720368547758.07",
                           "-92233720368547758.08", "2019-08-15 15:56:22", "2024-03-15 10:00:04.123"]):
        write("money", "%02d" % i, t)

    # Bills.
    write("wechat_bill", "tradebill-ALL.csv", vec("wechatpay", "tradebill-ALL.csv"))
    csv = vec("alipay", "bill-trade-detail-sample.utf8.csv").decode("utf-8")
    write("alipay_bill", "detail.utf8.csv", csv)
    write("alipay_bill", "detail.gbk.csv", csv.encode("gb18030"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("20880211096256330156_20190916_业务明细.csv", csv),
                           ("20880211096256330156_20190916_业务明细(汇总).csv", "#汇总\n")):
            info = GbkZipInfo(name, date_time=(2019, 9, 17, 5, 46, 49))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("gb18030"))
    write("alipay_bill", "bill.zip", buf.getvalue())

    # Database URLs.
    for i, t in enumerate(["sqlite:///var/lib/paydesk/paydesk.db", "sqlite::memory:",
                           "postgresql://paydesk:s%40cret@db.example:5433/paydesk?sslmode=require&connect_timeout=5",
                           "postgres://u@[::1]/d", "postgresql://host/db?application_name=pd%3Bx"]):
        write("database_url", "%d" % i, t)

    # Simulator requests: gateway form, Authorization header, control bodies, a query string.
    mock = jvec("wechatpay", "request-signing.json")["authorization_header_format_vectors"][0]["expected"]
    header = mock.replace("WECHATPAY2-Mock", "WECHATPAY2-SHA256-RSA2048").split(",signature=")[0]
    write("sim_requests", "authorization", header + ',signature="' + "QQ==" * 86 + '"')
    write("sim_requests", "form", alipay_forms()["real-trade-success"])
    write("sim_requests", "faults", '{"drop_notifications":true,"duplicate_notifications":3,'
                                    '"refund_answer":"hold_before_accept","refund_hold_ms":500}')
    write("sim_requests", "bill-difference", '{"kind":"changed_amount","out_trade_no":"ORDER_0001","amount_fen":99}')
    write("sim_requests", "query", "token=ab%20c&x=1&token=2")


if __name__ == "__main__":
    sys.exit(main())
