// WeChatPayChannel against WeChat Pay on loopback, the order side: Native createQr (both verification modes) and
// what it validates before sending, query (percent-encoding, integer amounts, the merchant), close, HTTP error
// mapping and retries, forged/unsigned/stale/unknown-serial responses, and a network failure.
// Refunds and bills are in tst_wechatpay_channel_refunds.cpp.
#include <memory>

#include <QTest>

#include "tests/core/channels/wechatpay/FakeWeChat.h"
#include "tests/support/ReservedPort.h"

using namespace paydesk;
using namespace paydesk::test::wechatpay;
using namespace Qt::StringLiterals;

class TestWeChatPayChannelPayments final : public QObject
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

    void createQr_data()
    {
        QTest::addColumn<bool>("publicKeyMode");
        QTest::newRow("platform certificate") << false;
        QTest::newRow("both modes configured") << true;
    }
    void createQr()
    {
        QFETCH(bool, publicKeyMode);
        // Split "//" literals: moc mistakes a "//" inside a raw string for a comment.
        m_server->answer({ 200,
            "{\"code_url\":\"weixin:/"
            "/wxpay/bizpayurl?pr=JyC91EIz1\"}" });
        WeChatPayChannel channel(config(publicKeyMode));
        CreateQrRequest req;
        req.outTradeNo = u"ORDER_0001"_s;
        req.amount = Money::fen(100);
        req.description = u"Image形象店-深圳腾大-QQ公仔"_s;
        req.expiresAt = QDateTime(QDate(2023, 11, 15), QTime(0, 0), QTimeZone::utc());
        auto result = channel.createQr(req);
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().detail));
        QCOMPARE(result->codeUrl, u"weixin://wxpay/bizpayurl?pr=JyC91EIz1"_s);
        QCOMPARE(m_server->seen.size(), 1);
        const Seen& s = m_server->seen.first();
        QVERIFY(s.authorizationValid);
        QCOMPARE(s.method, QByteArray("POST"));
        QCOMPARE(s.urlLine, QByteArray("/v3/pay/transactions/native"));
        QCOMPARE(s.serialHeader, publicKeyMode ? kPubKeyId.toLatin1() : QByteArray());
        // The amount goes out as an integer number of fen.
        QVERIFY(s.body.contains("\"amount\":{\"currency\":\"CNY\",\"total\":100}"));
        const QJsonObject body = json(s.body);
        QCOMPARE(body.value(u"mchid"_s).toString(), kMchid);
        QCOMPARE(body.value(u"appid"_s).toString(), kAppid);
        QCOMPARE(body.value(u"out_trade_no"_s).toString(), u"ORDER_0001"_s);
        QCOMPARE(body.value(u"notify_url"_s).toString(), u"https://pay.example.com/notify/wechatpay"_s);
        QCOMPARE(body.value(u"time_expire"_s).toString(), u"2023-11-15T08:00:00+08:00"_s);
        QCOMPARE(body.value(u"description"_s).toString(), req.description);
    }

    void createQrValidatesBeforeSending_data()
    {
        QTest::addColumn<QString>("outTradeNo");
        QTest::addColumn<qint64>("fen");
        QTest::addColumn<QString>("notifyUrl");
        QTest::addColumn<int>("code");
        QTest::newRow("short out_trade_no") << u"ABC12"_s << qint64(1) << QString() << int(ErrorCode::InvalidArgument);
        QTest::newRow("long out_trade_no")
            << QString(33, u'A') << qint64(1) << QString() << int(ErrorCode::InvalidArgument);
        QTest::newRow("bad character") << u"ORDER 0001"_s << qint64(1) << QString() << int(ErrorCode::InvalidArgument);
        QTest::newRow("zero amount") << u"ORDER_0001"_s << qint64(0) << QString() << int(ErrorCode::InvalidAmount);
        QTest::newRow("negative amount") << u"ORDER_0001"_s << qint64(-1) << QString() << int(ErrorCode::InvalidAmount);
        QTest::newRow("http notify") << u"ORDER_0001"_s << qint64(1) << u"http://x.example/n"_s
                                     << int(ErrorCode::InvalidArgument);
        QTest::newRow("notify with query")
            << u"ORDER_0001"_s << qint64(1) << u"https://x.example/n?a=1"_s << int(ErrorCode::InvalidArgument);
    }
    void createQrValidatesBeforeSending()
    {
        QFETCH(QString, outTradeNo);
        QFETCH(qint64, fen);
        QFETCH(QString, notifyUrl);
        QFETCH(int, code);
        WeChatPayChannel channel(config());
        CreateQrRequest req { outTradeNo, Money::fen(fen), u"goods"_s, {}, notifyUrl, {} };
        auto result = channel.createQr(req);
        QVERIFY(!result.has_value());
        QCOMPARE(int(result.error().code), code);
        QVERIFY(m_server->seen.isEmpty());
    }

    void query()
    {
        m_server->handler = [](const Seen& s) {
            return Reply { 200,
                transactionJson(s.urlLine.contains("A%7CB") ? u"A|B*C-123"_s : u"ORDER_0001"_s, u"SUCCESS"_s) };
        };
        WeChatPayChannel channel(config());
        auto trade = channel.query(u"ORDER_0001"_s);
        QVERIFY2(trade.has_value(), qPrintable(trade ? QString() : trade.error().detail));
        QCOMPARE(
            m_server->seen.last().urlLine, QByteArray("/v3/pay/transactions/out-trade-no/ORDER_0001?mchid=1900007291"));
        QCOMPARE(m_server->seen.last().method, QByteArray("GET"));
        QVERIFY(m_server->seen.last().authorizationValid);
        QCOMPARE(trade->state, TradeState::Paid);
        QCOMPARE(trade->rawState, u"SUCCESS"_s);
        QCOMPARE(trade->total, std::optional<Money>(Money::fen(100)));
        QCOMPARE(trade->payerTotal, std::optional<Money>(Money::fen(100)));
        QCOMPARE(trade->transactionId, u"4200002035202311151234567890"_s);
        QCOMPARE(trade->successTime, QDateTime(QDate(2023, 11, 14), QTime(22, 13, 20), QTimeZone::utc()));

        // Characters outside the unreserved set are percent-encoded, and the signature covers the encoded line.
        auto odd = channel.query(u"A|B*C-123"_s);
        QVERIFY2(odd.has_value(), qPrintable(odd ? QString() : odd.error().detail));
        QVERIFY(m_server->seen.last().authorizationValid);
        QCOMPARE(m_server->seen.last().urlLine,
            QByteArray("/v3/pay/transactions/out-trade-no/A%7CB%2AC-123?mchid=1900007291"));
    }

    void queryRefusesNonIntegerAmounts_data()
    {
        QTest::addColumn<QByteArray>("total");
        QTest::newRow("fraction") << QByteArray("100.5");
        QTest::newRow("string") << QByteArray("\"100\"");
        QTest::newRow("beyond int64") << QByteArray("92233720368547758070");
        QTest::newRow("negative") << QByteArray("-100");
        QTest::newRow("null") << QByteArray("null");
    }
    void queryRefusesNonIntegerAmounts()
    {
        QFETCH(QByteArray, total);
        QByteArray body = transactionJson(u"ORDER_0001"_s, u"SUCCESS"_s);
        body.replace("\"total\":100", QByteArray("\"total\":" + total));
        m_server->answer({ 200, body });
        WeChatPayChannel channel(config());
        auto trade = channel.query(u"ORDER_0001"_s);
        QVERIFY(!trade.has_value());
        QCOMPARE(trade.error().code, ErrorCode::MalformedInput);
    }

    void queryOtherMerchant()
    {
        QByteArray body = transactionJson(u"ORDER_0001"_s, u"NOTPAY"_s);
        body.replace("1900007291", "1900000000");
        m_server->answer({ 200, body });
        WeChatPayChannel channel(config());
        QCOMPARE(channel.query(u"ORDER_0001"_s).error().code, ErrorCode::MerchantMismatch);
    }

    void close()
    {
        m_server->answer({ 204, QByteArray() });
        WeChatPayChannel channel(config());
        auto closed = channel.close(u"ORDER_0001"_s);
        QVERIFY2(closed.has_value(), qPrintable(closed ? QString() : closed.error().detail));
        const Seen& s = m_server->seen.last();
        QCOMPARE(s.urlLine, QByteArray("/v3/pay/transactions/out-trade-no/ORDER_0001/close"));
        QCOMPARE(s.body, QByteArray(R"({"mchid":"1900007291"})"));
        QVERIFY(s.authorizationValid);
    }

    // Even the empty 204 must carry a valid signature.
    void closeWithForgedOrMissingSignature()
    {
        WeChatPayChannel channel(config());
        m_server->answer({ 204, QByteArray(), Reply::Signing::Forged });
        QCOMPARE(channel.close(u"ORDER_0001"_s).error().code, ErrorCode::ResponseSignatureInvalid);
        m_server->answer({ 204, QByteArray(), Reply::Signing::None });
        QCOMPARE(channel.close(u"ORDER_0001"_s).error().code, ErrorCode::ResponseSignatureInvalid);
    }

    void errorMapping_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("requests");
        QTest::newRow("401 sign error") << 401 << QByteArray(R"({"code":"SIGN_ERROR","message":"签名错误"})")
                                        << int(ErrorCode::SignatureInvalid) << 1;
        QTest::newRow("404 order not exist")
            << 404 << QByteArray(R"({"code":"ORDER_NOT_EXIST","message":"订单不存在"})")
            << int(ErrorCode::OrderNotExist) << 1;
        QTest::newRow("404 ORDERNOTEXIST")
            << 404 << QByteArray(R"({"code":"ORDERNOTEXIST","message":"x"})") << int(ErrorCode::OrderNotExist) << 1;
        QTest::newRow("429 rate limit") << 429 << QByteArray(R"({"code":"FREQUENCY_LIMITED","message":"频率超限"})")
                                        << int(ErrorCode::RateLimited) << 1;
        QTest::newRow("500 retried then failing")
            << 500 << QByteArray(R"({"code":"SYSTEM_ERROR","message":"系统错误"})")
            << int(ErrorCode::ChannelSystemError) << 3;
        QTest::newRow("503 unreadable body")
            << 503 << QByteArray("<html>busy</html>") << int(ErrorCode::ChannelSystemError) << 3;
        QTest::newRow("400 param error") << 400 << QByteArray(R"({"code":"PARAM_ERROR","message":"参数错误"})")
                                         << int(ErrorCode::ChannelRejected) << 1;
        QTest::newRow("403 no auth") << 403 << QByteArray(R"({"code":"NO_AUTH","message":"无权限"})")
                                     << int(ErrorCode::ChannelRejected) << 1;
    }
    void errorMapping()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, code);
        QFETCH(int, requests);
        m_server->answer({ status, body, Reply::Signing::None });
        WeChatPayChannel channel(config());
        auto trade = channel.query(u"ORDER_0001"_s);
        QVERIFY(!trade.has_value());
        QCOMPARE(int(trade.error().code), code);
        QVERIFY(trade.error().detail.contains(QString::number(status)));
        QCOMPARE(m_server->seen.size(), requests);
    }

    void forgedResponsesRejected_data()
    {
        QTest::addColumn<int>("signing");
        QTest::addColumn<int>("code");
        QTest::newRow("forged") << int(Reply::Signing::Forged) << int(ErrorCode::ResponseSignatureInvalid);
        QTest::newRow("unsigned") << int(Reply::Signing::None) << int(ErrorCode::ResponseSignatureInvalid);
        QTest::newRow("stale") << int(Reply::Signing::Stale) << int(ErrorCode::TimestampStale);
    }
    void forgedResponsesRejected()
    {
        QFETCH(int, signing);
        QFETCH(int, code);
        m_server->answer({ 200, transactionJson(u"ORDER_0001"_s, u"SUCCESS"_s), Reply::Signing(signing) });
        WeChatPayChannel channel(config());
        auto trade = channel.query(u"ORDER_0001"_s);
        QVERIFY(!trade.has_value());
        QCOMPARE(int(trade.error().code), code);
        // Not a transient failure: no retry.
        QCOMPARE(m_server->seen.size(), 1);
    }

    void unknownSerial()
    {
        m_server->answer({ 200, transactionJson(u"ORDER_0001"_s, u"SUCCESS"_s) });
        WeChatPayConfig c = config();
        c.platform.certificates.clear();
        c.platform.certificates.insert(
            u"D7CE59D1F522D701"_s, *crypto::RsaPublicKey::fromPem(keyFile(u"go-test-cert-D7CE59D1F522D701.pem"_s)));
        WeChatPayChannel channel(c);
        QCOMPARE(channel.query(u"ORDER_0001"_s).error().code, ErrorCode::UnknownSerial);
    }

    void networkFailure()
    {
        WeChatPayConfig c = config();
        // A port held bound but never listened on: connecting is refused, and no other process can take it meanwhile
        // (closing a server and reusing its port left that window open).
        const test::ReservedPort refused;
        QVERIFY(refused.port() != 0);
        c.baseUrl = u"http://127.0.0.1:%1"_s.arg(refused.port());
        c.maxAttempts = 2;
        WeChatPayChannel channel(c);
        auto trade = channel.query(u"ORDER_0001"_s);
        QVERIFY(!trade.has_value());
        QCOMPARE(trade.error().code, ErrorCode::NetworkError);
    }
};

QTEST_GUILESS_MAIN(TestWeChatPayChannelPayments)
#include "tst_wechatpay_channel_payments.moc"
