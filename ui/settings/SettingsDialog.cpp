#include "ui/settings/SettingsDialog.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/settings/AlipayTab.h"
#include "ui/settings/DatabaseTab.h"
#include "ui/settings/GeneralTab.h"
#include "ui/settings/WeChatPayTab.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

SettingsDialog::SettingsDialog(const ChannelEditing& channels,
    const Database& database,
    ConsoleSettings& settings,
    const Actor& admin,
    DialogService& dialogs,
    QWidget* parent)
    : QDialog(parent)
    , m_tabs(new QTabWidget(this))
    , m_wechat(new WeChatPayTab(channels, admin, dialogs, m_tabs))
    , m_alipay(new AlipayTab(channels, admin, dialogs, m_tabs))
    , m_database(new DatabaseTab(database, settings, dialogs, m_tabs))
    , m_general(new GeneralTab(database, channels.training, settings, admin, dialogs, m_tabs))
{
    setObjectName(u"settingsDialog"_s);
    m_tabs->setObjectName(u"settingsTabs"_s);
    m_tabs->addTab(m_wechat, QString());
    m_tabs->addTab(m_alipay, QString());
    m_tabs->addTab(m_database, QString());
    m_tabs->addTab(m_general, QString());
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_wechat, &WeChatPayTab::saved, this, &SettingsDialog::channelsChanged);
    connect(m_alipay, &AlipayTab::saved, this, &SettingsDialog::channelsChanged);
    connect(m_database, &DatabaseTab::restartRequired, this, &SettingsDialog::restartRequired);
    connect(m_general, &GeneralTab::restartRequired, this, &SettingsDialog::restartRequired);
    connect(m_general, &GeneralTab::languageChanged, this, &SettingsDialog::languageChanged);
    resize(760, 620);
    retranslateUi();
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::retranslateUi()
{
    setWindowTitle(tr("Settings"));
    m_tabs->setTabText(m_tabs->indexOf(m_wechat), tr("WeChat Pay"));
    m_tabs->setTabText(m_tabs->indexOf(m_alipay), tr("Alipay"));
    m_tabs->setTabText(m_tabs->indexOf(m_database), tr("Database"));
    m_tabs->setTabText(m_tabs->indexOf(m_general), tr("Mode and language"));
}

void SettingsDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

} // namespace paydesk::ui
