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

std::optional<State> State::fromName(EntityType entity, QStringView name)
{
    switch (entity) {
    case EntityType::Payment:
        if (auto s = paymentStatusFromName(name))
            return State(*s);
        break;
    case EntityType::Refund:
        if (auto s = refundStatusFromName(name))
            return State(*s);
        break;
    case EntityType::Sale:
        if (auto s = saleStatusFromName(name))
            return State(*s);
        break;
    }
    return std::nullopt;
}

QString State::name() const
{
    if (isNull())
        return {};
    switch (m_entity) {
    case EntityType::Payment:
        return statusName(static_cast<PaymentStatus>(m_value));
    case EntityType::Refund:
        return statusName(static_cast<RefundStatus>(m_value));
    case EntityType::Sale:
        return statusName(static_cast<SaleStatus>(m_value));
    }
    return {};
}

StateMachine::StateMachine(QList<State> states, QList<Edge> edges)
    : m_states(std::move(states))
    , m_edgeList(std::move(edges))
{
    for (const Edge& edge : std::as_const(m_edgeList)) {
        Q_ASSERT(m_states.contains(edge.first) && m_states.contains(edge.second));
        m_edges.insert(edge);
    }
}

bool StateMachine::isFinal(const State& state) const
{
    for (const auto& e : m_edgeList) {
        if (e.first == state)
            return false;
    }
    return true;
}

const StateMachine& StateMachine::forEntity(EntityType type)
{
    using enum PaymentStatus;
    using R = RefundStatus;
    using S = SaleStatus;
    static const StateMachine paymentMachine(
        { Created, Pending, Succeeded, Failed, Closed, PaidAfterClose, PartiallyRefunded, Refunded },
        { { Created, Pending },
            { Created, Failed },
            { Pending, Succeeded },
            { Pending, Failed },
            { Pending, Closed },
            { Closed, PaidAfterClose },
            // finance decides a late payment: keep it (accept) or give it back (refund)
            { PaidAfterClose, Succeeded },
            { PaidAfterClose, PartiallyRefunded },
            { PaidAfterClose, Refunded },
            { Succeeded, PartiallyRefunded },
            { Succeeded, Refunded },
            { PartiallyRefunded, Refunded } });
    static const StateMachine refundMachine(
        { R::Requested, R::AwaitingApproval, R::Processing, R::Succeeded, R::Failed },
        { { R::Requested, R::AwaitingApproval },
            { R::Requested, R::Processing },
            { R::Requested, R::Failed },
            { R::AwaitingApproval, R::Processing },
            { R::AwaitingApproval, R::Failed }, // rejected by the approver, or the approval expired
            { R::Processing, R::Succeeded },
            { R::Processing, R::Failed },
            // the channel carried out a refund we had recorded as failed: booked as it happened, with an alert
            { R::Failed, R::Succeeded } });
    static const StateMachine saleMachine(
        { S::Pending, S::Paid, S::Shipped, S::Completed, S::Cancelled, S::Refunding, S::Refunded },
        { { S::Pending, S::Paid },
            { S::Pending, S::Cancelled },
            { S::Paid, S::Shipped },
            { S::Paid, S::Cancelled },
            { S::Paid, S::Refunding },
            { S::Shipped, S::Completed },
            { S::Shipped, S::Refunding },
            { S::Completed, S::Refunding },
            { S::Refunding, S::Refunded },
            { S::Refunding, S::Paid } });
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
