#include "core/domain/Sale.h"

namespace paydesk::domain {

namespace {

struct NameRow
{
    SaleStatus status;
    QStringView name;
};

// The names are the database's: changing one needs a migration.
constexpr NameRow kNames[] = {
    { SaleStatus::Pending, u"PENDING" },
    { SaleStatus::Paid, u"PAID" },
    { SaleStatus::Shipped, u"SHIPPED" },
    { SaleStatus::Completed, u"COMPLETED" },
    { SaleStatus::Cancelled, u"CANCELLED" },
    { SaleStatus::Refunding, u"REFUNDING" },
    { SaleStatus::Refunded, u"REFUNDED" },
};

} // namespace

QString statusName(SaleStatus status)
{
    for (const NameRow& row : kNames) {
        if (row.status == status)
            return row.name.toString();
    }
    Q_ASSERT(false);
    return {};
}

std::optional<SaleStatus> saleStatusFromName(QStringView name)
{
    for (const NameRow& row : kNames) {
        if (row.name == name)
            return row.status;
    }
    return std::nullopt;
}

const QList<SaleStatus>& allSaleStatuses()
{
    static const QList<SaleStatus> all = [] {
        QList<SaleStatus> list;
        for (const NameRow& row : kNames)
            list << row.status;
        return list;
    }();
    return all;
}

} // namespace paydesk::domain
