"""What citizens write, per category: (request type, title, description).

Placeholders: {mahalle}, {street}, {street2}, {park}, {topic} (the category's name).
"""

from cozum.tickets.enums import RequestType

C, R, S, P, INFO, T = (
    RequestType.COMPLAINT, RequestType.REQUEST, RequestType.SUGGESTION,
    RequestType.REPORT, RequestType.INFORMATION, RequestType.THANKS,
)
Template = tuple[RequestType, str, str]

TEMPLATES: dict[str, list[Template]] = {
    "ROAD_POTHOLE": [
        (C, "Mahallemizdeki yolda büyük çukurlar var",
         "{mahalle} {street} üzerinde yolda büyük çukurlar oluştu. Araçlar zarar görüyor, yağmurda su "
         "birikiyor. Acilen asfalt yaması yapılmasını rica ediyoruz."),
        (C, "{street} asfaltı bozuk",
         "{mahalle} {street} asfaltı tamamen bozuldu, kasisler yüzünden araçla geçmek çok zor."),
        (R, "Sokağımıza asfalt yapılması talebi",
         "{mahalle} {street} hâlâ toprak yol. Kışın çamurdan geçilmiyor, sokağımıza asfalt dökülmesini "
         "talep ediyoruz."),
        (C, "Kazı sonrası yol kapatılmadı",
         "{street} üzerinde yapılan altyapı kazısından sonra yol eski hâline getirilmedi, çukur açık duruyor."),
        (P, "Rögar kapağı çökmüş",
         "{street} ile {street2} kesişiminde rögar kapağı çökmüş, gece bir kaza olabilir."),
    ],
    "SIDEWALK": [
        (C, "Kaldırım taşları yerinden çıkmış",
         "{mahalle} {street} üzerindeki kaldırım taşları yerinden oynamış, yaşlılar ve çocuklar düşüyor."),
        (R, "Engelli rampası talebi",
         "{street} kaldırımlarında engelli rampası yok, tekerlekli sandalyeyle geçilemiyor."),
        (C, "Bordür taşları kırık", "{mahalle} {street} üzerindeki bordür taşları kırılmış, yenilenmesini istiyoruz."),
    ],
    "SNOW_ICE": [
        (R, "Sokağımızda kar küreme yapılmadı",
         "{mahalle} {street} iki gündür kardan kapalı, araçlar çıkamıyor. Kar küreme aracı gönderilmesini "
         "rica ederiz."),
        (C, "Yollar buz tuttu, tuzlama yapılmalı",
         "{street} yokuşu buz tuttu, araçlar kayıyor, yayalar düşüyor. Tuzlama yapılmasını istiyoruz."),
        (R, "Okul önü kardan kapalı",
         "{mahalle} ilkokulunun önündeki yol ve kaldırım kardan kapalı, çocuklar yolda yürümek zorunda kalıyor."),
    ],
    "CONSTRUCTION_DEBRIS": [
        (P, "Boş arsaya moloz dökülüyor",
         "{mahalle} {street} yanındaki boş arsaya geceleri kamyonlarla moloz dökülüyor."),
        (C, "İnşaat hafriyatı yolu kapattı",
         "{street} üzerindeki inşaatın hafriyatı yola taşmış, geçiş zorlaşıyor."),
        (C, "Tadilat molozu kaldırılmadı",
         "Komşumuzun tadilatından çıkan moloz torbaları haftalardır {street} kaldırımında duruyor."),
    ],
    "STREET_VENDOR": [
        (C, "Seyyar satıcılar kaldırımı işgal ediyor",
         "{street} üzerinde seyyar satıcılar tezgâh kuruyor, yayalar yola inmek zorunda kalıyor."),
        (P, "Pazar yeri dışında izinsiz satış",
         "{mahalle} pazar yeri dışında {street} üzerinde izinsiz satış yapılıyor, çevre kirleniyor."),
        (C, "Hoparlörle satış yapan araçlar",
         "Sabah erken saatlerde hoparlörle satış yapan araçlar {mahalle} içinde dolaşıyor, rahatsız oluyoruz."),
    ],
    "OCCUPATION": [
        (C, "İşyeri kaldırımı işgal ediyor",
         "{street} üzerindeki bir işyeri masalarını ve ürünlerini kaldırıma koyuyor, yürünmüyor."),
        (C, "Kaldırıma park eden araçlar",
         "{mahalle} {street} kaldırımına sürekli araç park ediliyor, bebek arabasıyla geçemiyoruz."),
        (P, "Ortak alana izinsiz kulübe",
         "{street} üzerindeki apartmanın önündeki ortak alana izinsiz bir kulübe yapılmış."),
    ],
    "NOISE": [
        (C, "Gece geç saatlere kadar gürültü",
         "{street} üzerindeki kafeden gece geç saatlere kadar yüksek sesle müzik geliyor."),
        (C, "Sabah erken inşaat gürültüsü",
         "{mahalle} {street} üzerindeki inşaatta sabah 6'da çalışmaya başlanıyor, gürültüden uyuyamıyoruz."),
        (C, "Düğün salonu gürültüsü",
         "{mahalle} içindeki düğün salonundan gece yarısından sonra da yüksek ses geliyor."),
    ],
    "UNLICENSED_BUSINESS": [
        (P, "Ruhsatsız işyeri ihbarı",
         "{street} üzerinde yeni açılan işyerinin ruhsatı olmadığını düşünüyoruz, kontrol edilmesini rica ederiz."),
        (P, "Apartman bodrumunda atölye",
         "{mahalle} {street} üzerindeki apartmanın bodrum katında ruhsatsız bir atölye çalışıyor, gürültü ve "
         "koku yapıyor."),
    ],
    "PARK_MAINTENANCE": [
        (C, "Parktaki oyun grubu kırık", "{park} içindeki salıncak ve kaydırak kırık, çocuklar için tehlikeli."),
        (R, "Parka oturma bankı talebi",
         "{park} içinde oturma bankı çok az, yaşlılar için bank konulmasını rica ediyoruz."),
        (C, "Park çimleri sulanmıyor", "{park} çimleri kurudu, sulama sistemi çalışmıyor."),
        (S, "Mahallemize park yapılması önerisi",
         "{mahalle} içinde çocukların oynayabileceği bir park yok, {street} yanındaki boş alana park yapılabilir."),
    ],
    "TREE": [
        (R, "Ağaç budama talebi",
         "{street} üzerindeki ağaçların dalları elektrik tellerine ve pencerelere değiyor, budanmasını istiyoruz."),
        (P, "Fırtınada ağaç devrildi", "{mahalle} {street} üzerinde fırtınada büyük bir ağaç devrildi, yol kapandı."),
        (R, "Kuruyan ağacın kesilmesi", "{park} içindeki kurumuş ağaç devrilmek üzere, kesilmesini rica ediyoruz."),
    ],
    "GARBAGE": [
        (C, "Çöpler günlerdir alınmıyor",
         "{mahalle} {street} üzerindeki konteynerler taşıyor, çöpler üç gündür alınmadı."),
        (R, "Çöp konteyneri talebi",
         "{street} üzerinde çöp konteyneri yok, yeni konteyner konulmasını talep ediyoruz."),
        (C, "Konteyner kırık ve kokuyor",
         "{street} üzerindeki çöp konteynerinin kapağı kırık, koku yapıyor. Yıkanmasını ve "
         "değiştirilmesini istiyoruz."),
    ],
    "STREET_CLEANING": [
        (C, "Sokağımız süpürülmüyor", "{mahalle} {street} haftalardır süpürülmedi, yaprak ve çöp birikti."),
        (R, "Pazar yeri sonrası temizlik",
         "{mahalle} pazarı kurulduktan sonra {street} çok kirli kalıyor, yıkama yapılmasını rica ederiz."),
    ],
    "STRAY_ANIMAL": [
        (P, "Yaralı köpek var",
         "{street} üzerinde arka bacağı yaralı bir sokak köpeği var, tedavi edilmesini rica ediyorum."),
        (C, "Sokak köpekleri çocukları korkutuyor",
         "{mahalle} okul yolunda sahipsiz köpekler sürü hâlinde dolaşıyor, çocuklar korkuyor."),
        (P, "Yavru kediler soğukta kaldı",
         "{street} üzerindeki bir binanın önünde yavru kediler soğukta kaldı, barınağa alınmasını rica ederim."),
    ],
    "PEST": [
        (R, "Sivrisinek ilaçlaması talebi",
         "{mahalle} içinde akşamları sivrisinekten oturulamıyor, ilaçlama yapılmasını rica ediyoruz."),
        (C, "Rögarlardan haşere çıkıyor", "{street} üzerindeki rögarlardan hamamböceği çıkıyor, ilaçlama yapılsın."),
    ],
    "ILLEGAL_BUILDING": [
        (P, "Kaçak kat çıkılıyor", "{mahalle} {street} üzerindeki binaya ruhsatsız kat çıkılıyor."),
        (C, "Komşu parselde izinsiz yapı",
         "{street} üzerindeki komşu parselde imar planına aykırı bir ek yapı yapılıyor."),
    ],
    "WATER_FAULT": [
        (P, "Ana boru patladı", "{street} üzerinde ana su borusu patladı, sular yola akıyor."),
        (C, "Kanalizasyon taştı", "{mahalle} {street} üzerinde kanalizasyon taştı, çok kötü koku var."),
        (C, "Sular sık sık kesiliyor", "{mahalle} içinde sular haber verilmeden sık sık kesiliyor."),
    ],
    "PUBLIC_TRANSPORT": [
        (R, "Durağa sundurma talebi",
         "{street} üzerindeki otobüs durağında sundurma yok, kışın yağmurda ve karda bekliyoruz."),
        (C, "Otobüsler saatinde gelmiyor",
         "{mahalle} hattındaki otobüsler sabahları saatinde gelmiyor, işe geç kalıyoruz."),
        (S, "Yeni otobüs hattı önerisi",
         "{mahalle} ile devlet hastanesi arasında doğrudan bir otobüs hattı açılmasını öneriyoruz."),
    ],
    "SOCIAL_AID": [
        (R, "Yakacak yardımı talebi",
         "Ailemle {mahalle} içinde oturuyorum, eşim çalışamıyor. Kış için yakacak yardımı talep ediyorum."),
        (R, "Yaşlı komşumuz için gıda yardımı",
         "{mahalle} {street} üzerinde yaşayan yaşlı komşumuz yalnız ve muhtaç durumda, gıda yardımı "
         "yapılmasını rica ederiz."),
        (R, "Akülü sandalye talebi", "Engelli yakınım için akülü sandalye desteği talep ediyorum."),
    ],
    "CULTURE_EVENT": [
        (S, "Gençlere yönelik etkinlik önerisi",
         "{mahalle} gençleri için yaz aylarında spor turnuvası düzenlenmesini öneriyoruz."),
        (R, "Kurs kaydı hakkında",
         "Belediyenin açtığı el sanatları kursuna nasıl kayıt olabileceğimi öğrenmek istiyorum."),
    ],
    "TAX_DEBT": [
        (R, "Emlak vergisi borcu sorgulama",
         "{mahalle} {street} üzerindeki evimin emlak vergisi borcunu ve taksit seçeneklerini öğrenmek istiyorum."),
        (C, "Hatalı vergi tahakkuku",
         "Emlak vergisi bildirimimde metrekare hatalı girilmiş, düzeltilmesini talep ediyorum."),
    ],
    "INFO_REQUEST": [
        (INFO, "4982 sayılı kanun kapsamında bilgi talebi",
         "4982 sayılı Bilgi Edinme Hakkı Kanunu kapsamında, {mahalle} içinde bu yıl yapılan asfalt "
         "çalışmalarının listesini talep ediyorum."),
        (INFO, "İhale bilgisi talebi",
         "Bilgi edinme hakkı kapsamında, {park} yenileme ihalesinin bedeli ve yüklenici firma hakkında bilgi "
         "talep ediyorum."),
    ],
    "CEMETERY": [
        (R, "Mezarlık temizliği",
         "Şehir mezarlığında otlar çok uzamış, mezarlara ulaşmak zor. Temizlik yapılmasını rica ederiz."),
        (R, "Cenaze nakil aracı talebi",
         "{mahalle} içinde vefat eden yakınımız için cenaze nakil aracı talep ediyoruz."),
    ],
    "STREET_LIGHTING": [
        (C, "Sokak lambası yanmıyor",
         "{mahalle} {street} üzerindeki sokak lambaları bir haftadır yanmıyor, akşamları sokak zifiri karanlık."),
        (P, "Aydınlatma direği eğildi", "{street} üzerindeki aydınlatma direği eğilmiş, devrilme tehlikesi var."),
        (C, "Park aydınlatması arızalı", "{park} aydınlatması çalışmıyor, akşamları kimse parka giremiyor."),
    ],
    "OTHER": [
        (S, "Belediye duyuruları hakkında öneri",
         "Belediye duyurularının WhatsApp üzerinden de paylaşılmasını öneriyorum."),
        (R, "Nikâh salonu randevusu", "Nikâh salonu için önümüzdeki ay uygun tarihleri öğrenmek istiyorum."),
    ],
}

# Any category can earn thanks; a small share of every category's requests are thanks.
THANKS: Template = (
    T, "Ekiplerinize teşekkür ederiz",
    "{mahalle} {street} üzerindeki «{topic}» başvurumuz kısa sürede sonuçlandı. Emeği geçen herkese teşekkür ederiz.",
)
THANKS_SHARE = 0.02
