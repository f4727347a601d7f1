// The simulator's own protocol code (core/sim/WeChatSigning, AlipaySigning) against the published vectors.
#include <QJsonArray>
#include <QTest>

#include "core/crypto/Aead.h"

#include "SimTestSupport.h"

using namespace Qt::StringLiterals;
using namespace paydesk;
using namespace paydesk::sim;
using namespace paydesk::simtest;

class TestSimSigning final : public QObject
{
    Q_OBJECT

private:
    static QJsonObject json(const QString& rel) { return QJsonDocument::fromJson(vector(rel)).object(); }

private Q_SLOTS:
    void wechatRequestVectorsVerify()
    {
        const QJsonObject doc = json(u"wechatpay/request-signing.json"_s);
        const auto key = publicKey(vector(u"wechatpay/keys/wxdoc-test-merchant-public-key.pem"_s));
        const QJsonArray cases = doc.value(u"request_vectors"_s).toArray();
        QCOMPARE(cases.size(), 2);
        for (const QJsonValue& v : cases) {
            const QJsonObject c = v.toObject();
            const QByteArray message = wechat::requestMessage(c.value(u"method"_s).toString().toUtf8(),
                c.value(u"url"_s).toString().toUtf8(),
                c.value(u"timestamp"_s).toString().toUtf8(),
                c.value(u"nonce_str"_s).toString().toUtf8(),
                c.value(u"body"_s).toString().toUtf8());
            QCOMPARE(message, c.value(u"message"_s).toString().toUtf8());
            QVERIFY(wechat::verify(key, message, c.value(u"expected_signature"_s).toString().toLatin1()));
            // One changed byte anywhere must fail.
            QByteArray tampered = message;
            tampered[tampered.size() / 2] = tampered[tampered.size() / 2] ^ 1;
            QVERIFY(!wechat::verify(key, tampered, c.value(u"expected_signature"_s).toString().toLatin1()));
        }
    }

    void wechatAuthorizationParses()
    {
        const QJsonObject c =
            json(u"wechatpay/request-signing.json"_s).value(u"request_vectors"_s).toArray().at(0).toObject();
        const auto auth = wechat::parseAuthorization(c.value(u"expected_authorization"_s).toString().toUtf8());
        QVERIFY(auth.has_value());
        QCOMPARE(auth->mchid, u"1900007291"_s);
        QCOMPARE(auth->serialNo, u"408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"_s);
        QCOMPARE(auth->timestamp, u"1554208460"_s);
        QCOMPARE(auth->nonce, u"593BEC0C930BF1AFEB40B4A08C8FB242"_s);
        QCOMPARE(auth->signature, c.value(u"expected_signature"_s).toString().toLatin1());
        const auto key = publicKey(vector(u"wechatpay/keys/wxdoc-test-merchant-public-key.pem"_s));
        QVERIFY(wechat::verify(key, c.value(u"message"_s).toString().toUtf8(), auth->signature));
    }

