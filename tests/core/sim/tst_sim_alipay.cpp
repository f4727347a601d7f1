// The Alipay gateway over real HTTP on loopback: precreate, the scan, query, close, refund, refund query, errors.
#include <QTest>

#include "SimTestSupport.h"

using namespace Qt::StringLiterals;
using namespace paydesk;
using namespace paydesk::sim;
using namespace paydesk::simtest;

class TestSimAlipay final : public QObject
{
    Q_OBJECT

private:
    static QJsonObject inner(SimFixture& f, const HttpResult& r, const QString& method)
    {
        bool ok = false;
        const QJsonObject o = f.alipayInner(r, method, &ok);
        if (!ok)
            qWarning("response signature does not verify: %s", r.body.constData());
        return ok ? o : QJsonObject();
    }

private Q_SLOTS:
    void tradeLifecycle()
    {
        SimFixture f;
        const QString pre = u"alipay.trade.precreate"_s;
        auto r = f.alipay(pre,
            { { u"out_trade_no"_s, u"AO_0001"_s },
                { u"total_amount"_s, u"88.88"_s },
                { u"subject"_s, u"测试商品"_s } });
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("\"qr_code\":\"https:\\/\\/qr.alipay.com\\/")); // '/' escaped like the gateway
        QJsonObject o = inner(f, r, pre);
        QCOMPARE(o.value(u"code"_s).toString(), u"10000"_s);
        QCOMPARE(o.value(u"out_trade_no"_s).toString(), u"AO_0001"_s);
        const QString qr = o.value(u"qr_code"_s).toString();
        QVERIFY(qr.startsWith(u"https://qr.alipay.com/"_s));

        // Before the scan the trade does not exist at Alipay.
        const QString q = u"alipay.trade.query"_s;
        o = inner(f, f.alipay(q, { { u"out_trade_no"_s, u"AO_0001"_s } }), q);
        QCOMPARE(o.value(u"code"_s).toString(), u"40004"_s);
        QCOMPARE(o.value(u"sub_code"_s).toString(), u"ACQ.TRADE_NOT_EXIST"_s);
        const QString c = u"alipay.trade.close"_s;
        o = inner(f, f.alipay(c, { { u"out_trade_no"_s, u"AO_0001"_s } }), c);
        QCOMPARE(o.value(u"sub_code"_s).toString(), u"ACQ.TRADE_NOT_EXIST"_s);

        QVERIFY(f.server->scan(u"AO_0001"_s).has_value());
        o = inner(f, f.alipay(q, { { u"out_trade_no"_s, u"AO_0001"_s } }), q);
        QCOMPARE(o.value(u"code"_s).toString(), u"10000"_s);
        QCOMPARE(o.value(u"trade_status"_s).toString(), u"WAIT_BUYER_PAY"_s);
        QCOMPARE(o.value(u"total_amount"_s).toString(), u"88.88"_s);

        QVERIFY(f.server->pay(u"AO_0001"_s).has_value());
        o = inner(f, f.alipay(q, { { u"out_trade_no"_s, u"AO_0001"_s } }), q);
        QCOMPARE(o.value(u"trade_status"_s).toString(), u"TRADE_SUCCESS"_s);
        QCOMPARE(o.value(u"buyer_pay_amount"_s).toString(), u"88.88"_s);
        const QString tradeNo = o.value(u"trade_no"_s).toString();
        QCOMPARE(tradeNo.size(), 28);
        // By trade_no too.
        o = inner(f, f.alipay(q, { { u"trade_no"_s, tradeNo } }), q);
        QCOMPARE(o.value(u"out_trade_no"_s).toString(), u"AO_0001"_s);

