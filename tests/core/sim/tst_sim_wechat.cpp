// WeChat Pay APIv3 endpoints over real HTTP on loopback: happy paths, verification failures and error codes.
#include <QJsonArray>
#include <QTest>

#include "core/crypto/Aead.h"

#include "SimTestSupport.h"

using namespace Qt::StringLiterals;
using namespace paydesk;
using namespace paydesk::sim;
using namespace paydesk::simtest;

class TestSimWeChat final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void prepayQueryPayClose()
    {
        SimFixture f;
        auto r = f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"ORDER_0001"_s, 100));
        QCOMPARE(r.status, 200);
        QVERIFY(f.wechatSigned(r));
        QVERIFY(!r.header("Request-ID").isEmpty());
        const QString codeUrl = r.json().value(u"code_url"_s).toString();
        QVERIFY(codeUrl.startsWith(u"weixin://wxpay/bizpayurl?pr="_s));
        // The same number with the same parameters gives the same code_url.
        r = f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"ORDER_0001"_s, 100));
        QCOMPARE(r.json().value(u"code_url"_s).toString(), codeUrl);
        // With different parameters it is refused.
        r = f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"ORDER_0001"_s, 101));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(u"code"_s).toString(), u"INVALID_REQUEST"_s);

        r = f.wechat("GET", u"/v3/pay/transactions/out-trade-no/ORDER_0001?mchid=1900007291"_s);
        QCOMPARE(r.status, 200);
        QVERIFY(f.wechatSigned(r));
        QCOMPARE(r.json().value(u"trade_state"_s).toString(), u"NOTPAY"_s);
        QCOMPARE(r.json().value(u"amount"_s).toObject().value(u"total"_s).toInteger(), 100);

        QVERIFY(f.server->pay(u"ORDER_0001"_s).has_value());
        r = f.wechat("GET", u"/v3/pay/transactions/out-trade-no/ORDER_0001?mchid=1900007291"_s);
        const QJsonObject t = r.json();
        QCOMPARE(t.value(u"trade_state"_s).toString(), u"SUCCESS"_s);
        QCOMPARE(t.value(u"trade_type"_s).toString(), u"NATIVE"_s);
        QCOMPARE(t.value(u"mchid"_s).toString(), kMchid);
        QCOMPARE(t.value(u"appid"_s).toString(), kAppid);
        QVERIFY(t.value(u"transaction_id"_s).toString().size() == 28);
        QVERIFY(t.value(u"success_time"_s).toString().endsWith(u"+08:00"_s));
        QCOMPARE(t.value(u"amount"_s).toObject().value(u"payer_total"_s).toInteger(), 100);

        // Paid: prepay again and close both answer ORDERPAID.
        r = f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"ORDER_0001"_s, 100));
        QCOMPARE(r.json().value(u"code"_s).toString(), u"ORDERPAID"_s);
        r = f.wechat("POST", u"/v3/pay/transactions/out-trade-no/ORDER_0001/close"_s, "{\"mchid\":\"1900007291\"}");
        QCOMPARE(r.json().value(u"code"_s).toString(), u"ORDERPAID"_s);

        // Close an unpaid order: 204, signed over the empty body.
        QCOMPARE(f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"ORDER_0002"_s, 5)).status, 200);
        r = f.wechat("POST", u"/v3/pay/transactions/out-trade-no/ORDER_0002/close"_s, "{\"mchid\":\"1900007291\"}");
        QCOMPARE(r.status, 204);
        QVERIFY(r.body.isEmpty());
        QVERIFY(f.wechatSigned(r));
        r = f.wechat("GET", u"/v3/pay/transactions/out-trade-no/ORDER_0002?mchid=1900007291"_s);
        QCOMPARE(r.json().value(u"trade_state"_s).toString(), u"CLOSED"_s);
        QVERIFY(!f.server->pay(u"ORDER_0002"_s).has_value());
        r = f.wechat("POST", u"/v3/pay/transactions/out-trade-no/ORDER_0002/close"_s, "{\"mchid\":\"1900007291\"}");
        QCOMPARE(r.json().value(u"code"_s).toString(), u"ORDER_CLOSED"_s);
        r = f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"ORDER_0002"_s, 5));
        QCOMPARE(r.json().value(u"code"_s).toString(), u"ORDER_CLOSED"_s);
    }

    void unknownOrder()
    {
        SimFixture f;
        auto r = f.wechat("GET", u"/v3/pay/transactions/out-trade-no/NOPE_000001?mchid=1900007291"_s);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json().value(u"code"_s).toString(), u"ORDER_NOT_EXIST"_s);
        QVERIFY(f.wechatSigned(r));
        r = f.wechat("POST", u"/v3/pay/transactions/out-trade-no/NOPE_000001/close"_s, "{\"mchid\":\"1900007291\"}");
        QCOMPARE(r.status, 404);
        r = f.wechat("GET", u"/v3/refund/domestic/refunds/NOPE"_s);
        QCOMPARE(r.json().value(u"code"_s).toString(), u"RESOURCE_NOT_EXISTS"_s);
    }

    void paramErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        auto make = [](const QJsonObject& patch) {
            QJsonObject o { { u"appid"_s, kAppid },
                { u"mchid"_s, kMchid },
                { u"description"_s, u"goods"_s },
                { u"out_trade_no"_s, u"ORDER_P_001"_s },
                { u"notify_url"_s, u"https://example.com/n"_s },
                { u"amount"_s, QJsonObject { { u"total"_s, 1 }, { u"currency"_s, u"CNY"_s } } } };
            for (auto it = patch.begin(); it != patch.end(); ++it) {
                if (it.value().isNull())
                    o.remove(it.key());
                else
                    o.insert(it.key(), it.value());
            }
            return QJsonDocument(o).toJson(QJsonDocument::Compact);
        };
        QTest::newRow("zero amount") << make({ { u"amount"_s, QJsonObject { { u"total"_s, 0 } } } })
                                     << u"PARAM_ERROR"_s;
        QTest::newRow("fractional amount")
            << make({ { u"amount"_s, QJsonObject { { u"total"_s, 1.5 } } } }) << u"PARAM_ERROR"_s;
        QTest::newRow("yuan string") << make({ { u"amount"_s, QJsonObject { { u"total"_s, u"1.00"_s } } } })
                                     << u"PARAM_ERROR"_s;
        QTest::newRow("currency") << make(
            { { u"amount"_s, QJsonObject { { u"total"_s, 1 }, { u"currency"_s, u"USD"_s } } } })
                                  << u"PARAM_ERROR"_s;
        QTest::newRow("short number") << make({ { u"out_trade_no"_s, u"A1"_s } }) << u"PARAM_ERROR"_s;
        QTest::newRow("bad char") << make({ { u"out_trade_no"_s, u"ORDER#0001"_s } }) << u"PARAM_ERROR"_s;
        QTest::newRow("long number") << make({ { u"out_trade_no"_s, QString(33, u'1') } }) << u"PARAM_ERROR"_s;
        QTest::newRow("description") << make({ { u"description"_s, QString(128, u'货') } }) << u"PARAM_ERROR"_s;
        QTest::newRow("no description") << make({ { u"description"_s, QJsonValue::Null } }) << u"PARAM_ERROR"_s;
        QTest::newRow("http notify") << make({ { u"notify_url"_s, u"http://example.com/n"_s } }) << u"PARAM_ERROR"_s;
        QTest::newRow("notify query") << make({ { u"notify_url"_s, u"https://example.com/n?a=1"_s } })
                                      << u"PARAM_ERROR"_s;
        QTest::newRow("other mchid") << make({ { u"mchid"_s, u"1230000109"_s } }) << u"PARAM_ERROR"_s;
        QTest::newRow("other appid") << make({ { u"appid"_s, u"wx0000000000000000"_s } }) << u"APPID_MCHID_NOT_MATCH"_s;
        QTest::newRow("time_expire") << make({ { u"time_expire"_s, u"2018-06-08 10:34:56"_s } }) << u"PARAM_ERROR"_s;
        QTest::newRow("not json") << QByteArray("{\"appid\":") << u"PARAM_ERROR"_s;
    }
    void paramErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        SimFixture f;
        const auto r = f.wechat("POST", u"/v3/pay/transactions/native"_s, body);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(u"code"_s).toString(), code);
        QVERIFY(!r.json().value(u"message"_s).toString().isEmpty());
    }

    void loopbackHttpNotifyAllowed()
    {
        SimFixture f;
        const auto r = f.wechat("POST",
            u"/v3/pay/transactions/native"_s,
            f.prepayBody(u"ORDER_L_001"_s, 1, u"http://127.0.0.1:9/notify"_s));
        QCOMPARE(r.status, 200);
    }

    void signatureFailures()
    {
        SimFixture f;
        const QByteArray body = f.prepayBody(u"ORDER_S_001"_s, 1);
        // Signed with another key.
        const auto other = privateKey(u"wechatpay/keys/java-merchant_private_key.pem"_s);
        auto r = f.wechat("POST", u"/v3/pay/transactions/native"_s, body, 0, &other);
        QCOMPARE(r.status, 401);
        const QJsonObject e = r.json();
        QCOMPARE(e.value(u"code"_s).toString(), u"SIGN_ERROR"_s);
        const QJsonObject info = e.value(u"detail"_s).toObject().value(u"sign_information"_s).toObject();
        QCOMPARE(info.value(u"method"_s).toString(), u"POST"_s);
        QCOMPARE(info.value(u"url"_s).toString(), u"/v3/pay/transactions/native"_s);
        QVERIFY(
            info.value(u"truncated_sign_message"_s).toString().startsWith(u"POST\n/v3/pay/transactions/native\n"_s));
        QVERIFY(info.value(u"sign_message_length"_s).toInteger() > body.size());
        QVERIFY(f.wechatSigned(r));
        // Stale and future timestamps (300 s window).
        r = f.wechat("POST", u"/v3/pay/transactions/native"_s, body, -300);
        QCOMPARE(r.status, 401);
        r = f.wechat("POST", u"/v3/pay/transactions/native"_s, body, 301);
        QCOMPARE(r.status, 401);
        r = f.wechat("POST", u"/v3/pay/transactions/native"_s, body, -290);
        QCOMPARE(r.status, 200);
        // Unknown merchant.
        r = f.wechat("GET", u"/v3/pay/transactions/out-trade-no/ORDER_S_001?mchid=1"_s, {}, 0, nullptr, u"1"_s);
        QCOMPARE(r.json().value(u"code"_s).toString(), u"MCH_NOT_EXISTS"_s);
        // The query string is part of what is signed: sign one URL, send another.
        const QByteArray ts = QByteArray::number(f.clock.nowSecs());
        const auto key = privateKey(u"wechatpay/keys/wxdoc-test-merchant-private-key.pem"_s);
        const QByteArray sig =
            key.signSha256(QByteArray("GET\n/v3/pay/transactions/out-trade-no/ORDER_S_001\n" + ts + "\nN\n\n"))
                .value()
                .toBase64();
        r = http(f.nam,
            "GET",
            f.server->baseUrl() + u"/v3/pay/transactions/out-trade-no/ORDER_S_001?mchid=1900007291"_s,
            { { QByteArrayLiteral("Authorization"),
                  "WECHATPAY2-SHA256-RSA2048 mchid=\"1900007291\",nonce_str=\"N\",timestamp=\"" + ts
                      + "\",serial_no=\"408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB\",signature=\"" + sig + "\"" },
                { QByteArrayLiteral("User-Agent"), QByteArrayLiteral("t") } },
            {});
        QCOMPARE(r.status, 401);
        // No Authorization at all.
        r = http(f.nam,
            "GET",
            f.server->baseUrl() + u"/v3/pay/transactions/out-trade-no/X?mchid=1"_s,
            { { QByteArrayLiteral("User-Agent"), QByteArrayLiteral("t") } },
            {});
        QCOMPARE(r.status, 401);
    }

    void queryNeedsMatchingMchid()
    {
        SimFixture f;
        auto r = f.wechat("GET", u"/v3/pay/transactions/out-trade-no/ORDER_Q_001"_s);
        QCOMPARE(r.status, 400);
        r = f.wechat("GET", u"/v3/pay/transactions/out-trade-no/ORDER_Q_001?mchid=1230000109"_s);
        QCOMPARE(r.json().value(u"code"_s).toString(), u"PARAM_ERROR"_s);
    }

    void expiredOrderIsNotPayable()
    {
        SimFixture f;
        QCOMPARE(f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"ORDER_E_001"_s, 1)).status, 200);
        f.clock.offsetMs = 2 * 3600 * 1000 + 1000; // the code_url lives 2 hours
        const auto paid = f.server->pay(u"ORDER_E_001"_s);
        QVERIFY(!paid.has_value());
        QCOMPARE(paid.error().code, ErrorCode::OrderClosed);
        // Prepay again with the same parameters: a fresh code_url.
        const auto r = f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"ORDER_E_001"_s, 1));
        QCOMPARE(r.status, 200);
        QVERIFY(f.server->pay(u"ORDER_E_001"_s).has_value());
    }

    void refunds()
    {
        SimFixture f;
        f.server->setAutoCompleteRefunds(false);
        QCOMPARE(f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"ORDER_R_001"_s, 100)).status, 200);
        auto refund = [&](const QString& no, qint64 amount, qint64 total = 100) {
            return f.wechat("POST",
                u"/v3/refund/domestic/refunds"_s,
                QJsonDocument(
                    QJsonObject { { u"out_trade_no"_s, u"ORDER_R_001"_s },
                        { u"out_refund_no"_s, no },
                        { u"amount"_s,
                            QJsonObject {
                                { u"refund"_s, amount }, { u"total"_s, total }, { u"currency"_s, u"CNY"_s } } } })
                    .toJson(QJsonDocument::Compact));
        };
        // Not paid yet.
        QCOMPARE(refund(u"RF1"_s, 10).json().value(u"code"_s).toString(), u"RESOURCE_NOT_EXISTS"_s);
        QVERIFY(f.server->pay(u"ORDER_R_001"_s).has_value());
        auto r = refund(u"RF1"_s, 30);
        QCOMPARE(r.status, 200);
        QVERIFY(f.wechatSigned(r));
        QCOMPARE(r.json().value(u"status"_s).toString(), u"PROCESSING"_s);
        QCOMPARE(r.json().value(u"amount"_s).toObject().value(u"refund"_s).toInteger(), 30);
        const QString refundId = r.json().value(u"refund_id"_s).toString();
        // Retry with the same number and amount: the same refund.
        r = refund(u"RF1"_s, 30);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"refund_id"_s).toString(), refundId);
        // Same number, other amount: refused.
        QCOMPARE(refund(u"RF1"_s, 31).json().value(u"code"_s).toString(), u"INVALID_REQUEST"_s);
        // Wrong total.
        QCOMPARE(refund(u"RF2"_s, 1, 99).json().value(u"code"_s).toString(), u"INVALID_REQUEST"_s);
        // Over what remains (100 - 30 processing).
        QCOMPARE(refund(u"RF2"_s, 71).json().value(u"code"_s).toString(), u"INVALID_REQUEST"_s);
        QCOMPARE(refund(u"RF2"_s, 70).status, 200);
        r = refund(u"RF3"_s, 1);
        QCOMPARE(r.json().value(u"message"_s).toString(), u"订单已全额退款"_s);
        // The query shows the refund; the trade shows REFUND.
        r = f.wechat("GET", u"/v3/refund/domestic/refunds/RF1"_s);
        QCOMPARE(r.json().value(u"status"_s).toString(), u"PROCESSING"_s);
        QVERIFY(f.server->completeRefund(u"RF1"_s, RefundState::Success).has_value());
        r = f.wechat("GET", u"/v3/refund/domestic/refunds/RF1"_s);
        QCOMPARE(r.json().value(u"status"_s).toString(), u"SUCCESS"_s);
        QVERIFY(!r.json().value(u"success_time"_s).toString().isEmpty());
        r = f.wechat("GET", u"/v3/pay/transactions/out-trade-no/ORDER_R_001?mchid=1900007291"_s);
        QCOMPARE(r.json().value(u"trade_state"_s).toString(), u"REFUND"_s);
        // A CLOSED refund frees its amount again.
        QVERIFY(f.server->completeRefund(u"RF2"_s, RefundState::Closed).has_value());
        QCOMPARE(refund(u"RF4"_s, 70).status, 200);
        QVERIFY(!f.server->completeRefund(u"RF1"_s, RefundState::Success).has_value());
    }

    void refundAutoCompletes()
    {
        SimFixture f(1000);
        f.server->setAutoCompleteRefunds(true, 5000); // 5 s / 1000
        QCOMPARE(f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"ORDER_A_001"_s, 10)).status, 200);
        QVERIFY(f.server->pay(u"ORDER_A_001"_s).has_value());
        const auto r = f.wechat("POST",
            u"/v3/refund/domestic/refunds"_s,
            "{\"out_trade_no\":\"ORDER_A_001\",\"out_refund_no\":\"RA1\",\"amount\":{\"refund\":10,"
            "\"total\":10,\"currency\":\"CNY\"}}");
        QCOMPARE(r.json().value(u"status"_s).toString(), u"PROCESSING"_s);
        QTRY_COMPARE(
            f.wechat("GET", u"/v3/refund/domestic/refunds/RA1"_s).json().value(u"status"_s).toString(), u"SUCCESS"_s);
    }

    void keyModes()
    {
        SimFixture f(1000, WeChatKeyMode::PublicKey);
        auto r = f.wechat("GET", u"/v3/pay/transactions/out-trade-no/NONE_00001?mchid=1900007291"_s);
        QCOMPARE(r.header("Wechatpay-Serial"), f.server->keys().wechatPublicKeyId().toLatin1());
        QVERIFY(f.wechatSigned(r));
        f.server->setKeyMode(WeChatKeyMode::Mixed);
        QSet<QByteArray> serials;
        for (int i = 0; i < 4; ++i) {
            r = f.wechat("GET", u"/v3/pay/transactions/out-trade-no/NONE_00001?mchid=1900007291"_s);
            QVERIFY(f.wechatSigned(r));
            serials.insert(r.header("Wechatpay-Serial"));
        }
        QCOMPARE(serials.size(), 2);
        QVERIFY(serials.contains(QByteArray("D7CE59D1F522D701")));
    }

    void platformCertificates()
    {
        SimFixture f;
        const auto r = f.wechat("GET", u"/v3/certificates"_s);
        QCOMPARE(r.status, 200);
        QVERIFY(f.wechatSigned(r));
        const QJsonObject entry = r.json().value(u"data"_s).toArray().at(0).toObject();
        QCOMPARE(entry.value(u"serial_no"_s).toString(), f.server->keys().wechatCertSerial());
        const QJsonObject enc = entry.value(u"encrypt_certificate"_s).toObject();
        QCOMPARE(enc.value(u"associated_data"_s).toString(), u"certificate"_s);
        const auto pem = crypto::aesGcmDecrypt(kApiV3Key,
            enc.value(u"nonce"_s).toString().toUtf8(),
            "certificate",
            QByteArray::fromBase64(enc.value(u"ciphertext"_s).toString().toLatin1()));
        QVERIFY(pem.has_value());
        QCOMPARE(*pem, f.server->keys().wechatCertPem());
    }

    void restartKeepsState()
    {
        SimFixture f;
        QCOMPARE(f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"ORDER_K_001"_s, 7)).status, 200);
        QVERIFY(f.server->pay(u"ORDER_K_001"_s).has_value());
        f.restart();
        const auto r = f.wechat("GET", u"/v3/pay/transactions/out-trade-no/ORDER_K_001?mchid=1900007291"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"trade_state"_s).toString(), u"SUCCESS"_s);
    }
};

QTEST_GUILESS_MAIN(TestSimWeChat)
#include "tst_sim_wechat.moc"
