#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>
#include <QUrl>

#include "core/util/Result.h"

namespace paydesk {

/// One HTTP answer, whatever its status.
struct HttpResponse
{
    int status = 0;
    QMap<QByteArray, QByteArray> headers; ///< names lower-case
    QByteArray body;
    [[nodiscard]] QByteArray header(const QByteArray& lowerName) const { return headers.value(lowerName); }
};

/// A small synchronous HTTP(S) client for the channel adapters. TLS verification stays at Qt's default (on);
/// redirects and caching are off, so what is signed and verified is exactly what went over the wire.
class HttpClient final
{
public:
    /// Response bodies above this are refused with BodyTooLarge instead of being buffered.
    static constexpr qint64 kMaxBodyBytes = 64LL * 1024 * 1024;

    explicit HttpClient(int timeoutMs = 10000);
    void setTimeoutMs(int ms);
    [[nodiscard]] int timeoutMs() const { return m_timeoutMs; }

    /// Synchronous; safe to call from any thread (one QNetworkAccessManager per calling thread, a local event loop,
    /// a timer for the timeout, which covers the whole exchange). Network failures are NetworkTimeout /
    /// NetworkError; any HTTP status is a success here.
    [[nodiscard]] Result<HttpResponse> send(const QByteArray& method,
        const QUrl& url,
        const QList<QPair<QByteArray, QByteArray>>& headers,
        const QByteArray& body) const;

private:
    int m_timeoutMs;
};

} // namespace paydesk