        o = inner(f, f.alipay(c, { { u"out_trade_no"_s, u"AO_0001"_s } }), c);
        QCOMPARE(o.value(u"sub_code"_s).toString(), u"ACQ.TRADE_STATUS_ERROR"_s);
        o = inner(f,
            f.alipay(pre,
                { { u"out_trade_no"_s, u"AO_0001"_s },
                    { u"total_amount"_s, u"88.88"_s },
                    { u"subject"_s, u"测试商品"_s } }),
            pre);
        QCOMPARE(o.value(u"sub_code"_s).toString(), u"ACQ.TRADE_HAS_SUCCESS"_s);
    }

    void closeAfterScan()
    {
        SimFixture f;
        const QString pre = u"alipay.trade.precreate"_s;
        QCOMPARE(
            inner(f,
                f.alipay(pre,
                    { { u"out_trade_no"_s, u"AO_C_01"_s }, { u"total_amount"_s, u"1"_s }, { u"subject"_s, u"x"_s } }),
                pre)
                .value(u"code"_s)
                .toString(),
            u"10000"_s);
        QVERIFY(f.server->scan(u"AO_C_01"_s).has_value());
        const QString c = u"alipay.trade.close"_s;
        QJsonObject o = inner(f, f.alipay(c, { { u"out_trade_no"_s, u"AO_C_01"_s } }), c);
        QCOMPARE(o.value(u"code"_s).toString(), u"10000"_s);
        const QString q = u"alipay.trade.query"_s;
        o = inner(f, f.alipay(q, { { u"out_trade_no"_s, u"AO_C_01"_s } }), q);
        QCOMPARE(o.value(u"trade_status"_s).toString(), u"TRADE_CLOSED"_s);
        QVERIFY(!f.server->pay(u"AO_C_01"_s).has_value());
        o = inner(f,
            f.alipay(
                pre, { { u"out_trade_no"_s, u"AO_C_01"_s }, { u"total_amount"_s, u"1"_s }, { u"subject"_s, u"x"_s } }),
            pre);
        QCOMPARE(o.value(u"sub_code"_s).toString(), u"ACQ.TRADE_HAS_CLOSE"_s);
    }

    // Alipay times a precreate strictly: time_expire is absolute and wins; timeout_express counts from the scan (the
    // trade is created then); qr_code_timeout_express limits the scan. Past its end a QR cannot be paid, and a scanned
    // trade nobody paid is closed.
    void orderTimeouts()
    {
        SimFixture f;
        const QString pre = u"alipay.trade.precreate"_s;
        const QString q = u"alipay.trade.query"_s;
        auto chinaTime = [&f](qint64 fromNowSecs) {
            return QDateTime::fromMSecsSinceEpoch(f.clock.nowMSecs() + fromNowSecs * 1000, QTimeZone(8 * 3600))
                .toString(u"yyyy-MM-dd HH:mm:ss"_s);
        };
        auto create = [&](const QString& no, const QJsonObject& timing) {
            QJsonObject biz { { u"out_trade_no"_s, no }, { u"total_amount"_s, u"1.00"_s }, { u"subject"_s, u"x"_s } };
            for (auto it = timing.begin(); it != timing.end(); ++it)
                biz.insert(it.key(), it.value());
            return inner(f, f.alipay(pre, biz), pre);
        };
        auto status = [&](const QString& no) {
            const QJsonObject o = inner(f, f.alipay(q, { { u"out_trade_no"_s, no } }), q);
            return o.value(u"code"_s).toString() == u"10000"_s ? o.value(u"trade_status"_s).toString()
                                                               : o.value(u"sub_code"_s).toString();
        };
        auto advanceSecs = [&f](qint64 s) {
            f.clock.offsetMs += s * 1000;
        };

        const QJsonObject fiveMinutes { { u"time_expire"_s, chinaTime(300) } };
        QCOMPARE(create(u"AO_T_1"_s, fiveMinutes).value(u"code"_s).toString(), u"10000"_s);
        QCOMPARE(create(u"AO_T_2"_s, fiveMinutes).value(u"code"_s).toString(), u"10000"_s);
        QCOMPARE(create(u"AO_T_3"_s, { { u"timeout_express"_s, u"2m"_s } }).value(u"code"_s).toString(), u"10000"_s);
        QCOMPARE(create(u"AO_T_4"_s, { { u"timeout_express"_s, u"2m"_s } }).value(u"code"_s).toString(), u"10000"_s);
        QCOMPARE(create(u"AO_T_5"_s, { { u"time_expire"_s, chinaTime(300) }, { u"timeout_express"_s, u"15d"_s } })
                     .value(u"code"_s)
                     .toString(),
            u"10000"_s);
        QCOMPARE(
            create(u"AO_T_6"_s, { { u"qr_code_timeout_express"_s, u"1m"_s } }).value(u"code"_s).toString(), u"10000"_s);

        advanceSecs(240);
        QVERIFY(f.server->scan(u"AO_T_1"_s).has_value()); // still within time_expire
        QVERIFY(f.server->scan(u"AO_T_4"_s).has_value()); // timeout_express starts now
        QVERIFY(!f.server->scan(u"AO_T_6"_s).has_value()); // the QR lived one minute
        advanceSecs(61);
        QVERIFY(f.server->pay(u"AO_T_3"_s).has_value()); // 5 minutes after the precreate, but never scanned before
        QVERIFY(!f.server->pay(u"AO_T_1"_s).has_value());
        QVERIFY(!f.server->pay(u"AO_T_2"_s).has_value());
        QVERIFY(!f.server->pay(u"AO_T_5"_s).has_value()); // time_expire wins over timeout_express
        QCOMPARE(status(u"AO_T_1"_s), u"TRADE_CLOSED"_s); // scanned, unpaid, ended: closed by Alipay
        QCOMPARE(status(u"AO_T_2"_s), u"ACQ.TRADE_NOT_EXIST"_s); // never scanned: never existed
        QCOMPARE(status(u"AO_T_3"_s), u"TRADE_SUCCESS"_s);
        QCOMPARE(status(u"AO_T_4"_s), u"WAIT_BUYER_PAY"_s);
        advanceSecs(60);
        QVERIFY(!f.server->pay(u"AO_T_4"_s).has_value()); // two minutes after its scan
        QCOMPARE(status(u"AO_T_4"_s), u"TRADE_CLOSED"_s);
    }

    void timeExpireRefused_data()
    {
        QTest::addColumn<QString>("timeExpire");
        const QString past =
            QDateTime::currentDateTimeUtc().addSecs(-60).toOffsetFromUtc(8 * 3600).toString(u"yyyy-MM-dd HH:mm:ss"_s);
        QTest::newRow("in the past") << past;
        QTest::newRow("ISO with T") << QString(past).replace(u' ', u'T');
        QTest::newRow("minutes only") << u"2099-01-02 10:00"_s;
        QTest::newRow("more than 15 days") << u"2099-01-02 10:00:00"_s;
        QTest::newRow("no such date") << u"2024-02-30 10:00:00"_s;
    }
    void timeExpireRefused()
    {
        QFETCH(QString, timeExpire);
        SimFixture f;
        const QString pre = u"alipay.trade.precreate"_s;
        const QJsonObject o = inner(f,
            f.alipay(pre,
                { { u"out_trade_no"_s, u"AO_TE"_s },
                    { u"total_amount"_s, u"1.00"_s },
                    { u"subject"_s, u"x"_s },
                    { u"time_expire"_s, timeExpire } }),
            pre);
        QCOMPARE(o.value(u"code"_s).toString(), u"40002"_s);
        const QString why = o.value(u"sub_msg"_s).toString();
        QVERIFY2(why.contains(u"time_expire"_s), qPrintable(why));
    }

    void refunds()
    {
        SimFixture f;
        const QString pre = u"alipay.trade.precreate"_s;
        QVERIFY(!inner(f,
            f.alipay(pre,
                { { u"out_trade_no"_s, u"AO_R_01"_s }, { u"total_amount"_s, u"10.00"_s }, { u"subject"_s, u"x"_s } }),
            pre)
                     .isEmpty());
        const QString rf = u"alipay.trade.refund"_s;
        auto refund = [&](const QString& amount, const QString& requestNo) {
            return inner(f,
                f.alipay(rf,
                    { { u"out_trade_no"_s, u"AO_R_01"_s },
                        { u"refund_amount"_s, amount },
                        { u"out_request_no"_s, requestNo } }),
                rf);
        };
        QCOMPARE(refund(u"1.00"_s, u"R1"_s).value(u"sub_code"_s).toString(), u"ACQ.TRADE_NOT_EXIST"_s);
        QVERIFY(f.server->scan(u"AO_R_01"_s).has_value());
        QCOMPARE(refund(u"1.00"_s, u"R1"_s).value(u"sub_code"_s).toString(), u"ACQ.TRADE_STATUS_ERROR"_s);
        QVERIFY(f.server->pay(u"AO_R_01"_s).has_value());
        QCOMPARE(refund(u"10.01"_s, u"R1"_s).value(u"sub_code"_s).toString(), u"ACQ.REFUND_AMT_NOT_EQUAL_TOTAL"_s);
        QCOMPARE(refund(u"1.001"_s, u"R1"_s).value(u"code"_s).toString(), u"40002"_s);
        QJsonObject o = refund(u"3.50"_s, u"R1"_s);
        QCOMPARE(o.value(u"code"_s).toString(), u"10000"_s);
        QCOMPARE(o.value(u"fund_change"_s).toString(), u"Y"_s);
        QCOMPARE(o.value(u"refund_fee"_s).toString(), u"3.50"_s);
        o = refund(u"3.50"_s, u"R1"_s);
        QCOMPARE(o.value(u"fund_change"_s).toString(), u"N"_s);
        QCOMPARE(o.value(u"refund_fee"_s).toString(), u"3.50"_s);
        QCOMPARE(refund(u"6.51"_s, u"R2"_s).value(u"sub_code"_s).toString(), u"ACQ.REFUND_AMT_NOT_EQUAL_TOTAL"_s);
        f.server->setFaults(u"AO_R_01"_s, FaultSet { .balanceNotEnough = true });
        QCOMPARE(refund(u"1.00"_s, u"R2"_s).value(u"sub_code"_s).toString(), u"ACQ.SELLER_BALANCE_NOT_ENOUGH"_s);
        f.server->clearFaults();
        o = refund(u"6.50"_s, u"R2"_s);
        QCOMPARE(o.value(u"refund_fee"_s).toString(), u"10.00"_s);

        const QString rq = u"alipay.trade.fastpay.refund.query"_s;
        o = inner(f, f.alipay(rq, { { u"out_trade_no"_s, u"AO_R_01"_s }, { u"out_request_no"_s, u"R1"_s } }), rq);
        QCOMPARE(o.value(u"refund_status"_s).toString(), u"REFUND_SUCCESS"_s);
        QCOMPARE(o.value(u"refund_amount"_s).toString(), u"3.50"_s);
        o = inner(f, f.alipay(rq, { { u"out_trade_no"_s, u"AO_R_01"_s }, { u"out_request_no"_s, u"R9"_s } }), rq);
        QCOMPARE(o.value(u"code"_s).toString(), u"10000"_s);
        QVERIFY(!o.contains(u"refund_status"_s));
        // Fully refunded: TRADE_CLOSED.
        const QString q = u"alipay.trade.query"_s;
        QCOMPARE(inner(f, f.alipay(q, { { u"out_trade_no"_s, u"AO_R_01"_s } }), q).value(u"trade_status"_s).toString(),
            u"TRADE_CLOSED"_s);
    }

    void gatewayErrors()
    {
        SimFixture f;
        const QString q = u"alipay.trade.query"_s;
        // Signed with another key: the gateway's sign string comes back in sub_msg.
        const auto other = privateKey(u"wechatpay/keys/go-test-private-key.pem"_s);
        QJsonObject o = inner(f, f.alipay(q, { { u"out_trade_no"_s, u"X"_s } }, {}, false, 0, &other), q);
        QCOMPARE(o.value(u"code"_s).toString(), u"40002"_s);
        QCOMPARE(o.value(u"sub_code"_s).toString(), u"isv.invalid-signature"_s);
        const QString subMsg = o.value(u"sub_msg"_s).toString();
        QVERIFY(subMsg.contains(u"app_id=2019091767145019&biz_content={\"out_trade_no\":\"X\"}&charset=utf-8"_s));
        QVERIFY(!subMsg.contains(u"sign="_s));
        QVERIFY(subMsg.contains(u"&sign_type=RSA2&"_s));
        // Stale timestamp.
        o = inner(f, f.alipay(q, { { u"out_trade_no"_s, u"X"_s } }, {}, false, -3600), q);
        QCOMPARE(o.value(u"sub_code"_s).toString(), u"isv.invalid-timestamp"_s);
        // Unknown method: an unsigned error_response.
        const auto r = f.alipay(u"alipay.trade.pay"_s, { { u"out_trade_no"_s, u"X"_s } });
        QVERIFY(r.body.startsWith("{\"error_response\":"));
        QCOMPARE(QJsonDocument::fromJson(r.body)
                     .object()
                     .value(u"error_response"_s)
                     .toObject()
                     .value(u"sub_code"_s)
                     .toString(),
            u"isv.invalid-method"_s);
        // Amount and notify_url rules.
        const QString pre = u"alipay.trade.precreate"_s;
        o = inner(f,
            f.alipay(
                pre, { { u"out_trade_no"_s, u"A1"_s }, { u"total_amount"_s, u"0.00"_s }, { u"subject"_s, u"x"_s } }),
            pre);
        QCOMPARE(o.value(u"sub_code"_s).toString(), u"ACQ.TOTAL_FEE_EXCEED"_s);
        o = inner(f,
            f.alipay(pre, { { u"out_trade_no"_s, u"A1"_s }, { u"total_amount"_s, 1 }, { u"subject"_s, u"x"_s } }),
            pre);
        QCOMPARE(o.value(u"code"_s).toString(), u"40002"_s);
        o = inner(f,
            f.alipay(pre,
                { { u"out_trade_no"_s, u"A1"_s }, { u"total_amount"_s, u"1.00"_s }, { u"subject"_s, u"x"_s } },
                u"http://example.com/notify"_s),
            pre);
        QCOMPARE(o.value(u"code"_s).toString(), u"40002"_s);
        // A changed amount for the same out_trade_no.
        QCOMPARE(
            inner(f,
                f.alipay(pre,
                    { { u"out_trade_no"_s, u"A2"_s }, { u"total_amount"_s, u"1.00"_s }, { u"subject"_s, u"x"_s } }),
                pre)
                .value(u"code"_s)
                .toString(),
            u"10000"_s);
        o = inner(f,
            f.alipay(
                pre, { { u"out_trade_no"_s, u"A2"_s }, { u"total_amount"_s, u"2.00"_s }, { u"subject"_s, u"x"_s } }),
            pre);
        QCOMPARE(o.value(u"sub_code"_s).toString(), u"ACQ.CONTEXT_INCONSISTENT"_s);
    }

    void publicParamsInQuery()
    {
        SimFixture f;
        const QString pre = u"alipay.trade.precreate"_s;
        const auto r = f.alipay(pre,
            { { u"out_trade_no"_s, u"AO_Q_01"_s }, { u"total_amount"_s, u"0.01"_s }, { u"subject"_s, u"中文"_s } },
            u"http://127.0.0.1:9/n"_s,
            true);
        QCOMPARE(inner(f, r, pre).value(u"code"_s).toString(), u"10000"_s);
    }
};

QTEST_GUILESS_MAIN(TestSimAlipay)
#include "tst_sim_alipay.moc"
