#include "core/sim/Notifier.h"

#include <limits>
#include <memory>

#include <QHostAddress>
#include <QNetworkReply>
#include <QNetworkRequest>

#include "core/crypto/Random.h"
#include "core/log/Log.h"
#include "core/sim/WeChatSigning.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim {

namespace {

constexpr qint64 kSec = 1000;
constexpr qint64 kMin = 60 * kSec;
constexpr qint64 kHour = 60 * kMin;
constexpr qint64 kReorderHoldMs = 2000; ///< how long an event waits for a later one to overtake it
constexpr qint64 kReorderGapMs = 200;
constexpr int kAnswerTimeoutMs = 5000; ///< both channels give the merchant 5 s to answer

/// Shared by the concurrent copies of one attempt (the duplicate fault): it counts if any copy succeeded.
struct AttemptState
{
    int outstanding = 0;
    bool ok = false;
    int status = 0;
};

/// WeChat requires an https notify_url. A merchant endpoint on this machine (training mode, tests) cannot have a
/// publicly trusted certificate, so for loopback hosts only, a self-signed one is accepted.
void acceptLoopbackCertificates(QNetworkReply* reply)
{
    const QString host = reply->url().host();
    const QHostAddress address(host);
    if (host == u"localhost"_s || (!address.isNull() && address.isLoopback()))
        QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply] {
            reply->ignoreSslErrors();
        });
}

} // namespace

Notifier::Notifier(SimContext& ctx, QObject* parent)
    : QObject(parent)
    , m_ctx(ctx)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Notifier::fire);
}

QList<qint64> Notifier::schedule(SimChannel channel)
{
    if (channel == SimChannel::WeChat) {
        return { 15 * kSec,
            15 * kSec,
            30 * kSec,
            3 * kMin,
            10 * kMin,
            20 * kMin,
            30 * kMin,
            30 * kMin,
            30 * kMin,
            60 * kMin,
            3 * kHour,
            3 * kHour,
            3 * kHour,
            6 * kHour,
            6 * kHour };
    }
    return { 4 * kMin, 10 * kMin, 10 * kMin, 1 * kHour, 2 * kHour, 6 * kHour, 15 * kHour };
}

void Notifier::enqueue(SimNotification n)
{
    const FaultSet faults = m_ctx.faults.forOrder(n.outTradeNo);
    const qint64 now = SimContext::realNowMs();
    n.createdMs = now;
    n.nextAttemptMs = now + faults.delayNotificationsMs;
    n.state = faults.dropNotifications ? DeliveryState::Dropped : DeliveryState::Pending;
    if (faults.reorderNotifications && n.state == DeliveryState::Pending) {
        const auto held = m_held.constFind(n.outTradeNo);
        if (held == m_held.constEnd()) {
            n.nextAttemptMs = now + kReorderHoldMs;
        } else {
            // The later event goes out now; the one held back follows it.
            for (SimNotification& other : m_ctx.store.notifications(true)) {
                if (other.id == held.value()) {
                    other.nextAttemptMs = now + faults.delayNotificationsMs + kReorderGapMs;
                    (void)m_ctx.store.updateNotification(other);
                }
            }
            m_held.remove(n.outTradeNo);
        }
    }
    const auto id = m_ctx.store.addNotification(n);
    if (!id) {
        log::sim()->error("cannot store a notification: {}", id.error().detail);
        return;
    }
    if (faults.reorderNotifications && n.nextAttemptMs == now + kReorderHoldMs)
        m_held.insert(n.outTradeNo, *id);
    log::sim()->info("notification {} for {} ({}) queued{}",
        *id,
        n.outTradeNo,
        n.eventKey,
        n.state == DeliveryState::Dropped ? QStringLiteral(" and dropped (fault)") : QString());
    arm();
}

void Notifier::resume()
{
    arm();
}

void Notifier::retryPendingNow()
{
    const qint64 now = SimContext::realNowMs();
    for (SimNotification n : m_ctx.store.notifications(true)) {
        n.nextAttemptMs = now;
        (void)m_ctx.store.updateNotification(n);
    }
    m_held.clear();
    arm();
}

