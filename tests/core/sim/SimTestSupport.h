#pragma once
// Shared by the simulator's tests: a simulator on loopback with the published vector keys, and clients that build
// signed WeChat and Alipay requests themselves (independently of core/sim and of the adapters).

#include <memory>

#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTimer>
#include <QUrlQuery>

#include "core/crypto/Random.h"
#include "core/crypto/Rsa.h"
#include "core/sim/AlipaySigning.h"
#include "core/sim/SimServer.h"
#include "core/sim/WeChatSigning.h"
#include "tests/support/TestSupport.h"

namespace paydesk::simtest {

using namespace Qt::StringLiterals;

/// A clock tests can move.
class MutableClock final : public Clock
{
public:
    [[nodiscard]] QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc().addMSecs(offsetMs); }
    qint64 offsetMs = 0;
};

inline const QString kMchid = u"1900007291"_s;
inline const QString kAppid = u"wxd678efh567hg6787"_s;
inline const QString kMerchantSerial = u"408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"_s;
inline const QByteArray kApiV3Key = QByteArrayLiteral("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb");
inline const QString kAlipayAppId = u"2019091767145019"_s;
inline const QString kAlipayPid = u"2088102177846880"_s;

inline QByteArray vector(const QString& rel)
{
    return test::readData(u"vectors/"_s + rel);
}

inline crypto::RsaPrivateKey privateKey(const QString& rel)
{
    auto k = crypto::RsaPrivateKey::fromPem(vector(rel));
    if (!k)
        qFatal("bad test key %s", qPrintable(rel));
    return *k;
}

inline crypto::RsaPublicKey publicKey(const QByteArray& pem)
{
    auto k = crypto::RsaPublicKey::fromPem(pem);
    if (!k)
        qFatal("bad public key");
    return *k;
}

