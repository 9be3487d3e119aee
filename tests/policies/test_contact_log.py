"""DebtorLog(since=...): old sent messages are left out of the index, nothing else changes."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dunning import Debtor
from dunning.events import MessageSent, ReplyReceived
from dunning.policy._contacts import DebtorLog

START = datetime(2026, 1, 1, tzinfo=UTC)
ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Santiago", "UTC")

events = st.lists(
    st.tuples(
        st.integers(0, 400 * 24),  # hours after START
        st.sampled_from(("m-1", "m-2", "m-3", "m-4", "m-5", "m-6")),  # ids repeat: duplicates
        st.sampled_from(("sms", "email")),
        st.booleans(),  # a reply instead
    ),
    max_size=40,
)


@given(
    history=events,
    zone=st.sampled_from(ZONES),
    since=st.dates(min_value=date(2025, 12, 1), max_value=date(2027, 3, 1)),
)
def test_since_keeps_every_contact_from_that_day_on(history, zone, since):
    """From ``since`` on, the indexed contacts (one per message id, on its first day) are
    exactly those of the whole history; replies are all kept."""
    debtor = Debtor(id="d", name="D", country="CL", timezone=zone)
    items = []
    for hours, message_id, channel, reply in history:
        at = START + timedelta(hours=hours)
        if reply:
            items.append(ReplyReceived(at=at, debtor_id="d", channel=channel, text="ok"))
        else:
            items.append(MessageSent(at=at, message_id=message_id, debtor_id="d", channel=channel))
    whole = DebtorLog.build(debtor, items)
    cut = DebtorLog.build(debtor, items, since=since)
    # Recounted here from the events: the first local day of each message id.
    first: dict[str, date] = {}
    for event in items:
        if isinstance(event, MessageSent):
            day = event.at.astimezone(debtor.zone).date()
            first[event.message_id] = min(day, first.get(event.message_id, day))
    expected = sorted((day, mid) for mid, day in first.items() if day >= since)
    assert sorted((c.day, c.message_id) for c in cut.contacts if c.day >= since) == expected
    assert sorted((c.day, c.message_id) for c in whole.contacts if c.day >= since) == expected
    assert cut.two_way == whole.two_way
