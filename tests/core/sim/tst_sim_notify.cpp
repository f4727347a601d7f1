// Notifications delivered to a merchant endpoint in the test: contents, signatures, retries, restart.
#include <QTest>

#include "core/crypto/Aead.h"
#include "core/sim/Notifier.h"

#include "SimReceiver.h"
#include "SimTestSupport.h"

using namespace Qt::StringLiterals;
using namespace paydesk;
using namespace paydesk::sim;
using namespace paydesk::simtest;

class TestSimNotify final : public QObject
{
    Q_OBJECT

public:
    /// Verifies a WeChat notification like a merchant must, and returns the decrypted resource.
    static QJsonObject openWeChat(SimFixture& f, const Received& r, QJsonObject* envelope = nullptr)
    {
        HttpResult asResponse;
        asResponse.headers = r.headers;
        asResponse.body = r.body;
        if (!f.wechatSigned(asResponse))
            return {};
        if (std::llabs(r.header("Wechatpay-Timestamp").toLongLong() - f.clock.nowSecs()) >= 300)
            return {};
        const QJsonObject env = QJsonDocument::fromJson(r.body).object();
        if (envelope)
            *envelope = env;
        const QJsonObject res = env.value(u"resource"_s).toObject();
        const auto plain = crypto::aesGcmDecrypt(kApiV3Key,
            res.value(u"nonce"_s).toString().toUtf8(),
            res.value(u"associated_data"_s).toString().toUtf8(),
            QByteArray::fromBase64(res.value(u"ciphertext"_s).toString().toLatin1()));
        return plain ? QJsonDocument::fromJson(*plain).object() : QJsonObject();
    }

