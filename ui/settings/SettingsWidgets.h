#pragma once

// Small builders the settings tabs share, so the tabs look alike and their constructors stay readable.

#include <QString>

#include "core/util/Result.h"

class QBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QWidget;

namespace paydesk::ui {

[[nodiscard]] QLineEdit* lineEdit(const QString& objectName, QWidget* parent);
[[nodiscard]] QPushButton* button(const QString& objectName, QWidget* parent);
/// A read-only value (a key's state), selectable so a fingerprint can be copied and compared.
[[nodiscard]] QLabel* valueLabel(const QString& objectName, QWidget* parent);
/// The banner a channel tab shows in training mode.
[[nodiscard]] QLabel* trainingNoteLabel(const QString& objectName, QWidget* parent);
[[nodiscard]] QLabel* statusLabel(const QString& objectName, QWidget* parent);
/// `value` stretched, `action` beside it.
[[nodiscard]] QWidget* withButton(QWidget* value, QPushButton* action);
/// The status text, then the save button on the right.
[[nodiscard]] QBoxLayout* saveRow(QLabel* status, QPushButton* save);
void setStatus(QLabel* status, const QString& text, bool ok);
/// Training mode: the fields stay readable (read-only, not greyed out); every button of `form` and `save` is off.
void makeReadOnly(QWidget* form, QPushButton* save);
/// userMessage() plus the core's detail, which names the field at fault (never a secret); settings are for admins.
[[nodiscard]] QString errorWithDetail(const Error& error);

} // namespace paydesk::ui
