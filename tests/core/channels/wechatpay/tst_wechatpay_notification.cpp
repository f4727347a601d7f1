#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

#include "core/channels/wechatpay/ResponseVerifier.h"
#include "core/channels/wechatpay/WeChatPayChannel.h"
#include "core/crypto/Aead.h"
#include "tests/support/TestSupport.h"

using namespace paydesk;
using namespace paydesk::wechatpay;
using namespace Qt::StringLiterals;

namespace {

class FakeClock final : public Clock
{
public:
    [[nodiscard]] QDateTime nowUtc() const override { return QDateTime::fromSecsSinceEpoch(m_secs, QTimeZone::utc()); }
    qint64 m_secs = 1700000000;
};

const QByteArray kApiV3Key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";

QByteArray keyFile(const QString& name)
{
    return test::readData(u"vectors/wechatpay/keys/"_s + name);
}

const QByteArray kTransaction = QByteArrayLiteral(
    "{\"mchid\":\"1900007291\",\"appid\":\"wxd678efh567hg6787\",\"out_trade_no\":\"ORDER_0001\","
    "\"transaction_id\":\"4200002035202311151234567890\",\"trade_type\":\"NATIVE\",\"trade_state\":\"SUCCESS\","
    "\"trade_state_desc\":\"支付成功\",\"bank_type\":\"OTHERS\",\"attach\":\"\",\"success_time\":\"2023-11-15T06:13:20+"
    "08:00\","
    "\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"},\"amount\":{\"total\":100,\"payer_total\":100,"
    "\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}");

const QByteArray kRefund = QByteArrayLiteral(
    "{\"mchid\":\"1900007291\",\"out_trade_no\":\"ORDER_0001\",\"transaction_id\":\"4200002035202311151234567890\","
    "\"out_refund_no\":\"R1\",\"refund_id\":\"50000000382019052709732678859\",\"refund_status\":\"SUCCESS\","
    "\"success_time\":\"2023-11-15T06:20:00+08:00\",\"user_received_account\":\"支付用户零钱\","
    "\"amount\":{\"total\":100,\"refund\":30,\"payer_total\":100,\"payer_refund\":30}}");

