// WeChatPayChannel against WeChat Pay on loopback, the money-back side: refund (and what it validates before
// sending), a refund retried with the same out_refund_no, refund query, business errors of close and refund, and
// the trade bill (hash check, download host). Orders are in tst_wechatpay_channel_payments.cpp.
#include <memory>

#include <QTest>

#include "core/channels/wechatpay/Gzip.h"
#include "core/crypto/Hash.h"
#include "tests/core/channels/wechatpay/FakeWeChat.h"

using namespace paydesk;
using namespace paydesk::test::wechatpay;
using namespace Qt::StringLiterals;

class TestWeChatPayChannelRefunds final : public QObject
{
    Q_OBJECT

    FakeClock m_clock;
    std::unique_ptr<FakeWeChat> m_server;

    WeChatPayConfig config(bool publicKeyMode = false) const
    {
        return channelConfig(*m_server, m_clock, publicKeyMode);
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<FakeWeChat>(&m_clock);
        QVERIFY(m_server->port() != 0);
    }
    void cleanup() { m_server.reset(); }

    void refund()
    {
        m_server->handler = [](const Seen& s) {
            return Reply { 200, refundJson(json(s.body).value(u"out_refund_no"_s).toString(), u"PROCESSING"_s) };
        };
        WeChatPayChannel channel(config());
        RefundRequest req;
        req.outTradeNo = u"ORDER_0001"_s;
        req.outRefundNo = u"R-ORDER_0001@1"_s;
        req.refund = Money::fen(30);
        req.total = Money::fen(100);
        req.reason = u"商品已售完"_s;
        auto status = channel.refund(req);
        QVERIFY2(status.has_value(), qPrintable(status ? QString() : status.error().detail));
        QCOMPARE(status->state, RefundState::Processing);
        QCOMPARE(status->refundId, u"50000000382019052709732678859"_s);
        QCOMPARE(status->refund, std::optional<Money>(Money::fen(30)));
        const Seen& s = m_server->seen.last();
        QCOMPARE(s.urlLine, QByteArray("/v3/refund/domestic/refunds"));
        QVERIFY(s.authorizationValid);
        QVERIFY(s.body.contains("\"amount\":{\"currency\":\"CNY\",\"refund\":30,\"total\":100}"));
        QCOMPARE(json(s.body).value(u"out_trade_no"_s).toString(), u"ORDER_0001"_s);
        QCOMPARE(json(s.body).value(u"notify_url"_s).toString(), u"https://pay.example.com/notify/wechatpay"_s);

        req.refund = Money::fen(101);
        QCOMPARE(channel.refund(req).error().code, ErrorCode::InvalidAmount);
        req.refund = Money::fen(30);
        req.outRefundNo = QString(65, u'R');
        QCOMPARE(channel.refund(req).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(m_server->seen.size(), 1);
    }

    void refundRetriedWithSameNumber()
    {
        int calls = 0;
        m_server->handler = [&calls](const Seen& s) {
            if (++calls == 1) {
                return Reply { 500, R"({"code":"SYSTEM_ERROR","message":"系统错误"})" };
            }
            return Reply { 200, refundJson(json(s.body).value(u"out_refund_no"_s).toString(), u"SUCCESS"_s) };
        };
        WeChatPayChannel channel(config());
        RefundRequest req { u"ORDER_0001"_s, {}, u"R1"_s, Money::fen(30), Money::fen(100), {}, {} };
        auto status = channel.refund(req);
        QVERIFY(status.has_value());
        QCOMPARE(status->state, RefundState::Succeeded);
        QCOMPARE(m_server->seen.size(), 2);
        QCOMPARE(m_server->seen.at(0).body, m_server->seen.at(1).body);
    }

    void queryRefund()
    {
        m_server->answer({ 200, refundJson(u"R1"_s, u"SUCCESS"_s) });
        WeChatPayChannel channel(config());
        auto status = channel.queryRefund(u"ORDER_0001"_s, u"R1"_s);
        QVERIFY(status.has_value());
        QCOMPARE(status->state, RefundState::Succeeded);
        QCOMPARE(status->total, std::optional<Money>(Money::fen(100)));
        QCOMPARE(m_server->seen.last().urlLine, QByteArray("/v3/refund/domestic/refunds/R1"));
        QCOMPARE(m_server->seen.last().method, QByteArray("GET"));
        QVERIFY(m_server->seen.last().authorizationValid);
    }

    void businessErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        QTest::newRow("ORDERPAID") << 400 << QByteArray(R"({"code":"ORDERPAID","message":"订单已支付"})")
                                   << int(ErrorCode::OrderPaid);
        QTest::newRow("INVALID_REQUEST already paid")
            << 400 << QByteArray(R"({"code":"INVALID_REQUEST","message":"该订单已支付"})") << int(ErrorCode::OrderPaid);
        QTest::newRow("ORDER_CLOSED") << 400 << QByteArray(R"({"code":"ORDER_CLOSED","message":"订单已关闭"})")
                                      << int(ErrorCode::OrderClosed);
        QTest::newRow("NOT_ENOUGH") << 403
                                    << QByteArray(
                                           R"({"code":"NOT_ENOUGH","message":"基本账户余额不足，请充值后重新发起"})")
                                    << int(ErrorCode::NotEnoughBalance);
        QTest::newRow("notenough lower case")
            << 403 << QByteArray(R"({"code":"notenough","message":"x"})") << int(ErrorCode::NotEnoughBalance);
        QTest::newRow("RESOURCE_NOT_EXISTS")
            << 404 << QByteArray(R"({"code":"RESOURCE_NOT_EXISTS","message":"x"})") << int(ErrorCode::OrderNotExist);
    }
    void businessErrors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, code);
        m_server->answer({ status, body, Reply::Signing::None });
        WeChatPayChannel channel(config());
        QCOMPARE(int(channel.close(u"ORDER_0001"_s).error().code), code);
        RefundRequest req { u"ORDER_0001"_s, {}, u"R1"_s, Money::fen(30), Money::fen(100), {}, {} };
        QCOMPARE(int(channel.refund(req).error().code), code);
    }

    void tradeBill_data()
    {
        QTest::addColumn<bool>("hashMatches");
        QTest::newRow("hash matches") << true;
        QTest::newRow("hash mismatch") << false;
    }
    void tradeBill()
    {
        QFETCH(bool, hashMatches);
        const QByteArray csv = test::readData(u"vectors/wechatpay/tradebill-ALL.csv"_s);
        const QByteArray packed = *gzip(csv);
        QByteArray hash = crypto::sha1(csv).toHex();
        if (!hashMatches) {
            hash[0] = hash.at(0) == 'a' ? 'b' : 'a';
        }
        const QString base = m_server->baseUrl();
        m_server->handler = [&](const Seen& s) {
            if (s.urlLine.startsWith("/v3/bill/tradebill")) {
                return Reply { 200,
                    u"{\"download_url\":\"%1/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2wMMR8cNXqaA_Cv_isgaUtBzp4QtiozLO\",\"hash_type\":\"SHA1\",\"hash_value\":\"%2\"}"_s
                        .arg(base, QString::fromLatin1(hash))
                        .toUtf8() };
            }
            // The download is not signed by WeChat.
            return Reply { 200, packed, Reply::Signing::None, "application/octet-stream" };
        };
        WeChatPayChannel channel(config());
        auto bill = channel.tradeBill(QDate(2019, 2, 19));
        QCOMPARE(m_server->seen.size(), 2);
        QCOMPARE(m_server->seen.at(0).urlLine,
            QByteArray("/v3/bill/tradebill?bill_date=2019-02-19&bill_type=ALL&tar_type=GZIP"));
        QCOMPARE(m_server->seen.at(1).urlLine,
            QByteArray("/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2wMMR8cNXqaA_Cv_isgaUtBzp4QtiozLO"));
        QVERIFY(m_server->seen.at(0).authorizationValid);
        QVERIFY(m_server->seen.at(1).authorizationValid);
        if (!hashMatches) {
            QVERIFY(!bill.has_value());
            QCOMPARE(bill.error().code, ErrorCode::BillHashMismatch);
            return;
        }
        QVERIFY2(bill.has_value(), qPrintable(bill ? QString() : bill.error().detail));
        QCOMPARE(bill->channel, ChannelKind::WeChatPay);
        QCOMPARE(bill->date, QDate(2019, 2, 19));
        QCOMPARE(bill->rawFile, csv);
        QCOMPARE(bill->rows.size(), 45);
        QCOMPARE(bill->summary.settledTotal, Money::fen(47));
    }

    void billDownloadOnOtherHostRefused()
    {
        m_server->answer({ 200,
            "{\"download_url\":\"https:/"
            "/evil.example.com/v3/billdownload/file?token=x\",\"hash_type\":\"SHA1\","
            "\"hash_value\":\"79bb0f45fc4c42234a918000b2668d689e2bde04\"}" });
        WeChatPayChannel channel(config());
        QCOMPARE(channel.tradeBill(QDate(2019, 2, 19)).error().code, ErrorCode::MalformedInput);
        QCOMPARE(m_server->seen.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestWeChatPayChannelRefunds)
#include "tst_wechatpay_channel_refunds.moc"
