// paydeskd's notification endpoints as real processes on loopback (paydesk-sim, paydeskd, the database): a payment
// confirmed by the channel's notification, and every kind of bad notification rejected with an error status,
// stored raw as rejected, and changing nothing else.
#include <QJsonDocument>
#include <QTest>

#include "core/domain/StateMachine.h"
#include "tests/support/PaydeskdRig.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

/// What must not move when a notification is rejected.
struct Snapshot
{
    domain::PaymentStatus status = domain::PaymentStatus::Created;
    qint64 history = 0;
    qint64 events = 0;
    qint64 audit = 0;
    bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(const PaydeskdRig& rig, qint64 paymentId)
{
    return { rig.status(paymentId), rig.count(u"state_history"_s), rig.count(u"events"_s), rig.count(u"audit_log"_s) };
}

QByteArray tamperCiphertext(const QByteArray& body)
{
    QJsonObject envelope = QJsonDocument::fromJson(body).object();
    QJsonObject resource = envelope.value(u"resource"_s).toObject();
    QByteArray cipher = QByteArray::fromBase64(resource.value(u"ciphertext"_s).toString().toLatin1());
    cipher[cipher.size() / 2] = char(cipher[cipher.size() / 2] ^ 0x01);
    resource.insert(u"ciphertext"_s, QString::fromLatin1(cipher.toBase64()));
    envelope.insert(u"resource"_s, resource);
    return QJsonDocument(envelope).toJson(QJsonDocument::Compact);
}

} // namespace

