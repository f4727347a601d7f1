#include "ui/settings/GeneralTab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/money/Money.h"
#include "ui/common/ConsoleSettings.h"
#include "ui/common/DialogService.h"
#include "ui/common/ErrorText.h"
#include "ui/common/Translator.h"
#include "ui/settings/SettingsWidgets.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

GeneralTab::GeneralTab(const Database& database,
    bool training,
    ConsoleSettings& settings,
    const Actor& admin,
    DialogService& dialogs,
    QWidget* parent)
    : QWidget(parent)
    , m_database(database)
    , m_runningTraining(training)
    , m_settings(settings)
    , m_admin(admin)
    , m_dialogs(dialogs)
    , m_installTranslation([](const QString& language) {
        return installTranslation(language);
    })
    , m_trainingCaption(new QLabel(this))
    , m_training(new QCheckBox(this))
    , m_trainingHelp(new QLabel(this))
    , m_languageCaption(new QLabel(this))
    , m_language(new QComboBox(this))
    , m_merchantCaption(new QLabel(this))
    , m_merchantName(lineEdit(u"merchantNameEdit"_s, this))
    , m_thresholdCaption(new QLabel(this))
    , m_threshold(lineEdit(u"refundThresholdEdit"_s, this))
    , m_dailyCapCaption(new QLabel(this))
    , m_dailyCap(lineEdit(u"refundDailyCapEdit"_s, this))
    , m_thresholdError(statusLabel(u"refundThresholdErrorLabel"_s, this))
    , m_save(button(u"saveGeneralButton"_s, this))
    , m_status(statusLabel(u"generalStatusLabel"_s, this))
{
    setObjectName(u"generalTab"_s);
    m_training->setObjectName(u"trainingModeCheck"_s);
    m_trainingHelp->setWordWrap(true);
    m_trainingHelp->setObjectName(u"trainingHelpLabel"_s);
    m_language->setObjectName(u"languageCombo"_s);
    m_languageCaption->setObjectName(u"languageLabel"_s);
    m_threshold->setMaximumWidth(160);
    m_threshold->setInputMethodHints(Qt::ImhFormattedNumbersOnly);
    m_dailyCap->setMaximumWidth(160);
    m_dailyCap->setInputMethodHints(Qt::ImhFormattedNumbersOnly);
    m_thresholdError->hide();

    // Language names in their own language, so anyone can find theirs whatever the current one is.
    m_language->addItem(QString(), QString());
    m_language->addItem(u"简体中文"_s, u"zh_CN"_s);
    m_language->addItem(u"English"_s, u"en"_s);
    m_language->setCurrentIndex(qMax(0, m_language->findData(m_settings.language())));
    m_training->setChecked(m_settings.mode() == ConsoleSettings::Mode::Training);
    m_merchantName->setText(m_settings.merchantName());
    // The refund policy lives in the shared database: every till, paydeskd and paydeskctl enforces the same one.
    const auto policy = RefundPolicyStore::load(m_database);
    m_policy = policy ? *policy : RefundPolicy {};
    m_threshold->setText(Money::fen(m_policy.approvalThresholdMinor).toDecimalString());
    m_dailyCap->setText(Money::fen(m_policy.dailyCapPerUserMinor).toDecimalString());

    auto* form = new QFormLayout;
    form->addRow(m_trainingCaption, m_training);
    form->addRow(QString(), m_trainingHelp);
    form->addRow(m_languageCaption, m_language);
    form->addRow(m_merchantCaption, m_merchantName);
    form->addRow(m_thresholdCaption, m_threshold);
    form->addRow(m_dailyCapCaption, m_dailyCap);
    form->addRow(QString(), m_thresholdError);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();
    layout->addLayout(saveRow(m_status, m_save));

    connect(m_language, &QComboBox::activated, this, &GeneralTab::chooseLanguage);
    connect(m_save, &QPushButton::clicked, this, &GeneralTab::save);
    connect(m_threshold, &QLineEdit::textEdited, m_thresholdError, &QLabel::hide);
    connect(m_dailyCap, &QLineEdit::textEdited, m_thresholdError, &QLabel::hide);
    retranslateUi();
}

