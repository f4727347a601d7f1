#include "core/sim/SimStore.h"

#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace paydesk::sim {

namespace {

QByteArray toText(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject fromText(const QVariant& v)
{
    return QJsonDocument::fromJson(v.toByteArray()).object();
}

SimNotification notificationFrom(const QSqlQuery& q)
{
    SimNotification n;
    n.id = q.value(0).toLongLong();
    n.channel = q.value(1).toString() == u"alipay"_s ? SimChannel::Alipay : SimChannel::WeChat;
    n.merchantId = q.value(2).toString();
    n.outTradeNo = q.value(3).toString();
    n.eventKey = q.value(4).toString();
    n.url = q.value(5).toString();
    n.body = q.value(6).toByteArray();
    n.attempts = q.value(7).toInt();
    n.nextAttemptMs = q.value(8).toLongLong();
    n.state = static_cast<DeliveryState>(q.value(9).toInt());
    n.lastHttpStatus = q.value(10).toInt();
    n.createdMs = q.value(11).toLongLong();
    return n;
}

} // namespace

SimStore::SimStore()
    : m_connection(u"paydesk-sim-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

SimStore::~SimStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isValid())
            db.close();
    }
    if (QSqlDatabase::contains(m_connection))
        QSqlDatabase::removeDatabase(m_connection);
}

Status SimStore::exec(const QString& sql) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (!q.exec(sql))
        return fail(ErrorCode::DbError, q.lastError().text());
    return {};
}

Status SimStore::open(const QString& filePath)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(filePath);
    if (!db.open())
        return fail(ErrorCode::DbUnavailable, db.lastError().text());
    const QStringList ddl = {
        u"PRAGMA journal_mode=WAL"_s,
        u"PRAGMA busy_timeout=5000"_s,
        u"CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"_s,
        u"CREATE TABLE IF NOT EXISTS merchants (channel TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL,"
        " PRIMARY KEY (channel, id))"_s,
        u"CREATE TABLE IF NOT EXISTS orders (channel TEXT NOT NULL, merchant_id TEXT NOT NULL,"
        " out_trade_no TEXT NOT NULL, created_ms INTEGER NOT NULL, data TEXT NOT NULL,"
        " PRIMARY KEY (channel, merchant_id, out_trade_no))"_s,
        u"CREATE INDEX IF NOT EXISTS orders_by_no ON orders (out_trade_no)"_s,
        u"CREATE TABLE IF NOT EXISTS refunds (channel TEXT NOT NULL, merchant_id TEXT NOT NULL,"
        " out_trade_no TEXT NOT NULL, out_refund_no TEXT NOT NULL, created_ms INTEGER NOT NULL, data TEXT NOT NULL,"
        " PRIMARY KEY (channel, merchant_id, out_trade_no, out_refund_no))"_s,
        u"CREATE TABLE IF NOT EXISTS notifications (id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL,"
        " merchant_id TEXT NOT NULL, out_trade_no TEXT NOT NULL, event_key TEXT NOT NULL, url TEXT NOT NULL,"
        " body BLOB NOT NULL, attempts INTEGER NOT NULL, next_ms INTEGER NOT NULL, state INTEGER NOT NULL,"
        " last_status INTEGER NOT NULL, created_ms INTEGER NOT NULL)"_s,
        u"INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '1')"_s,
    };
    for (const QString& s : ddl) {
        if (auto st = exec(s); !st)
            return st;
    }
    return {};
}

Status SimStore::putMerchant(SimChannel channel, const QString& id, const QJsonObject& data)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"INSERT OR REPLACE INTO merchants (channel, id, data) VALUES (?, ?, ?)"_s);
    q.addBindValue(simChannelName(channel));
    q.addBindValue(id);
    q.addBindValue(toText(data));
    if (!q.exec())
        return fail(ErrorCode::DbError, q.lastError().text());
    return {};
}

QList<QJsonObject> SimStore::merchants(SimChannel channel) const
{
    QList<QJsonObject> out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"SELECT data FROM merchants WHERE channel = ? ORDER BY id"_s);
    q.addBindValue(simChannelName(channel));
    if (q.exec()) {
        while (q.next())
            out.append(fromText(q.value(0)));
    }
    return out;
}

Status SimStore::putOrder(const SimOrder& order)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"INSERT OR REPLACE INTO orders (channel, merchant_id, out_trade_no, created_ms, data)"
              " VALUES (?, ?, ?, ?, ?)"_s);
    q.addBindValue(simChannelName(order.channel));
    q.addBindValue(order.merchantId);
    q.addBindValue(order.outTradeNo);
    q.addBindValue(order.createdMs);
    q.addBindValue(toText(order.toJson()));
    if (!q.exec())
        return fail(ErrorCode::DbError, q.lastError().text());
    return {};
}

std::optional<SimOrder> SimStore::order(SimChannel channel, const QString& merchantId, const QString& outTradeNo) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"SELECT data FROM orders WHERE channel = ? AND merchant_id = ? AND out_trade_no = ?"_s);
    q.addBindValue(simChannelName(channel));
    q.addBindValue(merchantId);
    q.addBindValue(outTradeNo);
    if (q.exec() && q.next())
        return SimOrder::fromJson(fromText(q.value(0)));
    return std::nullopt;
}

QList<SimOrder> SimStore::ordersByNumber(const QString& outTradeNo) const
{
    QList<SimOrder> out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"SELECT data FROM orders WHERE out_trade_no = ? ORDER BY created_ms DESC"_s);
    q.addBindValue(outTradeNo);
    if (q.exec()) {
        while (q.next())
            out.append(SimOrder::fromJson(fromText(q.value(0))));
    }
    return out;
}

