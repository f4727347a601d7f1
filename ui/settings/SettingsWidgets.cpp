#include "ui/settings/SettingsWidgets.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "ui/common/ErrorText.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

QLineEdit* lineEdit(const QString& objectName, QWidget* parent)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    return edit;
}

QPushButton* button(const QString& objectName, QWidget* parent)
{
    auto* b = new QPushButton(parent);
    b->setObjectName(objectName);
    b->setAutoDefault(false);
    return b;
}

QLabel* valueLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    label->setMinimumWidth(200);
    return label;
}

QLabel* trainingNoteLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setStyleSheet(u"background: #fff4ce; border: 1px solid #e0c36a; border-radius: 4px; padding: 8px;"_s);
    label->hide();
    return label;
}

QLabel* statusLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    return label;
}

QWidget* withButton(QWidget* value, QPushButton* action)
{
    auto* box = new QWidget(value->parentWidget());
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    value->setParent(box);
    action->setParent(box);
    row->addWidget(value, 1);
    row->addWidget(action);
    return box;
}

QBoxLayout* saveRow(QLabel* status, QPushButton* save)
{
    auto* row = new QHBoxLayout;
    row->addWidget(status, 1);
    row->addWidget(save, 0, Qt::AlignRight | Qt::AlignBottom);
    return row;
}

void setStatus(QLabel* status, const QString& text, bool ok)
{
    status->setStyleSheet(ok ? u"color: #1e8449;"_s : u"color: #c0392b;"_s);
    status->setText(text);
}

void makeReadOnly(QWidget* form, QPushButton* save)
{
    for (auto* edit : form->findChildren<QLineEdit*>())
        edit->setReadOnly(true);
    for (auto* b : form->findChildren<QPushButton*>())
        b->setEnabled(false);
    save->setEnabled(false);
}

QString errorWithDetail(const Error& error)
{
    if (error.detail.isEmpty())
        return userMessage(error);
    return QCoreApplication::translate("paydesk::ui::SettingsDialog", "%1\nDetails: %2")
        .arg(userMessage(error), error.detail);
}

} // namespace paydesk::ui
