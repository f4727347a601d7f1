#include "core/channels/wechatpay/Gzip.h"
#include "core/channels/wechatpay/RequestSigner.h"
#include "core/channels/wechatpay/ResponseVerifier.h"
#include "core/channels/wechatpay/WeChatPayChannel.h"
#include "core/crypto/Hash.h"
#include "tests/support/TestSupport.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

#include <functional>

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

const QString kMchid = u"1900007291"_s;
const QString kAppid = u"wxd678efh567hg6787"_s;
const QString kMerchantSerial = u"408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"_s;
const QString kPlatformSerial = u"F5765756002FDD77"_s;
const QString kPubKeyId = u"PUB_KEY_ID_0112345678901234567890123456789012"_s;

QByteArray keyFile(const QString& name)
{
    return test::readData(u"vectors/wechatpay/keys/"_s + name);
}

/// What the fake WeChat saw of one request.
struct Seen {
    QByteArray method;
    QByteArray urlLine;
    QByteArray body;
    QByteArray serialHeader;
    bool authorizationValid = false;
};

/// What it answers.
struct Reply {
    int status = 200;
    QByteArray body;
    enum class Signing { Platform, None, Forged, Stale } signing = Signing::Platform;
    QByteArray contentType = "application/json";
};

/// WeChat Pay on loopback: checks our Authorization with the merchant public key, answers signed with the
/// platform certificate key (go-test key, serial F5765756002FDD77), or with the public-key-mode key (the java
/// WeChat Pay key) when the request names a PUB_KEY_ID.
class FakeWeChat final
{
public:
    explicit FakeWeChat(const FakeClock* clock)
        : m_clock(clock)
    {
        m_merchantPublic = *crypto::RsaPublicKey::fromPem(keyFile(u"wxdoc-test-merchant-public-key.pem"_s));
        m_platformKey = *crypto::RsaPrivateKey::fromPem(keyFile(u"go-test-private-key.pem"_s));
        m_pubModeKey = *crypto::RsaPrivateKey::fromPem(keyFile(u"java-wechat_pay_private_key.pem"_s));
        m_forgeKey = *crypto::RsaPrivateKey::fromPem(keyFile(u"java-merchant_private_key.pem"_s));
        m_server.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            handle(request, std::move(responder));
        });
        m_port = m_server.listen(QHostAddress::LocalHost, 0);
    }

    [[nodiscard]] QString baseUrl() const { return u"http://127.0.0.1:%1"_s.arg(m_port); }
    [[nodiscard]] quint16 port() const { return m_port; }

    std::function<Reply(const Seen&)> handler;
    QList<Seen> seen;

