#pragma once

#include <functional>

#include <QString>
#include <QWidget>

#include "core/domain/AccessControl.h"
#include "core/store/RefundPolicyStore.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace paydesk::ui {

class ConsoleSettings;
class DialogService;

/// Training mode (after a restart), the language (at once), the merchant name on receipts and the refund policy
/// (stored in the shared database, at once): what needs a manager's approval.
class GeneralTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GeneralTab)
public:
    /// Installs the translation for a language ("" = the system's) and returns the one used; installTranslation by
    /// default.
    using TranslationInstaller = std::function<QString(const QString&)>;

    /// `training`: whether this console runs in training mode now (the setting may differ until a restart).
    GeneralTab(const Database& database,
        bool training,
        ConsoleSettings& settings,
        const Actor& admin,
        DialogService& dialogs,
        QWidget* parent = nullptr);
    ~GeneralTab() override;

    void setTranslationInstaller(TranslationInstaller installer) { m_installTranslation = std::move(installer); }

Q_SIGNALS:
    void languageChanged(const QString& language);
    void restartRequired();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void chooseLanguage(int index);
    void save();

    const Database& m_database;
    bool m_runningTraining = false;
    ConsoleSettings& m_settings;
    Actor m_admin;
    DialogService& m_dialogs;
    RefundPolicy m_policy;
    TranslationInstaller m_installTranslation;
    QLabel* m_trainingCaption;
    QCheckBox* m_training;
    QLabel* m_trainingHelp;
    QLabel* m_languageCaption;
    QComboBox* m_language;
    QLabel* m_merchantCaption;
    QLineEdit* m_merchantName;
    QLabel* m_thresholdCaption;
    QLineEdit* m_threshold;
    QLabel* m_dailyCapCaption;
    QLineEdit* m_dailyCap;
    QLabel* m_thresholdError;
    QPushButton* m_save;
    QLabel* m_status;
};

} // namespace paydesk::ui
