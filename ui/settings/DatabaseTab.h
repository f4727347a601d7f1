#pragma once

#include <QWidget>

#include "core/util/Result.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace paydesk {
class Database;
}

namespace paydesk::ui {

class ConsoleSettings;
class DialogService;

/// The database in use (URL without its password, engine) and a switch to a shared PostgreSQL server, tested
/// first; the switch takes effect when PayDesk restarts.
class DatabaseTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatabaseTab)
public:
    DatabaseTab(const Database& database, ConsoleSettings& settings, DialogService& dialogs, QWidget* parent = nullptr);
    ~DatabaseTab() override;

Q_SIGNALS:
    void restartRequired();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    [[nodiscard]] QString enteredUrl() const;
    void testConnection();
    void useDatabase();

    const Database& m_database;
    ConsoleSettings& m_settings;
    DialogService& m_dialogs;
    QString m_testedUrl;
    QLabel* m_currentTitle;
    QLabel* m_urlCaption;
    QLabel* m_engineCaption;
    QLabel* m_url;
    QLabel* m_engine;
    QLabel* m_switchTitle;
    QLabel* m_newUrlCaption;
    QLabel* m_passwordCaption;
    QLineEdit* m_newUrl;
    QLineEdit* m_password;
    QPushButton* m_test;
    QPushButton* m_use;
    QLabel* m_result;
    QLabel* m_restartNote;
};

} // namespace paydesk::ui
