#pragma once

#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSet>
#include <QTimer>

#include "core/sim/SimContext.h"
#include "core/sim/SimTypes.h"

namespace paydesk::sim {

/// Delivers notifications to merchants' notify_url and retries on the channels' real schedules (divided by the
/// time scale). A delivery counts only on WeChat HTTP 200/204 or an Alipay body of exactly "success". Pending
/// deliveries live in the SimStore, so they survive a restart. Faults (drop, duplicate, delay, reorder, WeChat
/// SIGNTEST probe) are applied here.
class Notifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Notifier)

public:
    explicit Notifier(SimContext& ctx, QObject* parent = nullptr);

    /// WeChat: the envelope JSON, signed at each attempt. Alipay: the signed form.
    void enqueue(SimNotification notification);
    /// Picks up pending deliveries from the store (after a restart).
    void resume();
    /// Makes every pending delivery due now (the trainer's "resend now"; tests after a restart).
    void retryPendingNow();

    /// Retry intervals in channel milliseconds, before time scaling.
    [[nodiscard]] static QList<qint64> schedule(SimChannel channel);

Q_SIGNALS:
    /// After every HTTP attempt (probes excluded); `delivered` when it counted.
    void attempted(qint64 id, int httpStatus, bool delivered);

private:
    void arm();
    void fire();
    void attempt(SimNotification n);
    void finishAttempt(qint64 id, int status, bool ok);

    SimContext& m_ctx;
    QNetworkAccessManager m_nam;
    QTimer m_timer;
    QSet<qint64> m_inFlight;
    QHash<QString, qint64> m_held; ///< reorder fault: the event held back per order
};

} // namespace paydesk::sim
