#pragma once

#include <optional>

#include <QList>
#include <QString>
#include <QStringView>

namespace paydesk::domain {

/// Sale, the seed systems' business order: PENDING -> PAID -> SHIPPED -> COMPLETED; PENDING|PAID -> CANCELLED;
/// PAID|SHIPPED|COMPLETED -> REFUNDING -> REFUNDED; REFUNDING -> PAID (refund failed). Only its state machine lives
/// here so far: no service reads or writes sales yet.
enum class SaleStatus
{
    Pending,
    Paid,
    Shipped,
    Completed,
    Cancelled,
    Refunding,
    Refunded
};

/// The upper-case name stored in `sales.status` and `state_history` ("REFUNDING").
[[nodiscard]] QString statusName(SaleStatus status);
/// Inverse of statusName(); nullopt for anything else.
[[nodiscard]] std::optional<SaleStatus> saleStatusFromName(QStringView name);
[[nodiscard]] const QList<SaleStatus>& allSaleStatuses();

} // namespace paydesk::domain