/// Channel keys from the vectors, so no test waits for RSA key generation.
inline sim::SimKeyFiles vectorKeyFiles()
{
    sim::SimKeyFiles f;
    f.wechatPlatformKey = test::dataPath(u"vectors/wechatpay/keys/go-test-private-key.pem"_s);
    f.wechatPlatformCert = test::dataPath(u"vectors/wechatpay/keys/go-test-cert-D7CE59D1F522D701.pem"_s);
    f.wechatPublicKeyKey = test::dataPath(u"vectors/wechatpay/keys/java-wechat_pay_private_key.pem"_s);
    f.wechatPublicKeyId = u"PUB_KEY_ID_0114232134912410000000000001"_s;
    f.alipayKey = test::dataPath(u"vectors/wechatpay/keys/java-merchant_private_key.pem"_s);
    return f;
}

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    [[nodiscard]] QByteArray header(QByteArrayView name) const
    {
        for (const auto& h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

inline HttpResult http(QNetworkAccessManager& nam,
    const QByteArray& method,
    const QString& url,
    const QList<QPair<QByteArray, QByteArray>>& headers,
    const QByteArray& body,
    int timeoutMs = 10000)
{
    QNetworkRequest req { QUrl(url, QUrl::StrictMode) };
    req.setTransferTimeout(timeoutMs);
    for (const auto& [k, v] : headers)
        req.setRawHeader(k, v);
    QNetworkReply* reply = nam.sendCustomRequest(req, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.headers = reply->rawHeaderPairs();
    r.error = reply->error();
    reply->deleteLater();
    return r;
}

/// A simulator in a temporary state directory with the vector merchants configured.
class SimFixture
{
public:
    explicit SimFixture(double timeScale = 1000, sim::WeChatKeyMode mode = sim::WeChatKeyMode::Certificate)
    {
        dir = std::make_unique<QTemporaryDir>();
        start(timeScale, mode);
    }
    void start(double timeScale = 1000, sim::WeChatKeyMode mode = sim::WeChatKeyMode::Certificate)
    {
        sim::SimOptions o;
        o.stateDir = dir->path();
        o.timeScale = timeScale;
        o.keyMode = mode;
        o.clock = &clock;
        o.createDemoMerchants = false;
        o.keyFiles = vectorKeyFiles();
        server = std::make_unique<sim::SimServer>(o);
        auto st = server->start();
        QVERIFY2(st.has_value(), st ? "" : qPrintable(st.error().detail));
        sim::WeChatMerchant w;
        w.mchid = kMchid;
        w.appid = kAppid;
        w.apiV3Key = kApiV3Key;
        w.publicKeyPem = vector(u"wechatpay/keys/wxdoc-test-merchant-public-key.pem"_s);
        w.serialNo = kMerchantSerial;
        QVERIFY(server->addWeChatMerchant(w).has_value());
        sim::AlipayMerchant a;
        a.appId = kAlipayAppId;
        a.pid = kAlipayPid;
        a.appPublicKeyPem = vector(u"alipay/keys/java-prodcert-app-cert-2019091767145019.crt"_s);
        QVERIFY(server->addAlipayMerchant(a).has_value());
        server->setAutoCompleteRefunds(true, 0);
        auto port = server->listenOn(QHostAddress::LocalHost, 0);
        QVERIFY(port.has_value());
    }
    void restart()
    {
        const double scale = 1000;
        server.reset();
        start(scale);
    }

    // ---- WeChat client (its own signing code, not the simulator's) ----
    HttpResult wechat(const QByteArray& method,
        const QString& pathAndQuery,
        const QByteArray& body = {},
        qint64 tsOffsetSecs = 0,
        const crypto::RsaPrivateKey* key = nullptr,
        const QString& mchid = kMchid)
    {
        const QByteArray ts = QByteArray::number(clock.nowSecs() + tsOffsetSecs);
        const QByteArray nonce = crypto::randomAlnum(32).toLatin1();
        const QByteArray message =
            method + '\n' + pathAndQuery.toUtf8() + '\n' + ts + '\n' + nonce + '\n' + body + '\n';
        static const crypto::RsaPrivateKey merchantKey =
            privateKey(u"wechatpay/keys/wxdoc-test-merchant-private-key.pem"_s);
        const QByteArray sig = (key ? *key : merchantKey).signSha256(message).value().toBase64();
        const QByteArray auth = "WECHATPAY2-SHA256-RSA2048 mchid=\"" + mchid.toLatin1() + "\",nonce_str=\"" + nonce
            + "\",timestamp=\"" + ts + "\",serial_no=\"" + kMerchantSerial.toLatin1() + "\",signature=\"" + sig + "\"";
        QList<QPair<QByteArray, QByteArray>> h { { QByteArrayLiteral("Authorization"), auth },
            { QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json") },
            { QByteArrayLiteral("User-Agent"), QByteArrayLiteral("paydesk-sim-test/1.0") } };
        if (!body.isEmpty() || method == "POST")
            h.append({ QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
        return http(nam, method, server->baseUrl() + pathAndQuery, h, body);
    }
    /// Verifies a WeChat response signature with the key its Wechatpay-Serial names.
    bool wechatSigned(const HttpResult& r) const
    {
        const QByteArray serial = r.header("Wechatpay-Serial");
        QByteArray pem;
        if (serial == server->keys().wechatCertSerial().toLatin1())
            pem = server->keys().wechatCertPem();
        else if (serial == server->keys().wechatPublicKeyId().toLatin1())
            pem = server->keys().wechatPublicKeyPem();
        else
            return false;
        const QByteArray message =
            r.header("Wechatpay-Timestamp") + '\n' + r.header("Wechatpay-Nonce") + '\n' + r.body + '\n';
        return publicKey(pem).verifySha256(message, QByteArray::fromBase64(r.header("Wechatpay-Signature")));
    }
    QByteArray prepayBody(
        const QString& outTradeNo, qint64 total, const QString& notifyUrl = u"https://example.com/n"_s)
    {
        return QJsonDocument(QJsonObject { { u"appid"_s, kAppid },
                                 { u"mchid"_s, kMchid },
                                 { u"description"_s, u"Image形象店-深圳腾大-QQ公仔"_s },
                                 { u"out_trade_no"_s, outTradeNo },
                                 { u"notify_url"_s, notifyUrl },
                                 { u"amount"_s, QJsonObject { { u"total"_s, total }, { u"currency"_s, u"CNY"_s } } } })
            .toJson(QJsonDocument::Compact);
    }

    // ---- Alipay client ----
    HttpResult alipay(const QString& method,
        const QJsonObject& biz,
        const QString& notifyUrl = {},
        bool publicInQuery = false,
        qint64 tsOffsetSecs = 0,
        const crypto::RsaPrivateKey* key = nullptr)
    {
        sim::alipay::Params p;
        p.insert(u"app_id"_s, kAlipayAppId);
        p.insert(u"method"_s, method);
        p.insert(u"format"_s, u"JSON"_s);
        p.insert(u"charset"_s, u"utf-8"_s);
        p.insert(u"sign_type"_s, u"RSA2"_s);
        p.insert(u"version"_s, u"1.0"_s);
        p.insert(u"timestamp"_s,
            QDateTime::fromMSecsSinceEpoch(clock.nowMSecs() + tsOffsetSecs * 1000, QTimeZone(8 * 3600))
                .toString(u"yyyy-MM-dd HH:mm:ss"_s));
        if (!notifyUrl.isEmpty())
            p.insert(u"notify_url"_s, notifyUrl);
        p.insert(u"biz_content"_s, QString::fromUtf8(QJsonDocument(biz).toJson(QJsonDocument::Compact)));
        QByteArray content;
        for (auto it = p.cbegin(); it != p.cend(); ++it)
            content += (content.isEmpty() ? "" : "&") + it.key().toUtf8() + '=' + it.value().toUtf8();
        static const crypto::RsaPrivateKey appKey = privateKey(u"alipay/keys/java-prodcert-app-private-key.pem"_s);
        p.insert(u"sign"_s, QString::fromLatin1((key ? *key : appKey).signSha256(content).value().toBase64()));
        QUrlQuery query;
        QUrlQuery form;
        for (auto it = p.cbegin(); it != p.cend(); ++it) {
            const QString v = QString::fromLatin1(QUrl::toPercentEncoding(it.value()));
            (publicInQuery && it.key() != u"biz_content"_s ? query : form).addQueryItem(it.key(), v);
        }
        QString url = server->alipayGatewayUrl();
        if (!query.isEmpty())
            url += u'?' + query.toString(QUrl::FullyEncoded);
        return http(nam,
            "POST",
            url,
            { { QByteArrayLiteral("Content-Type"),
                QByteArrayLiteral("application/x-www-form-urlencoded;charset=utf-8") } },
            form.toString(QUrl::FullyEncoded).toUtf8());
    }
    /// The inner response object, after checking the signature over the raw substring.
    QJsonObject alipayInner(const HttpResult& r, const QString& method, bool* signatureOk) const
    {
        const QByteArray key = "\"" + sim::alipay::responseKey(method).toUtf8() + "\":";
        const qsizetype start = r.body.indexOf(key);
        const qsizetype signAt = r.body.lastIndexOf(",\"sign\":\"");
        *signatureOk = false;
        if (start < 0)
            return {};
        const qsizetype from = start + key.size();
        const QByteArray inner = r.body.mid(from, (signAt < 0 ? r.body.size() - 1 : signAt) - from);
        if (signAt >= 0) {
            const QByteArray sign = r.body.mid(signAt + 9, r.body.size() - signAt - 9 - 2);
            *signatureOk =
                publicKey(server->keys().alipayPublicKeyPem()).verifySha256(inner, QByteArray::fromBase64(sign));
        }
        return QJsonDocument::fromJson(inner).object();
    }

    MutableClock clock;
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<sim::SimServer> server;
    QNetworkAccessManager nam;
};

} // namespace paydesk::simtest