private:
    bool checkAuthorization(const QByteArray& header, const Seen& s) const
    {
        if (!header.startsWith("WECHATPAY2-SHA256-RSA2048 ")) {
            return false;
        }
        QMap<QByteArray, QByteArray> p;
        for (const QByteArray& part : header.mid(26).split(',')) {
            const qsizetype eq = part.indexOf('=');
            const QByteArray v = part.mid(eq + 1);
            if (eq < 0 || !v.startsWith('"') || !v.endsWith('"')) {
                return false;
            }
            p.insert(part.left(eq), v.mid(1, v.size() - 2));
        }
        if (p.value("mchid") != kMchid.toLatin1() || p.value("serial_no") != kMerchantSerial.toLatin1()
            || p.value("nonce_str").size() != 32 || qAbs(p.value("timestamp").toLongLong() - m_clock->nowSecs()) > 5) {
            return false;
        }
        const QByteArray message
            = RequestSigner::message(s.method, s.urlLine, p.value("timestamp"), p.value("nonce_str"), s.body);
        return m_merchantPublic.verifySha256(message, QByteArray::fromBase64(p.value("signature")));
    }

    void handle(const QHttpServerRequest& request, QHttpServerResponder&& responder)
    {
        Seen s;
        s.method = request.method() == QHttpServerRequest::Method::Get ? "GET" : "POST";
        s.urlLine = request.url().path(QUrl::FullyEncoded).toLatin1();
        if (request.url().hasQuery()) {
            s.urlLine += '?' + request.url().query(QUrl::FullyEncoded).toLatin1();
        }
        s.body = request.body();
        s.serialHeader = request.value("Wechatpay-Serial");
        s.authorizationValid = checkAuthorization(request.value("Authorization"), s);
        seen.append(s);
        Reply r = handler ? handler(s) : Reply{404, R"({"code":"NOT_FOUND","message":"no handler"})"};

        const bool pubMode = s.serialHeader == kPubKeyId.toLatin1();
        qint64 ts = m_clock->nowSecs();
        if (r.signing == Reply::Signing::Stale) {
            ts -= 400;
        }
        const QByteArray tsText = QByteArray::number(ts);
        const QByteArray nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";
        const crypto::RsaPrivateKey& key
            = r.signing == Reply::Signing::Forged ? m_forgeKey : (pubMode ? m_pubModeKey : m_platformKey);
        responder.writeStatusLine(QHttpServerResponder::StatusCode(r.status));
        if (r.signing != Reply::Signing::None) {
            const QByteArray sig = key.signSha256(ResponseVerifier::message(tsText, nonce, r.body))->toBase64();
            responder.writeHeader("Wechatpay-Timestamp", tsText);
            responder.writeHeader("Wechatpay-Nonce", nonce);
            responder.writeHeader("Wechatpay-Serial", pubMode ? kPubKeyId.toLatin1() : kPlatformSerial.toLatin1());
            responder.writeHeader("Wechatpay-Signature", sig);
        }
        responder.writeHeader("Request-ID", "08F0B5C8F40510A10118A8E1A1D30520CE8E08-0");
        if (!r.body.isEmpty()) {
            responder.writeHeader("Content-Type", r.contentType);
        }
        responder.writeHeader("Content-Length", QByteArray::number(r.body.size()));
        responder.writeBody(r.body);
    }

    const FakeClock* m_clock;
    QHttpServer m_server;
    quint16 m_port = 0;
    crypto::RsaPublicKey m_merchantPublic;
    crypto::RsaPrivateKey m_platformKey;
    crypto::RsaPrivateKey m_pubModeKey;
    crypto::RsaPrivateKey m_forgeKey;
};

QJsonObject json(const QByteArray& body)
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray transactionJson(const QString& outTradeNo, const QString& state)
{
    return u"{\"amount\":{\"currency\":\"CNY\",\"payer_currency\":\"CNY\",\"payer_total\":100,\"total\":100},"
           "\"appid\":\"wxd678efh567hg6787\",\"attach\":\"\",\"bank_type\":\"OTHERS\",\"mchid\":\"1900007291\","
           "\"out_trade_no\":\"%1\",\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"},\"promotion_detail\":[],"
           "\"success_time\":\"2023-11-15T06:13:20+08:00\",\"trade_state\":\"%2\",\"trade_state_desc\":\"支付成功\","
           "\"trade_type\":\"NATIVE\",\"transaction_id\":\"4200002035202311151234567890\"}"_s.arg(outTradeNo, state)
        .toUtf8();
}

QByteArray refundJson(const QString& outRefundNo, const QString& status)
{
    return u"{\"amount\":{\"currency\":\"CNY\",\"discount_refund\":0,\"from\":[],\"payer_refund\":30,\"payer_total\":100,"
           "\"refund\":30,\"settlement_refund\":30,\"settlement_total\":100,\"total\":100},\"channel\":\"ORIGINAL\","
           "\"create_time\":\"2023-11-15T06:20:00+08:00\",\"funds_account\":\"AVAILABLE\",\"out_refund_no\":\"%1\","
           "\"out_trade_no\":\"ORDER_0001\",\"promotion_detail\":[],\"refund_id\":\"50000000382019052709732678859\","
           "\"status\":\"%2\",\"transaction_id\":\"4200002035202311151234567890\","
           "\"user_received_account\":\"支付用户零钱\"}"_s.arg(outRefundNo, status)
        .toUtf8();
}

} // namespace

class TestWeChatPayChannel final : public QObject
{
    Q_OBJECT

    FakeClock m_clock;
    std::unique_ptr<FakeWeChat> m_server;

