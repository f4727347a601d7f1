#include "core/channels/wechatpay/WeChatPayTransport.h"

#include <functional>

#include <QThread>

#include "core/channels/wechatpay/WeChatPayErrors.h"
#include "core/crypto/Random.h"
#include "core/log/Log.h"

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {

// What goes on the request line, and therefore what WeChat rebuilds to check our signature.
QByteArray urlLine(const QUrl& url)
{
    QByteArray line = url.path(QUrl::FullyEncoded).toLatin1();
    if (line.isEmpty()) {
        line = "/";
    }
    if (url.hasQuery()) {
        line += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    }
    return line;
}

bool isRetryableHere(ErrorCode code)
{
    return code == ErrorCode::NetworkTimeout || code == ErrorCode::ChannelSystemError;
}

} // namespace

WeChatPayTransport::WeChatPayTransport(const WeChatPayConfig& config)
    : m_base(QUrl(config.baseUrl, QUrl::StrictMode))
    , m_publicKeyId(config.platform.publicKeyId)
    , m_maxAttempts(qBound(1, config.maxAttempts, 10))
    , m_retryDelayMs(qBound(0, config.retryDelayMs, 10000))
    , m_clock(config.clock ? config.clock : &SystemClock::instance())
    , m_signer(config.mchid, config.merchantCertSerial, config.merchantKey)
    , m_verifier(config.platform, m_clock)
    , m_http(config.timeoutMs)
{
}

Result<HttpResponse> WeChatPayTransport::attempt(
    const QByteArray& method, const QUrl& url, const QByteArray& body, bool verify) const
{
    const QByteArray nonce = crypto::randomAlnum(32).toLatin1();
    auto authorization = m_signer.authorization(method, urlLine(url), m_clock->nowSecs(), nonce, body);
    if (!authorization) {
        Error e = authorization.error();
        e.definite = true; // nothing was sent
        return tl::unexpected(e);
    }
    QList<QPair<QByteArray, QByteArray>> headers {
        { "Authorization", *authorization },
        { "Accept", "application/json" },
        { "User-Agent", "PayDesk/1.0 (WeChatPay-APIv3)" },
    };
    if (!body.isEmpty()) {
        headers.append(qMakePair(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")));
    }
    // In public-key mode WeChat signs answers with the public key only when we name it.
    if (!m_publicKeyId.isEmpty()) {
        headers.append(qMakePair(QByteArrayLiteral("Wechatpay-Serial"), m_publicKeyId.toLatin1()));
    }
    auto response = m_http.send(method, url, headers, body);
    if (!response) {
        return response;
    }
    if (response->status < 200 || response->status > 299) {
        return tl::unexpected(refusalOrUnknown(method, url, *response, verify));
    }
    if (verify) {
        if (auto ok = m_verifier.verify(response->headers, response->body, ErrorCode::ResponseSignatureInvalid); !ok) {
            log::channels()->warn("WeChat Pay response to {} {} rejected: {}",
                QString::fromLatin1(method),
                url.path(),
                ok.error().detail);
            return tl::unexpected(ok.error());
        }
    }
    return response;
}

Error WeChatPayTransport::refusalOrUnknown(
    const QByteArray& method, const QUrl& url, const HttpResponse& response, bool verify) const
{
    Error e = mapHttpError(response.status, response.body);
    if (!isBusinessRefusal(response.status, e.code)) {
        return e; // 5xx, 429, 1xx/3xx: the call may have happened, or may happen on a retry
    }
    // WeChat signs its error answers like any other. Only a refusal it signed is certain to be its own: anything on
    // the way (a proxy, a load balancer, an attacker) can answer 4xx. 401 SIGN_ERROR is no exception: WeChat checks
    // our signature before it does anything, so a signed 401 proves the request took no effect; an unsigned one
    // proves nothing.
    if (!verify) {
        e.detail += u" (unsigned answer)"_s;
        return e;
    }
    if (auto ok = m_verifier.verify(response.headers, response.body, ErrorCode::ResponseSignatureInvalid); !ok) {
        log::channels()->warn("WeChat Pay refusal of {} {} not verified ({}): treated as unknown",
            QString::fromLatin1(method),
            url.path(),
            ok.error().detail);
        e.detail += u" (signature not verified: %1)"_s.arg(ok.error().detail);
        return e;
    }
    e.definite = true;
    return e;
}

Result<HttpResponse> WeChatPayTransport::withRetry(Retry retry, const std::function<Result<HttpResponse>()>& once) const
{
    const int attempts = retry == Retry::Safe ? m_maxAttempts : 1;
    Result<HttpResponse> result = once();
    for (int i = 1; i < attempts && !result && isRetryableHere(result.error().code); ++i) {
        log::channels()->info("WeChat Pay call failed ({}), retry {} of {}", result.error().detail, i, attempts - 1);
        if (m_retryDelayMs > 0) {
            QThread::msleep(static_cast<unsigned long>(m_retryDelayMs * i));
        }
        result = once();
    }
    return result;
}

Result<HttpResponse> WeChatPayTransport::call(
    const QByteArray& method, const QByteArray& pathAndQuery, const QByteArray& body, Retry retry) const
{
    if (!m_base.isValid() || m_base.host().isEmpty()) {
        return refusal(ErrorCode::InvalidArgument, u"WeChat Pay base URL is not valid"_s);
    }
    QByteArray full = m_base.toEncoded(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::StripTrailingSlash);
    const QUrl url = QUrl::fromEncoded(full + pathAndQuery, QUrl::StrictMode);
    if (!url.isValid()) {
        return refusal(ErrorCode::InvalidArgument, u"cannot build a WeChat Pay URL"_s);
    }
    return withRetry(retry, [&] {
        return attempt(method, url, body, true);
    });
}

Result<HttpResponse> WeChatPayTransport::download(const QByteArray& downloadUrl, Retry retry) const
{
    const QUrl url = QUrl::fromEncoded(downloadUrl, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != m_base.scheme() || url.host().compare(m_base.host(), Qt::CaseInsensitive) != 0
        || url.port(url.scheme() == u"https"_s ? 443 : 80) != m_base.port(m_base.scheme() == u"https"_s ? 443 : 80)) {
        return refusal(ErrorCode::MalformedInput, u"bill download_url is not on the WeChat Pay API host"_s);
    }
    return withRetry(retry, [&] {
        return attempt("GET", url, QByteArray(), false);
    });
}

} // namespace paydesk::wechatpay
