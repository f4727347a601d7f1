#include "core/channels/alipay/AlipayGateway.h"

#include <QJsonDocument>
#include <QMap>
#include <QThread>

#include "core/channels/alipay/AlipayAmount.h"
#include "core/channels/alipay/AlipayErrors.h"
#include "core/channels/alipay/FormCodec.h"
#include "core/channels/alipay/SignContent.h"
#include "core/log/Log.h"

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

AlipayGateway::AlipayGateway(AlipayConfig config)
    : m_config(std::move(config))
    , m_http(m_config.timeoutMs)
{
}

const Clock& AlipayGateway::clock() const
{
    return m_config.clock ? *m_config.clock : SystemClock::instance();
}

Result<QList<QPair<QString, QString>>> AlipayGateway::signedParams(
    const QString& method, const QJsonObject& biz, const QString& notifyUrl) const
{
    // The JSON text is produced once and that very text is both signed and sent.
    const QString bizText = QString::fromUtf8(QJsonDocument(biz).toJson(QJsonDocument::Compact));
    QList<QPair<QString, QString>> pairs {
        { u"app_id"_s, m_config.appId },
        { u"method"_s, method },
        { u"format"_s, u"JSON"_s },
        { u"charset"_s, u"utf-8"_s },
        { u"sign_type"_s, u"RSA2"_s },
        { u"timestamp"_s, formatChinaTime(clock().nowUtc()) },
        { u"version"_s, u"1.0"_s },
    };
    if (!notifyUrl.isEmpty())
        pairs.append({ u"notify_url"_s, notifyUrl });
    pairs.append({ u"biz_content"_s, bizText });

    QMap<QString, QString> map;
    for (const auto& [k, v] : pairs)
        map.insert(k, v);
    auto sign = signRsa2(m_config.appPrivateKey, signContent(map, SignRule::Request));
    if (!sign)
        return tl::unexpected(sign.error());
    pairs.append({ u"sign"_s, QString::fromLatin1(*sign) });
    return pairs;
}

Result<VerifiedResponse> AlipayGateway::call(
    const QString& method, const QJsonObject& biz, const QString& notifyUrl) const
{
    auto params = signedParams(method, biz, notifyUrl);
    if (!params) {
        Error e = params.error();
        e.definite = true; // nothing was sent
        return tl::unexpected(e);
    }
    const QList<QPair<QByteArray, QByteArray>> headers {
        { "Content-Type", "application/x-www-form-urlencoded;charset=utf-8" },
        { "Accept", "application/json" },
    };
    auto response = m_http.send("POST", m_config.gatewayUrl, headers, encodeForm(*params));
    if (!response)
        return tl::unexpected(response.error());
    if (response->status >= 500)
        return fail(ErrorCode::ChannelSystemError, method + u": gateway HTTP %1"_s.arg(response->status));
    if (response->status != 200)
        return fail(ErrorCode::MalformedInput, method + u": unexpected gateway HTTP %1"_s.arg(response->status));
    auto verified = verifyResponse(response->body, method, m_config.alipayPublicKey);
    if (!verified)
        log::channels()->warn("alipay {}: response rejected: {}", method, verified.error().detail);
    return verified;
}

Result<VerifiedResponse> AlipayGateway::callRetrying(const QString& method, const QJsonObject& biz) const
{
    const int attempts = qMax(1, m_config.maxAttempts);
    Result<VerifiedResponse> last = fail(ErrorCode::Internal);
    for (int i = 0; i < attempts; ++i) {
        if (i > 0 && m_config.retryDelayMs > 0)
            QThread::msleep(static_cast<unsigned long>(m_config.retryDelayMs) * static_cast<unsigned long>(i));
        last = call(method, biz);
        const bool retry = last
            ? isSystemError(*last)
            : (last.error().code == ErrorCode::NetworkTimeout || last.error().code == ErrorCode::ChannelSystemError);
        if (!retry)
            return last;
        log::channels()->info("alipay {}: attempt {} of {} failed, {}",
            method,
            i + 1,
            attempts,
            last ? last->code + u' ' + last->subCode : last.error().detail);
    }
    return last;
}

Result<QByteArray> AlipayGateway::download(const QUrl& url) const
{
    // https only, except when the gateway itself is plain http (paydesk-sim on loopback).
    const bool schemeOk =
        url.scheme() == u"https" || (url.scheme() == u"http" && m_config.gatewayUrl.scheme() == u"http");
    if (!url.isValid() || !schemeOk)
        return fail(ErrorCode::MalformedInput, u"bad bill download url"_s);
    auto response = m_http.send("GET", url, {}, {});
    if (!response)
        return tl::unexpected(response.error());
    if (response->status != 200)
        return fail(response->status >= 500 ? ErrorCode::ChannelSystemError : ErrorCode::NotFound,
            u"bill download HTTP %1"_s.arg(response->status));
    return response->body;
}

} // namespace paydesk::alipay
