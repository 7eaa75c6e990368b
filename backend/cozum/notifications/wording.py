"""The built-in wording of every message, in Turkish and English; an administrator's
MessageTemplate row replaces one (kind, language) pair.

Placeholders sit after a colon or stand alone, never before a suffix: Turkish attaches case
endings to names ("Fen İşleri Müdürlüğü'ne"), which no template can get right for every name.
The same body goes by e-mail, SMS and WhatsApp, so it stays short and says the reference first.
"""

from dataclasses import dataclass

from cozum.kit.language import Language
from cozum.notifications.models import NotificationKind

K = NotificationKind
SIGNATURE = "Çözüm Hattı"


@dataclass(frozen=True)
class Wording:
    subject: str
    body: str


_TR: dict[NotificationKind, Wording] = {
    K.RECEIVED: Wording(
        "Başvurunuz alındı ({reference})",
        "Sayın vatandaşımız, {reference} numaralı başvurunuz alınmıştır. Durumu: {status}. "
        "İlgili birim: {department}.\n\nBaşvurunuzu buradan takip edebilirsiniz: {link}",
    ),
    K.ROUTED: Wording(
        "Başvurunuz ilgili birime iletildi ({reference})",
        "Sayın vatandaşımız, {reference} numaralı başvurunuz ilgili birime iletilmiştir: {department}. "
        "Durumu: {status}.\n\nTakip: {link}",
    ),
    K.RESOLVED: Wording(
        "Başvurunuz sonuçlandı ({reference})",
        "Sayın vatandaşımız, {reference} numaralı başvurunuz sonuçlanmıştır.\n\n{message}\n\n"
        "Memnuniyetinizi 1 (hiç memnun değilim) ile 5 (çok memnunum) arasında puanlamanızı rica ederiz: {link}",
    ),
    K.REJECTED: Wording(
        "Başvurunuz hakkında ({reference})",
        "Sayın vatandaşımız, {reference} numaralı başvurunuz için işlem yapılamamıştır. Gerekçe:\n{message}\n\n"
        "Ayrıntılar: {link}",
    ),
    K.FORWARDED: Wording(
        "Başvurunuz yetkili kuruma iletildi ({reference})",
        "Sayın vatandaşımız, {reference} numaralı başvurunuz belediyemizin görev alanı dışında olduğundan "
        "yetkili kuruma iletilmiştir: {institution}.\n\nAyrıntılar: {link}",
    ),
    K.DUPLICATE: Wording(
        "Başvurunuz birleştirildi ({reference})",
        "Sayın vatandaşımız, {reference} numaralı başvurunuz aynı konudaki başka bir başvuruyla "
        "birleştirilmiştir: {mergedInto}. İşlemler o başvuru üzerinden sürecektir.\n\nAyrıntılar: {link}",
    ),
    K.REPLY: Wording(
        "Başvurunuza yanıt ({reference})",
        "Sayın vatandaşımız, {reference} numaralı başvurunuza yanıtımız:\n\n{message}\n\nTakip: {link}",
    ),
    K.REOPENED: Wording(
        "Başvurunuz yeniden işleme alındı ({reference})",
        "Sayın vatandaşımız, {reference} numaralı başvurunuz yeniden işleme alınmıştır. Durumu: {status}.\n\n"
        "Takip: {link}",
    ),
}

_EN: dict[NotificationKind, Wording] = {
    K.RECEIVED: Wording(
        "We have received your request ({reference})",
        "Dear citizen, we have received your request {reference}. Status: {status}. "
        "Department: {department}.\n\nFollow your request here: {link}",
    ),
    K.ROUTED: Wording(
        "Your request has been sent to the department ({reference})",
        "Dear citizen, your request {reference} has been sent to the department in charge: {department}. "
        "Status: {status}.\n\nFollow it here: {link}",
    ),
    K.RESOLVED: Wording(
        "Your request has been resolved ({reference})",
        "Dear citizen, your request {reference} has been resolved.\n\n{message}\n\n"
        "Please tell us how satisfied you are, from 1 (not at all) to 5 (very): {link}",
    ),
    K.REJECTED: Wording(
        "About your request ({reference})",
        "Dear citizen, we could not act on your request {reference}. Reason:\n{message}\n\nDetails: {link}",
    ),
    K.FORWARDED: Wording(
        "Your request has been forwarded ({reference})",
        "Dear citizen, your request {reference} is outside the municipality's remit and has been forwarded "
        "to the competent institution: {institution}.\n\nDetails: {link}",
    ),
    K.DUPLICATE: Wording(
        "Your request has been merged ({reference})",
        "Dear citizen, your request {reference} has been merged with another request about the same matter: "
        "{mergedInto}. The work continues there.\n\nDetails: {link}",
    ),
    K.REPLY: Wording(
        "A reply to your request ({reference})",
        "Dear citizen, our reply to your request {reference}:\n\n{message}\n\nFollow it here: {link}",
    ),
    K.REOPENED: Wording(
        "Your request has been reopened ({reference})",
        "Dear citizen, your request {reference} has been reopened. Status: {status}.\n\nFollow it here: {link}",
    ),
}

_SIGNED = {Language.TR: _TR, Language.EN: _EN}


def built_in(kind: NotificationKind, language: Language) -> Wording:
    wording = _SIGNED[language][kind]
    return Wording(wording.subject, f"{wording.body}\n\n{SIGNATURE}")
