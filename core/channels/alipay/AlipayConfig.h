#pragma once

#include <QString>
#include <QUrl>

#include "core/crypto/Rsa.h"
#include "core/util/Clock.h"

namespace paydesk::alipay {

/// Everything the Alipay adapter needs to talk to one app at one gateway (the real one or paydesk-sim).
struct AlipayConfig
{
    QString appId; ///< app_id (16 digits at Alipay)
    QString sellerId; ///< pid / seller_id (2088...), optional; when set, notifications must carry the same seller_id
    crypto::RsaPrivateKey appPrivateKey; ///< signs requests (RSA2)
    crypto::RsaPublicKey alipayPublicKey; ///< verifies responses and notifications
    QUrl gatewayUrl = QUrl(QStringLiteral("https://openapi.alipay.com/gateway.do"));
    QString notifyUrl; ///< default notify_url when a request carries none; empty = no notify_url sent
    int timeoutMs = 10000;
    /// Queries (and refunds with the same out_request_no) are retried on NetworkTimeout / ChannelSystemError:
    /// at most this many attempts in all, waiting retryDelayMs, 2*retryDelayMs, ... between them.
    int maxAttempts = 3;
    int retryDelayMs = 300;
    const Clock* clock = nullptr; ///< nullptr = SystemClock::instance()
};

} // namespace paydesk::alipay
