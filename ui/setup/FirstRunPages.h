#pragma once

// The pages of FirstRunWizard; only the wizard uses them.

#include <QWizardPage>

#include "core/util/Result.h"
#include "ui/common/ConsoleSettings.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace paydesk::ui {

class ModePage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModePage)
public:
    explicit ModePage(QWidget* parent = nullptr);
    void setMode(ConsoleSettings::Mode mode);
    [[nodiscard]] ConsoleSettings::Mode mode() const;
    void retranslateUi();

protected:
    void changeEvent(QEvent* event) override;

private:
    QRadioButton* m_training;
    QRadioButton* m_standalone;
    QRadioButton* m_shared;
    QLabel* m_trainingHelp;
    QLabel* m_standaloneHelp;
    QLabel* m_sharedHelp;
};

class DatabasePage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatabasePage)
public:
    explicit DatabasePage(QWidget* parent = nullptr);
    /// The URL from the fields (the password field fills in the URL's password); empty when it does not parse.
    [[nodiscard]] QString url() const;
    [[nodiscard]] bool isComplete() const override;
    void retranslateUi();

protected:
    void changeEvent(QEvent* event) override;

private:
    void testConnection();
    void showResult(const Result<int>& result);

    QLabel* m_intro;
    QLabel* m_urlLabel;
    QLabel* m_passwordLabel;
    QLineEdit* m_url;
    QLineEdit* m_password;
    QPushButton* m_test;
    QLabel* m_result;
    QLabel* m_storageNote;
    QString m_testedUrl; ///< the URL that last connected; Next needs the current one to have
    bool m_testing = false;
};

class AdminPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdminPage)
public:
    explicit AdminPage(QWidget* parent = nullptr);
    [[nodiscard]] QString username() const;
    [[nodiscard]] QString displayName() const;
    [[nodiscard]] QString password() const;
    [[nodiscard]] bool validatePage() override;
    void retranslateUi();
    /// Training mode reserves the practice accounts' names.
    void setTraining(bool training) { m_training = training; }

protected:
    void changeEvent(QEvent* event) override;

private:
    QLabel* m_intro;
    QLabel* m_usernameLabel;
    QLabel* m_displayNameLabel;
    QLabel* m_passwordLabel;
    QLabel* m_confirmLabel;
    QLineEdit* m_username;
    QLineEdit* m_displayName;
    QLineEdit* m_password;
    QLineEdit* m_confirm;
    QLabel* m_error;
    bool m_training = false;
};

class TrainingAccountsPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrainingAccountsPage)
public:
    explicit TrainingAccountsPage(QWidget* parent = nullptr);
    void retranslateUi();

protected:
    void changeEvent(QEvent* event) override;

private:
    QLabel* m_text;
};

} // namespace paydesk::ui
