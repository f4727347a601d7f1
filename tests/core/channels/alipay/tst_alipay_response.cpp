// Response verification: the raw-substring rule, extraction edge cases, the published alipay-sdk vector.

#include <QJsonArray>

#include "core/channels/alipay/ResponseVerifier.h"
#include "core/channels/alipay/SignContent.h"
#include "tests/core/channels/alipay/AlipayTestSupport.h"

using namespace paydesk;
using namespace paydesk::alipay;
using namespace paydesk::test::alipay;
using namespace Qt::StringLiterals;

namespace {

QJsonArray vectors()
{
    return readJson(u"vectors/alipay/response-verification.json"_s).value("vectors"_L1).toArray();
}

QByteArray signedBody(const QByteArray& key,
    const QByteArray& inner,
    const crypto::RsaPrivateKey& signer,
    const QByteArray& signedOver = {})
{
    const QByteArray sign = *signRsa2(signer, signedOver.isEmpty() ? inner : signedOver);
    return "{\"" + key + "\":" + inner + ",\"sign\":\"" + sign + "\"}";
}

} // namespace

class TestAlipayResponse final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void publishedVector()
    {
        const QJsonObject v = vectors().at(0).toObject();
        const QByteArray raw = v.value("raw_response"_L1).toString().toUtf8();
        const QByteArray key = v.value("response_key"_L1).toString().toUtf8();
        const auto pub = publicKeyFile(u"nodejs-alipay-public-key.pem"_s);
        QCOMPARE(responseKeyFor(u"alipay.open.file.upload"), key);
        const auto content = extractSignedContent(raw, key);
        QVERIFY(content);
        QCOMPARE(*content, v.value("expected_signed_substring"_L1).toString().toUtf8());
        const auto r = verifyResponse(raw, u"alipay.open.file.upload", pub);
        QVERIFY2(r, r ? "" : qPrintable(r.error().detail));
        QVERIFY(r->isSuccess());
        QVERIFY(r->signatureChecked);
        QCOMPARE(r->body.value("file_id"_L1).toString(), u"CAxAToWB1JsAAAAAAAAAAAAADgSLAQBr"_s);

        // Negative from the vector: sign "wrong-sing".
        QByteArray wrong = raw;
        const qsizetype s = wrong.indexOf("\"sign\":\"") + 8;
        wrong.replace(
            s, wrong.indexOf('"', s) - s, v.value("negative"_L1).toObject().value("sign"_L1).toString().toUtf8());
        QCOMPARE(
            verifyResponse(wrong, u"alipay.open.file.upload", pub).error().code, ErrorCode::ResponseSignatureInvalid);
        // One byte of the signed content changed.
        QByteArray tampered = raw;
        tampered.replace("CAxAToWB1Js", "CAxAToWB1Jt");
        QCOMPARE(verifyResponse(tampered, u"alipay.open.file.upload", pub).error().code,
            ErrorCode::ResponseSignatureInvalid);
        // One byte of the signature changed.
        QByteArray badSig = raw;
        badSig[s + 20] = badSig[s + 20] == 'A' ? 'B' : 'A';
        QCOMPARE(
            verifyResponse(badSig, u"alipay.open.file.upload", pub).error().code, ErrorCode::ResponseSignatureInvalid);
        // The wrong key, and the wrong method (no such member).
        QCOMPARE(verifyResponse(raw, u"alipay.open.file.upload", publicOf(generatedKey(0))).error().code,
            ErrorCode::ResponseSignatureInvalid);
        QCOMPARE(verifyResponse(raw, u"alipay.trade.query", pub).error().code, ErrorCode::MalformedInput);
    }

    void extraction_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("expected"); // empty = MalformedInput
        const QJsonObject c = vectors().at(1).toObject().value("cases"_L1).toArray().at(0).toObject();
        QTest::newRow("vector: \\/ kept")
            << c.value("raw"_L1).toString().toUtf8() << "alipay_offline_material_image_upload_response"_ba
            << c.value("expected"_L1).toString().toUtf8();
        QTest::newRow("inner sign member kept") << R"({"a_response":{"code":"10000","sign":"xxx","n":1},"sign":"S"})"_ba
                                                << "a_response"_ba
                                                << R"({"code":"10000","sign":"xxx","n":1})"_ba;
        QTest::newRow("braces in strings")
            << "{\"a_response\":{\"m\":\"}{\\\"}\",\"x\":{\"y\":[1,{\"z\":\"]\"}]}},\"sign\":\"S\"}"_ba
            << "a_response"_ba
            << "{\"m\":\"}{\\\"}\",\"x\":{\"y\":[1,{\"z\":\"]\"}]}}"_ba;
        QTest::newRow("escaped backslash before quote")
            << "{\"a_response\":{\"m\":\"\\\\\",\"n\":\"}\"},\"sign\":\"S\"}"_ba
            << "a_response"_ba
            << "{\"m\":\"\\\\\",\"n\":\"}\"}"_ba;
        QTest::newRow("sign first, whitespace") << "{ \"sign\" : \"S\" ,\n \"a_response\" :\t{\"k\":\"v\"} }"_ba
                                                << "a_response"_ba
                                                << R"({"k":"v"})"_ba;
        QTest::newRow("key only inside a string") << "{\"x\":\"\\\"a_response\\\":{}\",\"b\":{}}"_ba
                                                  << "a_response"_ba
                                                  << ""_ba;
        QTest::newRow("key nested, not top level") << R"({"x":{"a_response":{"k":1}}})"_ba
                                                   << "a_response"_ba
                                                   << ""_ba;
        QTest::newRow("value not an object") << R"({"a_response":"{}"})"_ba
                                             << "a_response"_ba
                                             << ""_ba;
        QTest::newRow("repeated member") << R"({"a_response":{"k":1},"a_response":{"k":2}})"_ba
                                         << "a_response"_ba
                                         << ""_ba;
        QTest::newRow("not json") << R"({"a_response":{"k":1})"_ba
                                  << "a_response"_ba
                                  << ""_ba;
        QTest::newRow("array") << R"([{"a_response":{}}])"_ba
                               << "a_response"_ba
                               << ""_ba;
        QTest::newRow("prefix key") << R"({"aa_response":{"k":1}})"_ba
                                    << "a_response"_ba
                                    << ""_ba;
        QTest::newRow("chinese bytes kept") << "{\"a_response\":{\"m\":\"\xe4\xb8\xad\\u4e2d\"},\"sign\":\"S\"}"_ba
                                            << "a_response"_ba
                                            << "{\"m\":\"\xe4\xb8\xad\\u4e2d\"}"_ba;
    }
    void extraction()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, expected);
        const auto got = extractSignedContent(raw, key);
        if (expected.isEmpty()) {
            QVERIFY(!got);
            QCOMPARE(got.error().code, ErrorCode::MalformedInput);
        } else {
            QVERIFY2(got, got ? "" : qPrintable(got.error().detail));
            QCOMPARE(*got, expected);
        }
    }

    void slashEscapeRetry()
    {
        const auto& key = generatedKey(0);
        const auto pub = publicOf(key);
        const QByteArray inner =
            "{\"code\":\"10000\",\"msg\":\"Success\",\"qr_code\":\"https:\\/\\/qr.alipay.com\\/bax03206\"}"_ba;
        // Signed over the bytes as sent.
        QVERIFY(
            verifyResponse(signedBody("alipay_trade_precreate_response", inner, key), u"alipay.trade.precreate", pub));
        // Signed over the unescaped form (what some gateways sign): accepted by the one retry, like the Java SDK.
        QByteArray unescaped = inner;
        unescaped.replace("\\/", "/");
        const auto r = verifyResponse(
            signedBody("alipay_trade_precreate_response", inner, key, unescaped), u"alipay.trade.precreate", pub);
        QVERIFY(r);
        QCOMPARE(r->body.value("qr_code"_L1).toString(), u"https://qr.alipay.com/bax03206"_s);
        // The sign itself may carry "\/" escapes.
        QByteArray body = signedBody("alipay_trade_precreate_response", inner, key);
        const qsizetype s = body.indexOf("\"sign\":\"") + 8;
        body.replace(s, body.size() - s, body.mid(s).replace("/", "\\/"));
        QVERIFY(verifyResponse(body, u"alipay.trade.precreate", pub));
    }

    void unsignedAndErrorBodies()
    {
        const auto& key = generatedKey(0);
        const auto pub = publicOf(key);
        const QByteArray success = R"({"code":"10000","msg":"Success","out_trade_no":"A1","qr_code":"x"})"_ba;
        // Never trust an unsigned success.
        QCOMPARE(
            verifyResponse(
                QByteArray("{\"alipay_trade_precreate_response\":" + success + "}"), u"alipay.trade.precreate", pub)
                .error()
                .code,
            ErrorCode::ResponseSignatureInvalid);
        // Signed by someone else.
        QCOMPARE(
            verifyResponse(
                signedBody("alipay_trade_precreate_response", success, generatedKey(1)), u"alipay.trade.precreate", pub)
                .error()
                .code,
            ErrorCode::ResponseSignatureInvalid);
        // An unsigned gateway error is returned as an error, marked unverified.
        const auto e = verifyResponse(
            R"({"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-signature","sub_msg":"x"}})"_ba,
            u"alipay.trade.query",
            pub);
        QVERIFY(e);
        QVERIFY(e->errorResponse);
        QVERIFY(!e->signatureChecked);
        QCOMPARE(e->subCode, u"isv.invalid-signature"_s);
        // A signed business error verifies; a tampered one does not.
        const QByteArray biz =
            R"({"code":"40004","msg":"Business Failed","sub_code":"ACQ.TRADE_NOT_EXIST","sub_msg":"交易不存在"})"_ba;
        const QByteArray signedBiz = signedBody("alipay_trade_query_response", biz, key);
        const auto b = verifyResponse(signedBiz, u"alipay.trade.query", pub);
        QVERIFY(b);
        QVERIFY(b->signatureChecked);
        QCOMPARE(b->subMsg, u"交易不存在"_s);
        QByteArray tampered = signedBiz;
        tampered.replace("ACQ.TRADE_NOT_EXIST", "ACQ.TRADE_NOT_EXISX");
        QCOMPARE(
            verifyResponse(tampered, u"alipay.trade.query", pub).error().code, ErrorCode::ResponseSignatureInvalid);
        // A signed error_response with a bad signature.
        QByteArray signedErr = signedBody("error_response", biz, generatedKey(1));
        QCOMPARE(
            verifyResponse(signedErr, u"alipay.trade.query", pub).error().code, ErrorCode::ResponseSignatureInvalid);
        // A second, forged member appended after a genuine one is refused, not half-read.
        QByteArray doubled = signedBody("alipay_trade_query_response", success, key);
        doubled.insert(
            doubled.size() - 1, R"(,"alipay_trade_query_response":{"code":"10000","trade_status":"TRADE_SUCCESS"})");
        QCOMPARE(verifyResponse(doubled, u"alipay.trade.query", pub).error().code, ErrorCode::MalformedInput);
        // A sign that is not a string.
        QCOMPARE(
            verifyResponse(
                QByteArray("{\"alipay_trade_query_response\":" + success + ",\"sign\":1}"), u"alipay.trade.query", pub)
                .error()
                .code,
            ErrorCode::ResponseSignatureInvalid);
    }
};

QTEST_GUILESS_MAIN(TestAlipayResponse)
#include "tst_alipay_response.moc"
