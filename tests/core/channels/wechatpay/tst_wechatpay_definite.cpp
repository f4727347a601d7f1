// WeChatPayChannel against WeChat Pay on loopback: which failures are definite (Error::definite, the call certainly
// took no effect) and which leave the outcome unknown. Only a 4xx refusal whose signature verifies, or a refusal before
// anything was sent, is definite; 5xx, 429, unsigned, forged, stale or unknown-serial answers never are.
#include <memory>

#include <QTest>

#include "tests/core/channels/wechatpay/FakeWeChat.h"
#include "tests/support/ReservedPort.h"

using namespace paydesk;
using namespace paydesk::test::wechatpay;
using namespace Qt::StringLiterals;

class TestWeChatPayDefinite final : public QObject
{
    Q_OBJECT

    FakeClock m_clock;
    std::unique_ptr<FakeWeChat> m_server;

    static RefundRequest refundRequest()
    {
        return RefundRequest { u"ORDER_0001"_s, {}, u"R1"_s, Money::fen(30), Money::fen(100), {}, {} };
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<FakeWeChat>(&m_clock);
        QVERIFY(m_server->port() != 0);
    }
    void cleanup() { m_server.reset(); }

    void refundRefusals_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("signing");
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("definite");
        const int signedOk = int(Reply::Signing::Platform);
        const QByteArray notEnough = R"({"code":"NOT_ENOUGH","message":"基本账户余额不足，请充值后重新发起"})";
        const int noBalance = int(ErrorCode::NotEnoughBalance);
        QTest::newRow("signed NOT_ENOUGH") << 403 << notEnough << signedOk << noBalance << true;
        QTest::newRow("unsigned NOT_ENOUGH") << 403 << notEnough << int(Reply::Signing::None) << noBalance << false;
        QTest::newRow("forged NOT_ENOUGH") << 403 << notEnough << int(Reply::Signing::Forged) << noBalance << false;
        QTest::newRow("stale NOT_ENOUGH") << 403 << notEnough << int(Reply::Signing::Stale) << noBalance << false;
        QTest::newRow("signed PARAM_ERROR") << 400 << QByteArray(R"({"code":"PARAM_ERROR","message":"参数错误"})")
                                            << signedOk << int(ErrorCode::ChannelRejected) << true;
        QTest::newRow("signed RESOURCE_NOT_EXISTS")
            << 404 << QByteArray(R"({"code":"RESOURCE_NOT_EXISTS","message":"订单不存在"})") << signedOk
            << int(ErrorCode::OrderNotExist) << true;
        // WeChat refused our signature and said so in a signed answer: the request did nothing. Unsigned, anyone
        // between us and WeChat could have said it.
        QTest::newRow("signed SIGN_ERROR") << 401 << QByteArray(R"({"code":"SIGN_ERROR","message":"签名错误"})")
                                           << signedOk << int(ErrorCode::SignatureInvalid) << true;
        QTest::newRow("unsigned SIGN_ERROR") << 401 << QByteArray(R"({"code":"SIGN_ERROR","message":"签名错误"})")
                                             << int(Reply::Signing::None) << int(ErrorCode::SignatureInvalid) << false;
        QTest::newRow("signed 500") << 500 << QByteArray(R"({"code":"SYSTEM_ERROR","message":"系统错误"})") << signedOk
                                    << int(ErrorCode::ChannelSystemError) << false;
        QTest::newRow("signed 429") << 429 << QByteArray(R"({"code":"FREQUENCY_LIMITED","message":"频率超限"})")
                                    << signedOk << int(ErrorCode::RateLimited) << false;
        QTest::newRow("signed 4xx SYSTEM_ERROR") << 403 << QByteArray(R"({"code":"SYSTEM_ERROR","message":"x"})")
                                                 << signedOk << int(ErrorCode::ChannelSystemError) << false;
        QTest::newRow("accepted, answer forged")
            << 200 << refundJson(u"R1"_s, u"PROCESSING"_s) << int(Reply::Signing::Forged)
            << int(ErrorCode::ResponseSignatureInvalid) << false;
        QTest::newRow("accepted, answer stale")
            << 200 << refundJson(u"R1"_s, u"PROCESSING"_s) << int(Reply::Signing::Stale)
            << int(ErrorCode::TimestampStale) << false;
        QTest::newRow("accepted, answer unreadable")
            << 200 << QByteArray("{\"status\":") << signedOk << int(ErrorCode::MalformedInput) << false;
    }
    void refundRefusals()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, signing);
        QFETCH(int, code);
        QFETCH(bool, definite);
        m_server->answer({ status, body, Reply::Signing(signing) });
        WeChatPayChannel channel(channelConfig(*m_server, m_clock));
        const auto refund = channel.refund(refundRequest());
        QVERIFY(!refund.has_value());
        QCOMPARE(int(refund.error().code), code);
        QCOMPARE(refund.error().definite, definite);
        QVERIFY2(status == 200 || refund.error().detail.contains(QString::number(status)),
            qPrintable(refund.error().detail));
    }

    // A refusal signed with a key we do not know (WeChat rotated its certificate) proves nothing either.
    void refusalUnderUnknownSerial()
    {
        m_server->answer({ 403, R"({"code":"NOT_ENOUGH","message":"余额不足"})" });
        WeChatPayConfig c = channelConfig(*m_server, m_clock);
        c.platform.certificates.clear();
        c.platform.certificates.insert(
            u"D7CE59D1F522D701"_s, *crypto::RsaPublicKey::fromPem(keyFile(u"go-test-cert-D7CE59D1F522D701.pem"_s)));
        WeChatPayChannel channel(c);
        const auto refund = channel.refund(refundRequest());
        QCOMPARE(refund.error().code, ErrorCode::NotEnoughBalance);
        QVERIFY(!refund.error().definite);
        QVERIFY2(refund.error().detail.contains(u"not verified"_s), qPrintable(refund.error().detail));
        // Under the right key the same answer is a definite refusal.
        WeChatPayChannel right(channelConfig(*m_server, m_clock));
        QVERIFY(right.refund(refundRequest()).error().definite);
    }

    void closeRefusals()
    {
        WeChatPayChannel channel(channelConfig(*m_server, m_clock));
        m_server->answer({ 400, R"({"code":"ORDER_CLOSED","message":"订单已关闭"})" });
        auto closed = channel.close(u"ORDER_0001"_s);
        QCOMPARE(closed.error().code, ErrorCode::OrderClosed);
        QVERIFY(closed.error().definite);
        m_server->answer({ 400, R"({"code":"ORDER_CLOSED","message":"订单已关闭"})", Reply::Signing::None });
        closed = channel.close(u"ORDER_0001"_s);
        QCOMPARE(closed.error().code, ErrorCode::OrderClosed);
        QVERIFY(!closed.error().definite);
        // 202 USERPAYING: signed, but not a refusal; the buyer is paying right now.
        m_server->answer({ 202, R"({"code":"USERPAYING","message":"用户支付中"})" });
        closed = channel.close(u"ORDER_0001"_s);
        QCOMPARE(closed.error().code, ErrorCode::ChannelSystemError);
        QVERIFY(!closed.error().definite);
    }

    void queryNotFound()
    {
        WeChatPayChannel channel(channelConfig(*m_server, m_clock));
        m_server->answer({ 404, R"({"code":"ORDER_NOT_EXIST","message":"订单不存在"})" });
        QVERIFY(channel.query(u"ORDER_0001"_s).error().definite);
        m_server->answer({ 404, R"({"code":"ORDER_NOT_EXIST","message":"订单不存在"})", Reply::Signing::Forged });
        const auto q = channel.query(u"ORDER_0001"_s);
        QCOMPARE(q.error().code, ErrorCode::OrderNotExist);
        QVERIFY(!q.error().definite);
    }

    // Refused before anything was sent: certain. A failure to connect is not (nothing says the bytes never left).
    void refusedBeforeSending()
    {
        WeChatPayChannel channel(channelConfig(*m_server, m_clock));
        RefundRequest tooMuch = refundRequest();
        tooMuch.refund = Money::fen(101);
        auto refund = channel.refund(tooMuch);
        QCOMPARE(refund.error().code, ErrorCode::InvalidAmount);
        QVERIFY(refund.error().definite);
        CreateQrRequest qr { u"ORD"_s, Money::fen(1), u"Tea"_s, {}, {}, {} };
        auto created = channel.createQr(qr);
        QCOMPARE(created.error().code, ErrorCode::InvalidArgument);
        QVERIFY(created.error().definite);
        QVERIFY(channel.close(u"bad no"_s).error().definite);
        QVERIFY(channel.queryRefund(u"ORDER_0001"_s, QString()).error().definite);
        QCOMPARE(m_server->seen.size(), 0);

        WeChatPayConfig c = channelConfig(*m_server, m_clock);
        const test::ReservedPort refused;
        c.baseUrl = u"http://127.0.0.1:%1"_s.arg(refused.port());
        c.maxAttempts = 1;
        WeChatPayChannel unreachable(c);
        refund = unreachable.refund(refundRequest());
        QCOMPARE(refund.error().code, ErrorCode::NetworkError);
        QVERIFY(!refund.error().definite);
    }
};

QTEST_GUILESS_MAIN(TestWeChatPayDefinite)
#include "tst_wechatpay_definite.moc"
