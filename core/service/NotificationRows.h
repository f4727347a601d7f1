#pragma once

#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include "core/channels/ChannelTypes.h"
#include "core/store/Sql.h"
#include "core/util/Result.h"

namespace paydesk::notification_rows {

// The verdicts a stored notification carries.
extern const QString kAccepted;
extern const QString kDuplicate;
extern const QString kRejected;

/// One raw notification as it is stored, with its verdict.
struct Row
{
    ChannelKind kind = ChannelKind::WeChatPay;
    const InboundHttp* request = nullptr;
    QString verdict;
    QString reason;
    const ChannelNotification* parsed = nullptr; ///< null when it did not verify
    qint64 paymentId = 0;
    qint64 nowMs = 0;
    QString headers; ///< headersJson(*request) when the caller made it already (off the group's writer thread)
};

/// The request's headers as stored with it (compact JSON object).
[[nodiscard]] QString headersJson(const InboundHttp& request);

/// Stores one row; returns its id, or 0 when the verdict is "accepted" and another delivery of the same
/// notification id was accepted first (PostgreSQL: ON CONFLICT on the partial unique index, so the race is reported
/// without aborting the transaction; SQLite's writers are serialised by BEGIN IMMEDIATE).
[[nodiscard]] Result<qint64> insert(const QSqlDatabase& db, const Row& row);

/// Whether a delivery of this notification id was accepted already (one read of the partial unique index).
[[nodiscard]] Result<bool> alreadyAccepted(const QSqlDatabase& db, ChannelKind kind, const QString& notificationId);
/// Which of these notification ids were accepted already.
[[nodiscard]] Result<QSet<QString>> acceptedAmong(const QSqlDatabase& db, ChannelKind kind, const QStringList& ids);

} // namespace paydesk::notification_rows
