#include "core/store/UserRepository.h"

#include <QSqlQuery>

#include "core/crypto/Password.h"
#include "core/store/AuditLog.h"
#include "core/store/Database.h"
#include "core/store/Sql.h"
#include "core/store/SqlTransaction.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

const QString kColumns = u"id, username, display_name, role, active, pin_hash IS NOT NULL"_s;

User readUser(const QSqlQuery& q)
{
    User u;
    u.id = q.value(0).toLongLong();
    u.username = q.value(1).toString();
    u.displayName = q.value(2).toString();
    u.role = domain::roleFromName(q.value(3).toString()).value_or(domain::Role::Auditor);
    u.active = q.value(4).toInt() == 1;
    u.hasPin = q.value(5).toBool();
    return u;
}

bool validUsername(const QString& name)
{
    if (name.isEmpty() || name.size() > 64)
        return false;
    for (const QChar c : name) {
        if (!c.isLetterOrNumber() && c != u'.' && c != u'_' && c != u'-')
            return false;
    }
    return true;
}

} // namespace

UserRepository::UserRepository(const Database& database, const Clock& clock)
    : m_database(database)
    , m_clock(clock)
    , m_iterations(crypto::kPasswordIterations)
{
}

Result<User> UserRepository::add(const QString& username,
    const QString& displayName,
    domain::Role role,
    const QString& password,
    const QString& actor)
{
    if (!validUsername(username))
        return fail(ErrorCode::InvalidArgument, u"username must be 1-64 letters, digits, '.', '_' or '-'"_s);
    if (password.size() < 8)
        return fail(ErrorCode::InvalidArgument, u"password must have at least 8 characters"_s);
    auto hash = crypto::hashPassword(password, m_iterations);
    if (!hash)
        return tl::unexpected(hash.error());
    return insert(username, displayName, role, *hash, /*active*/ true, actor, u"user.add"_s);
}

Result<User> UserRepository::ensureServiceAccount(const QString& username, domain::Role role)
{
    if (auto existing = find(username); existing || existing.error().code != ErrorCode::NotFound)
        return existing;
    // "!" is not a hash verifyPassword() accepts: no password can ever match it.
    return insert(username, username, role, u"!"_s, /*active*/ false, u"system"_s, u"user.add_service_account"_s);
}

Result<User> UserRepository::insert(const QString& username,
    const QString& displayName,
    domain::Role role,
    const QString& passwordHash,
    bool active,
    const QString& actor,
    const QString& auditAction)
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    SqlTransaction tx(*db, m_database.dialect());
    if (!tx.isActive())
        return tl::unexpected(tx.beginStatus().error());
    const qint64 now = m_clock.nowMSecs();
    // Qt binds a named placeholder once per statement, so every placeholder here is distinct.
    auto q = sql::exec(*db,
        u"INSERT INTO users (username, display_name, role, password_hash, active, created_at, updated_at) "
        u"VALUES (:u, :d, :r, :h, :a, :created, :updated) RETURNING id"_s,
        { { u":u"_s, username },
            { u":d"_s, displayName },
            { u":r"_s, domain::roleName(role) },
            { u":h"_s, passwordHash },
            { u":a"_s, active ? 1 : 0 },
            { u":created"_s, now },
            { u":updated"_s, now } });
    if (!q) {
        if (q.error().code == ErrorCode::DbConstraint
            && (q.error().detail.contains(u"UNIQUE"_s) || q.error().detail.contains(u"duplicate key"_s)))
            return fail(ErrorCode::AlreadyExists, u"user '%1' already exists"_s.arg(username));
        return tl::unexpected(q.error());
    }
    q->next();
    User user { q->value(0).toLongLong(), username, displayName, role, active, false };
    q->finish();
    auto audit = AuditLog::append(*db,
        m_database.dialect(),
        actor,
        auditAction,
        u"user"_s,
        username,
        { { u"role"_s, domain::roleName(role) }, { u"display_name"_s, displayName } },
        now);
    if (!audit)
        return tl::unexpected(audit.error());
    if (auto c = tx.commit(); !c)
        return tl::unexpected(c.error());
    return user;
}

