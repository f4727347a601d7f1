#pragma once

#include <functional>

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include "core/store/Writes.h"
#include "core/util/Result.h"

namespace paydesk {

/// Small pieces every service needs; kept together so the services read as their business rules.
namespace service {

/// A fresh order / refund number: prefix + UTC yyyyMMddHHmmss + 12 random hex digits (28 characters for "PD"),
/// inside both channels' alphabet and length limits.
[[nodiscard]] QString newReference(const QString& prefix, qint64 nowMs);

/// Inverse of errorCodeName() (stored failure codes back to typed errors); Internal for an unknown name.
[[nodiscard]] ErrorCode errorCodeFromName(const QString& name);

// The write helpers every service uses live with the store (its repositories and stores use them too).
using store::audit;
using store::event;
using store::inTransaction;

/// The start of the China-time (UTC+8, no daylight saving) calendar day containing `nowMs`, whatever the machine's
/// zone: the business day of both channels and of every daily figure.
[[nodiscard]] qint64 chinaDayStartMs(qint64 nowMs);

/// Bounded exponential backoff: base * 2^attempts, at most cap.
[[nodiscard]] qint64 backoffMs(int attempts, qint64 baseMs, qint64 capMs);

} // namespace service

} // namespace paydesk
