#pragma once

#include <memory>

#include <QString>

#include "core/store/Database.h"

namespace paydesk::test {

/// A fresh, migrated database for one test: an SQLite file in a temporary directory, or, when PD_TEST_DB=pg, a new
/// PostgreSQL database on the server named by PD_TEST_PG_URL (dropped again afterwards).
class TestDatabase final
{
public:
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    /// nullptr with `why` set when it cannot be created; see PD_TEST_DATABASE below.
    static std::unique_ptr<TestDatabase> create(QString* why, bool migrate = true);

    [[nodiscard]] const std::shared_ptr<Database>& db() const { return m_db; }
    [[nodiscard]] const QString& url() const { return m_url; }
    [[nodiscard]] bool isPostgres() const { return m_db->engine() == DbEngine::Postgres; }
    /// Which engine this run uses: "sqlite" or "pg".
    static QString engineUnderTest();
    /// True when a missing PostgreSQL must fail the test rather than skip it (scripts/test sets PD_REQUIRE_PG=1).
    static bool postgresRequired();

private:
    TestDatabase() = default;
    std::shared_ptr<Database> m_db;
    QString m_url;
    QString m_pgDatabase;
    QString m_tempDir;
};

} // namespace paydesk::test

/// Declares `var` as a std::unique_ptr<TestDatabase>; skips (or, under PD_REQUIRE_PG=1, fails) when the engine under
/// test is not available.
#define PD_TEST_DATABASE(var)                                                                                          \
    QString var##Why;                                                                                                  \
    auto var = ::paydesk::test::TestDatabase::create(&var##Why);                                                       \
    if (!var) {                                                                                                        \
        if (::paydesk::test::TestDatabase::engineUnderTest() == QLatin1String("pg")                                    \
            && !::paydesk::test::TestDatabase::postgresRequired())                                                     \
            QSKIP(qPrintable(var##Why));                                                                               \
        QFAIL(qPrintable(var##Why));                                                                                   \
    }
