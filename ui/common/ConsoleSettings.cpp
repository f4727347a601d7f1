#include "ui/common/ConsoleSettings.h"

#include <array>

#include <QSettings>

#include "core/crypto/SecretBox.h"
#include "core/store/DatabaseUrl.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {

struct Entry
{
    ConsoleSettings::Key key;
    const char16_t* name;
    QVariant (*defaultValue)();
};

// One table of names and defaults (the KeePassXC Config idea), so a key cannot be read under two spellings.
const std::array<Entry, 7> kEntries { {
    { ConsoleSettings::Key::Mode,
        u"console/mode",
        [] {
            return QVariant(u"standalone"_s);
        } },
    { ConsoleSettings::Key::DatabaseUrl,
        u"database/url",
        [] {
            return QVariant(QString());
        } },
    { ConsoleSettings::Key::Language,
        u"console/language",
        [] {
            return QVariant(QString());
        } },
    { ConsoleSettings::Key::MerchantName,
        u"console/merchantName",
        [] {
            return QVariant(QString());
        } },
    { ConsoleSettings::Key::NotifyListen,
        u"console/notifyListen",
        [] {
            return QVariant(QString());
        } },
    { ConsoleSettings::Key::FirstRunDone,
        u"console/firstRunDone",
        [] {
            return QVariant(false);
        } },
} };

const Entry& entry(ConsoleSettings::Key key)
{
    for (const Entry& e : kEntries) {
        if (e.key == key)
            return e;
    }
    Q_UNREACHABLE();
    return kEntries.front();
}

const QString kSealedPassword = u"database/sealedPassword"_s;
// The AAD of the sealed password: a value sealed for another purpose cannot be passed off as it.
const QByteArray kPasswordPurpose = "settings:database_password";

} // namespace

ConsoleSettings::ConsoleSettings(QObject* parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(u"paydesk"_s, u"paydesk"_s))
{
    adoptGeneralGroup();
}

ConsoleSettings::ConsoleSettings(const QString& iniFile, QObject* parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{
    adoptGeneralGroup();
}

void ConsoleSettings::adoptGeneralGroup()
{
    // Earlier versions kept these keys in a group called "general". QSettings writes any group whose name matches
    // "general" ignoring case as [%General] and reads that back as "General/...", so nothing written there was ever
    // found again (every start showed the first-run wizard). The keys now live under "console/"; values such a file
    // holds are taken over once.
    for (const Entry& e : kEntries) {
        const QString name = QString::fromUtf16(e.name);
        if (!name.startsWith(u"console/"_s) || m_settings->contains(name))
            continue;
        const QString old = u"General/"_s + name.mid(8);
        if (m_settings->contains(old))
            m_settings->setValue(name, m_settings->value(old));
    }
}

ConsoleSettings::~ConsoleSettings() = default;

QVariant ConsoleSettings::value(Key key) const
{
    const Entry& e = entry(key);
    return m_settings->value(QString::fromUtf16(e.name), e.defaultValue());
}

void ConsoleSettings::setValue(Key key, const QVariant& value)
{
    const QString name = QString::fromUtf16(entry(key).name);
    if (m_settings->contains(name) && m_settings->value(name) == value)
        return;
    m_settings->setValue(name, value);
    Q_EMIT changed(key);
}

QString ConsoleSettings::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Training:
        return u"training"_s;
    case Mode::Shared:
        return u"shared"_s;
    case Mode::Standalone:
        break;
    }
    return u"standalone"_s;
}

ConsoleSettings::Mode ConsoleSettings::mode() const
{
    const QString name = value(Key::Mode).toString();
    if (name == u"training"_s)
        return Mode::Training;
    if (name == u"shared"_s)
        return Mode::Shared;
    return Mode::Standalone;
}

void ConsoleSettings::setMode(Mode mode)
{
    setValue(Key::Mode, modeName(mode));
}

Status ConsoleSettings::setDatabaseUrl(const QString& url, const crypto::SecretBox& box)
{
    if (url.isEmpty()) {
        m_settings->remove(kSealedPassword);
        setValue(Key::DatabaseUrl, QString());
        return {};
    }
    auto parsed = DatabaseUrl::parse(url);
    if (!parsed)
        return tl::unexpected(parsed.error());
    QString sealed;
    if (!parsed->password.isEmpty()) {
        auto s = box.seal(parsed->password.toUtf8(), kPasswordPurpose);
        if (!s)
            return tl::unexpected(s.error());
        sealed = *s;
        parsed->password.clear();
    }
    if (sealed.isEmpty())
        m_settings->remove(kSealedPassword);
    else
        m_settings->setValue(kSealedPassword, sealed);
    const QString clear = parsed->toString();
    if (value(Key::DatabaseUrl).toString() == clear)
        Q_EMIT changed(Key::DatabaseUrl); // the password alone changed
    else
        setValue(Key::DatabaseUrl, clear);
    return {};
}

Result<QString> ConsoleSettings::databaseUrl(const crypto::SecretBox& box) const
{
    const QString stored = value(Key::DatabaseUrl).toString();
    const QString sealed = m_settings->value(kSealedPassword).toString();
    if (stored.isEmpty() || sealed.isEmpty())
        return stored;
    auto parsed = DatabaseUrl::parse(stored);
    if (!parsed)
        return tl::unexpected(parsed.error());
    auto password = box.open(sealed, kPasswordPurpose);
    if (!password)
        return fail(ErrorCode::CryptoFailure, u"the stored database password does not open with this master key"_s);
    parsed->password = QString::fromUtf8(password->bytes());
    return parsed->toString();
}

QString ConsoleSettings::databaseUrlWithoutPassword() const
{
    return value(Key::DatabaseUrl).toString();
}

QString ConsoleSettings::language() const
{
    return value(Key::Language).toString();
}

void ConsoleSettings::setLanguage(const QString& language)
{
    setValue(Key::Language, language);
}

QString ConsoleSettings::merchantName() const
{
    return value(Key::MerchantName).toString();
}

void ConsoleSettings::setMerchantName(const QString& name)
{
    setValue(Key::MerchantName, name);
}

QString ConsoleSettings::notifyListen() const
{
    return value(Key::NotifyListen).toString();
}

void ConsoleSettings::setNotifyListen(const QString& listen)
{
    setValue(Key::NotifyListen, listen);
}

bool ConsoleSettings::firstRunDone() const
{
    return value(Key::FirstRunDone).toBool();
}

void ConsoleSettings::setFirstRunDone(bool done)
{
    setValue(Key::FirstRunDone, done);
}

void ConsoleSettings::sync()
{
    m_settings->sync();
}

} // namespace paydesk::ui
