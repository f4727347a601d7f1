// The refund faults: an accepted refund answered with a spoiled signature, as a system error, or held past the
// client's timeout; a refund request dropped, or held, before the channel accepted it. Each hits one request (a
// retry with the same number is answered normally), and the refund log tells a test which step a request reached.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>
#include <QTimer>

#include "SimTestSupport.h"

using namespace Qt::StringLiterals;
using namespace paydesk;
using namespace paydesk::sim;
using namespace paydesk::simtest;

namespace {

QByteArray wechatRefundBody(const QString& outTradeNo, const QString& outRefundNo, qint64 refund, qint64 total)
{
    return QJsonDocument(
        QJsonObject { { u"out_trade_no"_s, outTradeNo },
            { u"out_refund_no"_s, outRefundNo },
            { u"amount"_s,
                QJsonObject { { u"refund"_s, refund }, { u"total"_s, total }, { u"currency"_s, u"CNY"_s } } } })
        .toJson(QJsonDocument::Compact);
}

/// A refund POST from a client that gives up after `timeoutMs` (signed as SimFixture::wechat signs).
HttpResult impatientRefund(SimFixture& f, const QByteArray& body, int timeoutMs)
{
    const QByteArray ts = QByteArray::number(f.clock.nowSecs());
    const QByteArray path = "/v3/refund/domestic/refunds";
    const QByteArray message = "POST\n" + path + '\n' + ts + "\nN\n" + body + '\n';
    const auto key = privateKey(u"wechatpay/keys/wxdoc-test-merchant-private-key.pem"_s);
    const QByteArray sig = key.signSha256(message).value().toBase64();
    const QList<QPair<QByteArray, QByteArray>> headers {
        { "Authorization",
            "WECHATPAY2-SHA256-RSA2048 mchid=\"" + kMchid.toLatin1() + "\",nonce_str=\"N\",timestamp=\"" + ts
                + "\",serial_no=\"" + kMerchantSerial.toLatin1() + "\",signature=\"" + sig + "\"" },
        { "User-Agent", "t" },
        { "Content-Type", "application/json" }
    };
    return http(f.nam, "POST", f.server->baseUrl() + QString::fromLatin1(path), headers, body, timeoutMs);
}

/// The simulator cut the connection inside its answer (a 502 status line, then close; see SimServer::deliver). Qt
/// reports RemoteHostClosedError, or UnknownServerError when it read the 502 before it noticed the close.
bool cutOff(const HttpResult& r)
{
    return (r.status == 0 || r.status == 502)
        && (r.error == QNetworkReply::RemoteHostClosedError || r.error == QNetworkReply::UnknownServerError);
}

} // namespace

class TestSimRefundFaults final : public QObject
{
    Q_OBJECT

private:
    static void wechatPaid(SimFixture& f, const QString& no, qint64 fen)
    {
        QCOMPARE(f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(no, fen)).status, 200);
        QVERIFY(f.server->pay(no).has_value());
    }
    static void alipayPaid(SimFixture& f, const QString& no, const QString& yuan)
    {
        bool ok = false;
        const QString m = u"alipay.trade.precreate"_s;
        const auto r =
            f.alipay(m, { { u"out_trade_no"_s, no }, { u"total_amount"_s, yuan }, { u"subject"_s, u"t"_s } });
        QCOMPARE(f.alipayInner(r, m, &ok).value(u"code"_s).toString(), u"10000"_s);
        QVERIFY(f.server->pay(no).has_value());
    }
    static HttpResult alipayRefund(SimFixture& f, const QString& no, const QString& requestNo, const QString& yuan)
    {
        return f.alipay(u"alipay.trade.refund"_s,
            { { u"out_trade_no"_s, no }, { u"out_request_no"_s, requestNo }, { u"refund_amount"_s, yuan } });
    }
    static int refundsNumbered(const SimFixture& f, const QString& outRefundNo)
    {
        int n = 0;
        for (const SimRefund& r : f.server->refunds())
            n += r.outRefundNo == outRefundNo ? 1 : 0;
        return n;
    }
    /// The refund log's events for one refund, in order.
    static QStringList logOf(SimFixture& f, const QString& outRefundNo)
    {
        const auto r = http(f.nam, "GET", f.server->baseUrl() + u"/sim/faults"_s, {}, {});
        QStringList events;
        for (const QJsonValue& v : r.json().value(u"refund_log"_s).toArray()) {
            if (v.toObject().value(u"out_refund_no"_s).toString() == outRefundNo)
                events << v.toObject().value(u"event"_s).toString();
        }
        return events;
    }

