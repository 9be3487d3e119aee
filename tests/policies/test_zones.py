"""Zones from phone numbers are candidates, never proof (audit of December 2026).

Each case is written from geography and the law, not from the code: the offsets below are those
of the place the area code serves, and the instant is one that the law forbids there while the
old, single-zone mapping allowed it (CONDUSEF "de acuerdo a los husos horarios en que se
encuentre el deudor"; Reg F 1006.6(b)(1)(i) and its official interpretation: unsure where the
consumer is, only times convenient everywhere they might be).
"""

from __future__ import annotations

import pickle
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources

import pytest
from common import codes, debt, debtor, plan

import dunning
from dunning import Debtor, Step
from dunning._core._timezones import PHONE_ZONE_CORRECTIONS, get_zone, zone_data_version
from dunning.policy import for_country


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# (phone, country, an instant the law forbids where the number may be, why)
FORBIDDEN = [
    pytest.param(
        "+52 614 123 4567", "MX", utc(2026, 1, 16, 4, 30),
        id="MX 614 Chihuahua: 22:30 at UTC-6 (Mazatlán would say 21:30)",
    ),
    pytest.param(
        "+52 627 123 4567", "MX", utc(2026, 1, 16, 4, 30), id="MX 627 Parral, UTC-6",
    ),
    pytest.param(
        "+52 868 123 4567", "MX", utc(2026, 7, 15, 3, 30),
        id="MX 868 Matamoros in US summer time: 22:30 at UTC-5",
    ),
    pytest.param(
        "+55 81 98765 4321", "BR", utc(2026, 11, 23, 10, 30),
        id="BR 81 Recife: Monday 07:30 at UTC-3 (Noronha would say 08:30)",
    ),
    pytest.param(
        "+55 97 98765 4321", "BR", utc(2026, 11, 23, 12, 30),
        id="BR 97 western Amazonas: 07:30 at UTC-5 in Eirunepé",
    ),
    pytest.param(
        "+56 9 6123 4567", "CL", utc(2026, 7, 13, 12, 30),
        id="CL mobile: Monday 06:30 on Easter Island (UTC-6) when Santiago is at 08:30",
    ),
    pytest.param(
        "+56 9 6123 4567", "CL", utc(2026, 7, 13, 23, 30),
        id="CL mobile: Monday 20:30 in Magallanes (UTC-3) when Santiago is at 19:30",
    ),
    pytest.param(
        "+56 61 222 3456", "CL", utc(2026, 7, 13, 23, 30), id="CL 61 Punta Arenas, UTC-3",
    ),
    pytest.param(
        "+56 67 222 3456", "CL", utc(2026, 7, 13, 23, 30), id="CL 67 Coyhaique, UTC-3",
    ),
    pytest.param(
        "+1 850 555 1234", "US", utc(2026, 1, 14, 13, 30),
        id="US 850: 07:30 in the Central panhandle",
    ),
    pytest.param("+1 270 555 1234", "US", utc(2026, 1, 14, 13, 30), id="US 270: Central KY"),
    pytest.param("+1 812 555 1234", "US", utc(2026, 1, 14, 13, 30), id="US 812: Evansville"),
    pytest.param("+1 906 555 1234", "US", utc(2026, 1, 14, 13, 30), id="US 906: Menominee"),
    pytest.param(
        "+1 541 555 1234", "US", utc(2026, 1, 15, 4, 30), id="US 541: 21:30 in Ontario, OR",
    ),
    pytest.param(
        "+1 928 555 1234", "US", utc(2026, 7, 15, 3, 30),
        id="US 928: 21:30 in the Navajo Nation (DST) when Phoenix is at 20:30",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("phone", "country", "at"), FORBIDDEN)
@pytest.mark.parametrize("channel", ["call", "sms"])
def test_a_time_forbidden_where_the_number_may_be_is_refused(phone, country, at, channel):
    who = debtor(country, None, phone=phone)
    assert "outside_hours" in codes(for_country(country).check(who, channel, as_of=at))


@pytest.mark.parametrize(
    ("phone", "country", "zone", "at"),
    [
        ("+52 614 123 4567", "MX", "America/Chihuahua", utc(2026, 1, 16, 3, 30)),  # 21:30
        ("+1 850 555 1234", "US", "America/New_York", utc(2026, 1, 14, 13, 30)),  # 08:30
        ("+56 9 6123 4567", "CL", "America/Santiago", utc(2026, 7, 13, 12, 30)),  # 08:30
    ],
)
def test_a_known_zone_overrides_the_phone_candidates(phone, country, zone, at):
    who = debtor(country, zone, phone=phone)
    assert who.zones == (zone,)
    assert codes(for_country(country).check(who, "call", as_of=at)) == []


def test_the_planner_places_a_chihuahua_debtor_on_chihuahua_time():
    # 07:00 in Chihuahua (UTC-6 all year since the 2022 law) is 13:00 UTC in January.
    who = debtor("MX", None, phone="+52 614 123 4567", email=None)
    result = plan(
        [who],
        [debt(due=date(2026, 1, 15), currency="MXN")],
        as_of=utc(2026, 1, 15, 6),
        steps=[Step(0, channels=("sms",), preferred_local_time=time(7, 0))],
    )
    assert [m.send_at for m in result.messages] == [utc(2026, 1, 15, 13)]
    assert result.messages[0].timezone == "America/Chihuahua"


def test_a_chilean_mobile_is_contacted_only_when_every_chilean_zone_is_open():
    # Monday 13 July 2026: Santiago UTC-4, Magallanes and Aysén UTC-3, Easter Island UTC-6.
    # 08:00-20:00 everywhere is 14:00-23:00 UTC.
    who = debtor("CL", None, phone="+56 9 6123 4567", email=None)
    result = plan(
        [who],
        [debt(due=date(2026, 7, 13), currency="CLP")],
        as_of=utc(2026, 7, 13, 5),
        steps=[Step(0, channels=("sms",), preferred_local_time=time(8, 0))],
    )
    assert [m.send_at for m in result.messages] == [utc(2026, 7, 13, 14)]
    assert any("time zone unknown" in line for line in result.messages[0].explain)


def test_every_correction_names_real_zones_and_a_source():
    for fix in PHONE_ZONE_CORRECTIONS:
        assert fix.source and fix.why
        for name in fix.zones:
            get_zone(name)


def test_zone_data_comes_from_the_tzdata_package_not_the_system(tmp_path, monkeypatch):
    # A system tz database where "America/Mexico_City" is UTC: the planner must not see it.
    fake = tmp_path / "America"
    fake.mkdir()
    with resources.files("tzdata").joinpath("zoneinfo", "UTC").open("rb") as src:
        (fake / "Mexico_City").write_bytes(src.read())
    zoneinfo.reset_tzpath(to=[str(tmp_path)])
    try:
        zoneinfo.ZoneInfo.clear_cache()
        zone = get_zone.__wrapped__("America/Mexico_City")
        # Mexico City: UTC-6 all year (no daylight saving since tzdata 2022f).
        for month in (1, 7):
            assert datetime(2026, month, 1, 12, tzinfo=zone).utcoffset() == timedelta(hours=-6)
    finally:
        zoneinfo.reset_tzpath()
        zoneinfo.ZoneInfo.clear_cache()


def test_the_zone_data_version_is_exposed_for_audits():
    import tzdata

    assert zone_data_version() == tzdata.IANA_VERSION
    versions = dunning.data_versions()
    assert versions["tzdata"] == tzdata.IANA_VERSION
    assert set(versions) >= {"tzdata", "holidays", "phonenumbers"}


def test_zones_pickle_by_name():
    zone = get_zone("America/Punta_Arenas")
    assert pickle.loads(pickle.dumps(zone)) is zone
    when = datetime(2026, 7, 1, 12, tzinfo=zone)
    assert pickle.loads(pickle.dumps(when)) == when


def test_a_debtor_with_a_foreign_phone_keeps_the_zones_of_their_country():
    who = Debtor(id="d", name="Ana", country="CL", phone="+1 850 555 1234")
    assert set(who.zones) == {"America/Santiago", "America/Punta_Arenas",
                              "America/Coyhaique", "Pacific/Easter"}  # fmt: skip
