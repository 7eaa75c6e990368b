"""The third-party `georeport` client (PyPI) reads services and requests from a real server."""

import asyncio
from typing import Any

import httpx
import pytest
from georeport import GeoReport

from tests.fixtures.live import serving
from tests.open311 import spec
from tests.open311.conftest import BASE, Keys, Staff, submitted


@pytest.mark.parametrize("fmt", spec.FORMATS)
async def test_the_georeport_client_reads_services_and_requests(
    app: Any, api: httpx.AsyncClient, keys: Keys, operator: Staff, fmt: str
) -> None:
    first = await submitted(api, keys.submit, address_string="Cumhuriyet Cad.")
    second = await submitted(api, keys.submit, service_code="SIDEWALK")
    await operator.change(second, "RESOLVED", "Kaldırım onarıldı.")
    async with serving(app) as address:
        client = GeoReport(f"http://{address}{BASE}", output_format=fmt)
        services = await asyncio.to_thread(client.get_service_list)
        definition = await asyncio.to_thread(client.get_service_definition, "ROAD_POTHOLE")
        everything = await asyncio.to_thread(client.get_service_requests)
        closed = await asyncio.to_thread(client.get_service_requests, status="closed")
        one = await asyncio.to_thread(client.get_service_request, first)

    assert "ROAD_POTHOLE" in {s["service_code"] for s in services}
    assert definition["service_code"] == "ROAD_POTHOLE"
    assert {r["service_request_id"] for r in everything} == {first, second}
    # One request in XML is one element: xmltodict gives it as an object, not a list of one.
    closed_list = closed if isinstance(closed, list) else [closed]
    assert [r["service_request_id"] for r in closed_list] == [second]
    assert closed_list[0]["status"] == "closed" and closed_list[0]["status_notes"] == "Sonuçlandı: Kaldırım onarıldı."
    assert one["service_request_id"] == first and one["address"] == "Cumhuriyet Cad."
    assert spec.W3C_WITH_ZONE.match(one["requested_datetime"])
