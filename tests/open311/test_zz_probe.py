import asyncio
import httpx
from xml.etree import ElementTree as etree
from tests.open311.conftest import Keys, form, submitted, Staff
from tests.attachments.media import jpeg


async def test_probe(api: httpx.AsyncClient, keys: Keys, operator: Staff, app) -> None:
    nasty = "Kötü <b>&amp; ]]> \x01\x0b\x1f \ufffe son\r\nikinci satır"
    r = await api.post("requests.xml", data=form(keys.submit, description=nasty, address_string=nasty))
    print("post nasty", r.status_code, r.text[:300])
    for path in ["requests.xml", "requests.xml?extensions=true"]:
        r = await api.get(path)
        try:
            etree.fromstring(r.content)
            print("xml ok", path)
        except Exception as e:
            print("XML BROKEN", path, e)
        print(r.text[:1500])
    for path in ["requests/%00.json", "services/%00.json", "tokens/%00.json", "requests.json?service_request_id=%00",
                 "requests.json?service_code=%00", "requests/%C0%AF.json", "requests.json?start_date=2026-12-03T08:15:00.1234567%2B03:00",
                 "requests.json?start_date=1900-01-01T00:00:00%2B14:00", "requests.json?end_date=1900-01-01",
                 "requests.json?start_date=2999-12-31T23:59:59-12:00", "requests.json?updated_after=0001-01-01",
                 "requests.json?page=1000000&page_size=1000", "requests.json?start_date=2015-03-29T03:30",
                 "requests.json?service_code=A&service_code=B", "requests.JSON", "requests.Xml", "requests.json/", "",
                 "discovery.json?jurisdiction_id=%00", "requests.json?page_size=%EF%BC%91", "requests.json?page=%D9%A1",
                 ]:
        try:
            r = await api.get(path)
        except Exception as e:
            print("CRASH", path, type(e).__name__, str(e)[:100]); continue
        print(path, r.status_code, r.headers.get("content-type"), r.text[:200])
    for method in ["HEAD", "OPTIONS"]:
        r = await api.request(method, "requests.json")
        print(method, r.status_code, dict(r.headers), r.content[:100])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as raw:
        for p in ["/open311/v2", "/open311/v2/", "/open311/v2//requests.json", "/open311/v2/requests.json?page_size=1"]:
            r = await raw.get(p)
            print(p, r.status_code, r.headers.get("content-type"), r.text[:150])
        # non-utf8 bodies
        body = b"service_code=ROAD_POTHOLE&lat=38.2&long=37.1&description=%FF%FE+abc&api_key=" + keys.submit.encode()
        r = await raw.post("/open311/v2/requests.json", content=body, headers={"content-type": "application/x-www-form-urlencoded"})
        print("latin body", r.status_code, r.text[:200])
        body = b"service_code=ROAD_POTHOLE&lat=38.2&long=37.1&description=\xff\xfe abc&api_key=" + keys.submit.encode()
        r = await raw.post("/open311/v2/requests.json", content=body, headers={"content-type": "application/x-www-form-urlencoded"})
        print("raw ff body", r.status_code, r.text[:200])
        b = "XbOuNd"
        parts = []
        for k, v in [("service_code", b"ROAD_POTHOLE"), ("lat", b"38.2"), ("long", b"37.1"), ("description", b"\xff\xfe bad"), ("api_key", keys.submit.encode())]:
            parts.append(f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n".encode() + v + b"\r\n")
        body = b"".join(parts) + f"--{b}--\r\n".encode()
        r = await raw.post("/open311/v2/requests.json", content=body, headers={"content-type": f"multipart/form-data; boundary={b}"})
        print("multipart ff", r.status_code, r.text[:200])
        ref = r.json()[0]["service_request_id"]
        async with app.state.engine.connect() as c:
            from sqlalchemy import text as t
            print("STORED", (await c.execute(t("select description from tickets where reference=:r"), {"r": ref})).scalar_one().encode())
        r = await raw.post("/open311/v2/requests.json", content=b"--x\r\nbroken", headers={"content-type": "multipart/form-data; boundary=x"})
        print("broken multipart", r.status_code, r.text[:200])
        r = await raw.post("/open311/v2/requests.json", content=b"abc", headers={"content-type": "multipart/form-data"})
        print("no boundary", r.status_code, r.text[:200])
        r = await raw.post("/open311/v2/requests.json?api_key=" + keys.submit, content=b'{"a":1}', headers={"content-type": "application/json"})
        print("json body", r.status_code, r.text[:200])
    # media abuse
    files = [("media[]", (f"{i}.jpg", jpeg(), "image/jpeg")) for i in range(7)]
    r = await api.post("requests.json", data=form(keys.submit), files=files)
    print("7 files", r.status_code, r.text[:200])
    files = [("media[]", (f"{i}.jpg", jpeg(), "image/jpeg")) for i in range(6)]
    r = await api.post("requests.json", data=form(keys.submit), files=files)
    print("6 files", r.status_code, r.text[:200])
    files = [("media[]", ("a.jpg", b"\xff\xd8" + b"0" * (11 * 1024 * 1024), "image/jpeg"))]
    r = await api.post("requests.json", data=form(keys.submit), files=files)
    print("huge", r.status_code, r.text[:200])
    files = [("media[]", ("a.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"))]
    r = await api.post("requests.json", data=form(keys.submit), files=files)
    print("svg", r.status_code, r.text[:200])
    files = [("description", ("a.txt", b"text", "text/plain"))]
    r = await api.post("requests.json", data={k: v for k, v in form(keys.submit).items() if k != "description"}, files=files)
    print("file as description", r.status_code, r.text[:200])
    r = await api.post("requests.json", data=form(keys.submit, media="x"), files=[("x", ("a", b"a", "text/plain"))])
    print("media text", r.status_code, r.text[:200])
    # idempotency race
    h = {"Idempotency-Key": "race-1"}
    rs = await asyncio.gather(*[api.post("requests.json", data=form(keys.submit), headers=h) for _ in range(8)])
    print("race", [x.status_code for x in rs], {x.text for x in rs})
    rs = await asyncio.gather(*[api.post("requests.json", data=form(keys.submit, description=f"d{i}"), headers={"Idempotency-Key": "race-2"}) for i in range(5)])
    print("race diff", [x.status_code for x in rs])
    # key in header
    r = await api.post("requests.json", data=form(None), headers={"Authorization": "Bearer " + keys.submit})
    print("bearer", r.status_code)
    r = await api.post("requests.json", data=form(None), headers={"X-API-Key": b"czm_\xff\xfe_abc"})
    print("weird key", r.status_code, r.text)
    r = await api.post("requests.json", data=form("czm_" + "a" * 5000))
    print("long key", r.status_code, r.text[:200])
    r = await api.post("requests.json?api_key=" + keys.submit, data=form("bogus"))
    print("query good form bad", r.status_code)
    r = await api.post("requests.json?api_key=bogus", data=form(keys.submit))
    print("query bad form good", r.status_code)
    r = await api.post("requests.json", data=form(keys.submit, idempotency_key="x" * 200))
    print("long idem", r.status_code, r.text[:200])