void Notifier::arm()
{
    qint64 next = std::numeric_limits<qint64>::max();
    for (const SimNotification& n : m_ctx.store.notifications(true)) {
        if (!m_inFlight.contains(n.id))
            next = std::min(next, n.nextAttemptMs);
    }
    if (next == std::numeric_limits<qint64>::max()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = std::max<qint64>(0, next - SimContext::realNowMs());
    m_timer.start(static_cast<int>(std::min<qint64>(wait, 60 * kSec)));
}

void Notifier::fire()
{
    const qint64 now = SimContext::realNowMs();
    for (const SimNotification& n : m_ctx.store.notifications(true)) {
        if (n.nextAttemptMs <= now && !m_inFlight.contains(n.id))
            attempt(n);
    }
    arm();
}

void Notifier::attempt(SimNotification n)
{
    m_inFlight.insert(n.id);
    const FaultSet faults = m_ctx.faults.forOrder(n.outTradeNo);
    QNetworkRequest req { QUrl(n.url) };
    req.setTransferTimeout(kAnswerTimeoutMs);
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Mozilla/4.0 (paydesk-sim notifier)"));
    QList<QPair<QByteArray, QByteArray>> headers;
    if (n.channel == SimChannel::WeChat) {
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        const auto signer = m_ctx.nextWeChatSigner();
        auto signedHeaders = wechat::signedHeaders(
            *signer.key, signer.serial, m_ctx.clock->nowSecs(), crypto::randomAlnum(32).toLatin1(), n.body);
        if (signedHeaders)
            headers = *signedHeaders;
        headers.append(
            { QByteArrayLiteral("Wechatpay-Signature-Type"), QByteArrayLiteral("WECHATPAY2-SHA256-RSA2048") });
    } else {
        req.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded; charset=utf-8"));
    }
    for (const auto& [k, v] : headers)
        req.setRawHeader(k, v);

    const SimChannel channel = n.channel;
    const qint64 id = n.id;
    auto state = std::make_shared<AttemptState>();
    auto sendCopies = [this, req, body = n.body, channel, id, state, copies = faults.duplicateNotifications] {
        state->outstanding = copies;
        for (int i = 0; i < copies; ++i) {
            QNetworkReply* reply = m_nam.post(req, body);
            acceptLoopbackCertificates(reply);
            connect(reply, &QNetworkReply::finished, this, [this, reply, channel, id, state] {
                reply->deleteLater();
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QByteArray answer = reply->readAll();
                const bool ok = channel == SimChannel::WeChat ? (status == 200 || status == 204)
                                                              : (status == 200 && answer == "success");
                state->ok = state->ok || ok;
                state->status = ok || state->status == 0 ? status : state->status;
                if (--state->outstanding == 0)
                    finishAttempt(id, state->status, state->ok);
            });
        }
    };
    if (channel == SimChannel::WeChat && faults.signTestProbe && n.attempts == 0) {
        // WeChat's probe: same body, a signature that cannot verify. The real delivery follows its answer.
        QNetworkRequest probe = req;
        probe.setRawHeader("Wechatpay-Signature", "WECHATPAY/SIGNTEST/" + crypto::randomBytes(256).toBase64());
        QNetworkReply* reply = m_nam.post(probe, n.body);
        acceptLoopbackCertificates(reply);
        connect(reply, &QNetworkReply::finished, this, [reply, sendCopies] {
            reply->deleteLater();
            sendCopies();
        });
    } else {
        sendCopies();
    }
}

void Notifier::finishAttempt(qint64 id, int status, bool ok)
{
    m_inFlight.remove(id);
    for (SimNotification n : m_ctx.store.notifications(true)) {
        if (n.id != id)
            continue;
        n.attempts += 1;
        n.lastHttpStatus = status;
        const QList<qint64> retries = schedule(n.channel);
        if (ok) {
            n.state = DeliveryState::Delivered;
        } else if (n.attempts > retries.size()) {
            n.state = DeliveryState::Failed;
        } else {
            n.nextAttemptMs = SimContext::realNowMs() + m_ctx.scaled(retries.at(n.attempts - 1));
        }
        if (auto st = m_ctx.store.updateNotification(n); !st)
            log::sim()->error("cannot update notification {}: {}", id, st.error().detail);
        log::sim()->info("notification {} attempt {} -> HTTP {} ({})",
            id,
            n.attempts,
            status,
            ok ? QStringLiteral("delivered") : QStringLiteral("not acknowledged"));
        Q_EMIT attempted(id, status, ok);
    }
    arm();
}

} // namespace paydesk::sim