QList<SimOrder> SimStore::orders() const
{
    QList<SimOrder> out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (q.exec(u"SELECT data FROM orders ORDER BY created_ms DESC, out_trade_no"_s)) {
        while (q.next())
            out.append(SimOrder::fromJson(fromText(q.value(0))));
    }
    return out;
}

Status SimStore::putRefund(const SimRefund& refund)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"INSERT OR REPLACE INTO refunds (channel, merchant_id, out_trade_no, out_refund_no, created_ms, data)"
              " VALUES (?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(simChannelName(refund.channel));
    q.addBindValue(refund.merchantId);
    q.addBindValue(refund.outTradeNo);
    q.addBindValue(refund.outRefundNo);
    q.addBindValue(refund.createdMs);
    q.addBindValue(toText(refund.toJson()));
    if (!q.exec())
        return fail(ErrorCode::DbError, q.lastError().text());
    return {};
}

std::optional<SimRefund> SimStore::refund(
    SimChannel channel, const QString& merchantId, const QString& outTradeNo, const QString& outRefundNo) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    // Two statements rather than "? = ''": an empty QString may bind as NULL.
    q.prepare(outTradeNo.isEmpty()
            ? u"SELECT data FROM refunds WHERE channel = ? AND merchant_id = ? AND out_refund_no = ?"_s
            : u"SELECT data FROM refunds WHERE channel = ? AND merchant_id = ? AND out_refund_no = ?"
              " AND out_trade_no = ?"_s);
    q.addBindValue(simChannelName(channel));
    q.addBindValue(merchantId);
    q.addBindValue(outRefundNo);
    if (!outTradeNo.isEmpty())
        q.addBindValue(outTradeNo);
    if (q.exec() && q.next())
        return SimRefund::fromJson(fromText(q.value(0)));
    return std::nullopt;
}

QList<SimRefund> SimStore::refundsOf(SimChannel channel, const QString& merchantId, const QString& outTradeNo) const
{
    QList<SimRefund> out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"SELECT data FROM refunds WHERE channel = ? AND merchant_id = ? AND out_trade_no = ?"
              " ORDER BY created_ms"_s);
    q.addBindValue(simChannelName(channel));
    q.addBindValue(merchantId);
    q.addBindValue(outTradeNo);
    if (q.exec()) {
        while (q.next())
            out.append(SimRefund::fromJson(fromText(q.value(0))));
    }
    return out;
}

QList<SimRefund> SimStore::refundsByNumber(const QString& outRefundNo) const
{
    QList<SimRefund> out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"SELECT data FROM refunds WHERE out_refund_no = ? ORDER BY created_ms DESC"_s);
    q.addBindValue(outRefundNo);
    if (q.exec()) {
        while (q.next())
            out.append(SimRefund::fromJson(fromText(q.value(0))));
    }
    return out;
}

QList<SimRefund> SimStore::refunds() const
{
    QList<SimRefund> out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (q.exec(u"SELECT data FROM refunds ORDER BY created_ms"_s)) {
        while (q.next())
            out.append(SimRefund::fromJson(fromText(q.value(0))));
    }
    return out;
}

Result<qint64> SimStore::addNotification(const SimNotification& n)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"INSERT INTO notifications (channel, merchant_id, out_trade_no, event_key, url, body, attempts,"
              " next_ms, state, last_status, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(simChannelName(n.channel));
    q.addBindValue(n.merchantId);
    q.addBindValue(n.outTradeNo);
    q.addBindValue(n.eventKey);
    q.addBindValue(n.url);
    q.addBindValue(n.body);
    q.addBindValue(n.attempts);
    q.addBindValue(n.nextAttemptMs);
    q.addBindValue(static_cast<int>(n.state));
    q.addBindValue(n.lastHttpStatus);
    q.addBindValue(n.createdMs);
    if (!q.exec())
        return fail(ErrorCode::DbError, q.lastError().text());
    return q.lastInsertId().toLongLong();
}

Status SimStore::updateNotification(const SimNotification& n)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"UPDATE notifications SET attempts = ?, next_ms = ?, state = ?, last_status = ?, body = ?"
              " WHERE id = ?"_s);
    q.addBindValue(n.attempts);
    q.addBindValue(n.nextAttemptMs);
    q.addBindValue(static_cast<int>(n.state));
    q.addBindValue(n.lastHttpStatus);
    q.addBindValue(n.body);
    q.addBindValue(n.id);
    if (!q.exec())
        return fail(ErrorCode::DbError, q.lastError().text());
    return {};
}

QList<SimNotification> SimStore::notifications(bool pendingOnly) const
{
    QList<SimNotification> out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    const QString sql = u"SELECT id, channel, merchant_id, out_trade_no, event_key, url, body, attempts, next_ms,"
                        " state, last_status, created_ms FROM notifications"_s
        + (pendingOnly ? u" WHERE state = 0"_s : QString()) + u" ORDER BY id"_s;
    if (q.exec(sql)) {
        while (q.next())
            out.append(notificationFrom(q));
    }
    return out;
}

QString SimStore::meta(const QString& key) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"SELECT value FROM meta WHERE key = ?"_s);
    q.addBindValue(key);
    if (q.exec() && q.next())
        return q.value(0).toString();
    return {};
}

Status SimStore::setMeta(const QString& key, const QString& value)
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(u"INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"_s);
    q.addBindValue(key);
    q.addBindValue(value);
    if (!q.exec())
        return fail(ErrorCode::DbError, q.lastError().text());
    return {};
}

} // namespace paydesk::sim
