#include "core/domain/StateMachine.h"

using namespace Qt::StringLiterals;

namespace paydesk::domain {

QString entityTypeName(EntityType type)
{
    switch (type) {
    case EntityType::Payment:
        return u"payment"_s;
    case EntityType::Refund:
        return u"refund"_s;
    case EntityType::Sale:
        return u"sale"_s;
    }
    return {};
}

QString entityTable(EntityType type)
{
    return entityTypeName(type) + u's';
}

StateMachine::StateMachine(QStringList states, QList<Edge> edges)
    : m_states(std::move(states))
    , m_edgeList(std::move(edges))
{
    for (const auto& [from, to] : std::as_const(m_edgeList)) {
        Q_ASSERT(m_states.contains(from) && m_states.contains(to));
        m_edges.insert(from + u'>' + to);
    }
}

bool StateMachine::isFinal(const QString& state) const
{
    for (const auto& e : m_edgeList) {
        if (e.first == state)
            return false;
    }
    return true;
}

const StateMachine& StateMachine::forEntity(EntityType type)
{
    using namespace payment;
    static const StateMachine paymentMachine(
        {Created, Pending, Succeeded, Failed, Closed, PaidAfterClose, PartiallyRefunded, Refunded},
        {{Created, Pending},
         {Created, Failed},
         {Pending, Succeeded},
         {Pending, Failed},
         {Pending, Closed},
         {Closed, PaidAfterClose},
         // finance decides a late payment: keep it (accept) or give it back (refund)
         {PaidAfterClose, Succeeded},
         {PaidAfterClose, PartiallyRefunded},
         {PaidAfterClose, Refunded},
         {Succeeded, PartiallyRefunded},
         {Succeeded, Refunded},
         {PartiallyRefunded, Refunded}});
    static const StateMachine refundMachine(
        {refund::Requested, refund::AwaitingApproval, refund::Processing, refund::Succeeded, refund::Failed},
        {{refund::Requested, refund::AwaitingApproval},
         {refund::Requested, refund::Processing},
         {refund::Requested, refund::Failed},
         {refund::AwaitingApproval, refund::Processing},
         {refund::AwaitingApproval, refund::Failed}, // rejected by the approver, or the approval expired
         {refund::Processing, refund::Succeeded},
         {refund::Processing, refund::Failed},
         // the channel carried out a refund we had recorded as failed: booked as it happened, with an alert
         {refund::Failed, refund::Succeeded}});
    static const StateMachine saleMachine(
        {sale::Pending, sale::Paid, sale::Shipped, sale::Completed, sale::Cancelled, sale::Refunding, sale::Refunded},
        {{sale::Pending, sale::Paid},
         {sale::Pending, sale::Cancelled},
         {sale::Paid, sale::Shipped},
         {sale::Paid, sale::Cancelled},
         {sale::Paid, sale::Refunding},
         {sale::Shipped, sale::Completed},
         {sale::Shipped, sale::Refunding},
         {sale::Completed, sale::Refunding},
         {sale::Refunding, sale::Refunded},
         {sale::Refunding, sale::Paid}});
    switch (type) {
    case EntityType::Payment:
        return paymentMachine;
    case EntityType::Refund:
        return refundMachine;
    case EntityType::Sale:
        return saleMachine;
    }
    return paymentMachine;
}

} // namespace paydesk::domain
