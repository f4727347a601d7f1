#include "core/domain/AccessControl.h"

using namespace Qt::StringLiterals;

namespace paydesk::AccessControl {

using domain::Role;

bool allows(Role role, Action action)
{
    switch (action) {
    case Action::Charge:
    case Action::CancelPayment:
        return role == Role::Cashier || role == Role::Manager;
    case Action::ReadPayments:
    case Action::SyncWithChannel:
        return true; // every role reads; a manual sync only reads the channel's state and applies it
    case Action::ExportPayments:
        // A cashier sees payments on screen to serve customers; taking the whole sales list off the till is a
        // back-office job (bookkeeping, audit), not theirs.
        return role == Role::Finance || role == Role::Manager || role == Role::Auditor || role == Role::Admin;
    case Action::RequestRefund:
        return role == Role::Finance || role == Role::Manager;
    case Action::ApproveRefund:
        return role == Role::Manager;
    case Action::Configure:
    case Action::ManageUsers:
        return role == Role::Admin;
    case Action::ReadAudit:
        return role == Role::Auditor || role == Role::Admin || role == Role::Manager;
    }
    return false;
}

Status check(const Actor& actor, Action action)
{
    if (actor.username.isEmpty() || actor.userId <= 0)
        return fail(ErrorCode::PermissionDenied, u"no signed-in user for %1"_s.arg(actionName(action)));
    if (!allows(actor.role, action))
        return fail(
            ErrorCode::PermissionDenied, u"role %1 may not %2"_s.arg(domain::roleName(actor.role), actionName(action)));
    return {};
}

QString actionName(Action action)
{
    switch (action) {
    case Action::Charge:
        return u"charge"_s;
    case Action::CancelPayment:
        return u"cancel_payment"_s;
    case Action::ReadPayments:
        return u"read_payments"_s;
    case Action::ExportPayments:
        return u"export_payments"_s;
    case Action::RequestRefund:
        return u"request_refund"_s;
    case Action::ApproveRefund:
        return u"approve_refund"_s;
    case Action::SyncWithChannel:
        return u"sync_with_channel"_s;
    case Action::Configure:
        return u"configure"_s;
    case Action::ManageUsers:
        return u"manage_users"_s;
    case Action::ReadAudit:
        return u"read_audit"_s;
    }
    return u"unknown"_s;
}

} // namespace paydesk::AccessControl
