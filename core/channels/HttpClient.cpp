#include "core/channels/HttpClient.h"

#include <memory>

#include <QBuffer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThreadStorage>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

// QNetworkAccessManager is bound to the thread that created it, so every calling thread gets its own, created on
// first use and destroyed when the thread ends.
QNetworkAccessManager& threadManager()
{
    static QThreadStorage<QNetworkAccessManager*> storage;
    if (!storage.hasLocalData()) {
        auto* nam = new QNetworkAccessManager();
        // Caching and redirects would make the verified bytes differ from the requested resource.
        nam->setCache(nullptr);
        nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        nam->setAutoDeleteReplies(false);
        storage.setLocalData(nam);
    }
    return *storage.localData();
}

struct ReplyDeleter
{
    void operator()(QNetworkReply* r) const
    {
        if (r) {
            r->disconnect();
            r->abort();
            r->deleteLater();
        }
    }
};

/// A request for exactly the bytes the server signs: no redirects, no cache, no transfer compression.
QNetworkRequest buildRequest(const QUrl& url, const QList<QPair<QByteArray, QByteArray>>& headers)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, int(QNetworkRequest::ManualRedirectPolicy));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, int(QNetworkRequest::AlwaysNetwork));
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    // A compressed transfer would be inflated by Qt behind our back; ask for the identity encoding so the body
    // we verify is the body the server signed.
    request.setRawHeader("Accept-Encoding", "identity");
    for (const auto& [name, value] : headers) {
        request.setRawHeader(name, value);
    }
    return request;
}

/// The status, headers and body of a finished reply; a transport failure (before or during the body) is an error.
Result<HttpResponse> readResponse(QNetworkReply& r, const QByteArray& method, const QUrl& url, QByteArray received)
{
    const QVariant statusAttr = r.attribute(QNetworkRequest::HttpStatusCodeAttribute);
    // Without a status line there was no HTTP exchange at all (refused, reset, TLS failure, DNS).
    if (!statusAttr.isValid()) {
        const QNetworkReply::NetworkError err = r.error();
        const ErrorCode code = (err == QNetworkReply::TimeoutError || err == QNetworkReply::OperationCanceledError)
            ? ErrorCode::NetworkTimeout
            : ErrorCode::NetworkError;
        return fail(code,
            u"%1 %2 failed: %3"_s.arg(
                QString::fromLatin1(method), url.toDisplayString(QUrl::RemoveQuery), r.errorString()));
    }
    // An HTTP status with a transport failure mid-body (connection reset) means the body is incomplete.
    const QNetworkReply::NetworkError err = r.error();
    if (err != QNetworkReply::NoError && err < QNetworkReply::ContentAccessDenied) {
        return fail(ErrorCode::NetworkError,
            u"%1 %2 failed mid-response: %3"_s.arg(
                QString::fromLatin1(method), url.toDisplayString(QUrl::RemoveQuery), r.errorString()));
    }

    HttpResponse response;
    response.status = statusAttr.toInt();
    for (const auto& pair : r.rawHeaderPairs()) {
        response.headers.insert(pair.first.toLower(), pair.second);
    }
    response.body = std::move(received);
    return response;
}

} // namespace

HttpClient::HttpClient(int timeoutMs)
    : m_timeoutMs(timeoutMs > 0 ? timeoutMs : 10000)
{
}

void HttpClient::setTimeoutMs(int ms)
{
    if (ms > 0) {
        m_timeoutMs = ms;
    }
}

Result<HttpResponse> HttpClient::send(const QByteArray& method,
    const QUrl& url,
    const QList<QPair<QByteArray, QByteArray>>& headers,
    const QByteArray& body) const
{
    if (!url.isValid() || (url.scheme() != u"https"_s && url.scheme() != u"http"_s) || method.isEmpty()) {
        return refusal(ErrorCode::InvalidArgument, u"HTTP request needs a method and an http(s) URL"_s); // not sent
    }
    const QNetworkRequest request = buildRequest(url, headers);

    QNetworkAccessManager& nam = threadManager();
    std::unique_ptr<QNetworkReply, ReplyDeleter> reply;
    if (body.isEmpty() && (method == "GET" || method == "DELETE" || method == "HEAD")) {
        reply.reset(nam.sendCustomRequest(request, method));
    } else {
        reply.reset(nam.sendCustomRequest(request, method, body));
    }

    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    bool timedOut = false;
    bool tooLarge = false;
    QByteArray received;
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        loop.quit();
    });
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(reply.get(), &QNetworkReply::readyRead, &loop, [&] {
        received += reply->readAll();
        if (received.size() > kMaxBodyBytes) {
            tooLarge = true;
            loop.quit();
        }
    });
    timer.start(m_timeoutMs);
    if (!reply->isFinished()) {
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    timer.stop();

    if (timedOut) {
        return fail(ErrorCode::NetworkTimeout,
            u"%1 %2 timed out after %3 ms"_s.arg(
                QString::fromLatin1(method), url.toDisplayString(QUrl::RemoveQuery), QString::number(m_timeoutMs)));
    }
    if (tooLarge) {
        return fail(ErrorCode::BodyTooLarge,
            u"response body of %1 exceeds %2 bytes"_s.arg(
                url.toDisplayString(QUrl::RemoveQuery), QString::number(kMaxBodyBytes)));
    }
    received += reply->readAll();
    if (received.size() > kMaxBodyBytes) {
        return fail(ErrorCode::BodyTooLarge, u"response body exceeds the limit"_s);
    }

    return readResponse(*reply, method, url, std::move(received));
}

} // namespace paydesk