QByteArray envelope(
    const QString& eventType, const QByteArray& plaintext, const QByteArray& aad, const QByteArray& key = kApiV3Key)
{
    const QByteArray nonce = "fdasflkja484";
    const QByteArray ct = *crypto::aesGcmEncrypt(key, nonce, aad, plaintext);
    const QJsonObject resource { { u"original_type"_s, u"transaction"_s },
        { u"algorithm"_s, u"AEAD_AES_256_GCM"_s },
        { u"ciphertext"_s, QString::fromLatin1(ct.toBase64()) },
        { u"associated_data"_s, QString::fromUtf8(aad) },
        { u"nonce"_s, QString::fromLatin1(nonce) } };
    const QJsonObject o { { u"id"_s, u"EV-2018022511223320873"_s },
        { u"create_time"_s, u"2015-05-20T13:29:35+08:00"_s },
        { u"resource_type"_s, u"encrypt-resource"_s },
        { u"event_type"_s, eventType },
        { u"summary"_s, u"支付成功"_s },
        { u"resource"_s, resource } };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class TestWeChatPayNotification final : public QObject
{
    Q_OBJECT

    FakeClock m_clock;
    crypto::RsaPrivateKey m_platformKey = *crypto::RsaPrivateKey::fromPem(keyFile(u"go-test-private-key.pem"_s));

    WeChatPayChannel channel() const
    {
        WeChatPayConfig c;
        c.mchid = u"1900007291"_s;
        c.appid = u"wxd678efh567hg6787"_s;
        c.merchantCertSerial = u"408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"_s;
        c.merchantKey = *crypto::RsaPrivateKey::fromPem(keyFile(u"wxdoc-test-merchant-private-key.pem"_s));
        c.apiV3Key = crypto::SecureBytes(kApiV3Key);
        c.platform.certificates.insert(
            u"F5765756002FDD77"_s, *crypto::RsaPublicKey::fromPem(keyFile(u"go-test-cert-F5765756002FDD77.pem"_s)));
        c.clock = &m_clock;
        return WeChatPayChannel(c);
    }

    InboundHttp signedRequest(const QByteArray& body) const
    {
        InboundHttp r;
        r.method = "POST";
        r.path = "/notify/wechatpay";
        r.body = body;
        const QByteArray ts = QByteArray::number(m_clock.nowSecs());
        const QByteArray nonce = "fdasfwewafdsafdsa";
        r.headers.insert("wechatpay-timestamp", ts);
        r.headers.insert("wechatpay-nonce", nonce);
        r.headers.insert("wechatpay-serial", "F5765756002FDD77");
        r.headers.insert("wechatpay-signature-type", "WECHATPAY2-SHA256-RSA2048");
        r.headers.insert(
            "wechatpay-signature", m_platformKey.signSha256(ResponseVerifier::message(ts, nonce, body))->toBase64());
        return r;
    }

private Q_SLOTS:
    void payment_data()
    {
        QTest::addColumn<QByteArray>("aad");
        QTest::newRow("aad transaction") << QByteArray("transaction");
        QTest::newRow("empty aad") << QByteArray();
    }
    void payment()
    {
        QFETCH(QByteArray, aad);
        auto n = channel().parseNotification(signedRequest(envelope(u"TRANSACTION.SUCCESS"_s, kTransaction, aad)));
        QVERIFY2(n.has_value(), qPrintable(n ? QString() : n.error().detail));
        QCOMPARE(n->kind, ChannelNotification::Kind::Payment);
        QCOMPARE(n->notificationId, u"EV-2018022511223320873"_s);
        QCOMPARE(n->eventType, u"TRANSACTION.SUCCESS"_s);
        QCOMPARE(n->plaintext, kTransaction);
        QVERIFY(n->trade.has_value());
        QCOMPARE(n->trade->state, TradeState::Paid);
        QCOMPARE(n->trade->outTradeNo, u"ORDER_0001"_s);
        QCOMPARE(n->trade->total, std::optional<Money>(Money::fen(100)));
        QCOMPARE(n->trade->successTime, QDateTime(QDate(2023, 11, 14), QTime(22, 13, 20), QTimeZone::utc()));
    }

    void refund()
    {
        auto n = channel().parseNotification(signedRequest(envelope(u"REFUND.SUCCESS"_s, kRefund, "refund")));
        QVERIFY2(n.has_value(), qPrintable(n ? QString() : n.error().detail));
        QCOMPARE(n->kind, ChannelNotification::Kind::Refund);
        QVERIFY(n->refund.has_value());
        QCOMPARE(n->refund->state, RefundState::Succeeded);
        QCOMPARE(n->refund->refund, std::optional<Money>(Money::fen(30)));
        QCOMPARE(n->refund->outRefundNo, u"R1"_s);
    }

    void failures_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("code");
        QTest::newRow("gcm tag tampered") << u"tag"_s << int(ErrorCode::DecryptFailed);
        QTest::newRow("wrong apiv3 key") << u"key"_s << int(ErrorCode::DecryptFailed);
        QTest::newRow("malformed json") << u"json"_s << int(ErrorCode::MalformedInput);
        QTest::newRow("missing resource") << u"no-resource"_s << int(ErrorCode::MalformedInput);
        QTest::newRow("plaintext without trade_state") << u"no-state"_s << int(ErrorCode::MalformedInput);
        QTest::newRow("fractional amount") << u"fraction"_s << int(ErrorCode::MalformedInput);
        QTest::newRow("other merchant") << u"mchid"_s << int(ErrorCode::MerchantMismatch);
        QTest::newRow("body changed after signing") << u"resign"_s << int(ErrorCode::SignatureInvalid);
        QTest::newRow("signtest probe") << u"signtest"_s << int(ErrorCode::SignatureInvalid);
        QTest::newRow("stale") << u"stale"_s << int(ErrorCode::TimestampStale);
    }
    void failures()
    {
        QFETCH(QString, what);
        QFETCH(int, code);
        QByteArray plaintext = kTransaction;
        QByteArray key = kApiV3Key;
        if (what == u"no-state"_s) {
            plaintext.replace("\"trade_state\":\"SUCCESS\",", "");
        } else if (what == u"fraction"_s) {
            plaintext.replace("\"total\":100,", "\"total\":100.5,");
        } else if (what == u"mchid"_s) {
            plaintext.replace("1900007291", "1900000001");
        } else if (what == u"key"_s) {
            key = "b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
        }
        QByteArray body = envelope(u"TRANSACTION.SUCCESS"_s, plaintext, "transaction", key);
        if (what == u"tag"_s) {
            QJsonObject o = QJsonDocument::fromJson(body).object();
            QJsonObject res = o.value(u"resource"_s).toObject();
            QByteArray ct = QByteArray::fromBase64(res.value(u"ciphertext"_s).toString().toLatin1());
            ct[ct.size() - 1] = char(ct.at(ct.size() - 1) ^ 0x01);
            res.insert(u"ciphertext"_s, QString::fromLatin1(ct.toBase64()));
            o.insert(u"resource"_s, res);
            body = QJsonDocument(o).toJson(QJsonDocument::Compact);
        } else if (what == u"json"_s) {
            body = "{\"id\":\"EV-1\",";
        } else if (what == u"no-resource"_s) {
            body = R"({"id":"EV-1","event_type":"TRANSACTION.SUCCESS"})";
        }
        InboundHttp request = signedRequest(body);
        if (what == u"resign"_s) {
            request.body[5] = 'X';
        } else if (what == u"signtest"_s) {
            request.headers.insert(
                "wechatpay-signature", "WECHATPAY/SIGNTEST/" + request.headers.value("wechatpay-signature"));
        } else if (what == u"stale"_s) {
            m_clock.m_secs += 300;
        }
        auto n = channel().parseNotification(request);
        m_clock.m_secs = 1700000000;
        QVERIFY(!n.has_value());
        QCOMPARE(int(n.error().code), code);
    }

    void acknowledgement()
    {
        const WeChatPayChannel c = channel();
        const NotificationAck ok = c.acknowledgement(true);
        QCOMPARE(ok.httpStatus, 204);
        QVERIFY(ok.body.isEmpty());
        const NotificationAck no = c.acknowledgement(false);
        QCOMPARE(no.httpStatus, 500);
        QCOMPARE(no.contentType, QByteArray("application/json"));
        QCOMPARE(QJsonDocument::fromJson(no.body).object(),
            (QJsonObject { { u"code"_s, u"FAIL"_s }, { u"message"_s, u"失败"_s } }));
    }
};

QTEST_GUILESS_MAIN(TestWeChatPayNotification)
#include "tst_wechatpay_notification.moc"
