#pragma once

#include <QList>
#include <QString>

#include "core/domain/Role.h"
#include "core/util/Result.h"

namespace paydesk {

class Clock;
class Database;

struct User
{
    qint64 id = 0;
    QString username;
    QString displayName;
    domain::Role role = domain::Role::Cashier;
    bool active = true;
    bool hasPin = false;
};

/// Staff accounts. Passwords and PINs are stored only as PBKDF2-HMAC-SHA256 hashes, salted per user.
class UserRepository final
{
public:
    UserRepository(const Database& database, const Clock& clock);

    /// Usernames: 1-64 letters (any script), digits, '.', '_' or '-'. Passwords: at least 8 characters.
    /// Writes a "user.add" audit entry in the same transaction.
    [[nodiscard]] Result<User> add(const QString& username,
        const QString& displayName,
        domain::Role role,
        const QString& password,
        const QString& actor);
    /// An account the console itself acts as for automated set-up (training mode points the channels at the
    /// simulator on every start). It is created disabled, with no usable password, so nobody can sign in as it;
    /// the audit log names it. Returns the existing account when there is one.
    [[nodiscard]] Result<User> ensureServiceAccount(const QString& username, domain::Role role);
    /// AuthenticationFailed for an unknown user, a wrong password or a disabled account (one code for all three,
    /// so a caller cannot probe which usernames exist).
    [[nodiscard]] Result<User> authenticate(const QString& username, const QString& password) const;
    /// Quick cashier switching with a 4-8 digit PIN.
    [[nodiscard]] Status setPin(const QString& username, const QString& pin, const QString& actor);
    [[nodiscard]] Result<User> authenticatePin(const QString& username, const QString& pin) const;
    [[nodiscard]] Result<User> find(const QString& username) const;
    [[nodiscard]] Result<QList<User>> list() const;
    [[nodiscard]] Result<qint64> count() const;
    /// Accounts a person can sign in with (active ones; service accounts are not): zero on a first start.
    [[nodiscard]] Result<qint64> countSignInAccounts() const;

    /// PBKDF2 iterations for new hashes; tests lower it to stay fast.
    void setIterationsForTesting(int iterations) { m_iterations = iterations; }

private:
    /// One account row and its audit entry, in one transaction.
    [[nodiscard]] Result<User> insert(const QString& username,
        const QString& displayName,
        domain::Role role,
        const QString& passwordHash,
        bool active,
        const QString& actor,
        const QString& auditAction);

    const Database& m_database;
    const Clock& m_clock;
    int m_iterations;
};

} // namespace paydesk