private Q_SLOTS:
    void wechatBadSignatureIsAcceptedOnceAndRetriedCleanly()
    {
        SimFixture f;
        wechatPaid(f, u"RFW_SIG_01"_s, 100);
        f.server->setFaults(u"RFW_SIG_01"_s, FaultSet { .refundAnswer = RefundAnswer::BadSignature });
        const QByteArray body = wechatRefundBody(u"RFW_SIG_01"_s, u"RFWS1"_s, 40, 100);
        auto r = f.wechat("POST", u"/v3/refund/domestic/refunds"_s, body);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"out_refund_no"_s).toString(), u"RFWS1"_s);
        QVERIFY(!f.wechatSigned(r)); // the body is right, its signature is not
        QCOMPARE(refundsNumbered(f, u"RFWS1"_s), 1);
        // One shot: the retry with the same number gets the same refund, properly signed.
        r = f.wechat("POST", u"/v3/refund/domestic/refunds"_s, body);
        QCOMPARE(r.status, 200);
        QVERIFY(f.wechatSigned(r));
        QCOMPARE(refundsNumbered(f, u"RFWS1"_s), 1);
        QCOMPARE(logOf(f, u"RFWS1"_s), (QStringList { u"accepted"_s, u"answered"_s }));
    }

    void wechatError500AfterAcceptance()
    {
        SimFixture f;
        wechatPaid(f, u"RFW_500_01"_s, 100);
        f.server->setFaults(u"RFW_500_01"_s, FaultSet { .refundAnswer = RefundAnswer::Error500 });
        const auto r =
            f.wechat("POST", u"/v3/refund/domestic/refunds"_s, wechatRefundBody(u"RFW_500_01"_s, u"RFW51"_s, 100, 100));
        QCOMPARE(r.status, 500);
        QCOMPARE(r.json().value(u"code"_s).toString(), u"SYSTEM_ERROR"_s);
        QVERIFY(f.wechatSigned(r));
        QCOMPARE(refundsNumbered(f, u"RFW51"_s), 1); // the money moves all the same
    }

    void wechatDroppedBeforeAcceptanceIsNotRecorded()
    {
        SimFixture f;
        wechatPaid(f, u"RFW_DROP_01"_s, 100);
        f.server->setFaults(u"RFW_DROP_01"_s, FaultSet { .refundAnswer = RefundAnswer::DropBeforeAccept });
        const QByteArray body = wechatRefundBody(u"RFW_DROP_01"_s, u"RFWD1"_s, 100, 100);
        auto r = f.wechat("POST", u"/v3/refund/domestic/refunds"_s, body);
        QVERIFY2(cutOff(r),
            qPrintable(u"not cut off: HTTP %1, network error %2"_s.arg(r.status).arg(
                int(r.error)))); // not resent behind the caller's back
        QCOMPARE(refundsNumbered(f, u"RFWD1"_s), 0);
        QCOMPARE(f.wechat("GET", u"/v3/refund/domestic/refunds/RFWD1"_s).status, 404);
        r = f.wechat("POST", u"/v3/refund/domestic/refunds"_s, body);
        QCOMPARE(r.status, 200);
        QCOMPARE(refundsNumbered(f, u"RFWD1"_s), 1);
        QCOMPARE(logOf(f, u"RFWD1"_s), (QStringList { u"dropped"_s, u"accepted"_s, u"answered"_s }));
    }

    void wechatAnswerHeldPastTheClientsTimeout()
    {
        SimFixture f;
        wechatPaid(f, u"RFW_HOLD_01"_s, 100);
        f.server->setFaults(u"RFW_HOLD_01"_s, FaultSet { .refundHoldMs = 500 });
        auto r = impatientRefund(f, wechatRefundBody(u"RFW_HOLD_01"_s, u"RFWH1"_s, 30, 100), 150);
        QCOMPARE(r.status, 0);
        QCOMPARE(refundsNumbered(f, u"RFWH1"_s), 1); // accepted before the answer was held
        QTRY_COMPARE(logOf(f, u"RFWH1"_s), (QStringList { u"accepted"_s, u"answer_lost"_s }));
        // A patient client gets the held answer once the hold is over.
        f.server->setFaults(u"RFW_HOLD_01"_s, FaultSet { .refundHoldMs = 300 });
        QElapsedTimer t;
        t.start();
        r = f.wechat("POST", u"/v3/refund/domestic/refunds"_s, wechatRefundBody(u"RFW_HOLD_01"_s, u"RFWH2"_s, 30, 100));
        QCOMPARE(r.status, 200);
        QVERIFY(t.elapsed() >= 250);
        QVERIFY(f.wechatSigned(r));
        QCOMPARE(logOf(f, u"RFWH2"_s), (QStringList { u"accepted"_s, u"answered"_s }));
    }

    void heldBeforeAcceptanceIsTakenOnlyWhileTheClientWaits()
    {
        SimFixture f;
        wechatPaid(f, u"RFW_HBA_01"_s, 100);
        // A client that gives up during the hold: the channel never takes the request.
        f.server->setFaults(
            u"RFW_HBA_01"_s, FaultSet { .refundAnswer = RefundAnswer::HoldBeforeAccept, .refundHoldMs = 400 });
        auto r = impatientRefund(f, wechatRefundBody(u"RFW_HBA_01"_s, u"RFWB1"_s, 10, 100), 150);
        QCOMPARE(r.status, 0);
        QTRY_COMPARE(logOf(f, u"RFWB1"_s), (QStringList { u"held"_s, u"dropped"_s }));
        QCOMPARE(refundsNumbered(f, u"RFWB1"_s), 0);
        // A client that waits: taken after the hold.
        f.server->setFaults(
            u"RFW_HBA_01"_s, FaultSet { .refundAnswer = RefundAnswer::HoldBeforeAccept, .refundHoldMs = 300 });
        QElapsedTimer t;
        t.start();
        r = f.wechat("POST", u"/v3/refund/domestic/refunds"_s, wechatRefundBody(u"RFW_HBA_01"_s, u"RFWB2"_s, 10, 100));
        QCOMPARE(r.status, 200);
        QVERIFY(t.elapsed() >= 250);
        QCOMPARE(refundsNumbered(f, u"RFWB2"_s), 1);
        QCOMPARE(logOf(f, u"RFWB2"_s), (QStringList { u"held"_s, u"accepted"_s, u"answered"_s }));
    }

    void aHoldEndsWhenReleased()
    {
        SimFixture f;
        wechatPaid(f, u"RFW_REL_01"_s, 100);
        f.server->setFaults(u"RFW_REL_01"_s, FaultSet { .refundHoldMs = 600000 });
        const QString release = f.server->baseUrl() + u"/sim/refunds/RFWR1/release"_s;
        // While the client waits for the held answer, the test releases it once the refund is taken.
        int released = 0;
        QTimer watch;
        connect(&watch, &QTimer::timeout, this, [&] {
            if (!logOf(f, u"RFWR1"_s).contains(u"accepted"_s))
                return;
            watch.stop();
            released = http(f.nam, "POST", release, {}, {}).status;
        });
        watch.start(20);
        QElapsedTimer t;
        t.start();
        const auto r =
            f.wechat("POST", u"/v3/refund/domestic/refunds"_s, wechatRefundBody(u"RFW_REL_01"_s, u"RFWR1"_s, 10, 100));
        QCOMPARE(r.status, 200);
        QCOMPARE(released, 200);
        QVERIFY(t.elapsed() < 9000); // not the hold's ten minutes (the client would have given up at 10 s)
        QCOMPARE(logOf(f, u"RFWR1"_s), (QStringList { u"accepted"_s, u"answered"_s }));
        QCOMPARE(http(f.nam, "POST", release, {}, {}).status, 404); // nothing held any more
    }

    void alipayBadSignatureAndSystemError()
    {
        SimFixture f;
        alipayPaid(f, u"RFA_01"_s, u"1.00"_s);
        const QString m = u"alipay.trade.refund"_s;
        f.server->setFaults(u"RFA_01"_s, FaultSet { .refundAnswer = RefundAnswer::BadSignature });
        bool ok = true;
        auto inner = f.alipayInner(alipayRefund(f, u"RFA_01"_s, u"RFA1"_s, u"0.40"_s), m, &ok);
        QVERIFY(!ok);
        QCOMPARE(inner.value(u"code"_s).toString(), u"10000"_s);
        QCOMPARE(inner.value(u"refund_fee"_s).toString(), u"0.40"_s);
        QCOMPARE(refundsNumbered(f, u"RFA1"_s), 1);

        f.server->setFaults(u"RFA_01"_s, FaultSet { .refundAnswer = RefundAnswer::Error500 });
        inner = f.alipayInner(alipayRefund(f, u"RFA_01"_s, u"RFA2"_s, u"0.30"_s), m, &ok);
        QVERIFY(ok);
        QCOMPARE(inner.value(u"code"_s).toString(), u"20000"_s);
        QCOMPARE(inner.value(u"sub_code"_s).toString(), u"ACQ.SYSTEM_ERROR"_s);
        QCOMPARE(refundsNumbered(f, u"RFA2"_s), 1);
        // The retry finds the refund made (fund_change N, the running total).
        inner = f.alipayInner(alipayRefund(f, u"RFA_01"_s, u"RFA2"_s, u"0.30"_s), m, &ok);
        QVERIFY(ok);
        QCOMPARE(inner.value(u"fund_change"_s).toString(), u"N"_s);
        QCOMPARE(inner.value(u"refund_fee"_s).toString(), u"0.70"_s);
    }

    void alipayDroppedAndHeldBeforeAcceptance()
    {
        SimFixture f;
        alipayPaid(f, u"RFA_02"_s, u"1.00"_s);
        f.server->setFaults(u"RFA_02"_s, FaultSet { .refundAnswer = RefundAnswer::DropBeforeAccept });
        auto r = alipayRefund(f, u"RFA_02"_s, u"RFA3"_s, u"0.10"_s);
        QVERIFY2(cutOff(r), qPrintable(u"not cut off: HTTP %1, network error %2"_s.arg(r.status).arg(int(r.error))));
        QCOMPARE(refundsNumbered(f, u"RFA3"_s), 0);
        f.server->setFaults(
            u"RFA_02"_s, FaultSet { .refundAnswer = RefundAnswer::HoldBeforeAccept, .refundHoldMs = 200 });
        r = alipayRefund(f, u"RFA_02"_s, u"RFA3"_s, u"0.10"_s);
        bool ok = false;
        QCOMPARE(f.alipayInner(r, u"alipay.trade.refund"_s, &ok).value(u"fund_change"_s).toString(), u"Y"_s);
        QVERIFY(ok);
        QCOMPARE(refundsNumbered(f, u"RFA3"_s), 1);
        QCOMPARE(logOf(f, u"RFA3"_s), (QStringList { u"dropped"_s, u"held"_s, u"accepted"_s, u"answered"_s }));
    }

    void controlApiIsStrict()
    {
        SimFixture f;
        const QString url = f.server->baseUrl() + u"/sim/faults"_s;
        const QList<QPair<QByteArray, QByteArray>> json { { "Content-Type", "application/json" } };
        auto r = http(f.nam, "POST", url, json, R"({"out_trade_no":"X1","refund_answer":"bad_signature"})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"orders"_s][u"X1"_s][u"refund_answer"_s].toString(), u"bad_signature"_s);
        QCOMPARE(http(f.nam, "POST", url, json, R"({"refund_answer":"bad_sig"})").status, 400);
        QCOMPARE(http(f.nam, "POST", url, json, R"({"refund_answer":true})").status, 400);
        QCOMPARE(http(f.nam, "POST", url, json, R"({"refund_answer":"hold_before_accept"})").status, 400);
        QCOMPARE(http(f.nam, "POST", url, json, R"({"refund_hold_ms":-1})").status, 400);
        r = http(f.nam, "POST", url, json, R"({"refund_answer":"hold_before_accept","refund_hold_ms":5})");
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().value(u"refund_log"_s).isArray());
    }
};

QTEST_GUILESS_MAIN(TestSimRefundFaults)
#include "tst_sim_refund_faults.moc"
