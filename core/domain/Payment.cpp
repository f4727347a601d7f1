#include "core/domain/Payment.h"

namespace paydesk::domain {

namespace {

struct NameRow
{
    PaymentStatus status;
    QStringView name;
};

// The names are the database's: changing one needs a migration.
constexpr NameRow kNames[] = {
    { PaymentStatus::Created, u"CREATED" },
    { PaymentStatus::Pending, u"PENDING" },
    { PaymentStatus::Succeeded, u"SUCCEEDED" },
    { PaymentStatus::Failed, u"FAILED" },
    { PaymentStatus::Closed, u"CLOSED" },
    { PaymentStatus::PaidAfterClose, u"PAID_AFTER_CLOSE" },
    { PaymentStatus::PartiallyRefunded, u"PARTIALLY_REFUNDED" },
    { PaymentStatus::Refunded, u"REFUNDED" },
};

} // namespace

QString statusName(PaymentStatus status)
{
    for (const NameRow& row : kNames) {
        if (row.status == status)
            return row.name.toString();
    }
    Q_ASSERT(false);
    return {};
}

std::optional<PaymentStatus> paymentStatusFromName(QStringView name)
{
    for (const NameRow& row : kNames) {
        if (row.name == name)
            return row.status;
    }
    return std::nullopt;
}

const QList<PaymentStatus>& allPaymentStatuses()
{
    static const QList<PaymentStatus> all = [] {
        QList<PaymentStatus> list;
        for (const NameRow& row : kNames)
            list << row.status;
        return list;
    }();
    return all;
}

bool isPaid(PaymentStatus status)
{
    switch (status) {
    case PaymentStatus::Succeeded:
    case PaymentStatus::PartiallyRefunded:
    case PaymentStatus::Refunded:
    case PaymentStatus::PaidAfterClose:
        return true;
    case PaymentStatus::Created:
    case PaymentStatus::Pending:
    case PaymentStatus::Failed:
    case PaymentStatus::Closed:
        return false;
    }
    return false;
}

} // namespace paydesk::domain
