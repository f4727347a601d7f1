#pragma once

#include <QString>

#include "core/domain/StateMachine.h"
#include "core/store/Database.h"

namespace paydesk::test {

/// Rows written straight into the schema, for store tests that need an entity in a given state.
qint64 insertUser(const Database& db, const QString& username, const QString& role = QStringLiteral("cashier"));
qint64 insertPayment(const Database& db,
    const QString& status,
    qint64 amountMinor = 1000,
    const QString& channel = QStringLiteral("wechatpay"));
qint64 insertRefund(
    const Database& db, qint64 paymentId, qint64 requestedBy, const QString& status, qint64 amountMinor = 100);
qint64 insertSale(const Database& db, const QString& status, qint64 amountMinor = 1000);
/// The same with a typed state; the raw-name forms above are for tests of the schema's own checks.
qint64 insertPayment(const Database& db,
    domain::PaymentStatus status,
    qint64 amountMinor = 1000,
    const QString& channel = QStringLiteral("wechatpay"));
qint64 insertRefund(
    const Database& db, qint64 paymentId, qint64 requestedBy, domain::RefundStatus status, qint64 amountMinor = 100);
/// SELECT COUNT(*) FROM <table> [WHERE <where>]
/// Sets the database's refund policy directly (the service's own save needs an admin and writes an audit row).
void setRefundPolicy(const Database& db, qint64 approvalThresholdMinor, qint64 dailyCapPerUserMinor = 0);
qint64 countRows(const Database& db, const QString& table, const QString& where = {});

} // namespace paydesk::test