    WeChatPayConfig config(bool publicKeyMode = false) const
    {
        WeChatPayConfig c;
        c.mchid = kMchid;
        c.appid = kAppid;
        c.merchantCertSerial = kMerchantSerial;
        c.merchantKey = *crypto::RsaPrivateKey::fromPem(keyFile(u"wxdoc-test-merchant-private-key.pem"_s));
        c.apiV3Key = crypto::SecureBytes(QByteArray("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"));
        c.platform.certificates.insert(kPlatformSerial,
                                       *crypto::RsaPublicKey::fromPem(keyFile(u"go-test-cert-F5765756002FDD77.pem"_s)));
        if (publicKeyMode) {
            c.platform.publicKeyId = kPubKeyId;
            c.platform.publicKey = *crypto::RsaPublicKey::fromPem(keyFile(u"java-wechat_pay_public_key.pem"_s));
        }
        c.baseUrl = m_server->baseUrl();
        c.defaultNotifyUrl = u"https://pay.example.com/notify/wechatpay"_s;
        c.timeoutMs = 3000;
        c.retryDelayMs = 0;
        c.clock = &m_clock;
        return c;
    }

    void answer(Reply reply)
    {
        m_server->handler = [reply](const Seen&) { return reply; };
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
        answer({200, "{\"code_url\":\"weixin:/" "/wxpay/bizpayurl?pr=JyC91EIz1\"}"});
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
        QTest::newRow("long out_trade_no") << QString(33, u'A') << qint64(1) << QString() << int(ErrorCode::InvalidArgument);
        QTest::newRow("bad character") << u"ORDER 0001"_s << qint64(1) << QString() << int(ErrorCode::InvalidArgument);
        QTest::newRow("zero amount") << u"ORDER_0001"_s << qint64(0) << QString() << int(ErrorCode::InvalidAmount);
        QTest::newRow("negative amount") << u"ORDER_0001"_s << qint64(-1) << QString() << int(ErrorCode::InvalidAmount);
        QTest::newRow("http notify") << u"ORDER_0001"_s << qint64(1) << u"http://x.example/n"_s
                                     << int(ErrorCode::InvalidArgument);
        QTest::newRow("notify with query") << u"ORDER_0001"_s << qint64(1) << u"https://x.example/n?a=1"_s
                                           << int(ErrorCode::InvalidArgument);
    }
    void createQrValidatesBeforeSending()
    {
        QFETCH(QString, outTradeNo);
        QFETCH(qint64, fen);
        QFETCH(QString, notifyUrl);
        QFETCH(int, code);
        WeChatPayChannel channel(config());
        CreateQrRequest req{outTradeNo, Money::fen(fen), u"goods"_s, {}, notifyUrl, {}};
        auto result = channel.createQr(req);
        QVERIFY(!result.has_value());
        QCOMPARE(int(result.error().code), code);
        QVERIFY(m_server->seen.isEmpty());
    }

    void query()
    {
        m_server->handler = [](const Seen& s) {
            return Reply{200, transactionJson(s.urlLine.contains("A%7CB") ? u"A|B*C-123"_s : u"ORDER_0001"_s,
                                              u"SUCCESS"_s)};
        };
        WeChatPayChannel channel(config());
        auto trade = channel.query(u"ORDER_0001"_s);
        QVERIFY2(trade.has_value(), qPrintable(trade ? QString() : trade.error().detail));
        QCOMPARE(m_server->seen.last().urlLine, QByteArray("/v3/pay/transactions/out-trade-no/ORDER_0001?mchid=1900007291"));
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
        QCOMPARE(m_server->seen.last().urlLine, QByteArray("/v3/pay/transactions/out-trade-no/A%7CB%2AC-123?mchid=1900007291"));
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
        answer({200, body});
        WeChatPayChannel channel(config());
        auto trade = channel.query(u"ORDER_0001"_s);
        QVERIFY(!trade.has_value());
        QCOMPARE(trade.error().code, ErrorCode::MalformedInput);
    }

    void queryOtherMerchant()
    {
        QByteArray body = transactionJson(u"ORDER_0001"_s, u"NOTPAY"_s);
        body.replace("1900007291", "1900000000");
        answer({200, body});
        WeChatPayChannel channel(config());
        QCOMPARE(channel.query(u"ORDER_0001"_s).error().code, ErrorCode::MerchantMismatch);
    }

