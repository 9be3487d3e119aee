# %% [markdown]
# # A portfolio CSV → a plan → a DataFrame → messages per day and channel
#
# A notebook in the percent format (open it in Jupyter with jupytext, or run the cells in VS
# Code); `python examples/notebook.py` runs it top to bottom, and the test suite does too.
# Needs pandas: `pip install 'dunning[pandas]'`.

# %%
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from dunning import Creditor, Planner, default_strategy
from dunning.io import read_csv
from dunning.templates import TemplateEngine

# %% [markdown]
# ## The portfolio file
#
# As a billing system exports it: its own column names, amounts as each country writes them,
# one row per invoice with the customer's columns repeated, and two rows that are wrong.

# %%
EXPORT = """\
Cliente,Nombre,Pais,Telefono,Correo,WhatsApp desde,Factura,Monto,Moneda,Vence
c-01,Ana Pérez,CL,+56 9 6123 4567,ana@example.cl,2026-01-05T12:00Z,F-1001,45.000,CLP,2026-11-20
c-01,Ana Pérez,CL,+56 9 6123 4567,ana@example.cl,2026-01-05T12:00Z,F-1002,12.990,CLP,2026-11-27
c-02,Jorge Muñoz,CL,+56 9 7345 6789,,,F-1003,90.000,CLP,2026-11-15
c-03,Luis Hernández,MX,+52 55 1234 5678,luis@example.mx,2026-03-01T09:00Z,M-201,3200,MXN,2026-11-18
c-04,María García,MX,,maria@example.mx,,M-202,"12,846.50",MXN,2026-11-25
c-05,Andrés Gómez,CO,+57 310 123 4567,andres@example.co,,C-301,380.000,COP,2026-11-10
c-06,Rosa Quispe,PE,+51 987 123 456,rosa@example.pe,2026-02-11T15:30Z,P-401,420.00,PEN,2026-11-21
c-07,Emily Johnson,US,,emily@example.com,,U-501,260.00,USD,2026-11-19
c-08,Sarah Miller,US,+1 617 234 5678,sarah@example.com,,U-502,"1,716.00",USD,2026-11-24
c-09,Wrong Phone,CL,+1 415 234 9999,,,F-1004,10.000,CLP,2026-11-20
c-10,No Amount,MX,,nobody@example.mx,,M-203,,MXN,2026-11-20
"""
COLUMNS = {
    "Cliente": "debtor_id",
    "Nombre": "name",
    "Pais": "country",
    "Telefono": "phone",
    "Correo": "email",
    "WhatsApp desde": "consent_whatsapp",
    "Factura": "debt_id",
    "Monto": "amount",
    "Moneda": "currency",
    "Vence": "due_date",
}
folder = Path(tempfile.mkdtemp(prefix="dunning-notebook-"))
(folder / "portfolio.csv").write_text(EXPORT, encoding="utf-8")

# %%
portfolio = read_csv(folder / "portfolio.csv", columns=COLUMNS)
print(portfolio)
for error in portfolio.errors:
    print(" ", error)

# %% [markdown]
# ## Plan two weeks, with each message's text

# %%
creditor = Creditor(name="Tienda Sur", contact="+56 2 2345 6789")
planner = Planner(default_strategy(), creditor=creditor, templates=TemplateEngine())
plan = planner.plan(
    portfolio.debtors,
    portfolio.debts,
    as_of=datetime(2026, 11, 23, 12, tzinfo=UTC),
    horizon_days=14,
)
plan  # in a notebook: a table of messages and skipped steps  # noqa: B018

# %%
frame = plan.to_pandas()
messages = frame[frame["kind"] == "message"]
print(messages[["local_date", "debtor_id", "channel", "stage", "amount", "currency"]].head(8))
print(frame[frame["kind"] != "message"][["step_day", "debtor_id", "code", "basis"]].head(8))

# %% [markdown]
# ## Messages per day and channel
#
# A stacked bar chart with matplotlib (`pip install 'dunning[analytics]'`); in a notebook it shows
# inline. Without matplotlib the same table is drawn as text.

# %%
per_day = messages.pivot_table(
    index="local_date", columns="channel", values="message_id", aggfunc="count", fill_value=0
)
print(per_day)
try:
    import matplotlib

    matplotlib.use("Agg")  # a script has no screen; a notebook uses its own backend
    axes = per_day.plot.bar(stacked=True, figsize=(8, 3), title="Messages per day and channel")
    axes.set_xlabel("local date")
    axes.figure.tight_layout()
    axes.figure.savefig(folder / "messages_per_day.png")
    print(f"chart written to {folder / 'messages_per_day.png'}")
except ImportError:
    width = max(len(c) for c in per_day.columns)
    for day, row in per_day.iterrows():
        bars = "  ".join(f"{channel:>{width}} {'█' * int(n):<4}" for channel, n in row.items())
        print(f"{day}  {bars}")

# %% [markdown]
# ## Keep it

# %%
plan.to_csv(folder / "plan.csv")
portfolio.write_errors(folder / "errors.csv")
print(f"plan and errors written to {folder}")
