#pragma once
// A merchant notification endpoint for the simulator's tests: records what arrives and answers as told.

#include <functional>

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>

#include "core/crypto/Rsa.h"
#include "tests/support/TestSupport.h"

namespace paydesk::simtest {

struct Received
{
    QByteArray path;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    qint64 atMs = 0;
    [[nodiscard]] QByteArray header(QByteArrayView name) const
    {
        for (const auto& h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
};

class Receiver
{
public:
    /// Answer for the n-th request (0-based): an HTTP status and body.
    std::function<QPair<int, QByteArray>(int, const Received&)> answer = [](int, const Received& r) {
        return r.path.startsWith("/alipay") ? qMakePair(200, QByteArray("success")) : qMakePair(200, QByteArray());
    };
    QList<Received> received;

    /// With tls, it serves https with a self-signed certificate (the simulator accepts those on loopback only).
    explicit Receiver(bool tls = false)
    {
        if (tls) {
            const QByteArray keyPem = test::readData(QStringLiteral("vectors/wechatpay/keys/go-test-private-key.pem"));
            const auto key = crypto::RsaPrivateKey::fromPem(keyPem);
            const auto cert = crypto::makeSelfSignedCertificate(*key,
                QStringLiteral("1A2B3C"),
                QStringLiteral("127.0.0.1"),
                QDateTime::currentSecsSinceEpoch() - 3600,
                2);
            m_server.sslSetup(QSslCertificate(*cert, QSsl::Pem), QSslKey(keyPem, QSsl::Rsa, QSsl::Pem));
            m_scheme = QStringLiteral("https");
        }
        auto handler = [this](const QHttpServerRequest& req) {
            Received r;
            r.path = req.url().path().toUtf8();
            r.headers = req.headers();
            r.body = req.body();
            r.atMs = QDateTime::currentMSecsSinceEpoch();
            const auto a = answer(static_cast<int>(received.size()), r);
            received.append(r);
            return QHttpServerResponse(
                QByteArrayLiteral("text/plain"), a.second, static_cast<QHttpServerResponse::StatusCode>(a.first));
        };
        m_server.route(QStringLiteral("/wechat"), handler);
        m_server.route(QStringLiteral("/alipay"), handler);
        m_port = m_server.listen(QHostAddress::LocalHost, 0);
    }
    [[nodiscard]] QString url(const char* path) const
    {
        return QStringLiteral("%1://127.0.0.1:%2%3").arg(m_scheme).arg(m_port).arg(QLatin1StringView(path));
    }

private:
    QHttpServer m_server;
    quint16 m_port = 0;
    QString m_scheme = QStringLiteral("http");
};

} // namespace paydesk::simtest