    void wechatAuthorizationRejectsMalformed_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("schema") << QByteArray(
            "WECHATPAY2-SHA256-RSA mchid=\"1\",nonce_str=\"n\",timestamp=\"1\",serial_no=\"A\",signature=\"s\"");
        QTest::newRow("unquoted") << QByteArray(
            "WECHATPAY2-SHA256-RSA2048 mchid=1,nonce_str=\"n\",timestamp=\"1\",serial_no=\"A\",signature=\"s\"");
        QTest::newRow("missing") << QByteArray(
            "WECHATPAY2-SHA256-RSA2048 mchid=\"1\",nonce_str=\"n\",timestamp=\"1\",signature=\"s\"");
        QTest::newRow("duplicate") << QByteArray(
            "WECHATPAY2-SHA256-RSA2048 "
            "mchid=\"1\",mchid=\"2\",nonce_str=\"n\",timestamp=\"1\",serial_no=\"A\",signature=\"s\"");
        QTest::newRow("spaces") << QByteArray(
            "WECHATPAY2-SHA256-RSA2048 mchid=\"1\", nonce_str=\"n\",timestamp=\"1\",serial_no=\"A\",signature=\"s\"");
        QTest::newRow("empty") << QByteArray();
    }
    void wechatAuthorizationRejectsMalformed()
    {
        QFETCH(QByteArray, header);
        QVERIFY(!wechat::parseAuthorization(header).has_value());
    }

    void wechatResponseVectorsVerify()
    {
        const QJsonArray cases =
            json(u"wechatpay/response-and-notify-verification.json"_s).value(u"vectors"_s).toArray();
        int checked = 0;
        for (const QJsonValue& v : cases) {
            const QJsonObject c = v.toObject();
            if (!c.contains(u"expected_valid"_s))
                continue;
            const QString keyFile = c.contains(u"public_key_file"_s) ? c.value(u"public_key_file"_s).toString()
                                                                     : c.value(u"certificate_file"_s).toString();
            const auto key = publicKey(vector(u"wechatpay/keys/"_s + keyFile));
            const QJsonObject h = c.value(u"headers"_s).toObject();
            QByteArray message;
            QByteArray signature;
            if (c.contains(u"body"_s)) {
                message = wechat::responseMessage(h.value(u"Wechatpay-Timestamp"_s).toString().toUtf8(),
                    h.value(u"Wechatpay-Nonce"_s).toString().toUtf8(),
                    c.value(u"body"_s).toString().toUtf8());
                QCOMPARE(message, c.value(u"message"_s).toString().toUtf8());
                signature = h.value(u"Wechatpay-Signature"_s).toString().toLatin1();
            } else {
                message = c.value(u"message"_s).toString().toUtf8();
                signature = c.value(u"signature"_s).toString().toLatin1();
            }
            QCOMPARE(wechat::verify(key, message, signature), c.value(u"expected_valid"_s).toBool());
            ++checked;
        }
        QCOMPARE(checked, 3);
    }

    void wechatSignedHeadersRoundTrip()
    {
        const auto key = privateKey(u"wechatpay/keys/go-test-private-key.pem"_s);
        const auto pub = publicKey(vector(u"wechatpay/keys/go-test-cert-D7CE59D1F522D701.pem"_s));
        for (const QByteArray& body :
            { QByteArray(), QByteArray("{\"code_url\":\"weixin://wxpay/bizpayurl?pr=x\"}") }) {
            const auto headers = wechat::signedHeaders(key, u"D7CE59D1F522D701"_s, 1624523846, "NONCE1234567890", body);
            QVERIFY(headers.has_value());
            QMap<QByteArray, QByteArray> m;
            for (const auto& [k, v] : *headers)
                m.insert(k, v);
            QCOMPARE(m.value("Wechatpay-Serial"), QByteArray("D7CE59D1F522D701"));
            QCOMPARE(m.value("Wechatpay-Timestamp"), QByteArray("1624523846"));
            // The 204 close answer is signed over the empty body: "ts\nnonce\n\n".
            const QByteArray expected = "1624523846\nNONCE1234567890\n" + body + '\n';
            QVERIFY(pub.verifySha256(expected, QByteArray::fromBase64(m.value("Wechatpay-Signature"))));
            QCOMPARE(m.value("Wechatpay-Signature").size(), 344);
        }
    }

    void aeadVectors()
    {
        const QJsonObject c = json(u"wechatpay/aead-aes-gcm.json"_s).value(u"vectors"_s).toArray().at(0).toObject();
        const auto resource = wechat::encryptResource(c.value(u"key"_s).toString().toUtf8(),
            c.value(u"nonce"_s).toString().toUtf8(),
            c.value(u"associated_data"_s).toString().toUtf8(),
            u"transaction"_s,
            c.value(u"plaintext"_s).toString().toUtf8());
        QVERIFY(resource.has_value());
        QCOMPARE(resource->value(u"ciphertext"_s).toString(), c.value(u"ciphertext"_s).toString());
        QCOMPARE(resource->value(u"algorithm"_s).toString(), u"AEAD_AES_256_GCM"_s);
        QCOMPARE(resource->value(u"nonce"_s).toString(), c.value(u"nonce"_s).toString());
        QCOMPARE(resource->value(u"associated_data"_s).toString(), c.value(u"associated_data"_s).toString());
        // Empty associated data is legal and must round-trip.
        const auto empty = wechat::encryptResource(kApiV3Key, "0123456789ab", QByteArray(), u"refund"_s, "{}");
        QVERIFY(empty.has_value());
        const auto back = crypto::aesGcmDecrypt(kApiV3Key,
            "0123456789ab",
            QByteArray(),
            QByteArray::fromBase64(empty->value(u"ciphertext"_s).toString().toLatin1()));
        QVERIFY(back.has_value());
        QCOMPARE(*back, QByteArray("{}"));
        // A real APIv3 key is 32 bytes; the simulator refuses anything else.
        QVERIFY(!wechat::encryptResource("testAPIv3Key0000", "0123456789ab", {}, u"x"_s, "x").has_value());
    }

    void alipayRequestVectors()
    {
        const QJsonObject doc = json(u"alipay/request-signing.json"_s);
        const auto key = privateKey(u"alipay/keys/java-prodcert-app-private-key.pem"_s);
        const auto cert = publicKey(vector(u"alipay/keys/java-prodcert-app-cert-2019091767145019.crt"_s));
        for (const QJsonValue& v : doc.value(u"vectors"_s).toArray()) {
            const QJsonObject c = v.toObject();
            alipay::Params p;
            const QJsonObject params = c.value(u"params"_s).toObject();
            for (auto it = params.begin(); it != params.end(); ++it)
                p.insert(it.key(), it.value().toString());
            p.insert(u"sign"_s, u"ignored"_s);
            p.insert(u"empty"_s, QString());
            const QByteArray content = alipay::signContent(p, alipay::SignRule::Request);
            QCOMPARE(content, c.value(u"expected_sign_content"_s).toString().toUtf8());
            const QByteArray sign = c.value(u"expected_sign"_s).toString().toLatin1();
            if (c.value(u"algorithm"_s).toString() == u"RSA-SHA256"_s) {
                QVERIFY(alipay::verifyRsa2(cert, content, sign));
                QCOMPARE(alipay::signRsa2(key, content).value(), sign);
            } else {
                // sign_type RSA (SHA-1) is not RSA2: the simulator's RSA2 check must refuse it.
                QVERIFY(!alipay::verifyRsa2(cert, content, sign));
            }
        }
    }

    void alipayResponseVector()
    {
        const QJsonObject c =
            json(u"alipay/response-verification.json"_s).value(u"vectors"_s).toArray().at(0).toObject();
        const QByteArray inner = c.value(u"expected_signed_substring"_s).toString().toUtf8();
        const QByteArray raw = c.value(u"raw_response"_s).toString().toUtf8();
        const auto alipayKey = publicKey(vector(u"alipay/keys/nodejs-alipay-public-key.pem"_s));
        const qsizetype signAt = raw.lastIndexOf("\"sign\":\"");
        const QByteArray sign = raw.mid(signAt + 8, raw.size() - signAt - 8 - 2);
        QVERIFY(alipay::verifyRsa2(alipayKey, inner, sign));
        QCOMPARE(alipay::responseKey(u"alipay.open.file.upload"_s), u"alipay_open_file_upload_response"_s);
        // The simulator's own response has the same shape and its sign covers the raw inner bytes.
        const auto key = privateKey(u"alipay/keys/java-prodcert-app-private-key.pem"_s);
        const auto body = alipay::signedResponse(key, u"alipay_open_file_upload_response"_s, inner);
        QVERIFY(body.has_value());
        QVERIFY(body->startsWith(QByteArray("{\"alipay_open_file_upload_response\":" + inner + ",\"sign\":\"")));
        const qsizetype at = body->lastIndexOf("\"sign\":\"");
        const auto cert = publicKey(vector(u"alipay/keys/java-prodcert-app-cert-2019091767145019.crt"_s));
        QVERIFY(alipay::verifyRsa2(cert, inner, body->mid(at + 8, body->size() - at - 8 - 2)));
        // Slashes go out escaped, as the real gateway sends them.
        QCOMPARE(alipay::responseJson(QJsonObject { { u"qr_code"_s, u"https://qr.alipay.com/x"_s } }),
            QByteArray("{\"qr_code\":\"https:\\/\\/qr.alipay.com\\/x\"}"));
    }

    void alipayNotifyVector()
    {
        const QJsonObject c = json(u"alipay/notify-verification.json"_s).value(u"vectors"_s).toArray().at(0).toObject();
        const QJsonObject params = c.value(u"params"_s).toObject();
        const auto form = alipay::parseForm(c.value(u"example_form_body_generated_here"_s).toString().toUtf8());
        QVERIFY(form.has_value());
        QCOMPARE(form->size(), params.size());
        for (auto it = params.begin(); it != params.end(); ++it)
            QCOMPARE(form->value(it.key()), it.value().toString());
        const QByteArray content = alipay::signContent(*form, alipay::SignRule::NotifyV1);
        QCOMPARE(content, c.value(u"expected_sign_content"_s).toString().toUtf8());
        const auto key = publicKey(vector(u"alipay/keys/nodejs-notify-alipay-public-key-v1.pem"_s));
        QVERIFY(alipay::verifyRsa2(key, content, form->value(u"sign"_s).toLatin1()));
        // Keeping sign_type (the request rule) must not verify.
        QVERIFY(!alipay::verifyRsa2(
            key, alipay::signContent(*form, alipay::SignRule::Request), form->value(u"sign"_s).toLatin1()));
        // encodeForm -> parseForm round trip keeps every byte (Chinese, '+', '/', '=', '&').
        QList<QPair<QString, QString>> fields;
        for (auto it = form->cbegin(); it != form->cend(); ++it)
            fields.append({ it.key(), it.value() });
        fields.append({ u"odd"_s, u"a+b c&d=e/f%g"_s });
        const auto back = alipay::parseForm(alipay::encodeForm(fields));
        QVERIFY(back.has_value());
        QCOMPARE(back->value(u"odd"_s), u"a+b c&d=e/f%g"_s);
        QCOMPARE(back->value(u"subject"_s), params.value(u"subject"_s).toString());
    }

    void formRejectsBadEscapes()
    {
        QVERIFY(!alipay::parseForm("a=%zz").has_value());
        QVERIFY(!alipay::parseForm("a=%4").has_value());
        QVERIFY(!alipay::parseForm("a=1&a=2").has_value());
        QVERIFY(!alipay::parseForm("a=%ff%fe").has_value());
    }
};

QTEST_GUILESS_MAIN(TestSimSigning)
#include "tst_sim_signing.moc"
