#include "core/domain/Refund.h"

namespace paydesk::domain {

namespace {

struct NameRow
{
    RefundStatus status;
    QStringView name;
};

// The names are the database's: changing one needs a migration.
constexpr NameRow kNames[] = {
    { RefundStatus::Requested, u"REQUESTED" },
    { RefundStatus::AwaitingApproval, u"AWAITING_APPROVAL" },
    { RefundStatus::Processing, u"PROCESSING" },
    { RefundStatus::Succeeded, u"SUCCEEDED" },
    { RefundStatus::Failed, u"FAILED" },
};

} // namespace

QString statusName(RefundStatus status)
{
    for (const NameRow& row : kNames) {
        if (row.status == status)
            return row.name.toString();
    }
    Q_ASSERT(false);
    return {};
}

std::optional<RefundStatus> refundStatusFromName(QStringView name)
{
    for (const NameRow& row : kNames) {
        if (row.name == name)
            return row.status;
    }
    return std::nullopt;
}

const QList<RefundStatus>& allRefundStatuses()
{
    static const QList<RefundStatus> all = [] {
        QList<RefundStatus> list;
        for (const NameRow& row : kNames)
            list << row.status;
        return list;
    }();
    return all;
}

} // namespace paydesk::domain
