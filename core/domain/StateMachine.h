#pragma once

#include <optional>

#include <QHash>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>
#include <QStringView>

#include "core/domain/Payment.h"
#include "core/domain/Refund.h"
#include "core/domain/Sale.h"

namespace paydesk::domain {

/// The three kinds of entity that have a state machine; the names are the `entity_type` stored in the database.
enum class EntityType
{
    Payment,
    Refund,
    Sale
};
QString entityTypeName(EntityType type); ///< "payment", "refund", "sale"
QString entityTable(EntityType type); ///< "payments", "refunds", "sales"

/// A state of one of the three machines, for the code that handles all of them alike (transitions, state history).
/// Converts implicitly from PaymentStatus, RefundStatus and SaleStatus, so `{EntityType::Payment, id,
/// PaymentStatus::Pending, PaymentStatus::Succeeded}` reads as it did with names; the name is only made at the SQL
/// boundary. A default-constructed State is no state (a history row's `from` before the first state).
class State final
{
public:
    constexpr State() = default;
    constexpr State(PaymentStatus s)
        : m_entity(EntityType::Payment)
        , m_value(static_cast<int>(s))
    {
    } // NOLINT
    constexpr State(RefundStatus s)
        : m_entity(EntityType::Refund)
        , m_value(static_cast<int>(s))
    {
    } // NOLINT
    constexpr State(SaleStatus s)
        : m_entity(EntityType::Sale)
        , m_value(static_cast<int>(s))
    {
    } // NOLINT

    /// The state of `entity` stored as `name`; nullopt for a name that machine does not have.
    [[nodiscard]] static std::optional<State> fromName(EntityType entity, QStringView name);

    [[nodiscard]] constexpr bool isNull() const { return m_value < 0; }
    [[nodiscard]] constexpr EntityType entity() const { return m_entity; }
    /// The stored upper-case name ("PAID_AFTER_CLOSE"); empty for no state.
    [[nodiscard]] QString name() const;
    /// The state as E (PaymentStatus, RefundStatus or SaleStatus); nullopt when it is another machine's, or none.
    template <class E>
    [[nodiscard]] constexpr std::optional<E> as() const
    {
        if (isNull() || State(E {}).m_entity != m_entity)
            return std::nullopt;
        return static_cast<E>(m_value);
    }

    friend constexpr bool operator==(const State&, const State&) = default;
    friend size_t qHash(const State& s, size_t seed = 0) noexcept
    {
        return qHashMulti(seed, static_cast<int>(s.m_entity), s.m_value);
    }

private:
    EntityType m_entity = EntityType::Payment;
    int m_value = -1;
};

/// A state machine as a table of allowed transitions.
class StateMachine final
{
public:
    using Edge = QPair<State, State>;
    StateMachine(QList<State> states, QList<Edge> edges);

    [[nodiscard]] static const StateMachine& forEntity(EntityType type);

    [[nodiscard]] bool isState(const State& state) const { return m_states.contains(state); }
    [[nodiscard]] bool allows(const State& from, const State& to) const { return m_edges.contains({ from, to }); }
    [[nodiscard]] const QList<State>& states() const { return m_states; }
    [[nodiscard]] const QList<Edge>& transitions() const { return m_edgeList; }
    /// States with no way out.
    [[nodiscard]] bool isFinal(const State& state) const;

private:
    QList<State> m_states;
    QList<Edge> m_edgeList;
    QSet<Edge> m_edges;
};

} // namespace paydesk::domain
