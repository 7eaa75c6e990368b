"""What the portal's browser tests share: a phone, a photo with a GPS position in its EXIF, and
the way through the request form."""

from pathlib import Path
from typing import Any

from PIL import ExifTags, Image
from playwright.async_api import Page, expect

from tests.browser.conftest import Console

PHONE = {"width": 390, "height": 844}
TICKET = """query($text: String!) { tickets(filter: { text: $text }, first: 5) { totalCount edges { node {
  id reference version status title description replyChannel
  location { latitude longitude address neighbourhood }
  contact { phone }
  attachments { kind contentType width height public }
  satisfaction { score comment }
} } } }"""


async def phone_page(console: Console, path: str = "/", **options: Any) -> Page:
    """A citizen's phone: small, touch, nobody signed in."""
    return await console.page(None, path, viewport=PHONE, has_touch=True, is_mobile=True, **options)


def photo_with_gps(folder: Path, latitude: tuple[float, float, float], longitude: tuple[float, float, float]) -> Path:
    """A 3000×2000 JPEG (larger than the portal sends) taken at latitude/longitude N/E, as
    degrees, minutes, seconds; with a camera make, to see that no EXIF survives."""
    image = Image.new("RGB", (3000, 2000), (96, 120, 140))
    for x in range(0, 3000, 250):
        image.paste((220, 180, 60), (x, 900, x + 120, 1100))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Deneme Kamerası"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = latitude
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = longitude
    path = folder / "cukur.jpg"
    image.save(path, exif=exif, quality=85)
    return path


async def continue_(page: Page, name: str = "Devam et") -> None:
    await page.get_by_role("button", name=name, exact=True).click()


async def choose_category(page: Page, name: str) -> None:
    await expect(page.get_by_role("heading", level=1, name="Bildirmek istediğiniz konu nedir?")).to_be_visible()
    await page.get_by_role("radio", name=name, exact=True).check()
    await continue_(page)


async def describe(page: Page, text: str) -> None:
    await expect(page.get_by_role("heading", level=1, name="Sorunu anlatın")).to_be_visible()
    await page.get_by_label("Sorunu anlatın").fill(text)
    await continue_(page)


async def reply_by_sms(page: Page, phone: str, name: str = "Deniz Yılmaz") -> None:
    await expect(page.get_by_role("heading", level=1, name="Size nasıl dönüş yapalım?")).to_be_visible()
    await page.get_by_role("radio", name="SMS ile").check()
    await page.get_by_label("Adınız soyadınız").fill(name)
    await page.get_by_label("Cep telefonu").fill(phone)
    await continue_(page)


async def quick_request(page: Page, description: str, phone: str) -> None:
    """From the start page to "check your answers": no photo, an address only."""
    await page.get_by_role("link", name="Şimdi başlayın").click()
    await choose_category(page, "Sokak temizliği")
    await describe(page, description)
    await continue_(page, "Fotoğrafsız devam et")
    await page.get_by_label("Adres ya da yer tarifi").fill("Cumhuriyet Meydanı, saat kulesinin yanı")
    await continue_(page)
    await reply_by_sms(page, phone)
    await expect(page.get_by_role("heading", level=1, name="Yanıtlarınızı kontrol edin")).to_be_visible()