GeneralTab::~GeneralTab() = default;

void GeneralTab::chooseLanguage(int index)
{
    const QString language = m_language->itemData(index).toString();
    m_settings.setLanguage(language);
    m_settings.sync();
    // Installing a translator sends LanguageChange to every widget; each retranslates itself.
    m_installTranslation(language);
    Q_EMIT languageChanged(language);
}

void GeneralTab::save()
{
    auto threshold = Money::parse(m_threshold->text().trimmed());
    auto dailyCap = Money::parse(m_dailyCap->text().trimmed());
    if (!threshold || !dailyCap) {
        m_thresholdError->setText(tr("Enter an amount in yuan, such as 500 or 500.00."));
        setStatus(m_thresholdError, m_thresholdError->text(), false);
        m_thresholdError->show();
        return;
    }
    m_thresholdError->hide();
    const bool wasTraining = m_settings.mode() == ConsoleSettings::Mode::Training;
    const bool training = m_training->isChecked();
    if (training != wasTraining) {
        const QString question = training
            ? tr("After a restart this counter uses the built-in simulator: no real money. The WeChat Pay and "
                 "Alipay settings in this database are replaced by the simulator's; to go back you need the key "
                 "files again. Switch to training mode?")
            : tr("After a restart this counter takes real money. Set up WeChat Pay or Alipay in their tabs "
                 "before the first sale: until then the cashier cannot charge. Leave training mode?");
        if (!m_dialogs.confirm(this, tr("Training mode"), question)) {
            m_training->setChecked(wasTraining);
            return;
        }
        const bool shared = m_settings.databaseUrlWithoutPassword().startsWith(u"postgres"_s);
        m_settings.setMode(training ? ConsoleSettings::Mode::Training
                : shared            ? ConsoleSettings::Mode::Shared
                                    : ConsoleSettings::Mode::Standalone);
    }
    const RefundPolicy policy { threshold->minorUnits(), dailyCap->minorUnits() };
    if (policy.approvalThresholdMinor != m_policy.approvalThresholdMinor
        || policy.dailyCapPerUserMinor != m_policy.dailyCapPerUserMinor) {
        if (auto saved = RefundPolicyStore::save(m_database, policy, m_admin, QDateTime::currentMSecsSinceEpoch());
            !saved) {
            setStatus(m_status, userMessage(saved.error()), false);
            return;
        }
        m_policy = policy;
    }
    m_settings.setMerchantName(m_merchantName->text().trimmed());
    m_settings.sync();
    m_threshold->setText(threshold->toDecimalString());
    m_dailyCap->setText(dailyCap->toDecimalString());
    if (training != wasTraining) {
        setStatus(m_status, tr("Saved. Some changes take effect after PayDesk restarts."), true);
        Q_EMIT restartRequired();
    } else {
        setStatus(m_status, tr("Saved."), true);
    }
}

void GeneralTab::retranslateUi()
{
    m_trainingCaption->setText(tr("Training mode:"));
    m_training->setText(tr("Practise with the built-in simulator (no real money)"));
    m_trainingHelp->setText(m_runningTraining ? tr("This counter is in training mode now. A change takes "
                                                   "effect after PayDesk restarts.")
                                              : tr("A change takes effect after PayDesk restarts."));
    m_languageCaption->setText(tr("Language:"));
    m_language->setItemText(0, tr("Follow the system"));
    m_merchantCaption->setText(tr("Shop name on receipts:"));
    m_thresholdCaption->setText(tr("A payment's refunds above this in total need a manager (¥):"));
    m_dailyCapCaption->setText(tr("Each user's refunds above this per day need a manager (¥, 0 = no limit):"));
    m_save->setText(tr("Save"));
}

void GeneralTab::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace paydesk::ui
