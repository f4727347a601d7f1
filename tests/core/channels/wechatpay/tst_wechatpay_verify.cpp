#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

#include "core/channels/wechatpay/NotificationDecoder.h"
#include "core/channels/wechatpay/ResponseVerifier.h"
#include "tests/support/TestSupport.h"

using namespace paydesk;
using namespace paydesk::wechatpay;
using namespace Qt::StringLiterals;

namespace {

class FakeClock final : public Clock
{
public:
    explicit FakeClock(qint64 secs)
        : m_secs(secs)
    {
    }
    [[nodiscard]] QDateTime nowUtc() const override { return QDateTime::fromSecsSinceEpoch(m_secs, QTimeZone::utc()); }
    qint64 m_secs;
};

const QString kPubKeyId = u"PUB_KEY_ID_0114232134912410000000000000000001"_s;

QJsonObject vector(int i)
{
    return QJsonDocument::fromJson(test::readData(u"vectors/wechatpay/response-and-notify-verification.json"_s))
        .object()
        .value(u"vectors"_s)
        .toArray()
        .at(i)
        .toObject();
}

crypto::RsaPublicKey key(const QString& file)
{
    return *crypto::RsaPublicKey::fromPem(test::readData(u"vectors/wechatpay/keys/"_s + file));
}

QMap<QByteArray, QByteArray> lowerHeaders(const QJsonObject& h)
{
    QMap<QByteArray, QByteArray> out;
    for (auto it = h.begin(); it != h.end(); ++it) {
        out.insert(it.key().toLatin1().toLower(), it.value().toString().toUtf8());
    }
    return out;
}

// Both key modes configured at once: go certificate D7CE (and F576) plus the production public key sample.
PlatformKeys bothModes()
{
    PlatformKeys keys;
    keys.certificates.insert(u"D7CE59D1F522D701"_s, key(u"go-test-cert-D7CE59D1F522D701.pem"_s));
    keys.certificates.insert(u"F5765756002FDD77"_s, key(u"go-test-cert-F5765756002FDD77.pem"_s));
    keys.publicKeyId = kPubKeyId;
    keys.publicKey = key(u"real-wechatpay-public-key-sample.pem"_s);
    return keys;
}

} // namespace