    static alipay::Params openAlipay(SimFixture& f, const Received& r, bool* ok)
    {
        const auto form = alipay::parseForm(r.body);
        *ok = false;
        if (!form)
            return {};
        const QByteArray content = alipay::signContent(*form, alipay::SignRule::NotifyV1);
        *ok = publicKey(f.server->keys().alipayPublicKeyPem())
                  .verifySha256(content, QByteArray::fromBase64(form->value(u"sign"_s).toLatin1()));
        return *form;
    }

private Q_SLOTS:
    void wechatPaymentNotification()
    {
        Receiver receiver;
        SimFixture f;
        QCOMPARE(
            f.wechat(
                 "POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"NOTIFY_W_01"_s, 123, receiver.url("/wechat")))
                .status,
            200);
        QVERIFY(f.server->pay(u"NOTIFY_W_01"_s).has_value());
        QTRY_COMPARE(receiver.received.size(), 1);
        const Received& r = receiver.received.first();
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(r.header("Wechatpay-Signature-Type"), QByteArray("WECHATPAY2-SHA256-RSA2048"));
        QJsonObject env;
        const QJsonObject t = openWeChat(f, r, &env);
        QVERIFY(!t.isEmpty());
        QCOMPARE(env.value(u"id"_s).toString().size(), 36);
        QCOMPARE(env.value(u"event_type"_s).toString(), u"TRANSACTION.SUCCESS"_s);
        QCOMPARE(env.value(u"resource_type"_s).toString(), u"encrypt-resource"_s);
        QCOMPARE(env.value(u"resource"_s).toObject().value(u"algorithm"_s).toString(), u"AEAD_AES_256_GCM"_s);
        QCOMPARE(env.value(u"resource"_s).toObject().value(u"original_type"_s).toString(), u"transaction"_s);
        QCOMPARE(t.value(u"out_trade_no"_s).toString(), u"NOTIFY_W_01"_s);
        QCOMPARE(t.value(u"trade_state"_s).toString(), u"SUCCESS"_s);
        QCOMPARE(t.value(u"mchid"_s).toString(), kMchid);
        QCOMPARE(t.value(u"appid"_s).toString(), kAppid);
        QCOMPARE(t.value(u"amount"_s).toObject().value(u"total"_s).toInteger(), 123);
        QTRY_COMPARE(f.server->notifications().first().state, DeliveryState::Delivered);
    }

    void wechatRetriesUntil2xx()
    {
        Receiver receiver;
        // 500, 404, then a 200 carrying code FAIL: only the status counts, so that one is a delivery.
        receiver.answer = [](int n, const Received&) {
            return n == 0 ? qMakePair(500, QByteArray("{\"code\":\"FAIL\"}"))
                : n == 1  ? qMakePair(404, QByteArray())
                          : qMakePair(200, QByteArray("{\"code\":\"FAIL\",\"message\":\"失败\"}"));
        };
        SimFixture f(1000); // 15 s -> 15 ms
        QCOMPARE(
            f.wechat(
                 "POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"NOTIFY_W_02"_s, 1, receiver.url("/wechat")))
                .status,
            200);
        QVERIFY(f.server->pay(u"NOTIFY_W_02"_s).has_value());
        QTRY_COMPARE(f.server->notifications().first().state, DeliveryState::Delivered);
        QCOMPARE(receiver.received.size(), 3);
        QCOMPARE(f.server->notifications().first().attempts, 3);
        // The same event each time (same id), freshly signed.
        const auto id = [&](int i) {
            return QJsonDocument::fromJson(receiver.received.at(i).body).object().value(u"id"_s);
        };
        QCOMPARE(id(0), id(2));
        QVERIFY(receiver.received.at(0).header("Wechatpay-Nonce") != receiver.received.at(2).header("Wechatpay-Nonce"));
        // Intervals follow the schedule (15 s, 15 s) divided by the scale.
        QVERIFY(receiver.received.at(1).atMs - receiver.received.at(0).atMs >= 14);
    }

    void retrySchedules()
    {
        const QList<qint64> w = Notifier::schedule(SimChannel::WeChat);
        QCOMPARE(w.size(), 15);
        qint64 total = 0;
        for (qint64 v : w)
            total += v;
        QCOMPARE(total, (24 * 60 + 4) * 60 * 1000LL); // about 24 h 4 min
        const QList<qint64> a = Notifier::schedule(SimChannel::Alipay);
        QCOMPARE(a,
            (QList<qint64> { 4 * 60000LL, 10 * 60000LL, 10 * 60000LL, 3600000LL, 7200000LL, 21600000LL, 54000000LL }));
    }

    void wechatGivesUpAfterSchedule()
    {
        Receiver receiver;
        receiver.answer = [](int, const Received&) {
            return qMakePair(500, QByteArray());
        };
        SimFixture f(1000000); // the whole 24 h schedule in about 90 ms
        QCOMPARE(
            f.wechat(
                 "POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"NOTIFY_W_03"_s, 1, receiver.url("/wechat")))
                .status,
            200);
        QVERIFY(f.server->pay(u"NOTIFY_W_03"_s).has_value());
        QTRY_COMPARE_WITH_TIMEOUT(f.server->notifications().first().state, DeliveryState::Failed, 15000);
        QCOMPARE(receiver.received.size(), 16); // the first delivery and 15 retries
    }

    void refundNotifications()
    {
        Receiver receiver;
        SimFixture f;
        QCOMPARE(
            f.wechat(
                 "POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"NOTIFY_W_04"_s, 50, receiver.url("/wechat")))
                .status,
            200);
        QVERIFY(f.server->pay(u"NOTIFY_W_04"_s).has_value());
        QTRY_COMPARE(receiver.received.size(), 1);
        const auto r = f.wechat("POST",
            u"/v3/refund/domestic/refunds"_s,
            "{\"out_trade_no\":\"NOTIFY_W_04\",\"out_refund_no\":\"NR1\",\"amount\":{\"refund\":20,"
            "\"total\":50,\"currency\":\"CNY\"}}");
        QCOMPARE(r.status, 200);
        QTRY_COMPARE(receiver.received.size(), 2);
        QJsonObject env;
        const QJsonObject refund = openWeChat(f, receiver.received.at(1), &env);
        QCOMPARE(env.value(u"event_type"_s).toString(), u"REFUND.SUCCESS"_s);
        QCOMPARE(refund.value(u"out_refund_no"_s).toString(), u"NR1"_s);
        QCOMPARE(refund.value(u"refund_status"_s).toString(), u"SUCCESS"_s);
        QCOMPARE(refund.value(u"amount"_s).toObject().value(u"refund"_s).toInteger(), 20);
        QCOMPARE(refund.value(u"mchid"_s).toString(), kMchid);
    }

    void alipayNotifications()
    {
        Receiver receiver;
        // Anything but the exact 7 bytes "success" is a failure, even "success\n".
        receiver.answer = [](int n, const Received&) {
            return n == 0 ? qMakePair(200, QByteArray("success\n")) : qMakePair(200, QByteArray("success"));
        };
        SimFixture f(10000); // 4 min -> 24 ms
        const QString pre = u"alipay.trade.precreate"_s;
        const auto created = f.alipay(pre,
            { { u"out_trade_no"_s, u"NOTIFY_A_01"_s },
                { u"total_amount"_s, u"0.10"_s },
                { u"subject"_s, u"语雀空间 500人规模"_s } },
            receiver.url("/alipay"));
        QCOMPARE(created.status, 200);
        QVERIFY(f.server->pay(u"NOTIFY_A_01"_s).has_value());
        QTRY_COMPARE(receiver.received.size(), 2);
        QTRY_COMPARE(f.server->notifications().first().state, DeliveryState::Delivered);
        QVERIFY(receiver.received.at(0).header("Content-Type").startsWith("application/x-www-form-urlencoded"));
        bool ok = false;
        const alipay::Params p = openAlipay(f, receiver.received.at(0), &ok);
        QVERIFY(ok);
        QCOMPARE(p.value(u"notify_type"_s), u"trade_status_sync"_s);
        QCOMPARE(p.value(u"trade_status"_s), u"TRADE_SUCCESS"_s);
        QCOMPARE(p.value(u"total_amount"_s), u"0.10"_s);
        QCOMPARE(p.value(u"app_id"_s), kAlipayAppId);
        QCOMPARE(p.value(u"seller_id"_s), kAlipayPid);
        QCOMPARE(p.value(u"subject"_s), u"语雀空间 500人规模"_s);
        QCOMPARE(p.value(u"sign_type"_s), u"RSA2"_s);
        bool ok2 = false;
        QCOMPARE(openAlipay(f, receiver.received.at(1), &ok2).value(u"notify_id"_s), p.value(u"notify_id"_s));
        QVERIFY(ok2);

        // A refund notifies with out_biz_no and the cumulative refund_fee; a full refund closes the trade.
        const QString rf = u"alipay.trade.refund"_s;
        QCOMPARE(f.alipay(rf,
                      { { u"out_trade_no"_s, u"NOTIFY_A_01"_s },
                          { u"refund_amount"_s, u"0.10"_s },
                          { u"out_request_no"_s, u"AR1"_s } })
                     .status,
            200);
        QTRY_COMPARE(receiver.received.size(), 3);
        const alipay::Params rp = openAlipay(f, receiver.received.at(2), &ok);
        QVERIFY(ok);
        QCOMPARE(rp.value(u"out_biz_no"_s), u"AR1"_s);
        QCOMPARE(rp.value(u"refund_fee"_s), u"0.10"_s);
        QCOMPARE(rp.value(u"trade_status"_s), u"TRADE_CLOSED"_s);
        QVERIFY(rp.value(u"notify_id"_s) != p.value(u"notify_id"_s));
    }

    void pendingSurvivesRestart()
    {
        Receiver receiver;
        bool up = false;
        receiver.answer = [&up](int, const Received&) {
            return qMakePair(up ? 200 : 503, QByteArray());
        };
        SimFixture f(1); // real schedule: the retry would come in 15 s
        QCOMPARE(
            f.wechat(
                 "POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"NOTIFY_W_05"_s, 1, receiver.url("/wechat")))
                .status,
            200);
        QVERIFY(f.server->pay(u"NOTIFY_W_05"_s).has_value());
        QTRY_COMPARE(f.server->notifications().first().attempts, 1);
        f.restart();
        const auto pending = f.server->notifications();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.first().state, DeliveryState::Pending);
        QVERIFY(pending.first().nextAttemptMs > QDateTime::currentMSecsSinceEpoch() + 10000);
        up = true;
        const auto r = http(f.nam, "POST", f.server->baseUrl() + u"/sim/notifications/retry"_s, {}, {});
        QCOMPARE(r.status, 200);
        QTRY_COMPARE(f.server->notifications().first().state, DeliveryState::Delivered);
        QCOMPARE(receiver.received.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestSimNotify)
#include "tst_sim_notify.moc"
