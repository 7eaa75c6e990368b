"""Places and people of a made-up Elbistan, so demo tickets read like the real ones."""

# Elbistan's town centre; every demo location lies within a few kilometres of it.
CENTRE = (38.2050, 37.1900)

# (mahalle, latitude offset, longitude offset, relative size). Fixed offsets rather than
# random ones keep each neighbourhood in the same place whatever the seed.
NEIGHBOURHOODS: list[tuple[str, float, float, int]] = [
    ("Cumhuriyet Mahallesi", 0.004, 0.002, 9),
    ("Fatih Mahallesi", -0.006, 0.008, 8),
    ("Atatürk Mahallesi", 0.001, -0.006, 8),
    ("Bahçelievler Mahallesi", -0.014, -0.006, 7),
    ("Yunus Emre Mahallesi", 0.012, -0.010, 6),
    ("Hürriyet Mahallesi", 0.007, -0.018, 6),
    ("Güneşli Mahallesi", 0.018, 0.015, 5),
    ("Pınarbaşı Mahallesi", -0.020, 0.012, 5),
    ("Yenimahalle", 0.026, 0.008, 5),
    ("Kümbet Mahallesi", -0.002, 0.020, 4),
    ("Zafer Mahallesi", 0.022, -0.002, 4),
    ("İstiklal Mahallesi", -0.010, -0.018, 4),
    ("Gazi Mahallesi", -0.025, -0.015, 4),
    ("Ceyhan Mahallesi", -0.017, 0.026, 4),
    ("Mimar Sinan Mahallesi", 0.015, 0.027, 3),
    ("Kale Mahallesi", -0.004, -0.012, 3),
    ("Karaelbistan Mahallesi", 0.030, -0.020, 3),
    ("Esentepe Mahallesi", -0.028, 0.004, 3),
    ("Tepebaşı Mahallesi", 0.010, 0.033, 3),
    ("Akşemsettin Mahallesi", -0.012, 0.030, 3),
]

STREETS = [
    "Atatürk Caddesi", "İnönü Caddesi", "Malatya Caddesi", "Kahramanmaraş Caddesi",
    "Afşin Caddesi", "Cumhuriyet Caddesi", "Gazi Caddesi", "İstasyon Caddesi",
    "Mimar Sinan Caddesi", "Hükümet Caddesi", "Ceyhan Caddesi", "Kümbet Caddesi",
    "Akşemsettin Sokak", "Yunus Emre Sokak", "Gül Sokak", "Lale Sokak", "Menekşe Sokak",
    "Çınar Sokak", "Akasya Sokak", "Papatya Sokak", "Bağlar Sokak", "Fırat Sokak",
    "Söğüt Sokak", "Yıldız Sokak", "Bahar Sokak", "Işık Sokak", "Şehit Er Ali Sokak",
    "Okul Sokak", "Değirmen Sokak", "Pınar Sokak",
]

PARKS = [
    "Millet Bahçesi", "Kent Parkı", "Gençlik Parkı", "Şehitler Parkı", "Ceyhan Parkı",
    "Kümbet Çocuk Parkı", "Pınarbaşı Mesire Alanı", "Cumhuriyet Parkı", "Yunus Emre Parkı",
    "Gazi Parkı", "Sevgi Parkı", "Aile Çay Bahçesi",
]

FIRST_NAMES = [
    "Ahmet", "Mehmet", "Mustafa", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman",
    "Yusuf", "Murat", "Ömer", "Ramazan", "Halil", "Süleyman", "Abdullah", "Emre", "Burak",
    "Fatma", "Ayşe", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife", "Zehra",
    "Sultan", "Hanife", "Merve", "Büşra", "Esra", "Özlem", "Gülsüm", "Derya", "Yasemin",
    "Kübra", "Rukiye", "Cemile", "Songül",
]

LAST_NAMES = [
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
    "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan",
    "Şimşek", "Polat", "Erdoğan", "Güneş", "Karakaya", "Bozkurt", "Tekin", "Gürbüz",
    "Keskin", "Ateş", "Uçar", "Sarı", "Akgül", "Korkmaz", "Turan", "Güler", "Toprak",
    "Elbistanlı", "Kocaer", "Tatlı", "Dumlu",
]

# Reserved for documentation (RFC 2606): a demo database must never e-mail a real person,
# even when a developer has configured SMTP_URL.
EMAIL_DOMAINS = ["example.com", "example.net", "example.org"]

# Mobile operator prefixes (Turkcell 53x, Vodafone 54x, Türk Telekom 50x/55x).
MOBILE_PREFIXES = [
    "501", "505", "506", "507", "530", "531", "532", "533", "534", "535", "536", "537",
    "538", "539", "541", "542", "543", "544", "545", "546", "547", "548", "549", "551",
    "552", "553", "554", "555",
]

_ASCII = str.maketrans("çğıöşüÇĞİÖŞÜ", "cgiosuCGIOSU")


def ascii_fold(text: str) -> str:
    # str.lower() turns "İ" into "i̇" (with a combining dot), so fold to ASCII first.
    return text.translate(_ASCII).lower()
