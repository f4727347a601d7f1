#include "ui/shell/DatabaseStatusPage.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/store/Database.h"
#include "core/store/DatabaseStatus.h"
#include "ui/common/ErrorText.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {
QLabel* valueLabel(const QString& objectName)
{
    auto* l = new QLabel;
    l->setObjectName(objectName);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}
} // namespace

DatabaseStatusPage::DatabaseStatusPage(std::shared_ptr<Database> database, const Error& openError, QWidget* parent)
    : QWidget(parent)
    , m_database(std::move(database))
    , m_openError(openError)
    , m_state(valueLabel(u"dbStateLabel"_s))
    , m_engine(valueLabel(u"dbEngineLabel"_s))
    , m_location(valueLabel(u"dbLocationLabel"_s))
    , m_schema(valueLabel(u"dbSchemaLabel"_s))
    , m_users(valueLabel(u"dbUsersLabel"_s))
    , m_payments(valueLabel(u"dbPaymentsLabel"_s))
    , m_events(valueLabel(u"dbEventsLabel"_s))
    , m_hint(valueLabel(u"dbHintLabel"_s))
{
    auto* box = new QGroupBox(tr("Database"));
    auto* form = new QFormLayout(box);
    form->addRow(tr("State:"), m_state);
    form->addRow(tr("Engine:"), m_engine);
    form->addRow(tr("Location:"), m_location);
    form->addRow(tr("Schema version:"), m_schema);
    form->addRow(tr("Staff accounts:"), m_users);
    form->addRow(tr("Payments:"), m_payments);
    form->addRow(tr("Last event:"), m_events);
    m_location->setWordWrap(true);
    m_hint->setWordWrap(true);

    auto* refreshButton = new QPushButton(tr("Refresh"));
    refreshButton->setObjectName(u"dbRefreshButton"_s);
    connect(refreshButton, &QPushButton::clicked, this, &DatabaseStatusPage::refresh);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(box);
    layout->addWidget(m_hint);
    layout->addWidget(refreshButton, 0, Qt::AlignLeft);
    layout->addStretch(1);
    refresh();
}

void DatabaseStatusPage::refresh()
{
    const QLocale locale;
    if (!m_database) {
        m_state->setText(u"<b style='color:#b00020'>%1</b>"_s.arg(tr("Not connected").toHtmlEscaped()));
        m_hint->setText(userMessage(m_openError) + u"\n"_s + m_openError.detail);
        return;
    }
    const auto status = describeDatabase(*m_database);
    if (!status) {
        m_state->setText(u"<b style='color:#b00020'>%1</b>"_s.arg(tr("Error").toHtmlEscaped()));
        m_hint->setText(userMessage(status.error()));
        return;
    }
    const bool current = status->schemaVersion == status->latestSchemaVersion;
    m_state->setText(current ? u"<b style='color:#1b7f3b'>%1</b>"_s.arg(tr("Connected").toHtmlEscaped())
                             : u"<b style='color:#b36b00'>%1</b>"_s.arg(tr("Connected, not migrated").toHtmlEscaped()));
    m_engine->setText(status->engine);
    m_location->setText(status->location);
    m_schema->setText(tr("%1 of %2").arg(status->schemaVersion).arg(status->latestSchemaVersion));
    m_users->setText(locale.toString(status->users));
    m_payments->setText(locale.toString(status->payments));
    m_events->setText(locale.toString(status->lastEventSeq));
    m_hint->setText(status->users == 0 ? tr("No staff accounts yet. Create the first administrator with:\n"
                                            "paydeskctl user add NAME --role admin")
                                       : QString());
}

} // namespace paydesk::ui
