#pragma once
// Shared by the WeChat Pay channel tests: WeChat Pay on loopback (a QHttpServer that checks the merchant's
// Authorization and answers signed like WeChat), the vector keys and ids, sample bodies, and the channel configuration
// pointing at it.

#include <functional>

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include "core/channels/wechatpay/RequestSigner.h"
#include "core/channels/wechatpay/ResponseVerifier.h"
#include "core/channels/wechatpay/WeChatPayChannel.h"
#include "tests/support/TestSupport.h"

namespace paydesk::test::wechatpay {

using namespace paydesk::wechatpay;
using namespace Qt::StringLiterals;

class FakeClock final : public Clock
{
public:
    [[nodiscard]] QDateTime nowUtc() const override { return QDateTime::fromSecsSinceEpoch(m_secs, QTimeZone::utc()); }
    qint64 m_secs = 1700000000;
};

inline const QString kMchid = u"1900007291"_s;
inline const QString kAppid = u"wxd678efh567hg6787"_s;
inline const QString kMerchantSerial = u"408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"_s;
inline const QString kPlatformSerial = u"F5765756002FDD77"_s;
inline const QString kPubKeyId = u"PUB_KEY_ID_0112345678901234567890123456789012"_s;

inline QByteArray keyFile(const QString& name)
{
    return test::readData(u"vectors/wechatpay/keys/"_s + name);
}

/// What the fake WeChat saw of one request.
struct Seen
{
    QByteArray method;
    QByteArray urlLine;
    QByteArray body;
    QByteArray serialHeader;
    bool authorizationValid = false;
};

/// What it answers.
struct Reply
{
    int status = 200;
    QByteArray body;
    enum class Signing
    {
        Platform,
        None,
        Forged,
        Stale
    } signing = Signing::Platform;
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
    /// The same reply to every request.
    void answer(Reply reply)
    {
        handler = [reply](const Seen&) {
            return reply;
        };
    }
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
        const QByteArray message =
            RequestSigner::message(s.method, s.urlLine, p.value("timestamp"), p.value("nonce_str"), s.body);
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
        Reply r = handler ? handler(s) : Reply { 404, R"({"code":"NOT_FOUND","message":"no handler"})" };

        const bool pubMode = s.serialHeader == kPubKeyId.toLatin1();
        qint64 ts = m_clock->nowSecs();
        if (r.signing == Reply::Signing::Stale) {
            ts -= 400;
        }
        const QByteArray tsText = QByteArray::number(ts);
        const QByteArray nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";
        const crypto::RsaPrivateKey& key =
            r.signing == Reply::Signing::Forged ? m_forgeKey : (pubMode ? m_pubModeKey : m_platformKey);
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

inline QJsonObject json(const QByteArray& body)
{
    return QJsonDocument::fromJson(body).object();
}

inline QByteArray transactionJson(const QString& outTradeNo, const QString& state)
{
    return u"{\"amount\":{\"currency\":\"CNY\",\"payer_currency\":\"CNY\",\"payer_total\":100,\"total\":100},"
           "\"appid\":\"wxd678efh567hg6787\",\"attach\":\"\",\"bank_type\":\"OTHERS\",\"mchid\":\"1900007291\","
           "\"out_trade_no\":\"%1\",\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"},\"promotion_detail\":[],"
           "\"success_time\":\"2023-11-15T06:13:20+08:00\",\"trade_state\":\"%2\",\"trade_state_desc\":\"支付成功\","
           "\"trade_type\":\"NATIVE\",\"transaction_id\":\"4200002035202311151234567890\"}"_s.arg(outTradeNo, state)
               .toUtf8();
}

inline QByteArray refundJson(const QString& outRefundNo, const QString& status)
{
    return u"{\"amount\":{\"currency\":\"CNY\",\"discount_refund\":0,\"from\":[],\"payer_refund\":30,\"payer_total\":"
           u"100,"
           "\"refund\":30,\"settlement_refund\":30,\"settlement_total\":100,\"total\":100},\"channel\":\"ORIGINAL\","
           "\"create_time\":\"2023-11-15T06:20:00+08:00\",\"funds_account\":\"AVAILABLE\",\"out_refund_no\":\"%1\","
           "\"out_trade_no\":\"ORDER_0001\",\"promotion_detail\":[],\"refund_id\":\"50000000382019052709732678859\","
           "\"status\":\"%2\",\"transaction_id\":\"4200002035202311151234567890\","
           "\"user_received_account\":\"支付用户零钱\"}"_s.arg(outRefundNo, status)
               .toUtf8();
}

/// The channel configured for the fake: merchant 1900007291 with the WeChat doc's merchant key, the platform
/// certificate F5765756002FDD77, and (publicKeyMode) the WeChat Pay public key too; no retry delay.
inline WeChatPayConfig channelConfig(const FakeWeChat& server, const FakeClock& clock, bool publicKeyMode = false)
{
    WeChatPayConfig c;
    c.mchid = kMchid;
    c.appid = kAppid;
    c.merchantCertSerial = kMerchantSerial;
    c.merchantKey = *crypto::RsaPrivateKey::fromPem(keyFile(u"wxdoc-test-merchant-private-key.pem"_s));
    c.apiV3Key = crypto::SecureBytes(QByteArray("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"));
    c.platform.certificates.insert(
        kPlatformSerial, *crypto::RsaPublicKey::fromPem(keyFile(u"go-test-cert-F5765756002FDD77.pem"_s)));
    if (publicKeyMode) {
        c.platform.publicKeyId = kPubKeyId;
        c.platform.publicKey = *crypto::RsaPublicKey::fromPem(keyFile(u"java-wechat_pay_public_key.pem"_s));
    }
    c.baseUrl = server.baseUrl();
    c.defaultNotifyUrl = u"https://pay.example.com/notify/wechatpay"_s;
    c.timeoutMs = 3000;
    c.retryDelayMs = 0;
    c.clock = &clock;
    return c;
}

} // namespace paydesk::test::wechatpay
