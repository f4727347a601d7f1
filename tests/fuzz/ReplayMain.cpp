// The test build's stand-in for libFuzzer's main: every file of the corpus directories (or single files) named on
// the command line goes through LLVMFuzzerTestOneInput once, in name order. A crash or a violated property aborts,
// which fails the ctest entry: a reproducer added to the corpus keeps its bug fixed.
#include <cstdio>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include "tests/fuzz/FuzzSupport.h"

namespace {

bool replay(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return false;
    }
    const QByteArray data = file.readAll();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.constData()), size_t(data.size()));
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    int count = 0;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        QStringList paths;
        if (QFileInfo(arg).isDir()) {
            const QDir dir(arg);
            for (const QString& name : dir.entryList(QDir::Files, QDir::Name))
                paths << dir.filePath(name);
        } else {
            paths << arg;
        }
        for (const QString& path : paths) {
            if (!replay(path))
                return 1;
            ++count;
        }
    }
    std::printf("%d inputs replayed\n", count);
    // An empty corpus replays nothing and would pass: a missing directory must fail instead.
    return count > 0 ? 0 : 1;
}