class TestWeChatPayVerify final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void realNativeResponseWithPublicKey()
    {
        const QJsonObject v = vector(0);
        auto headers = lowerHeaders(v.value(u"headers"_s).toObject());
        // The source did not record the serial; in public-key mode it is the PUB_KEY_ID.
        headers.insert("wechatpay-serial", kPubKeyId.toLatin1());
        const QByteArray body = v.value(u"body"_s).toString().toUtf8();
        QCOMPARE(
            ResponseVerifier::message(headers.value("wechatpay-timestamp"), headers.value("wechatpay-nonce"), body),
            v.value(u"message"_s).toString().toUtf8());
        FakeClock clock(headers.value("wechatpay-timestamp").toLongLong() + 10);
        const ResponseVerifier verifier(bothModes(), &clock);
        QVERIFY(verifier.verify(headers, body, ErrorCode::ResponseSignatureInvalid).has_value());

        // The same response claimed under a certificate serial is checked with that certificate and fails.
        headers.insert("wechatpay-serial", "F5765756002FDD77");
        QCOMPARE(verifier.verify(headers, body, ErrorCode::ResponseSignatureInvalid).error().code,
            ErrorCode::ResponseSignatureInvalid);
        // Another PUB_KEY_ID is unknown.
        headers.insert("wechatpay-serial", "PUB_KEY_ID_0114232134912410000000000000000002");
        QCOMPARE(
            verifier.verify(headers, body, ErrorCode::ResponseSignatureInvalid).error().code, ErrorCode::UnknownSerial);
    }

    void goNotificationVerifiesAndDecrypts()
    {
        const QJsonObject v = vector(1);
        const auto headers = lowerHeaders(v.value(u"headers"_s).toObject());
        const QByteArray body = v.value(u"body"_s).toString().toUtf8();
        FakeClock clock(1624523846);
        const ResponseVerifier verifier(bothModes(), &clock);
        QVERIFY(verifier.verify(headers, body, ErrorCode::SignatureInvalid).has_value());

        auto n = decodeNotification(body, v.value(u"apiv3_key"_s).toString().toUtf8());
        QVERIFY(n.has_value());
        QCOMPARE(n->plaintext, v.value(u"expected_plaintext"_s).toString().toUtf8());
        const QJsonObject fields = v.value(u"expected_header_fields"_s).toObject();
        QCOMPARE(n->notificationId, fields.value(u"id"_s).toString());
        QCOMPARE(n->eventType, fields.value(u"event_type"_s).toString());
        QCOMPARE(n->kind, ChannelNotification::Kind::Other);

        // The wrong APIv3 key fails the GCM tag.
        auto wrong = decodeNotification(body, "testMchAPIv3Key1");
        QVERIFY(!wrong.has_value());
        QCOMPARE(wrong.error().code, ErrorCode::DecryptFailed);
    }

    void publishedNegative()
    {
        const QJsonObject v = vector(2);
        const QByteArray sig = QByteArray::fromBase64(v.value(u"signature"_s).toString().toLatin1());
        QVERIFY(!key(v.value(u"certificate_file"_s).toString())
                     .verifySha256(v.value(u"message"_s).toString().toUtf8(), sig));
        // Its unmodified twin verifies with the same key.
        QVERIFY(key(v.value(u"certificate_file"_s).toString())
                    .verifySha256(vector(1).value(u"message"_s).toString().toUtf8(), sig));
    }

    void mutationsFail_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("expected");
        QTest::newRow("body byte") << u"body"_s << int(ErrorCode::SignatureInvalid);
        QTest::newRow("signature byte") << u"signature"_s << int(ErrorCode::SignatureInvalid);
        QTest::newRow("timestamp") << u"timestamp"_s << int(ErrorCode::SignatureInvalid);
        QTest::newRow("nonce") << u"nonce"_s << int(ErrorCode::SignatureInvalid);
        QTest::newRow("serial") << u"serial"_s << int(ErrorCode::UnknownSerial);
        QTest::newRow("serial of another key") << u"other-serial"_s << int(ErrorCode::SignatureInvalid);
        QTest::newRow("signtest probe") << u"signtest"_s << int(ErrorCode::SignatureInvalid);
        QTest::newRow("missing signature") << u"no-signature"_s << int(ErrorCode::SignatureInvalid);
        QTest::newRow("other signature type") << u"type"_s << int(ErrorCode::SignatureInvalid);
        QTest::newRow("stale +300") << u"stale-future"_s << int(ErrorCode::TimestampStale);
        QTest::newRow("stale -300") << u"stale-past"_s << int(ErrorCode::TimestampStale);
        QTest::newRow("wrong key for serial") << u"wrong-key"_s << int(ErrorCode::SignatureInvalid);
        QTest::newRow("non-numeric timestamp") << u"ts-text"_s << int(ErrorCode::SignatureInvalid);
    }
    void mutationsFail()
    {
        QFETCH(QString, what);
        QFETCH(int, expected);
        const QJsonObject v = vector(1);
        auto headers = lowerHeaders(v.value(u"headers"_s).toObject());
        QByteArray body = v.value(u"body"_s).toString().toUtf8();
        FakeClock clock(1624523846);
        PlatformKeys keys = bothModes();
        if (what == u"body"_s) {
            body[10] = char(body.at(10) ^ 0x01);
        } else if (what == u"signature"_s) {
            QByteArray sig = QByteArray::fromBase64(headers.value("wechatpay-signature"));
            sig[100] = char(sig.at(100) ^ 0x01);
            headers.insert("wechatpay-signature", sig.toBase64());
        } else if (what == u"timestamp"_s) {
            headers.insert("wechatpay-timestamp", "1624523847");
        } else if (what == u"nonce"_s) {
            headers["wechatpay-nonce"][0] = 'D';
        } else if (what == u"serial"_s) {
            headers.insert("wechatpay-serial", "D7CE59D1F522D702");
        } else if (what == u"other-serial"_s) {
            keys.certificates.insert(u"F5765756002FDD77"_s, key(u"java-wechat_pay_public_key.pem"_s));
            headers.insert("wechatpay-serial", "F5765756002FDD77");
        } else if (what == u"signtest"_s) {
            headers.insert("wechatpay-signature", "WECHATPAY/SIGNTEST/" + headers.value("wechatpay-signature"));
        } else if (what == u"no-signature"_s) {
            headers.remove("wechatpay-signature");
        } else if (what == u"type"_s) {
            headers.insert("wechatpay-signature-type", "WECHATPAY2-SM2-WITH-SM3");
        } else if (what == u"stale-future"_s) {
            clock.m_secs += 300;
        } else if (what == u"stale-past"_s) {
            clock.m_secs -= 300;
        } else if (what == u"wrong-key"_s) {
            keys.certificates.insert(u"D7CE59D1F522D701"_s, key(u"java-wechat_pay_public_key.pem"_s));
        } else if (what == u"ts-text"_s) {
            headers.insert("wechatpay-timestamp", "1624523846.0");
        }
        const ResponseVerifier verifier(keys, &clock);
        auto result = verifier.verify(headers, body, ErrorCode::SignatureInvalid);
        QVERIFY(!result.has_value());
        QCOMPARE(int(result.error().code), expected);
    }

    // The serial look-up: any letter case for certificate serials, surrounding space trimmed, a PUB_KEY_ID only
    // exactly; other bytes (long, non-ASCII, a certificate serial claimed as PUB_KEY_ID_) are unknown serials.
    void serialForms_data()
    {
        QTest::addColumn<QByteArray>("serial");
        QTest::addColumn<int>("expected"); // -1: verifies
        QTest::newRow("as configured") << QByteArray("D7CE59D1F522D701") << -1;
        QTest::newRow("lower case") << QByteArray("d7ce59d1f522d701") << -1;
        QTest::newRow("mixed case, spaces") << QByteArray("  d7CE59d1F522D701 ") << -1;
        QTest::newRow("one digit more") << QByteArray("D7CE59D1F522D7011") << int(ErrorCode::UnknownSerial);
        QTest::newRow("long") << QByteArray(100, 'D') << int(ErrorCode::UnknownSerial);
        QTest::newRow("non-ascii") << QByteArray("D7CE59D1F522D70\xc9") << int(ErrorCode::UnknownSerial);
        QTest::newRow("public key id") << kPubKeyId.toLatin1() << int(ErrorCode::SignatureInvalid);
        QTest::newRow("public key id, lower case") << kPubKeyId.toLatin1().toLower() << int(ErrorCode::UnknownSerial);
        QTest::newRow("certificate as PUB_KEY_ID_")
            << QByteArray("PUB_KEY_ID_D7CE59D1F522D701") << int(ErrorCode::UnknownSerial);
    }
    void serialForms()
    {
        QFETCH(QByteArray, serial);
        QFETCH(int, expected);
        const QJsonObject v = vector(1);
        auto headers = lowerHeaders(v.value(u"headers"_s).toObject());
        const QByteArray body = v.value(u"body"_s).toString().toUtf8();
        headers.insert("wechatpay-serial", serial);
        FakeClock clock(1624523846);
        PlatformKeys keys = bothModes();
        keys.certificates.insert(u"PUB_KEY_ID_D7CE59D1F522D701"_s, key(u"go-test-cert-D7CE59D1F522D701.pem"_s));
        const auto result = ResponseVerifier(keys, &clock).verify(headers, body, ErrorCode::SignatureInvalid);
        if (expected < 0) {
            QVERIFY2(result, result ? "" : qPrintable(result.error().detail));
        } else {
            QVERIFY(!result);
            QCOMPARE(int(result.error().code), expected);
        }
    }

    void windowEdges()
    {
        const QJsonObject v = vector(1);
        const auto headers = lowerHeaders(v.value(u"headers"_s).toObject());
        const QByteArray body = v.value(u"body"_s).toString().toUtf8();
        for (const qint64 delta : { -299, 0, 299 }) {
            FakeClock clock(1624523846 + delta);
            QVERIFY(
                ResponseVerifier(bothModes(), &clock).verify(headers, body, ErrorCode::SignatureInvalid).has_value());
        }
    }

    // Responses report ResponseSignatureInvalid, notifications SignatureInvalid.
    void responseCode()
    {
        const QJsonObject v = vector(1);
        const auto headers = lowerHeaders(v.value(u"headers"_s).toObject());
        FakeClock clock(1624523846);
        auto r = ResponseVerifier(bothModes(), &clock).verify(headers, "{}", ErrorCode::ResponseSignatureInvalid);
        QCOMPARE(r.error().code, ErrorCode::ResponseSignatureInvalid);
    }
};

QTEST_GUILESS_MAIN(TestWeChatPayVerify)
#include "tst_wechatpay_verify.moc"
