#pragma once

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include "core/channels/HttpClient.h"
#include "core/channels/alipay/AlipayConfig.h"
#include "core/channels/alipay/ResponseVerifier.h"
#include "core/util/Result.h"

namespace paydesk::alipay {

/// The OpenAPI gateway protocol: public parameters, RSA2 signing, the form POST, and response verification.
/// Business meaning (which error is fine for which method) stays in AlipayChannel. Thread-safe (const).
class AlipayGateway final
{
public:
    explicit AlipayGateway(AlipayConfig config);

    [[nodiscard]] const AlipayConfig& config() const { return m_config; }

    /// The public parameters plus biz_content (compact JSON, signed exactly as sent) and sign, in sending order.
    [[nodiscard]] Result<QList<QPair<QString, QString>>> signedParams(
        const QString& method, const QJsonObject& biz, const QString& notifyUrl) const;

    /// One POST to the gateway; the verified response (success or business error). Transport problems are
    /// NetworkTimeout / NetworkError, an HTTP 5xx is ChannelSystemError, a bad signature ResponseSignatureInvalid:
    /// none of them definite (the call may have taken effect), unlike a failure to sign (nothing was sent).
    [[nodiscard]] Result<VerifiedResponse> call(
        const QString& method, const QJsonObject& biz, const QString& notifyUrl = {}) const;

    /// As call(), retried (bounded by maxAttempts, growing delay) while the outcome is NetworkTimeout or a
    /// system error (code 20000 / ACQ.SYSTEM_ERROR). Only for requests that are safe to repeat: queries, and
    /// refunds with the same out_request_no.
    [[nodiscard]] Result<VerifiedResponse> callRetrying(const QString& method, const QJsonObject& biz) const;

    /// GET of a URL the gateway handed out (bill download); the body of a 200 answer.
    [[nodiscard]] Result<QByteArray> download(const QUrl& url) const;

private:
    [[nodiscard]] const Clock& clock() const;

    AlipayConfig m_config;
    HttpClient m_http;
};

} // namespace paydesk::alipay