Result<User> UserRepository::authenticate(const QString& username, const QString& password) const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    auto q = sql::exec(
        *db, u"SELECT "_s + kColumns + u", password_hash FROM users WHERE username = :u"_s, { { u":u"_s, username } });
    if (!q)
        return tl::unexpected(q.error());
    const auto denied = fail(ErrorCode::AuthenticationFailed, u"wrong username or password"_s);
    if (!q->next()) {
        // Spend the same time as a real check, so response time does not reveal which usernames exist.
        (void)crypto::verifyPassword(password,
            u"pbkdf2-sha256$%1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="_s.arg(
                m_iterations));
        return denied;
    }
    const User user = readUser(*q);
    if (!crypto::verifyPassword(password, q->value(6).toString()) || !user.active)
        return denied;
    return user;
}

Status UserRepository::setPin(const QString& username, const QString& pin, const QString& actor)
{
    if (pin.size() < 4 || pin.size() > 8 || !std::all_of(pin.begin(), pin.end(), [](QChar c) {
            return c.isDigit();
        }))
        return fail(ErrorCode::InvalidArgument, u"a PIN is 4 to 8 digits"_s);
    auto hash = crypto::hashPassword(pin, m_iterations);
    if (!hash)
        return tl::unexpected(hash.error());
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    SqlTransaction tx(*db, m_database.dialect());
    if (!tx.isActive())
        return tx.beginStatus();
    const qint64 now = m_clock.nowMSecs();
    auto q = sql::exec(*db,
        u"UPDATE users SET pin_hash = :h, updated_at = :now WHERE username = :u"_s,
        { { u":h"_s, *hash }, { u":now"_s, now }, { u":u"_s, username } });
    if (!q)
        return tl::unexpected(q.error());
    if (q->numRowsAffected() != 1)
        return fail(ErrorCode::NotFound, u"no user '%1'"_s.arg(username));
    if (auto a = AuditLog::append(*db, m_database.dialect(), actor, u"user.set_pin"_s, u"user"_s, username, {}, now);
        !a)
        return tl::unexpected(a.error());
    return tx.commit();
}

Result<User> UserRepository::authenticatePin(const QString& username, const QString& pin) const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    auto q = sql::exec(
        *db, u"SELECT "_s + kColumns + u", pin_hash FROM users WHERE username = :u"_s, { { u":u"_s, username } });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next() || q->value(6).isNull() || !crypto::verifyPassword(pin, q->value(6).toString()))
        return fail(ErrorCode::AuthenticationFailed, u"wrong username or PIN"_s);
    const User user = readUser(*q);
    if (!user.active)
        return fail(ErrorCode::AuthenticationFailed, u"wrong username or PIN"_s);
    return user;
}

Result<User> UserRepository::find(const QString& username) const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    auto q = sql::exec(*db, u"SELECT "_s + kColumns + u" FROM users WHERE username = :u"_s, { { u":u"_s, username } });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::NotFound, u"no user '%1'"_s.arg(username));
    return readUser(*q);
}

Result<QList<User>> UserRepository::list() const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    auto q = sql::exec(*db, u"SELECT "_s + kColumns + u" FROM users ORDER BY username"_s);
    if (!q)
        return tl::unexpected(q.error());
    QList<User> out;
    while (q->next())
        out << readUser(*q);
    return out;
}

Result<qint64> UserRepository::countSignInAccounts() const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    auto q = sql::exec(*db, u"SELECT COUNT(*) FROM users WHERE active = 1"_s);
    if (!q)
        return tl::unexpected(q.error());
    q->next();
    return q->value(0).toLongLong();
}

Result<qint64> UserRepository::count() const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    auto q = sql::exec(*db, u"SELECT COUNT(*) FROM users"_s);
    if (!q)
        return tl::unexpected(q.error());
    q->next();
    return q->value(0).toLongLong();
}

} // namespace paydesk
