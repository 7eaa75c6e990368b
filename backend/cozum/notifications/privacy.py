"""The short KVKK information notice (Law No. 6698 art. 10) for citizens who never saw the
portal's: the first reply to a WhatsApp request carries it. The version is the portal's
(frontend/src/portal/request/privacy.js); both change together."""

from cozum.kit.language import Language, pick

PRIVACY_NOTICE_VERSION = "2026-12"

_TR = (
    "KVKK aydınlatma metni ({version}): Adınızı, telefon numaranızı, konumu, fotoğraf ve videoları "
    "yalnızca bu başvuruyu sonuçlandırmak ve size dönüş yapmak için belediyemiz işler. Başkalarına ancak "
    "başvurunun gereği (örneğin yetkili başka bir kuruma iletme) ya da kanun gereği aktarılır. "
    "KVKK madde 11'deki haklarınız için belediyemize başvurabilirsiniz."
)
_EN = (
    "KVKK information notice ({version}): The municipality processes your name, phone number, the place, "
    "the photos and videos only to deal with this request and to reply to you. They are passed on only when "
    "the request needs it (for example to another competent institution) or the law requires it. "
    "For your rights under KVKK article 11, apply to the municipality."
)


def privacy_notice(language: Language) -> str:
    return pick(language, _TR, _EN).format(version=PRIVACY_NOTICE_VERSION)
