#pragma once

#include <QString>

#include "core/domain/Role.h"
#include "core/util/Result.h"

namespace paydesk {

/// Who is acting: a signed-in user (services never trust a role the UI merely hides buttons for).
struct Actor
{
    qint64 userId = 0;
    QString username;
    domain::Role role = domain::Role::Auditor;
};

/// Everything a role may be allowed to do.
enum class Action
{
    Charge, ///< create a payment, show its QR
    CancelPayment, ///< close an unpaid order
    ReadPayments, ///< status, lists, history
    ExportPayments, ///< write the payment list out of the console (CSV): a bulk copy of sales data
    RequestRefund,
    ApproveRefund, ///< approve or reject a refund waiting for a second person
    SyncWithChannel, ///< ask the channel for an order's state now
    Configure, ///< channels, keys, settings
    ManageUsers,
    ReadAudit,
};

/// The role -> action table, enforced in the core: cashier charges and cancels; finance refunds; manager refunds and
/// approves; admin configures; auditor only reads. Everyone reads payments, but only finance, manager, auditor and
/// admin export them.
namespace AccessControl {

[[nodiscard]] bool allows(domain::Role role, Action action);
/// PermissionDenied naming the role and the action when the role may not do it.
[[nodiscard]] Status check(const Actor& actor, Action action);
[[nodiscard]] QString actionName(Action action);

} // namespace AccessControl

} // namespace paydesk
