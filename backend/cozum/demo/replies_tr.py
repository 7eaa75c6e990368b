"""What staff write back: results per category, reasons, notes and replies."""

RESOLUTIONS: dict[str, list[str]] = {
    "ROAD_POTHOLE": [
        "Bölgedeki çukurlar asfalt yama ekibimizce kapatılmıştır.",
        "{street} asfalt yenileme programına alınmış ve çalışma tamamlanmıştır.",
    ],
    "SIDEWALK": ["Kaldırım taşları yeniden döşenmiştir.", "Bordür taşları değiştirilmiş, rampa yapılmıştır."],
    "SNOW_ICE": [
        "Kar küreme ve tuzlama çalışması yapılmıştır.",
        "Bölge kar küreme aracıyla açılmış, tuzlama yapılmıştır.",
    ],
    "CONSTRUCTION_DEBRIS": [
        "Moloz kaldırılmış, dökenler hakkında tutanak tutulmuştur.",
        "İnşaat sahibine tebligat yapılmış, alan temizlenmiştir.",
    ],
    "STREET_VENDOR": ["Zabıta ekiplerimizce kontrol yapılmış, izinsiz satış engellenmiştir."],
    "OCCUPATION": [
        "İşgal kaldırılmış, işyeri sahibine idari yaptırım uygulanmıştır.",
        "Zabıta ekiplerimizce uyarı yapılmış, kaldırım açılmıştır.",
    ],
    "NOISE": [
        "İşletme uyarılmış, tekrarı hâlinde idari para cezası uygulanacaktır.",
        "Zabıta ekiplerimizce denetim yapılmış ve tutanak tutulmuştur.",
    ],
    "UNLICENSED_BUSINESS": [
        "İşyeri denetlenmiş, ruhsat işlemleri başlatılmıştır.",
        "Ruhsatsız faaliyet nedeniyle işyeri mühürlenmiştir.",
    ],
    "PARK_MAINTENANCE": ["Oyun grubu onarılmıştır.", "Parkın bakım ve sulama çalışması tamamlanmıştır."],
    "TREE": ["Ağaç budama çalışması yapılmıştır.", "Devrilen ağaç kaldırılmış, yol açılmıştır."],
    "GARBAGE": ["Çöpler toplanmış, konteyner yıkanmıştır.", "Bölgeye yeni konteyner konulmuştur."],
    "STREET_CLEANING": ["Sokak süpürme ve yıkama çalışması yapılmıştır."],
    "STRAY_ANIMAL": [
        "Hayvan ekiplerimizce alınarak tedavi altına alınmıştır.",
        "Hayvanlar kısırlaştırma ve aşılama için barınağa alınmıştır.",
    ],
    "PEST": ["Bölgede ilaçlama yapılmıştır."],
    "ILLEGAL_BUILDING": ["Yerinde inceleme yapılmış, yapı hakkında tutanak tutularak yasal işlem başlatılmıştır."],
    "WATER_FAULT": ["Arıza onarılmış, su verilmiştir.", "Kanalizasyon hattı açılmış ve bölge dezenfekte edilmiştir."],
    "PUBLIC_TRANSPORT": ["Durağa sundurma yerleştirilmiştir.", "Sefer saatleri düzenlenmiş, işletmeci uyarılmıştır."],
    "SOCIAL_AID": ["Sosyal inceleme yapılmış, yardım talebiniz karşılanmıştır."],
    "CULTURE_EVENT": ["Öneriniz etkinlik programına alınmıştır.", "Kurs kayıt bilgileri tarafınıza iletilmiştir."],
    "TAX_DEBT": ["Borç bilgileri ve taksit seçenekleri tarafınıza bildirilmiştir.", "Tahakkuk düzeltilmiştir."],
    "INFO_REQUEST": ["Talep ettiğiniz bilgi ve belgeler tarafınıza gönderilmiştir."],
    "CEMETERY": ["Mezarlık temizliği yapılmıştır.", "Cenaze nakil hizmeti sağlanmıştır."],
    "OTHER": ["Başvurunuz değerlendirilmiş, bilgilendirme yapılmıştır."],
}
THANKS_RESOLUTION = "Güzel sözleriniz için teşekkür ederiz; ilgili ekibimize iletilmiştir."
FALLBACK_RESOLUTION = "Başvurunuz sonuçlandırılmıştır."

REJECT_REASONS = [
    "Yapılan incelemede belirtilen adreste bir sorun tespit edilememiştir.",
    "Belirtilen alan özel mülk olduğundan belediyemizce işlem yapılamamaktadır.",
    "Talebiniz mevcut imar planı ve bütçe kapsamında karşılanamamaktadır.",
    "Başvuruda adres bilgisi yetersiz olduğundan işlem yapılamamıştır.",
]

# Where a municipal category's request goes when it is not the municipality's job after all.
STAFF_FORWARDS: dict[str, str] = {
    "WATER_FAULT": "Büyükşehir Belediyesi Su ve Kanalizasyon İdaresi",
}
STAFF_FORWARD_SHARE = 0.08


def forward_message(institution: str) -> str:
    # The wording intake uses for automatic forwards, so both read the same to the citizen.
    return f"Başvurunuz görev alanı nedeniyle {institution} kurumuna iletildi."


PROGRESS_MESSAGES = [
    None,
    None,
    "Başvurunuz incelemeye alınmıştır.",
    "Ekiplerimiz yerinde inceleme yapacaktır.",
]
SCHEDULE_MESSAGES = [
    "Çalışma programına alınmıştır; ekiplerimiz en kısa sürede bölgede olacaktır.",
    "Talebiniz haftalık çalışma planına eklenmiştir.",
]
HOLD_MESSAGES = [
    "Adres teyidi için sizinle iletişime geçilecektir.",
    "Malzeme temini bekleniyor.",
    "Hava koşulları nedeniyle çalışma ertelenmiştir.",
    "Başka bir kurumun altyapı çalışmasının bitmesi bekleniyor.",
]
RESUME_MESSAGES = [None, "Çalışmaya devam ediliyor."]

INTERNAL_NOTES = [
    "Ekip yarın sabah bölgeye gidecek.",
    "Vatandaş telefonla arandı, ek bilgi alındı.",
    "Aynı adresten daha önce de şikâyet gelmişti, kalıcı çözüm gerekiyor.",
    "Malzeme talebi depoya iletildi.",
    "Muhtarlıkla görüşüldü, sorun doğrulandı.",
    "Fotoğraflar incelendi, öncelik yükseltilebilir.",
]
PUBLIC_REPLIES = [
    "Başvurunuz ilgili ekibimize iletilmiştir, gelişmeler hakkında bilgilendirileceksiniz.",
    "Ekiplerimiz bölgede inceleme yapmıştır; çalışma programa alınacaktır.",
    "Bildiriminiz için teşekkür ederiz, konu takip edilmektedir.",
    "Ek bilgi için sizi arayacağız; lütfen telefonunuzu açık tutunuz.",
]
