"""Every GeoReport v2 method in both formats, held to what the specification says (spec.py)."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.conftest import SqlLog
from tests.open311 import spec
from tests.open311.conftest import LAT, LONG, Keys, Staff, backdate, form, submitted, ticket_row

pytestmark = pytest.mark.parametrize("fmt", spec.FORMATS)


async def test_discovery_names_this_endpoint_and_both_formats(api: httpx.AsyncClient, fmt: str) -> None:
    response = await api.get(f"discovery.{fmt}")
    assert response.status_code == 200
    body = spec.parse(response, fmt)
    discovery = body if fmt == "json" else body["discovery"]
    endpoints = discovery["endpoints"] if fmt == "json" else discovery["endpoints"]["endpoint"]
    assert spec.W3C_WITH_ZONE.match(discovery["changeset"])
    (endpoint,) = endpoints
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://cozum.example.org/open311/v2"
    formats = endpoint["formats"] if fmt == "json" else endpoint["formats"]["format"]
    assert set(formats) == {"text/xml", "application/json"}


async def test_services_are_the_active_categories(api: httpx.AsyncClient, engine: AsyncEngine, fmt: str) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("UPDATE categories SET active = false WHERE code = 'SIDEWALK'"))
        await connection.commit()
        active = set((await connection.execute(text("SELECT code FROM categories WHERE active"))).scalars())
    services = spec.items(await api.get(f"services.{fmt}"), fmt, "services", "service")
    assert {s["service_code"] for s in services} == active and "SIDEWALK" not in active
    for service in services:
        assert set(service) == spec.SERVICE_FIELDS
        assert service["type"] in ("realtime", "batch", "blackbox")
        assert spec.text(service["metadata"]) in ("true", "false")
        assert service["service_name"]
    pothole = next(s for s in services if s["service_code"] == "ROAD_POTHOLE")
    assert pothole["service_name"] == "Yol / asfalt bozukluğu" and pothole["group"] == "Fen İşleri Müdürlüğü"


async def test_a_service_with_metadata_defines_its_attributes(api: httpx.AsyncClient, fmt: str) -> None:
    response = await api.get(f"services/ROAD_POTHOLE.{fmt}")
    assert response.status_code == 200
    body = spec.parse(response, fmt)
    definition = body if fmt == "json" else body["service_definition"]
    assert definition["service_code"] == "ROAD_POTHOLE"
    attributes = definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
    assert attributes
    for attribute in attributes:
        assert set(attribute) >= spec.ATTRIBUTE_FIELDS
        assert spec.text(attribute["required"]) in ("true", "false")
        assert spec.text(attribute["variable"]) in ("true", "false")
        if attribute["datatype"] in ("singlevaluelist", "multivaluelist"):
            values = attribute["values"] if fmt == "json" else attribute["values"]["value"]
            assert values and all(v["key"] and v["name"] for v in values)
    request_type = next(a for a in attributes if a["code"] == "request_type")
    keys = [v["key"] for v in (request_type["values"] if fmt == "json" else request_type["values"]["value"])]
    assert "COMPLAINT" in keys and "INFORMATION" in keys


async def test_a_posted_request_is_answered_with_its_id_and_reads_back(
    api: httpx.AsyncClient, keys: Keys, engine: AsyncEngine, fmt: str
) -> None:
    response = await api.post(f"requests.{fmt}", data=form(
        keys.submit, address_string="Cumhuriyet Cad. No 5", **{"attribute[request_type]": "REQUEST"}
    ))
    assert response.status_code == 201, response.text
    (answer,) = spec.items(response, fmt, "service_requests", "request")
    reference, token = answer["service_request_id"], answer["token"]
    assert reference.startswith("TST-") and token

    (read,) = spec.requests_of(await api.get(f"requests/{reference}.{fmt}"), fmt)
    assert set(read) == spec.REQUEST_FIELDS
    assert read["service_request_id"] == reference and read["status"] == "open"
    assert read["service_code"] == "ROAD_POTHOLE" and read["service_name"] == "Yol / asfalt bozukluğu"
    assert spec.text(read["description"]) is None  # citizens' words are not published (test_privacy.py)
    assert read["agency_responsible"] == "Fen İşleri Müdürlüğü"
    assert read["status_notes"] == "Alındı"
    assert read["address"] == "Cumhuriyet Cad. No 5"
    assert float(read["lat"]) == float(LAT) and float(read["long"]) == float(LONG)
    row = await ticket_row(engine, reference)
    assert row["channel"] == "OPEN311"
    assert datetime.fromisoformat(read["expected_datetime"]) == row["due_at"].replace(microsecond=0)

    (resolved,) = spec.items(await api.get(f"tokens/{token}.{fmt}"), fmt, "service_requests", "request")
    assert resolved["service_request_id"] == reference and resolved["token"] == token


async def test_dates_are_w3c_with_a_time_zone(api: httpx.AsyncClient, keys: Keys, fmt: str) -> None:
    await submitted(api, keys.submit)
    (read,) = spec.requests_of(await api.get(f"requests.{fmt}"), fmt)
    for name in spec.DATETIME_FIELDS:
        assert spec.W3C_WITH_ZONE.match(read[name]), (name, read[name])
        assert read[name].endswith("+03:00")  # Europe/Istanbul, all year round
    requested = datetime.fromisoformat(read["requested_datetime"])
    assert abs(requested - datetime.now(UTC)) < timedelta(minutes=1)


async def test_filters_by_ids_service_and_status(
    api: httpx.AsyncClient, keys: Keys, operator: Staff, fmt: str
) -> None:
    pothole = await submitted(api, keys.submit)
    sidewalk = await submitted(api, keys.submit, service_code="SIDEWALK")
    closed = await submitted(api, keys.submit)
    await operator.change(closed, "RESOLVED", "Yol onarıldı.")

    def ids(response: httpx.Response) -> set[str]:
        return {r["service_request_id"] for r in spec.requests_of(response, fmt)}

    assert ids(await api.get(f"requests.{fmt}", params={"service_request_id": f"{pothole},{sidewalk}"})) == {
        pothole, sidewalk,
    }
    # Asked for by id, the other filters do not apply.
    assert ids(await api.get(f"requests.{fmt}", params={"service_request_id": closed, "status": "open"})) == {closed}
    assert ids(await api.get(f"requests.{fmt}", params={"service_code": "SIDEWALK"})) == {sidewalk}
    assert ids(await api.get(f"requests.{fmt}", params={"service_code": "SIDEWALK,ROAD_POTHOLE"})) == {
        pothole, sidewalk, closed,
    }
    assert ids(await api.get(f"requests.{fmt}", params={"status": "closed"})) == {closed}
    assert ids(await api.get(f"requests.{fmt}", params={"status": "open"})) == {pothole, sidewalk}
    assert ids(await api.get(f"requests.{fmt}", params={"status": "open,closed"})) == {pothole, sidewalk, closed}


async def test_a_date_window_of_at_most_90_days_defaulting_to_the_last_90(
    api: httpx.AsyncClient, keys: Keys, engine: AsyncEngine, fmt: str
) -> None:
    recent, old = await submitted(api, keys.submit), await submitted(api, keys.submit)
    await backdate(engine, old, 120)

    def ids(response: httpx.Response) -> set[str]:
        return {r["service_request_id"] for r in spec.requests_of(response, fmt)}

    assert ids(await api.get(f"requests.{fmt}")) == {recent}
    start = (datetime.now(UTC) - timedelta(days=130)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (datetime.now(UTC) - timedelta(days=110)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    assert ids(await api.get(f"requests.{fmt}", params={"start_date": start, "end_date": end})) == {old}
    assert ids(await api.get(f"requests.{fmt}", params={"start_date": start})) == {old}
    assert ids(await api.get(f"requests.{fmt}", params={"end_date": end})) == {old}
    # The old request is still there for whoever asks for it by id.
    assert ids(await api.get(f"requests/{old}.{fmt}")) == {old}


async def test_pages_cover_every_request_once(api: httpx.AsyncClient, keys: Keys, fmt: str) -> None:
    made = [await submitted(api, keys.submit) for _ in range(5)]
    seen: list[str] = []
    for page in (1, 2, 3):
        response = await api.get(f"requests.{fmt}", params={"page": str(page), "page_size": "2"})
        got = [r["service_request_id"] for r in spec.requests_of(response, fmt)]
        assert len(got) == (2 if page < 3 else 1)
        seen.extend(got)
    assert seen == list(reversed(made))  # newest first
    assert spec.requests_of(await api.get(f"requests.{fmt}", params={"page": "4", "page_size": "2"}), fmt) == []


async def test_updated_after_finds_what_changed_since(
    api: httpx.AsyncClient, keys: Keys, operator: Staff, engine: AsyncEngine, fmt: str
) -> None:
    quiet, busy = await submitted(api, keys.submit), await submitted(api, keys.submit)
    await backdate(engine, quiet, 2)
    await backdate(engine, busy, 2)
    since = datetime.now(UTC) - timedelta(days=1)
    await operator.change(busy, "IN_PROGRESS")
    response = await api.get(f"requests.{fmt}", params={"updated_after": since.isoformat(timespec="seconds")})
    (changed,) = spec.requests_of(response, fmt)
    assert changed["service_request_id"] == busy
    assert datetime.fromisoformat(changed["updated_datetime"]) > since
    before = await api.get(f"requests.{fmt}", params={"updated_before": since.isoformat(timespec="seconds")})
    assert [r["service_request_id"] for r in spec.requests_of(before, fmt)] == [quiet]


async def test_status_notes_carry_the_label_and_last_public_reply(
    api: httpx.AsyncClient, keys: Keys, operator: Staff, fmt: str
) -> None:
    reference = await submitted(api, keys.submit)
    await operator.reply(reference, "Ekibimiz yarın bakacak.")
    await operator.note(reference, "Asfalt ekibi izinde, gizli not.")
    (read,) = spec.requests_of(await api.get(f"requests/{reference}.{fmt}"), fmt)
    assert read["status"] == "open" and read["status_notes"] == "Alındı: Ekibimiz yarın bakacak."
    await operator.change(reference, "RESOLVED", "Çukur kapatıldı.")
    (read,) = spec.requests_of(await api.get(f"requests/{reference}.{fmt}"), fmt)
    assert read["status"] == "closed" and read["status_notes"] == "Sonuçlandı: Çukur kapatıldı."
    assert "gizli" not in (await api.get(f"requests/{reference}.{fmt}", params={"extensions": "true"})).text


async def test_extensions_add_channel_detailed_status_and_history(
    api: httpx.AsyncClient, keys: Keys, operator: Staff, fmt: str
) -> None:
    reference = await submitted(api, keys.submit)
    await operator.change(reference, "IN_PROGRESS")
    await operator.reply(reference, "Ekip yolda.")
    await operator.note(reference, "İç yazışma: taşeron aranacak.")
    plain = await api.get(f"requests/{reference}.{fmt}")
    assert "extended_attributes" not in spec.requests_of(plain, fmt)[0]
    (read,) = spec.requests_of(await api.get(f"requests/{reference}.{fmt}", params={"extensions": "true"}), fmt)
    extended = read["extended_attributes"]
    assert extended["channel"] == "OPEN311"
    assert extended["detailed_status"] == "IN_PROGRESS" and extended["detailed_status_label"] == "İnceleniyor"
    notes = extended["notes"] if fmt == "json" else extended["notes"]["note"]
    assert [n["type"] for n in notes] == ["CREATED", "STATUS_CHANGED", "PUBLIC_REPLY"]
    assert notes[-1]["message"] == "Ekip yolda."
    assert all(spec.W3C_WITH_ZONE.match(n["datetime"]) for n in notes)
    assert "taşeron" not in str(read)


async def test_a_page_costs_the_same_statements_whatever_its_size(
    api: httpx.AsyncClient, keys: Keys, operator: Staff, sql_log: SqlLog, fmt: str
) -> None:
    for _ in range(6):
        await operator.reply(await submitted(api, keys.submit), "Ekip yolda.")
    counts = []
    for size in ("1", "6"):
        sql_log.clear()
        found = spec.requests_of(await api.get(f"requests.{fmt}", params={"page_size": size, "extensions": "true"}), fmt)
        assert len(found) == int(size)
        counts.append(len(sql_log.statements))
    assert counts[0] == counts[1] <= 4
