#pragma once

#include <QList>
#include <QPair>
#include <QSet>
#include <QString>
#include <QStringList>

namespace paydesk::domain {

/// The three kinds of entity that have a state machine; the names are the `entity_type` stored in the database.
enum class EntityType { Payment, Refund, Sale };
QString entityTypeName(EntityType type); ///< "payment", "refund", "sale"
QString entityTable(EntityType type);    ///< "payments", "refunds", "sales"

/// A state machine as a table of allowed transitions. States are the upper-case names stored in the database.
class StateMachine final
{
public:
    using Edge = QPair<QString, QString>;
    StateMachine(QStringList states, QList<Edge> edges);

    [[nodiscard]] static const StateMachine& forEntity(EntityType type);

    [[nodiscard]] bool isState(const QString& state) const { return m_states.contains(state); }
    [[nodiscard]] bool allows(const QString& from, const QString& to) const { return m_edges.contains(from + u'>' + to); }
    [[nodiscard]] const QStringList& states() const { return m_states; }
    [[nodiscard]] const QList<Edge>& transitions() const { return m_edgeList; }
    /// States with no way out.
    [[nodiscard]] bool isFinal(const QString& state) const;

private:
    QStringList m_states;
    QList<Edge> m_edgeList;
    QSet<QString> m_edges;
};

/// Payment: CREATED -> PENDING -> SUCCEEDED | FAILED | CLOSED; CLOSED -> PAID_AFTER_CLOSE (a success that arrived
/// after we closed: refund or accept it); SUCCEEDED -> PARTIALLY_REFUNDED -> REFUNDED.
namespace payment {
inline const QString Created = QStringLiteral("CREATED");
inline const QString Pending = QStringLiteral("PENDING");
inline const QString Succeeded = QStringLiteral("SUCCEEDED");
inline const QString Failed = QStringLiteral("FAILED");
inline const QString Closed = QStringLiteral("CLOSED");
inline const QString PaidAfterClose = QStringLiteral("PAID_AFTER_CLOSE");
inline const QString PartiallyRefunded = QStringLiteral("PARTIALLY_REFUNDED");
inline const QString Refunded = QStringLiteral("REFUNDED");
} // namespace payment

/// Refund: REQUESTED -> (AWAITING_APPROVAL ->) PROCESSING -> SUCCEEDED | FAILED.
namespace refund {
inline const QString Requested = QStringLiteral("REQUESTED");
inline const QString AwaitingApproval = QStringLiteral("AWAITING_APPROVAL");
inline const QString Processing = QStringLiteral("PROCESSING");
inline const QString Succeeded = QStringLiteral("SUCCEEDED");
inline const QString Failed = QStringLiteral("FAILED");
} // namespace refund

/// Sale, the seed systems' business order: PENDING -> PAID -> SHIPPED -> COMPLETED; PENDING|PAID -> CANCELLED;
/// PAID|SHIPPED|COMPLETED -> REFUNDING -> REFUNDED; REFUNDING -> PAID (refund failed).
namespace sale {
inline const QString Pending = QStringLiteral("PENDING");
inline const QString Paid = QStringLiteral("PAID");
inline const QString Shipped = QStringLiteral("SHIPPED");
inline const QString Completed = QStringLiteral("COMPLETED");
inline const QString Cancelled = QStringLiteral("CANCELLED");
inline const QString Refunding = QStringLiteral("REFUNDING");
inline const QString Refunded = QStringLiteral("REFUNDED");
} // namespace sale

} // namespace paydesk::domain
