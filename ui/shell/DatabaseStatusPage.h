#pragma once

#include <memory>

#include <QWidget>

#include "core/util/Result.h"

class QLabel;
class QFormLayout;

namespace paydesk {
class Database;
}

namespace paydesk::ui {

/// Shows which database the console runs on and its state: engine, location, schema version, counts.
class DatabaseStatusPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatabaseStatusPage)
public:
    /// `database` may be null when opening failed; `openError` then says why.
    DatabaseStatusPage(std::shared_ptr<Database> database, const Error& openError, QWidget* parent = nullptr);

public Q_SLOTS:
    void refresh();

private:
    std::shared_ptr<Database> m_database;
    Error m_openError;
    QLabel* m_state;
    QLabel* m_engine;
    QLabel* m_location;
    QLabel* m_schema;
    QLabel* m_users;
    QLabel* m_payments;
    QLabel* m_events;
    QLabel* m_hint;
};

} // namespace paydesk::ui
