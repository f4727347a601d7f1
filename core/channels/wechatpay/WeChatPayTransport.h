#pragma once

#include <functional>

#include <QUrl>

#include "core/channels/HttpClient.h"
#include "core/channels/wechatpay/RequestSigner.h"
#include "core/channels/wechatpay/ResponseVerifier.h"
#include "core/channels/wechatpay/WeChatPayConfig.h"

namespace paydesk::wechatpay {

/// Signed APIv3 calls: builds the URL, signs the exact bytes sent, verifies every 2xx answer (the empty 204 too)
/// before anyone reads it, maps non-2xx answers to typed errors and retries safe calls a bounded number of times.
/// An error is definite (Error::definite) only when nothing was sent, or when WeChat refused the call with a 4xx
/// answer (not 429) whose signature verified; every other failure may have taken effect.
class WeChatPayTransport final
{
public:
    enum class Retry
    {
        Never,
        Safe
    };

    explicit WeChatPayTransport(const WeChatPayConfig& config);

    /// `pathAndQuery` is already percent-encoded ("/v3/pay/transactions/out-trade-no/X?mchid=1").
    [[nodiscard]] Result<HttpResponse> call(
        const QByteArray& method, const QByteArray& pathAndQuery, const QByteArray& body, Retry retry) const;
    /// A signed GET of a bill download URL. Its answer is not signed by WeChat (PROTOCOLS §1.3); the caller checks
    /// the file hash instead. The URL must be on the configured API host, so our signature goes nowhere else.
    [[nodiscard]] Result<HttpResponse> download(const QByteArray& downloadUrl, Retry retry) const;

    [[nodiscard]] const Clock& clock() const { return *m_clock; }
    [[nodiscard]] const ResponseVerifier& verifier() const { return m_verifier; }

private:
    [[nodiscard]] Result<HttpResponse> attempt(
        const QByteArray& method, const QUrl& url, const QByteArray& body, bool verify) const;
    /// The error for a non-2xx answer: definite only for a 4xx business refusal whose signature verifies.
    [[nodiscard]] Error refusalOrUnknown(
        const QByteArray& method, const QUrl& url, const HttpResponse& response, bool verify) const;
    [[nodiscard]] Result<HttpResponse> withRetry(Retry retry, const std::function<Result<HttpResponse>()>& once) const;

    QUrl m_base;
    QString m_publicKeyId;
    int m_maxAttempts;
    int m_retryDelayMs;
    const Clock* m_clock;
    RequestSigner m_signer;
    ResponseVerifier m_verifier;
    HttpClient m_http;
};

} // namespace paydesk::wechatpay
