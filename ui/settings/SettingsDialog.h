#pragma once

#include <QDialog>

#include "core/domain/AccessControl.h"
#include "ui/settings/ChannelEditing.h"

class QTabWidget;

namespace paydesk {
class Database;
}

namespace paydesk::ui {

class AlipayTab;
class ConsoleSettings;
class DatabaseTab;
class DialogService;
class GeneralTab;
class WeChatPayTab;

/// The admin's settings: the payment channels (secrets imported from files and never shown again), the database,
/// training mode, language, receipts and refund approval. Offered to admins only; the core refuses anyone else's
/// channel changes in any case.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)
public:
    /// `admin` is the signed-in user every channel change is made and audited as.
    SettingsDialog(const ChannelEditing& channels,
        const Database& database,
        ConsoleSettings& settings,
        const Actor& admin,
        DialogService& dialogs,
        QWidget* parent = nullptr);
    ~SettingsDialog() override;

    [[nodiscard]] GeneralTab* generalTab() const { return m_general; }

Q_SIGNALS:
    /// A channel was saved and the console's channels reloaded.
    void channelsChanged();
    void languageChanged(const QString& language);
    /// A change (database, training mode, refund threshold) applies only after PayDesk restarts.
    void restartRequired();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QTabWidget* m_tabs;
    WeChatPayTab* m_wechat;
    AlipayTab* m_alipay;
    DatabaseTab* m_database;
    GeneralTab* m_general;
};

} // namespace paydesk::ui
