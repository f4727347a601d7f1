#include "core/store/EventListener.h"

#include <QSqlDriver>

#include "core/log/Log.h"
#include "core/store/Database.h"

using namespace Qt::StringLiterals;

namespace paydesk {

EventListener::EventListener(std::shared_ptr<Database> database, QObject* parent)
    : QObject(parent)
    , m_database(std::move(database))
{
    connect(&m_poll, &QTimer::timeout, this, &EventListener::fetch);
}

EventListener::~EventListener()
{
    stop();
}

void EventListener::setPollIntervalMs(int ms)
{
    m_poll.setInterval(ms);
}

bool EventListener::start(qint64 afterSeq)
{
    stop();
    m_lastSeq = afterSeq;
    auto conn = m_database->openDedicatedConnection(u"listen"_s);
    if (!conn) {
        log::storage()->warn("event listener: {}", conn.error().detail);
        return false;
    }
    m_conn = *conn;
    m_connName = m_conn.connectionName();
    m_notify = false;
    if (m_database->engine() == DbEngine::Postgres) {
        QSqlDriver* driver = m_conn.driver();
        if (driver->subscribeToNotification(QString::fromLatin1(EventFeed::kChannel))) {
            m_notify = true;
            connect(driver,
                &QSqlDriver::notification,
                this,
                [this](const QString& name, QSqlDriver::NotificationSource, const QVariant&) {
                    if (name == QString::fromLatin1(EventFeed::kChannel)) {
                        Q_EMIT notified();
                        fetch();
                    }
                });
        } else {
            log::storage()->warn("event listener: LISTEN failed, falling back to polling");
        }
    }
    if (m_poll.interval() <= 0 || m_poll.interval() == 0)
        m_poll.setInterval(m_notify ? 5000 : 500);
    m_poll.start();
    fetch(); // catch up at once
    return true;
}

void EventListener::stop()
{
    m_poll.stop();
    if (!m_connName.isEmpty()) {
        if (m_notify)
            m_conn.driver()->unsubscribeFromNotification(QString::fromLatin1(EventFeed::kChannel));
        m_conn.close();
        m_conn = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connName);
        m_connName.clear();
    }
}

void EventListener::fetch()
{
    if (m_connName.isEmpty())
        return;
    for (;;) {
        auto batch = EventFeed::readAfter(m_conn, m_lastSeq, 500);
        if (!batch) {
            log::storage()->warn("event listener: {}", batch.error().detail);
            if (!m_conn.isOpen())
                m_conn.open(); // a dropped session: reconnect and catch up on the next tick
            return;
        }
        if (batch->isEmpty())
            return;
        m_lastSeq = batch->last().seq;
        Q_EMIT eventsArrived(*batch);
        if (batch->size() < 500)
            return;
    }
}

} // namespace paydesk
