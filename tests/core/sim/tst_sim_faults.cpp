// Each fault switch: notifications dropped, duplicated, delayed, reordered, preceded by a SIGNTEST probe; queries
// failing or held past the client's timeout; refunds ending ABNORMAL; the control API that sets them.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

#include "SimReceiver.h"
#include "SimTestSupport.h"

using namespace Qt::StringLiterals;
using namespace paydesk;
using namespace paydesk::sim;
using namespace paydesk::simtest;

class TestSimFaults final : public QObject
{
    Q_OBJECT

private:
    static void createAndPay(SimFixture& f, Receiver& receiver, const QString& no)
    {
        QCOMPARE(
            f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(no, 10, receiver.url("/wechat"))).status,
            200);
        QVERIFY(f.server->pay(no).has_value());
    }
    /// The simulator's notification for an order (the first one queued for it).
    static SimNotification notificationOf(SimFixture& f, const QString& no)
    {
        for (const SimNotification& n : f.server->notifications())
            if (n.outTradeNo == no)
                return n;
        return {};
    }
    static QString eventOf(const Received& r)
    {
        return QJsonDocument::fromJson(r.body).object().value(u"event_type"_s).toString();
    }

private Q_SLOTS:
    void drop()
    {
        Receiver receiver;
        SimFixture f;
        f.server->setFaults(u"FAULT_D_01"_s, FaultSet { .dropNotifications = true });
        createAndPay(f, receiver, u"FAULT_D_01"_s);
        QCOMPARE(notificationOf(f, u"FAULT_D_01"_s).state, DeliveryState::Dropped);
        // Another order is not affected: its notification arrives, and it is the only one that ever did.
        createAndPay(f, receiver, u"FAULT_D_02"_s);
        QTRY_COMPARE(notificationOf(f, u"FAULT_D_02"_s).state, DeliveryState::Delivered);
        QCOMPARE(receiver.received.size(), 1);
        QCOMPARE(notificationOf(f, u"FAULT_D_01"_s).attempts, 0);
        QCOMPARE(notificationOf(f, u"FAULT_D_01"_s).state, DeliveryState::Dropped);
    }

    void duplicate()
    {
        Receiver receiver;
        SimFixture f;
        f.server->setFaults({}, FaultSet { .duplicateNotifications = 3 });
        createAndPay(f, receiver, u"FAULT_U_01"_s);
        QTRY_COMPARE(receiver.received.size(), 3);
        QCOMPARE(receiver.received.at(0).body, receiver.received.at(2).body);
        QTRY_COMPARE(f.server->notifications().first().state, DeliveryState::Delivered);
        QCOMPARE(f.server->notifications().first().attempts, 1);
    }

    void delay()
    {
        Receiver receiver;
        SimFixture f;
        f.server->setFaults({}, FaultSet { .delayNotificationsMs = 400 });
        QElapsedTimer t;
        t.start();
        createAndPay(f, receiver, u"FAULT_L_01"_s);
        QTRY_COMPARE(receiver.received.size(), 1);
        QVERIFY(t.elapsed() >= 390);
    }

    void reorder()
    {
        Receiver receiver;
        SimFixture f;
        f.server->setAutoCompleteRefunds(false);
        f.server->setFaults(u"FAULT_O_01"_s, FaultSet { .reorderNotifications = true });
        createAndPay(f, receiver, u"FAULT_O_01"_s);
        // Held back: not yet tried, and due only after the hold.
        const SimNotification held = notificationOf(f, u"FAULT_O_01"_s);
        QCOMPARE(held.state, DeliveryState::Pending);
        QCOMPARE(held.attempts, 0);
        QVERIFY(held.nextAttemptMs > held.createdMs);
        QCOMPARE(f.wechat("POST",
                      u"/v3/refund/domestic/refunds"_s,
                      "{\"out_trade_no\":\"FAULT_O_01\",\"out_refund_no\":\"FO1\",\"amount\":{\"refund\":10,"
                      "\"total\":10,\"currency\":\"CNY\"}}")
                     .status,
            200);
        QVERIFY(f.server->completeRefund(u"FO1"_s, RefundState::Success).has_value());
        QTRY_COMPARE(receiver.received.size(), 2);
        QCOMPARE(eventOf(receiver.received.at(0)), u"REFUND.SUCCESS"_s);
        QCOMPARE(eventOf(receiver.received.at(1)), u"TRANSACTION.SUCCESS"_s);
    }

    void reorderAloneIsStillDelivered()
    {
        Receiver receiver;
        SimFixture f;
        f.server->setFaults({}, FaultSet { .reorderNotifications = true });
        createAndPay(f, receiver, u"FAULT_O_02"_s);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.received.size(), 1, 5000);
    }

    void signTestProbe()
    {
        Receiver receiver;
        SimFixture f;
        // The merchant verifies: the probe fails (401), the real one passes (200).
        receiver.answer = [&f](int, const Received& r) {
            HttpResult h;
            h.headers = r.headers;
            h.body = r.body;
            return f.wechatSigned(h) ? qMakePair(200, QByteArray()) : qMakePair(401, QByteArray("{\"code\":\"FAIL\"}"));
        };
        f.server->setFaults({}, FaultSet { .signTestProbe = true });
        createAndPay(f, receiver, u"FAULT_S_01"_s);
        QTRY_COMPARE(receiver.received.size(), 2);
        QVERIFY(receiver.received.at(0).header("Wechatpay-Signature").startsWith("WECHATPAY/SIGNTEST/"));
        QVERIFY(!receiver.received.at(1).header("Wechatpay-Signature").startsWith("WECHATPAY/SIGNTEST/"));
        QCOMPARE(receiver.received.at(0).body, receiver.received.at(1).body);
        QTRY_COMPARE(f.server->notifications().first().state, DeliveryState::Delivered);
        QCOMPARE(f.server->notifications().first().attempts, 1); // the probe is not an attempt
    }

    void queryErrors()
    {
        SimFixture f;
        QCOMPARE(f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"FAULT_Q_01"_s, 1)).status, 200);
        f.server->setFaults(u"FAULT_Q_01"_s, FaultSet { .queryError = true });
        auto r = f.wechat("GET", u"/v3/pay/transactions/out-trade-no/FAULT_Q_01?mchid=1900007291"_s);
        QCOMPARE(r.status, 500);
        QCOMPARE(r.json().value(u"code"_s).toString(), u"SYSTEM_ERROR"_s);
        QVERIFY(f.wechatSigned(r));
        // Alipay: 20000 ACQ.SYSTEM_ERROR.
        const QString pre = u"alipay.trade.precreate"_s;
        QCOMPARE(
            f.alipay(pre,
                 { { u"out_trade_no"_s, u"FAULT_Q_02"_s }, { u"total_amount"_s, u"1"_s }, { u"subject"_s, u"x"_s } })
                .status,
            200);
        f.server->setFaults(u"FAULT_Q_02"_s, FaultSet { .queryError = true });
        const QString q = u"alipay.trade.query"_s;
        bool ok = false;
        const QJsonObject o = f.alipayInner(f.alipay(q, { { u"out_trade_no"_s, u"FAULT_Q_02"_s } }), q, &ok);
        QVERIFY(ok);
        QCOMPARE(o.value(u"code"_s).toString(), u"20000"_s);
        QCOMPARE(o.value(u"sub_code"_s).toString(), u"ACQ.SYSTEM_ERROR"_s);
    }

    void queryTimeout()
    {
        SimFixture f;
        QCOMPARE(f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"FAULT_T_01"_s, 1)).status, 200);
        f.server->setFaults(u"FAULT_T_01"_s, FaultSet { .queryHoldMs = 800 });
        // A client with a 200 ms timeout gives up.
        const QByteArray ts = QByteArray::number(f.clock.nowSecs());
        const QByteArray url = "/v3/pay/transactions/out-trade-no/FAULT_T_01?mchid=1900007291";
        const auto key = privateKey(u"wechatpay/keys/wxdoc-test-merchant-private-key.pem"_s);
        const QByteArray sig = key.signSha256(QByteArray("GET\n" + url + '\n' + ts + "\nN\n\n")).value().toBase64();
        const QList<QPair<QByteArray, QByteArray>> headers {
            { QByteArrayLiteral("Authorization"),
                "WECHATPAY2-SHA256-RSA2048 mchid=\"1900007291\",nonce_str=\"N\",timestamp=\"" + ts
                    + "\",serial_no=\"408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB\",signature=\"" + sig + "\"" },
            { QByteArrayLiteral("User-Agent"), QByteArrayLiteral("t") }
        };
        QElapsedTimer t;
        t.start();
        auto r = http(f.nam, "GET", f.server->baseUrl() + QString::fromLatin1(url), headers, {}, 200);
        QCOMPARE(r.status, 0);
        QCOMPARE(r.error, QNetworkReply::OperationCanceledError);
        QVERIFY(t.elapsed() < 700);
        // A patient client gets the answer after the hold; the server survived the abandoned socket.
        t.restart();
        r = f.wechat("GET", QString::fromLatin1(url));
        QCOMPARE(r.status, 200);
        QVERIFY(t.elapsed() >= 750);
    }

    void refundAbnormal()
    {
        Receiver receiver;
        SimFixture f;
        f.server->setFaults({}, FaultSet { .refundAbnormal = true });
        createAndPay(f, receiver, u"FAULT_R_01"_s);
        QCOMPARE(f.wechat("POST",
                      u"/v3/refund/domestic/refunds"_s,
                      "{\"out_trade_no\":\"FAULT_R_01\",\"out_refund_no\":\"FR1\",\"amount\":{\"refund\":10,"
                      "\"total\":10,\"currency\":\"CNY\"}}")
                     .status,
            200);
        QTRY_COMPARE(
            f.wechat("GET", u"/v3/refund/domestic/refunds/FR1"_s).json().value(u"status"_s).toString(), u"ABNORMAL"_s);
        QTRY_COMPARE(receiver.received.size(), 2);
        QCOMPARE(eventOf(receiver.received.at(1)), u"REFUND.ABNORMAL"_s);
    }

    void notEnoughBalance()
    {
        Receiver receiver;
        SimFixture f;
        createAndPay(f, receiver, u"FAULT_B_01"_s);
        f.server->setFaults(u"FAULT_B_01"_s, FaultSet { .balanceNotEnough = true });
        const auto r = f.wechat("POST",
            u"/v3/refund/domestic/refunds"_s,
            "{\"out_trade_no\":\"FAULT_B_01\",\"out_refund_no\":\"FB1\",\"amount\":{\"refund\":10,"
            "\"total\":10,\"currency\":\"CNY\"}}");
        QCOMPARE(r.status, 403);
        QCOMPARE(r.json().value(u"code"_s).toString(), u"NOT_ENOUGH"_s);
    }

    void controlApi()
    {
        Receiver receiver;
        SimFixture f;
        const QString base = f.server->baseUrl();
        auto r = http(f.nam,
            "POST",
            base + u"/sim/faults"_s,
            { { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") } },
            "{\"out_trade_no\":\"FAULT_C_01\",\"drop_notifications\":true}");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()
                     .value(u"orders"_s)
                     .toObject()
                     .value(u"FAULT_C_01"_s)
                     .toObject()
                     .value(u"drop_notifications"_s)
                     .toBool(),
            true);
        r = http(f.nam, "POST", base + u"/sim/faults"_s, {}, "{\"drop_notification\":true}");
        QCOMPARE(r.status, 400);
        createAndPay(f, receiver, u"FAULT_C_01"_s);
        QCOMPARE(notificationOf(f, u"FAULT_C_01"_s).state, DeliveryState::Dropped); // never tried
        QCOMPARE(notificationOf(f, u"FAULT_C_01"_s).attempts, 0);
        r = http(f.nam, "DELETE", base + u"/sim/faults"_s, {}, {});
        QCOMPARE(r.status, 200);
        // The customer through the control API; refund completion by hand.
        QCOMPARE(f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"FAULT_C_02"_s, 10)).status, 200);
        r = http(f.nam, "POST", base + u"/sim/orders/FAULT_C_02/pay"_s, {}, {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"state"_s).toString(), u"PAID"_s);
        r = http(f.nam, "POST", base + u"/sim/orders/FAULT_C_02/pay"_s, {}, {});
        QCOMPARE(r.status, 409);
        r = http(f.nam, "POST", base + u"/sim/settings"_s, {}, "{\"auto_complete_refunds\":false}");
        QCOMPARE(r.json().value(u"auto_complete_refunds"_s).toBool(), false);
        QCOMPARE(f.wechat("POST",
                      u"/v3/refund/domestic/refunds"_s,
                      "{\"out_trade_no\":\"FAULT_C_02\",\"out_refund_no\":\"FC1\",\"amount\":{\"refund\":10,"
                      "\"total\":10,\"currency\":\"CNY\"}}")
                     .status,
            200);
        r = http(f.nam, "POST", base + u"/sim/refunds/FC1/complete?status=CLOSED"_s, {}, {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"state"_s).toString(), u"CLOSED"_s);
        r = http(f.nam, "GET", base + u"/sim/orders"_s, {}, {});
        QCOMPARE(QJsonDocument::fromJson(r.body).array().size(), 2);
        r = http(f.nam, "GET", base + u"/sim/"_s, {}, {});
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Content-Type").startsWith("text/html"));
        r = http(f.nam, "GET", base + u"/sim/keys"_s, {}, {});
        QCOMPARE(r.json().value(u"wechatpay_platform_certificate_serial"_s).toString(), u"D7CE59D1F522D701"_s);
        // Alipay scan via the control API; an unknown order is 404.
        QCOMPARE(http(f.nam, "POST", base + u"/sim/orders/NOPE/scan"_s, {}, {}).status, 404);
    }
};

QTEST_GUILESS_MAIN(TestSimFaults)
#include "tst_sim_faults.moc"
