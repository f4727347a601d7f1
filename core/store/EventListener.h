#pragma once

#include <memory>

#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

#include "core/store/EventFeed.h"

namespace paydesk {

class Database;

/// Delivers new events to a console. On PostgreSQL it LISTENs on its own session and is woken by the NOTIFY that
/// each committing writer sends (plus a slow safety poll, in case a notification was lost with a dropped
/// connection); on SQLite it polls the table. Either way it reads "after my last sequence", so nothing is lost by a
/// reconnect or by being offline: it catches up. Lives in the thread that creates it (needs an event loop).
class EventListener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventListener)
public:
    explicit EventListener(std::shared_ptr<Database> database, QObject* parent = nullptr);
    ~EventListener() override;

    /// Starts delivering events with seq > afterSeq. Returns false (and logs) when the connection fails.
    bool start(qint64 afterSeq);
    void stop();
    [[nodiscard]] qint64 lastSeq() const { return m_lastSeq; }
    [[nodiscard]] bool usesNotify() const { return m_notify; }
    void setPollIntervalMs(int ms);

Q_SIGNALS:
    void eventsArrived(const QList<paydesk::FeedEvent>& events);
    /// The PostgreSQL NOTIFY itself arrived (tests use this to prove the push path works).
    void notified();

private:
    void fetch();

    std::shared_ptr<Database> m_database;
    QSqlDatabase m_conn;
    QString m_connName;
    QTimer m_poll;
    qint64 m_lastSeq = 0;
    bool m_notify = false;
};

} // namespace paydesk

Q_DECLARE_METATYPE(paydesk::FeedEvent)