class TestPaydeskdNotify final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void paidOrderIsConfirmedByItsNotification_data()
    {
        QTest::addColumn<int>("channel");
        QTest::newRow("wechatpay") << int(ChannelKind::WeChatPay);
        QTest::newRow("alipay") << int(ChannelKind::Alipay);
    }
    void paidOrderIsConfirmedByItsNotification()
    {
        QFETCH(int, channel);
        PD_TEST_DATABASE(t);
        PaydeskdRig rig(*t);
        // No jobs: only the notification can confirm the payment here.
        auto started = rig.start({ u"--no-jobs"_s });
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        auto p = rig.charge(ChannelKind(channel), 1234);
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        QCOMPARE(p->status, domain::PaymentStatus::Pending);
        QVERIFY(rig.sim().pay(p->outTradeNo));
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(p->id), domain::PaymentStatus::Succeeded, 20000);
        const QString self = u"payment_id = %1"_s.arg(p->id);
        QCOMPARE(rig.count(u"notifications"_s, self + u" AND verdict = 'accepted'"_s), qint64(1));
        QCOMPARE(rig.count(u"state_history"_s,
                     u"entity_id = %1 AND from_status = 'PENDING' AND to_status = 'SUCCEEDED'"_s.arg(p->id)),
            qint64(1));
        // The simulator saw the acknowledgement (it stops retrying only on success).
        QTRY_VERIFY_WITH_TIMEOUT(rig.daemon().metric("paydesk_notifications_total{channel=\""
                                     + channelKindName(ChannelKind(channel)).toUtf8() + "\",verdict=\"accepted\"}")
                >= 1,
            10000);
        QCOMPARE(rig.daemon().metric("paydesk_payments_pending"), 0.0);
        QVERIFY(rig.daemon().metric("paydesk_apply_seconds_count") >= 1);
        QCOMPARE(rig.daemon().terminate(), 0);
    }

    void badNotificationsAreRejectedStoredAndChangeNothing()
    {
        PD_TEST_DATABASE(t);
        PaydeskdRig rig(*t);
        auto started = rig.start({ u"--no-jobs"_s });
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        auto p = rig.charge(ChannelKind::WeChatPay, 1000);
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        // Pending gauges are read from the database at scrape time.
        QCOMPARE(rig.daemon().metric("paydesk_payments_pending"), 1.0);
        QVERIFY(rig.daemon().metric("paydesk_oldest_pending_age_seconds") >= 0.0);

        struct Case
        {
            const char* name;
            NotificationPost post;
            QString reason;
        };
        QList<Case> cases;
        {
            NotificationPost forged = rig.wechatPaid(*p);
            // Same headers, another body: the signature no longer covers what arrives.
            const NotificationPost other = rig.wechatPaid(*p, { { u"amount"_s, QJsonObject { { u"total"_s, 1 } } } });
            forged.body = other.body;
            cases.append({ "forged signature", forged, u"SignatureInvalid"_s });
        }
        cases.append({ "stale timestamp",
            rig.wechatPaid(*p, {}, QDateTime::currentSecsSinceEpoch() - 3600),
            u"TimestampStale"_s });
        {
            NotificationPost probe = rig.wechatPaid(*p);
            for (auto& h : probe.headers) {
                if (h.first.compare("Wechatpay-Signature", Qt::CaseInsensitive) == 0)
                    h.second = "WECHATPAY/SIGNTEST/" + h.second;
            }
            cases.append({ "SIGNTEST probe", probe, u"SignatureInvalid"_s });
        }
        {
            // Re-signed after tampering: the signature verifies, the AES-GCM tag must not.
            const NotificationPost base = rig.wechatPaid(*p);
            NotificationPost tampered = rig.resign(tamperCiphertext(base.body));
            cases.append({ "tampered ciphertext", tampered, u"DecryptFailed"_s });
        }
        cases.append({ "amount off by one fen",
            rig.wechatPaid(*p, { { u"amount"_s, QJsonObject { { u"total"_s, 1001 }, { u"payer_total"_s, 1001 } } } }),
            u"AmountMismatch"_s });
        cases.append(
            { "unknown order", rig.wechatPaid(*p, { { u"out_trade_no"_s, u"PDE2EUNKNOWN0001"_s } }), u"NotFound"_s });
        cases.append({ "another merchant's order",
            rig.wechatPaid(*p, { { u"mchid"_s, u"1900000001"_s } }),
            u"MerchantMismatch"_s });
        cases.append({ "malformed body", rig.resign("{\"id\": \"broken"), u"MalformedInput"_s });

        const Snapshot before = snapshot(rig, p->id);
        for (const Case& c : cases) {
            const qint64 rejectedBefore = rig.count(u"notifications"_s, u"verdict = 'rejected'"_s);
            auto r = rig.daemon().post(u"/notify/wechatpay"_s, c.post.headers, c.post.body);
            QVERIFY2(r, c.name);
            QVERIFY2(r->status >= 400, qPrintable(u"%1: answered %2"_s.arg(QLatin1String(c.name)).arg(r->status)));
            QCOMPARE(rig.count(u"notifications"_s, u"verdict = 'rejected'"_s), rejectedBefore + 1);
            const auto [verdict, reason] = rig.lastNotification();
            QCOMPARE(verdict, u"rejected"_s);
            QVERIFY2(reason.startsWith(c.reason), qPrintable(u"%1: %2"_s.arg(QLatin1String(c.name), reason)));
            QVERIFY2(snapshot(rig, p->id) == before, c.name);
        }
        QCOMPARE(rig.count(u"notifications"_s, u"verdict <> 'rejected'"_s), qint64(0));
        QCOMPARE(rig.daemon().metric("paydesk_notifications_total{channel=\"wechatpay\",verdict=\"rejected\"}"),
            double(cases.size()));

        // A 1 MB body is refused before it is read (413 right after the headers) and leaves no row: a stored copy
        // would let anyone fill the table with megabytes.
        {
            const qint64 rowsBefore = rig.count(u"notifications"_s);
            NotificationPost huge = rig.wechatPaid(*p);
            huge.body = QByteArray(1024 * 1024, ' ') + huge.body;
            auto r = rig.daemon().post(u"/notify/wechatpay"_s, huge.headers, huge.body);
            // The answer may reach the client, or the connection may be reset under its body still being sent.
            QVERIFY2(!r || r->status == 413, r ? qPrintable(u"answered %1"_s.arg(r->status)) : "");
            QCOMPARE(rig.count(u"notifications"_s), rowsBefore);
            QCOMPARE(
                rig.daemon().metric("paydesk_http_refused_total{listener=\"public\",reason=\"body_too_large\"}"), 1.0);
            QVERIFY2(snapshot(rig, p->id) == before, "1 MB body");
        }

        // An Alipay form with a signature that does not verify, on the other endpoint.
        auto alipay = rig.daemon().post(u"/notify/alipay"_s,
            { { "Content-Type", "application/x-www-form-urlencoded" } },
            "notify_type=trade_status_sync&notify_id=1&out_trade_no=" + p->outTradeNo.toUtf8()
                + "&trade_status=TRADE_SUCCESS&total_amount=10.00&sign_type=RSA2&sign=AAAA");
        QVERIFY(alipay);
        QVERIFY(alipay->body != "success");
        QCOMPARE(rig.lastNotification().first, u"rejected"_s);
        QVERIFY2(snapshot(rig, p->id) == before, "alipay");

        // The genuine notification still goes through afterwards: no rejected copy blocks it.
        const NotificationPost genuine = rig.wechatPaid(*p);
        auto ok = rig.daemon().post(u"/notify/wechatpay"_s, genuine.headers, genuine.body);
        QVERIFY(ok);
        QVERIFY2(ok->status == 200 || ok->status == 204, ok->body.constData());
        QCOMPARE(rig.status(p->id), domain::PaymentStatus::Succeeded);
    }
};

QTEST_GUILESS_MAIN(TestPaydeskdNotify)
#include "tst_paydeskd_notify.moc"