    void close()
    {
        answer({204, QByteArray()});
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
        answer({204, QByteArray(), Reply::Signing::Forged});
        QCOMPARE(channel.close(u"ORDER_0001"_s).error().code, ErrorCode::ResponseSignatureInvalid);
        answer({204, QByteArray(), Reply::Signing::None});
        QCOMPARE(channel.close(u"ORDER_0001"_s).error().code, ErrorCode::ResponseSignatureInvalid);
    }

    void refund()
    {
        m_server->handler = [](const Seen& s) {
            return Reply{200, refundJson(json(s.body).value(u"out_refund_no"_s).toString(), u"PROCESSING"_s)};
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
                return Reply{500, R"({"code":"SYSTEM_ERROR","message":"系统错误"})"};
            }
            return Reply{200, refundJson(json(s.body).value(u"out_refund_no"_s).toString(), u"SUCCESS"_s)};
        };
        WeChatPayChannel channel(config());
        RefundRequest req{u"ORDER_0001"_s, {}, u"R1"_s, Money::fen(30), Money::fen(100), {}, {}};
        auto status = channel.refund(req);
        QVERIFY(status.has_value());
        QCOMPARE(status->state, RefundState::Succeeded);
        QCOMPARE(m_server->seen.size(), 2);
        QCOMPARE(m_server->seen.at(0).body, m_server->seen.at(1).body);
    }

    void queryRefund()
    {
        answer({200, refundJson(u"R1"_s, u"SUCCESS"_s)});
        WeChatPayChannel channel(config());
        auto status = channel.queryRefund(u"ORDER_0001"_s, u"R1"_s);
        QVERIFY(status.has_value());
        QCOMPARE(status->state, RefundState::Succeeded);
        QCOMPARE(status->total, std::optional<Money>(Money::fen(100)));
        QCOMPARE(m_server->seen.last().urlLine, QByteArray("/v3/refund/domestic/refunds/R1"));
        QCOMPARE(m_server->seen.last().method, QByteArray("GET"));
        QVERIFY(m_server->seen.last().authorizationValid);
    }

    void errorMapping_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("requests");
        QTest::newRow("401 sign error") << 401 << QByteArray(R"({"code":"SIGN_ERROR","message":"签名错误"})")
                                        << int(ErrorCode::SignatureInvalid) << 1;
        QTest::newRow("404 order not exist") << 404 << QByteArray(R"({"code":"ORDER_NOT_EXIST","message":"订单不存在"})")
                                             << int(ErrorCode::OrderNotExist) << 1;
        QTest::newRow("404 ORDERNOTEXIST") << 404 << QByteArray(R"({"code":"ORDERNOTEXIST","message":"x"})")
                                           << int(ErrorCode::OrderNotExist) << 1;
        QTest::newRow("429 rate limit") << 429 << QByteArray(R"({"code":"FREQUENCY_LIMITED","message":"频率超限"})")
                                        << int(ErrorCode::RateLimited) << 1;
        QTest::newRow("500 retried then failing") << 500 << QByteArray(R"({"code":"SYSTEM_ERROR","message":"系统错误"})")
                                                  << int(ErrorCode::ChannelSystemError) << 3;
        QTest::newRow("503 unreadable body") << 503 << QByteArray("<html>busy</html>")
                                             << int(ErrorCode::ChannelSystemError) << 3;
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
        answer({status, body, Reply::Signing::None});
        WeChatPayChannel channel(config());
        auto trade = channel.query(u"ORDER_0001"_s);
        QVERIFY(!trade.has_value());
        QCOMPARE(int(trade.error().code), code);
        QVERIFY(trade.error().detail.contains(QString::number(status)));
        QCOMPARE(m_server->seen.size(), requests);
    }

    void businessErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        QTest::newRow("ORDERPAID") << 400 << QByteArray(R"({"code":"ORDERPAID","message":"订单已支付"})")
                                   << int(ErrorCode::OrderPaid);
        QTest::newRow("INVALID_REQUEST already paid") << 400
                                                      << QByteArray(R"({"code":"INVALID_REQUEST","message":"该订单已支付"})")
                                                      << int(ErrorCode::OrderPaid);
        QTest::newRow("ORDER_CLOSED") << 400 << QByteArray(R"({"code":"ORDER_CLOSED","message":"订单已关闭"})")
                                      << int(ErrorCode::OrderClosed);
        QTest::newRow("NOT_ENOUGH") << 403
                                    << QByteArray(R"({"code":"NOT_ENOUGH","message":"基本账户余额不足，请充值后重新发起"})")
                                    << int(ErrorCode::NotEnoughBalance);
        QTest::newRow("notenough lower case") << 403 << QByteArray(R"({"code":"notenough","message":"x"})")
                                              << int(ErrorCode::NotEnoughBalance);
        QTest::newRow("RESOURCE_NOT_EXISTS") << 404 << QByteArray(R"({"code":"RESOURCE_NOT_EXISTS","message":"x"})")
                                             << int(ErrorCode::OrderNotExist);
    }
    void businessErrors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, code);
        answer({status, body, Reply::Signing::None});
        WeChatPayChannel channel(config());
        QCOMPARE(int(channel.close(u"ORDER_0001"_s).error().code), code);
        RefundRequest req{u"ORDER_0001"_s, {}, u"R1"_s, Money::fen(30), Money::fen(100), {}, {}};
        QCOMPARE(int(channel.refund(req).error().code), code);
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
        answer({200, transactionJson(u"ORDER_0001"_s, u"SUCCESS"_s), Reply::Signing(signing)});
        WeChatPayChannel channel(config());
        auto trade = channel.query(u"ORDER_0001"_s);
        QVERIFY(!trade.has_value());
        QCOMPARE(int(trade.error().code), code);
        // Not a transient failure: no retry.
        QCOMPARE(m_server->seen.size(), 1);
    }

    void unknownSerial()
    {
        answer({200, transactionJson(u"ORDER_0001"_s, u"SUCCESS"_s)});
        WeChatPayConfig c = config();
        c.platform.certificates.clear();
        c.platform.certificates.insert(u"D7CE59D1F522D701"_s,
                                       *crypto::RsaPublicKey::fromPem(keyFile(u"go-test-cert-D7CE59D1F522D701.pem"_s)));
        WeChatPayChannel channel(c);
        QCOMPARE(channel.query(u"ORDER_0001"_s).error().code, ErrorCode::UnknownSerial);
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
                return Reply{200, u"{\"download_url\":\"%1/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2wMMR8cNXqaA_Cv_isgaUtBzp4QtiozLO\",\"hash_type\":\"SHA1\",\"hash_value\":\"%2\"}"_s
                                      .arg(base, QString::fromLatin1(hash))
                                      .toUtf8()};
            }
            // The download is not signed by WeChat.
            return Reply{200, packed, Reply::Signing::None, "application/octet-stream"};
        };
        WeChatPayChannel channel(config());
        auto bill = channel.tradeBill(QDate(2019, 2, 19));
        QCOMPARE(m_server->seen.size(), 2);
        QCOMPARE(m_server->seen.at(0).urlLine, QByteArray("/v3/bill/tradebill?bill_date=2019-02-19&bill_type=ALL&tar_type=GZIP"));
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
        answer({200, "{\"download_url\":\"https:/" "/evil.example.com/v3/billdownload/file?token=x\",\"hash_type\":\"SHA1\","
                     "\"hash_value\":\"79bb0f45fc4c42234a918000b2668d689e2bde04\"}"});
        WeChatPayChannel channel(config());
        QCOMPARE(channel.tradeBill(QDate(2019, 2, 19)).error().code, ErrorCode::MalformedInput);
        QCOMPARE(m_server->seen.size(), 1);
    }

    void networkFailure()
    {
        WeChatPayConfig c = config();
        const quint16 port = m_server->port();
        m_server.reset(); // nothing listens there any more
        c.baseUrl = u"http://127.0.0.1:%1"_s.arg(port);
        c.maxAttempts = 2;
        WeChatPayChannel channel(c);
        auto trade = channel.query(u"ORDER_0001"_s);
        QVERIFY(!trade.has_value());
        QCOMPARE(trade.error().code, ErrorCode::NetworkError);
        m_server = std::make_unique<FakeWeChat>(&m_clock);
    }
};

QTEST_GUILESS_MAIN(TestWeChatPayChannel)
#include "tst_wechatpay_channel.moc"
