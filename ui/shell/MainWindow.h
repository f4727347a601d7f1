#pragma once

#include "core/util/Result.h"

#include <QMainWindow>

#include <memory>

class QLabel;

namespace paydesk {
class Database;
}

namespace paydesk::ui {

class DatabaseStatusPage;

/// The console's main window. Screens are added to it as they are built; today it shows the shell and the
/// database status.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    MainWindow(std::shared_ptr<Database> database, const Error& openError, QWidget* parent = nullptr);

private:
    void showAbout();

    std::shared_ptr<Database> m_database;
    DatabaseStatusPage* m_statusPage;
    QLabel* m_connectionLabel;
};

} // namespace paydesk::ui
