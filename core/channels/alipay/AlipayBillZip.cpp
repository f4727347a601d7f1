#include <quazip/quazip.h>
#include <quazip/quazipfile.h>
#include <quazip/quazipfileinfo.h>
#include <quazip/quazipnewinfo.h>

#include <QBuffer>

#include "core/channels/alipay/AlipayBill.h"
#include "core/channels/alipay/GbkCodec.h"

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

namespace {

constexpr qint64 kMaxEntrySize = 256LL * 1024 * 1024; // a zip bomb stops here; a day's bill is far smaller

Error bad(const QString& why)
{
    return Error { ErrorCode::MalformedInput, u"alipay bill zip: "_s + why };
}

} // namespace

Result<QByteArray> extractDetailCsv(const QByteArray& zipBytes)
{
    QByteArray copy = zipBytes;
    QBuffer buffer(&copy);
    QuaZip zip(&buffer);
    // Latin-1 maps every byte to one char, so the raw GBK name bytes come back intact for our own strict decoding.
    zip.setFileNameCodec("ISO-8859-1");
    if (!zip.open(QuaZip::mdUnzip))
        return tl::unexpected(bad(u"not a readable zip (error %1)"_s.arg(zip.getZipError())));
    QString chosen;
    int found = 0;
    for (bool more = zip.goToFirstFile(); more; more = zip.goToNextFile()) {
        const QString stored = zip.getCurrentFileName();
        QString name = stored;
        bool latin = true;
        for (const QChar c : stored)
            latin = latin && c.unicode() < 0x100;
        if (latin) {
            if (auto decoded = decodeGbk(stored.toLatin1()))
                name = *decoded;
        }
        if (name.endsWith(u".csv"_s) && name.contains(u"业务明细"_s) && !name.contains(u"汇总"_s)) {
            chosen = stored;
            ++found;
        }
    }
    if (zip.getZipError() != UNZ_OK)
        return tl::unexpected(bad(u"zip directory unreadable (error %1)"_s.arg(zip.getZipError())));
    if (found != 1)
        return tl::unexpected(bad(u"expected exactly one 业务明细 csv in the zip, found %1"_s.arg(found)));
    if (!zip.setCurrentFile(chosen))
        return tl::unexpected(bad(u"zip entry vanished"_s));
    QuaZipFileInfo64 info;
    if (!zip.getCurrentFileInfo(&info) || info.uncompressedSize > quint64(kMaxEntrySize))
        return tl::unexpected(bad(u"detail entry too large or unreadable"_s));
    QuaZipFile file(&zip);
    if (!file.open(QIODevice::ReadOnly))
        return tl::unexpected(bad(u"cannot open the detail entry (error %1)"_s.arg(file.getZipError())));
    const QByteArray data = file.read(kMaxEntrySize + 1);
    file.close(); // checks the CRC
    if (file.getZipError() != UNZ_OK)
        return tl::unexpected(bad(u"detail entry corrupt (error %1)"_s.arg(file.getZipError())));
    if (quint64(data.size()) != info.uncompressedSize)
        return tl::unexpected(bad(u"detail entry size mismatch"_s));
    return data;
}

Result<QByteArray> writeBillZip(const QList<QPair<QString, QByteArray>>& entries)
{
    QByteArray out;
    QBuffer buffer(&out);
    QuaZip zip(&buffer);
    zip.setFileNameCodec("ISO-8859-1"); // names go in as GBK bytes, one Latin-1 char per byte
    if (!zip.open(QuaZip::mdCreate))
        return fail(ErrorCode::Internal, u"cannot create zip (error %1)"_s.arg(zip.getZipError()));
    for (const auto& [name, content] : entries) {
        auto gbkName = encodeGbk(name);
        if (!gbkName)
            return tl::unexpected(gbkName.error());
        QuaZipFile file(&zip);
        if (!file.open(QIODevice::WriteOnly, QuaZipNewInfo(QString::fromLatin1(*gbkName))))
            return fail(ErrorCode::Internal, u"cannot add zip entry (error %1)"_s.arg(file.getZipError()));
        if (file.write(content) != content.size())
            return fail(ErrorCode::Internal, u"cannot write zip entry"_s);
        file.close();
        if (file.getZipError() != UNZ_OK)
            return fail(ErrorCode::Internal, u"cannot finish zip entry (error %1)"_s.arg(file.getZipError()));
    }
    zip.close();
    if (zip.getZipError() != UNZ_OK)
        return fail(ErrorCode::Internal, u"cannot finish zip (error %1)"_s.arg(zip.getZipError()));
    return out;
}

} // namespace paydesk::alipay
