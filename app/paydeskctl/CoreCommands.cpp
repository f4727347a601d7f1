// paydeskctl init, user and audit: the commands of the data layer.
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>

#include "core/store/AuditLog.h"
#include "core/store/ChannelConfigStore.h"
#include "core/store/UserRepository.h"
#include "core/util/Clock.h"

#include "Ctl.h"

using namespace Qt::StringLiterals;

namespace paydesk::ctl {

int runInit(Ctl& ctl)
{
    // The master key keys the audit chain from the first entry on (the first `user add`): create it here, as the
    // console does on its first start. Every program that writes to this database needs this same key file.
    const bool keyExisted = QFileInfo::exists(masterKeyPath());
    if (auto box = openMasterKey(/*createIfMissing*/ true); !box)
        return ctl.failed(box.error());
    auto db = ctl.database(/*allowEmpty*/ true);
    if (!db)
        return ctl.failed(db.error());
    if (auto s = (*db)->migrate(); !s)
        return ctl.failed(s.error());
    const int version = (*db)->schemaVersion().value_or(0);
    QString text = u"database %1 is at schema version %2"_s.arg((*db)->url().redacted()).arg(version);
    if (!keyExisted)
        text += u"\nnew master key %1: copy it to every machine that runs paydesk, paydeskd or paydeskctl on this "
                u"database, and keep a copy offline"_s.arg(masterKeyPath());
    return ctl.ok({ { u"database"_s, (*db)->url().redacted() },
                      { u"schema_version"_s, version },
                      { u"master_key"_s, masterKeyPath() },
                      { u"master_key_created"_s, !keyExisted } },
        text);
}

int runUser(Ctl& ctl)
{
    const QStringList& w = ctl.args().words;
    auto db = ctl.database();
    if (!db)
        return ctl.failed(db.error());
    UserRepository users(**db, SystemClock::instance());
    if (w.value(1) == u"add"_s) {
        const QString name = w.value(2);
        if (name.isEmpty())
            return ctl.usage(u"user add needs a NAME"_s);
        const auto role = domain::roleFromName(ctl.args().value(u"role"_s));
        if (!role)
            return ctl.usage(u"--role must be one of cashier, finance, manager, admin, auditor"_s);
        auto password = ctl.readSecret(u"Password for %1: "_s.arg(name), "PAYDESK_PASSWORD_FILE");
        if (!password)
            return ctl.failed(password.error());
        auto user = users.add(name, ctl.args().value(u"display-name"_s), *role, *password, ctl.opsActor());
        if (!user)
            return ctl.failed(user.error());
        return ctl.ok(
            { { u"id"_s, user->id }, { u"username"_s, user->username }, { u"role"_s, domain::roleName(user->role) } },
            u"added %1 (%2)"_s.arg(user->username, domain::roleName(user->role)));
    }
    if (w.value(1) == u"list"_s) {
        auto list = users.list();
        if (!list)
            return ctl.failed(list.error());
        QJsonArray rows;
        QStringList lines;
        for (const User& u : *list) {
            rows.append(QJsonObject { { u"id"_s, u.id },
                { u"username"_s, u.username },
                { u"display_name"_s, u.displayName },
                { u"role"_s, domain::roleName(u.role) },
                { u"active"_s, u.active } });
            lines << u"%1\t%2\t%3"_s.arg(u.username, domain::roleName(u.role), u.active ? u"active"_s : u"disabled"_s);
        }
        return ctl.ok({ { u"users"_s, rows } }, lines.join(u'\n'));
    }
    return ctl.usage(u"user: add or list"_s);
}

namespace {

constexpr int kExitTampered = 3;

QJsonObject verdictJson(const AuditVerdict& v)
{
    return { { u"ok"_s, v.ok },
        { u"rows_checked"_s, v.rowsChecked },
        { u"first_bad_id"_s, v.firstBadId },
        { u"problem"_s, v.problem },
        { u"keyed_from"_s, v.keyedFrom },
        { u"legacy_rows"_s, v.legacyRows } };
}

int brokenChain(const Ctl& ctl, const AuditVerdict& v, const QJsonObject& json)
{
    ctl.ok(json, u"AUDIT CHAIN BROKEN at row %1: %2"_s.arg(v.firstBadId).arg(v.problem));
    return kExitTampered;
}

int runAuditVerify(Ctl& ctl, const QSqlDatabase& conn)
{
    if (ctl.args().has(u"anchor"_s))
        return ctl.usage(u"--anchor needs ID:DIGEST (from `paydeskctl audit anchor`)"_s);
    QList<AuditAnchor> anchors;
    for (const QString& text : ctl.args().values(u"anchor"_s)) {
        auto anchor = AuditAnchor::parse(text);
        if (!anchor)
            return ctl.usage(u"--anchor %1: %2"_s.arg(text, anchor.error().detail));
        anchors << *anchor;
    }
    auto verdict = AuditLog::verify(conn, anchors);
    if (!verdict)
        return ctl.failed(verdict.error());
    QJsonObject json = verdictJson(*verdict);
    QJsonArray checked;
    for (const AuditAnchor& a : std::as_const(anchors))
        checked.append(a.text());
    json.insert(u"anchors"_s, checked);
    if (!verdict->ok)
        return brokenChain(ctl, *verdict, json);
    json.insert(u"head"_s, verdict->head.id ? verdict->head.text() : QString());
    QString text = u"audit chain intact: %1 rows verified"_s.arg(verdict->rowsChecked);
    if (verdict->legacyRows)
        text += u" (%1 from before keyed chaining)"_s.arg(verdict->legacyRows);
    if (!anchors.isEmpty())
        text += u"; %1 anchor(s) hold"_s.arg(anchors.size());
    return ctl.ok(json, text);
}

int runAuditAnchor(Ctl& ctl, const QSqlDatabase& conn)
{
    // An anchor vouches for everything before it: take it only from a chain that verifies.
    auto verdict = AuditLog::verify(conn);
    if (!verdict)
        return ctl.failed(verdict.error());
    if (!verdict->ok)
        return brokenChain(ctl, *verdict, verdictJson(*verdict));
    if (verdict->head.id == 0)
        return ctl.failed(Error { ErrorCode::NotFound, u"the audit log is empty: nothing to anchor yet"_s });
    const AuditAnchor& head = verdict->head;
    return ctl.ok({ { u"anchor"_s, head.text() },
                      { u"last_id"_s, head.id },
                      { u"digest"_s, head.digest },
                      { u"rows_checked"_s, verdict->rowsChecked },
                      { u"taken_at"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate) } },
        head.text());
}

} // namespace

int runAudit(Ctl& ctl)
{
    const QString sub = ctl.args().words.value(1);
    if (sub != u"verify"_s && sub != u"anchor"_s)
        return ctl.usage(u"audit: verify or anchor"_s);
    auto db = ctl.database();
    if (!db)
        return ctl.failed(db.error());
    auto conn = (*db)->connection();
    if (!conn)
        return ctl.failed(conn.error());
    return sub == u"verify"_s ? runAuditVerify(ctl, *conn) : runAuditAnchor(ctl, *conn);
}

} // namespace paydesk::ctl
