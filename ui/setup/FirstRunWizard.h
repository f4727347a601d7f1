#pragma once

#include <QWizard>

#include "core/crypto/SecureBytes.h"
#include "ui/common/ConsoleSettings.h"

namespace paydesk::ui {

class ModePage;
class DatabasePage;
class AdminPage;
class TrainingAccountsPage;

/// What the first start decided. The caller applies it (applyFirstRun, saveFirstRunSettings), so the wizard
/// itself changes nothing and is testable without side effects.
struct FirstRunResult
{
    ConsoleSettings::Mode mode = ConsoleSettings::Mode::Standalone;
    QString databaseUrl; ///< shared mode: the tested PostgreSQL URL, with its password; otherwise empty (default)
    QString adminUsername;
    QString adminDisplayName;
    crypto::SecureBytes adminPassword; ///< UTF-8
};

/// The first start on an empty database: how the console runs (training, standalone, shared), the shared
/// database, and the first admin. Training mode also explains the practice accounts it creates.
class FirstRunWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunWizard)
public:
    enum PageId
    {
        ModePageId,
        DatabasePageId,
        AdminPageId,
        TrainingPageId
    };

    explicit FirstRunWizard(QWidget* parent = nullptr);
    ~FirstRunWizard() override;

    [[nodiscard]] ConsoleSettings::Mode mode() const;
    /// Preselects a mode on the first page (training is preselected otherwise).
    void preferMode(ConsoleSettings::Mode mode);
    /// Meaningful after the wizard was accepted.
    [[nodiscard]] FirstRunResult firstRunResult() const;

    int nextId() const override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    ModePage* m_modePage;
    DatabasePage* m_databasePage;
    AdminPage* m_adminPage;
    TrainingAccountsPage* m_trainingPage;
};

} // namespace paydesk::ui
